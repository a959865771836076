"""Who may see a requester's identity. A confidential request (a report: 举报人信息保密) shows the requester's
name, ID number, phone and address only to the officers designated for it; everyone else sees them masked —
on the case page, in the API, in exports and in the audit view of events (docs/requests.md)."""

from __future__ import annotations


def party_visible(user, case) -> bool:
    req = getattr(case, "public_request", None)
    if req is None or not req.confidential:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if case.applicant_id is not None and case.applicant_id == user.pk:
        return True  # the reporter sees their own identity
    return req.designated.filter(pk=user.pk).exists()
