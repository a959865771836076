"""Writes of the 主动公开目录: manual items — create, edit, publish, withdraw.

Every write is keyword-only and transactional, checks the actor (``fazhi.openinfo.access``: the agency's business
staff edit, its reviewers publish and withdraw — else ``PermissionDenied``; another agency's item is
``ItemNotFound``), and leaves a ``core.AuditEvent``. Bad input is a ``ValidationError`` by field with Chinese
messages, and nothing is saved.

The public sees only what was published: ``item_publish`` copies the working fields into ``published`` and logs the
publication in the transparency log (kind ``openinfo.item``) in the same transaction; an edit of a published item
changes the working copy only and marks the item ``pending``, with its 变更日期, so the 20 working days of
《政府信息公开条例》第二十六条 run from the change until it is published again (fazhi/openinfo/deadline.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import cleaning as c
from fazhi.core import clock as sysclock
from fazhi.core.i18n import zh
from fazhi.core.models import User
from fazhi.core.services import audit_record
from fazhi.core.uploads import safe_filename, sniff_upload
from fazhi.openinfo import categories, deadline
from fazhi.openinfo.access import access_item, may_manage, may_publish
from fazhi.openinfo.models import CatalogueItem
from fazhi.openinfo.publication import KIND
from fazhi.tlog import services as tlog

# The fields whose change the public must be shown (a change of any of them restarts the 第二十六条 clock).
PUBLIC_FIELDS = ("category", "title", "document_number", "summary", "body")


def _audit(actor: User, action: str, item: CatalogueItem, detail: dict) -> None:
    audit_record(actor=actor, action=f"openinfo.{action}", object_type="openinfo.CatalogueItem",
                 object_id=str(item.pk), detail=detail)


def _not_future(day: dt.date | None, field: str, label: str, errors: dict, today: dt.date) -> None:
    if day is not None and day > today:
        c.add(errors, field, _("“%(label)s”不能晚于今天。") % {"label": label})


def _clean(errors: dict, *, category, title, document_number, summary, body, made_on, today) -> dict:
    code = str(category or "").strip()
    if categories.get(code) is None:
        c.add(errors, "category", _("请选择类别。"))
    values = {
        "category": code,
        "title": c.text(title, "title", _("名称"), errors, max_length=200),
        "document_number": c.text(document_number, "document_number", _("文号"), errors, max_length=64,
                                  required=False),
        "summary": c.text(summary, "summary", _("内容概述"), errors, max_length=2000, required=False),
        "body": c.text(body, "body", _("正文"), errors, max_length=50000, required=False),
        "made_on": c.day(made_on, "made_on", _("制作或者获取日期"), errors),
    }
    _not_future(values["made_on"], "made_on", _("制作或者获取日期"), errors, today)
    return values


def _attachment(filename: str | None, data: bytes | None, errors: dict):
    if not data:
        return None
    try:
        checked = sniff_upload(data, filename or "")
    except ValidationError as e:
        for m in e.messages:
            c.add(errors, "attachment", m)
        return None
    return checked


def _store_file(item: CatalogueItem, filename: str, data: bytes, checked) -> None:
    sha = hashlib.sha256(data).hexdigest()
    # A new name for every upload: the file the public downloads (published_file) is never overwritten.
    item.attachment.save(f"item-{item.pk}-{sha[:16]}.{checked.extension}", ContentFile(data), save=False)
    item.attachment_name = safe_filename(filename)
    item.attachment_mime = checked.mime


def item_create(*, actor: User, category: object, title: object, made_on: object, document_number: object = "",
                summary: object = "", body: object = "", filename: str | None = None,
                data: bytes | None = None) -> CatalogueItem:
    """A new manual item of the actor's agency, not yet public; its clock runs from ``made_on``."""
    if not may_manage(actor):
        raise PermissionDenied
    today = sysclock.today()
    errors: dict[str, list[str]] = {}
    values = _clean(errors, category=category, title=title, document_number=document_number, summary=summary,
                    body=body, made_on=made_on, today=today)
    checked = _attachment(filename, data, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = CatalogueItem(agency=actor.agency, created_by=actor, **values)
        item.full_clean(exclude=["attachment", "published_file"])
        item.save()
        if checked is not None:
            _store_file(item, filename or "", data, checked)
            item.save(update_fields=["attachment", "attachment_name", "attachment_mime"])
        _audit(actor, "item_create", item, {"title": item.title, "category": item.category,
                                            "made_on": item.made_on.isoformat()})
    return item


def item_update(*, actor: User, item_id, category: object, title: object, made_on: object,
                document_number: object = "", summary: object = "", body: object = "", changed_on: object = None,
                filename: str | None = None, data: bytes | None = None) -> CatalogueItem:
    """Edit the working copy. Once an item has been published, a change of what the public sees needs its 变更日期
    (第二十六条: the 20 working days run from it) and waits for publication; the public keeps the published
    version meanwhile."""
    today = sysclock.today()
    errors: dict[str, list[str]] = {}
    values = _clean(errors, category=category, title=title, document_number=document_number, summary=summary,
                    body=body, made_on=made_on, today=today)
    changed = c.day(changed_on, "changed_on", _("变更日期"), errors, required=False)
    _not_future(changed, "changed_on", _("变更日期"), errors, today)
    checked = _attachment(filename, data, errors)
    with transaction.atomic():
        item = access_item(actor, item_id, lock=True)
        if not may_manage(actor, item.agency_id):
            raise PermissionDenied
        was_published = item.version > 0
        differs = checked is not None or any(getattr(item, f) != values.get(f) for f in PUBLIC_FIELDS)
        if was_published and values["made_on"] is not None and values["made_on"] != item.made_on:
            c.add(errors, "made_on", _("已公开的信息不能修改制作或者获取日期；内容有变化的，请填写变更日期。"))
        if was_published and differs and changed is None and not errors:
            c.add(errors, "changed_on", _("已公开的信息内容有变化，请填写“变更日期”（自变更之日起20个工作日内应当重新公开）。"))
        if changed is not None and values["made_on"] is not None and changed < values["made_on"]:
            c.add(errors, "changed_on", _("变更日期不能早于制作或者获取日期。"))
        if changed is not None and item.changed_on is not None and changed < item.changed_on:
            c.add(errors, "changed_on", _("变更日期不能早于上一次变更日期（%(day)s）。") % {"day": item.changed_on})
        if errors:
            raise ValidationError(errors)
        before = {f: getattr(item, f) for f in PUBLIC_FIELDS}
        for k, v in values.items():
            setattr(item, k, v)
        if changed is not None:
            item.changed_on = changed
        if checked is not None:
            _store_file(item, filename or "", data, checked)
        if was_published and (differs or changed is not None) and item.status != CatalogueItem.Status.WITHDRAWN:
            item.pending = True
        item.full_clean(exclude=["attachment", "published_file"])
        item.save()
        _audit(actor, "item_update", item, {
            "changed": [f for f in PUBLIC_FIELDS if before[f] != getattr(item, f)] + (
                ["attachment"] if checked is not None else []),
            "changed_on": item.changed_on.isoformat() if item.changed_on else None, "pending": item.pending})
    return item


def _snapshot(item: CatalogueItem) -> dict:
    cat = categories.get(item.category)
    return {
        "category": item.category, "category_label": zh(cat.label) if cat else item.category,
        "title": item.title, "document_number": item.document_number, "summary": item.summary, "body": item.body,
        "agency": item.agency.name, "made_on": item.made_on.isoformat(),
        "changed_on": item.changed_on.isoformat() if item.changed_on else None,
        "published_on": item.published_on.isoformat(),
        "first_published_on": item.first_published_on.isoformat(),
        "attachment": item.attachment_name if item.attachment else "",
    }


def item_publish(*, actor: User, item_id, published_on: object = None) -> CatalogueItem:
    """Publish the working copy (first publication, or republication after a change or a withdrawal):
    ``published_on`` defaults to today and may be an earlier day it was published on (not before the day it was
    made or changed, not after today). A publication later than 20 working days after that day is recorded as
    逾期公开 (第二十六条)."""
    today = sysclock.today()
    errors: dict[str, list[str]] = {}
    day = c.day(published_on, "published_on", _("公开日期"), errors, required=False) or (
        None if errors else today)
    _not_future(day, "published_on", _("公开日期"), errors, today)
    with transaction.atomic():
        item = access_item(actor, item_id, lock=True)
        if not may_publish(actor, item.agency_id):
            raise PermissionDenied
        if item.status == CatalogueItem.Status.PUBLISHED and not item.pending:
            c.add(errors, "item", _("该信息已公开，没有需要重新公开的变更。"))
        if day is not None and day < item.made_on:
            c.add(errors, "published_on", _("公开日期不能早于制作或者获取日期（%(day)s）。") % {"day": item.made_on})
        elif day is not None and item.changed_on and day < item.changed_on:
            c.add(errors, "published_on", _("公开日期不能早于变更日期（%(day)s）。") % {"day": item.changed_on})
        elif day is not None and item.published_on and day < item.published_on:
            c.add(errors, "published_on", _("公开日期不能早于上一次公开日期（%(day)s）。") % {"day": item.published_on})
        if errors:
            raise ValidationError(errors)
        item.published_on = day
        item.first_published_on = item.first_published_on or day
        item.published_due_on = deadline.due_on(item.clock_start)
        item.status = CatalogueItem.Status.PUBLISHED
        item.pending = False
        item.version += 1
        item.withdrawn_on, item.withdraw_reason = None, ""
        item.published_file = item.attachment.name if item.attachment else ""
        item.published = _snapshot(item)
        item.full_clean(exclude=["attachment", "published_file"])
        item.save()
        tlog.log_publication(KIND, item.pk)
        _audit(actor, "item_publish", item, {"published_on": day.isoformat(), "version": item.version,
                                             "due_on": item.published_due_on.isoformat(),
                                             "late": day > item.published_due_on})
    return item


def item_withdraw(*, actor: User, item_id, reason: object) -> CatalogueItem:
    """Take a published item off the catalogue (e.g. information that was published in error), with the reason;
    the withdrawal is logged. Nothing is deleted."""
    errors: dict[str, list[str]] = {}
    text = c.text(reason, "reason", _("撤回理由"), errors, max_length=500)
    with transaction.atomic():
        item = access_item(actor, item_id, lock=True)
        if not may_publish(actor, item.agency_id):
            raise PermissionDenied
        if item.status != CatalogueItem.Status.PUBLISHED:
            c.add(errors, "item", _("只能撤回已公开的信息。"))
        if errors:
            raise ValidationError(errors)
        item.status = CatalogueItem.Status.WITHDRAWN
        item.pending = False
        item.withdrawn_on = sysclock.today()
        item.withdraw_reason = text
        item.save()
        tlog.log_withdrawal(KIND, item.pk, reason=text)
        _audit(actor, "item_withdraw", item, {"reason": text})
    return item
