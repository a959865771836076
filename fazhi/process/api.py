"""/api/v1/cases: a case with its clocks, events and the transitions the caller may fire."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from fazhi.api.api import AUTH
from fazhi.api.errors import Conflict, NotFound
from fazhi.process.access import CaseNotFound, access_case_by_id
from fazhi.process.selectors import case_document_for, case_view
from fazhi.process.services import TransitionNotAllowed, case_fire

router = Router(tags=["cases"], auth=AUTH)


class ClockOut(Schema):
    name: str
    label: str
    due: dt.date | None
    provisional: bool
    state: str
    legal_basis: str
    budget: int
    unit: str
    extension_days: int
    started_on: dt.date
    stopped_on: dt.date | None


class CaseEventOut(Schema):
    seq: int
    at: dt.datetime
    on: dt.date
    actor: str
    transition: str
    label: str
    from_state: str
    to_state: str
    comment: str
    data: dict[str, Any]
    hash: str


class TransitionOut(Schema):
    name: str
    label: str
    fields: list[dict[str, Any]]
    comment_required: bool
    legal_basis: str


class CaseOut(Schema):
    id: int
    number: str
    kind: str
    state: str
    state_label: str
    agency: str
    party_name: str
    channel: str
    received_on: dt.date
    accepted_on: dt.date | None
    decided_on: dt.date | None
    outcome: str
    clocks: list[ClockOut]
    events: list[CaseEventOut]
    transitions: list[str]
    transition_details: list[TransitionOut]


class FireIn(Schema):
    comment: str = ""
    data: dict[str, Any] = {}


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    issued_on: dt.date
    sha256: str
    size: int
    url: str


def _load(request, case_id: int):
    try:
        return access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise NotFound(_("办件不存在。")) from None


@router.get("/{int:case_id}", response=CaseOut)
def get_case(request, case_id: int):
    return case_view(request.user, _load(request, case_id))


@router.post("/{int:case_id}/transitions/{name}", response=CaseOut)
def fire(request, case_id: int, name: str, payload: FireIn):
    case = _load(request, case_id)
    try:
        case = case_fire(case_id=case.pk, transition=name, actor=request.user, comment=payload.comment,
                         data=payload.data)
    except TransitionNotAllowed as e:
        raise Conflict(str(e), code="transition_not_allowed") from None
    except ValidationError:
        raise
    return case_view(request.user, case)


@router.get("/{int:case_id}/documents", response=list[DocumentOut])
def documents(request, case_id: int):
    case = _load(request, case_id)
    return [
        {"id": d.pk, "kind": d.kind, "title": d.title, "number": d.number, "issued_on": d.issued_on,
         "sha256": d.sha256, "size": d.size,
         "url": reverse("api:case_document_download", kwargs={"case_id": case.pk, "doc_id": d.pk})}
        for d in case.documents.all()
    ]


@router.get("/{int:case_id}/documents/{int:doc_id}", url_name="case_document_download")
def download(request, case_id: int, doc_id: int):
    case = _load(request, case_id)
    doc = case_document_for(case, doc_id)
    if doc is None:
        raise NotFound(_("文书不存在。"))
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.filename,
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
