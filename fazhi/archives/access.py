"""The one door to archive requests and their result files. "Does not exist" and "not yours" give the same answer
(RequestNotFound): the requester's own account, or business staff of the request's agency
(``fazhi.process.access``)."""

from __future__ import annotations

from fazhi.archives.models import ArchiveRequest, ResultFile
from fazhi.archives.process import CODES
from fazhi.core.access import is_business_staff
from fazhi.core.models import User
from fazhi.process.access import CaseNotFound, access_case_by_id


class RequestNotFound(Exception):
    pass


def access_request(user: User | None, case_id: int | str) -> ArchiveRequest:
    try:
        case = access_case_by_id(user, case_id)
    except CaseNotFound:
        raise RequestNotFound from None
    if case.kind not in CODES:
        raise RequestNotFound
    req = ArchiveRequest.objects.select_related("case", "case__agency", "service", "slot").filter(case=case).first()
    if req is None:
        raise RequestNotFound
    return req


def access_request_staff(user: User | None, case_id: int | str) -> ArchiveRequest:
    """Staff pages and actions: business staff of the request's agency only."""
    if not is_business_staff(user):
        raise RequestNotFound
    return access_request(user, case_id)


def access_result_file(user: User | None, case_id: int | str, file_id: int | str) -> ResultFile:
    req = access_request(user, case_id)
    try:
        file_id = int(file_id)
    except (TypeError, ValueError):
        raise RequestNotFound from None
    row = req.files.filter(pk=file_id).first()
    if row is None:
        raise RequestNotFound
    return row


def may_staff(user: User | None, agency_id: int) -> bool:
    return is_business_staff(user) and user.agency_id == agency_id
