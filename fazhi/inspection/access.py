"""Who may see and do what in the double-random module."""

from __future__ import annotations

from fazhi.core.access import is_business_staff
from fazhi.core.models import Role, User
from fazhi.inspection.models import Task

# Officers who organise inspections: the section head and the enforcement officers of the agency.
TASK_MANAGERS = (Role.SECTION_HEAD.value, Role.ENFORCEMENT_OFFICER.value, Role.DIRECTOR.value,
                 Role.DEPUTY_DIRECTOR.value)


class TaskNotFound(Exception):
    pass


def can_manage_tasks(user: User) -> bool:
    return is_business_staff(user) and any(r in TASK_MANAGERS for r in user.roles)


def staff_task_by_id(user: User, task_id) -> Task:
    """A task of the officer's own agency (staff view: everything but the secret)."""
    try:
        task = Task.objects.select_related("agency").get(pk=int(task_id))
    except (Task.DoesNotExist, TypeError, ValueError):
        raise TaskNotFound from None
    if not (is_business_staff(user) and task.agency_id == user.agency_id):
        raise TaskNotFound
    return task


def public_task_by_id(task_id) -> Task:
    """Any task that has left the draft state: its public record is for everyone (一公开)."""
    try:
        task = Task.objects.select_related("agency").get(pk=int(task_id))
    except (Task.DoesNotExist, TypeError, ValueError):
        raise TaskNotFound from None
    if task.state == Task.State.DRAFT:
        raise TaskNotFound
    return task


def public_planned_task_by_id(task_id) -> Task:
    """A planned campaign (计划检查) is public once its results are published (检查结果公示)."""
    try:
        task = Task.objects.select_related("agency").get(pk=int(task_id))
    except (Task.DoesNotExist, TypeError, ValueError):
        raise TaskNotFound from None
    if task.mode != Task.Mode.PLANNED or task.state != Task.State.PUBLISHED:
        raise TaskNotFound
    return task
