"""/api/v1/norms: normative documents (public list and search without login; drafting, texts, registration,
receipts for staff; the steps through ``POST /api/v1/cases/{id}/transitions/{name}``, the document id being the
case id), review flags, clean-ups, the counts, and the law registry (read by anyone, extended by the legal
division). docs/norms.md, docs/laws.md."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.api.api import AUTH, OPTIONAL
from fazhi.api.errors import ApiError, Conflict, Forbidden, NotFound
from fazhi.core.access import is_business_staff
from fazhi.laws import selectors as law_selectors
from fazhi.laws import services as law_services
from fazhi.laws.models import LawVersion
from fazhi.norms import selectors, services
from fazhi.norms.models import Cleanup, CleanupItem, NormativeDocument, ReviewFlag
from fazhi.process.services import TransitionNotAllowed

router = Router(tags=["norms"])


def _user(request):
    user = getattr(request, "auth", None) or request.user
    return user if getattr(user, "is_authenticated", False) else None


def _staff_user(request):
    user = _user(request)
    if user is None or not is_business_staff(user):
        raise NotFound(_("未找到。"))
    return user


def _conflict(e: TransitionNotAllowed):
    return Conflict(str(e), code="transition_not_allowed")


def _read(file: UploadedFile | None, field: str = "file") -> tuple[str, bytes]:
    from django.conf import settings

    if file is None:
        raise ApiError(_("请上传文件。"), fields={field: [_("请上传文件。")]})
    return file.name, file.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1)


# ---- documents --------------------------------------------------------------------------------------------------
class NormCitationIn(Schema):
    law: str  # the law's code in the registry, e.g. archives-law
    articles: list[int] | str = []  # [42, 43] or "第四十二条、第四十三条"; empty: the law as a whole
    note: str = ""


class DocumentIn(Schema):
    title: str
    drafting_division: str
    explanation: str = ""
    other_bases: str = ""
    issuer: str = ""
    drafted_on: dt.date | None = None
    citations: list[NormCitationIn] = []
    replaces: int | None = None  # id of the document in force this one amends or replaces


class DocumentPatch(Schema):
    title: str | None = None
    drafting_division: str | None = None
    explanation: str | None = None
    other_bases: str | None = None
    issuer: str | None = None
    citations: list[NormCitationIn] | None = None


class Created(Schema):
    id: int
    case_id: int
    number: str
    state: str
    url: str


class TextOut(Schema):
    id: int
    seq: int
    kind: str
    sha256: str
    size: int
    chars: int
    review_voided: bool


class NormListOut(Schema):
    count: int
    count_exact: bool
    page: int
    pages: int
    results: list[dict[str, Any]]


def _created(doc: NormativeDocument) -> dict:
    return {"id": doc.pk, "case_id": doc.pk, "number": doc.case.number, "state": doc.state,
            "url": f"/api/v1/norms/documents/{doc.pk}"}


@router.get("/documents", response=NormListOut, auth=OPTIONAL)
def documents(request, status: str = "valid", q: str = "", agency: str = "", scope: str = "public",
              state: str = "", page: int = 1):
    """Public (no login): documents by status (`valid` — in force, `repealed`, `expired`, `amended`, `invalid` —
    no longer in force, `all`), full-text search with `q` (Chinese phrases, found inside words), newest first or
    by relevance. Staff: `scope=agency` lists their agency's documents in every state (`state`, `q` on title and
    number)."""
    page = max(1, int(page or 1))
    if scope == "agency":
        user = _staff_user(request)
        qs = selectors.staff_documents(user, state=state, q=q.strip())
        total = qs.count()
        rows = qs[(page - 1) * 50:page * 50]
        return {"count": total, "count_exact": True, "page": page, "pages": (total + 49) // 50,
                "results": [selectors.document_view(d, staff=True, full=False) for d in rows]}
    if status not in selectors.STATUS_STATES:
        raise ApiError(_("状态无效。"), fields={"status": [_("可选：valid、repealed、expired、amended、invalid、all。")]})
    ag = selectors.agency_by_code(agency)
    if agency and ag is None:
        return {"count": 0, "count_exact": True, "page": page, "pages": 0, "results": []}
    if q.strip():
        found = selectors.public_search(q, status=status, agency=ag, page=page)
        results = []
        for r in found["results"]:
            view = selectors.document_view(r["document"], full=False)
            view["snippet"] = "".join(r["snippet"])
            results.append(view)
        return {"count": found["count"], "count_exact": found["count_exact"], "page": found["page"],
                "pages": found["pages"], "results": results}
    qs = selectors.public_documents(status=status, agency=ag)
    total = qs.count()
    rows = qs[(page - 1) * 50:page * 50]
    return {"count": total, "count_exact": True, "page": page, "pages": (total + 49) // 50,
            "results": [selectors.document_view(d, full=False) for d in rows]}


@router.post("/documents", response={201: Created}, auth=AUTH)
def create(request, payload: DocumentIn):
    """起草: a draft (case of kind `norm`); then upload its text with `POST /documents/{id}/text` and continue with
    `POST /api/v1/cases/{id}/transitions/submit_review`."""
    doc = services.norm_create(
        actor=request.user, title=payload.title, drafting_division=payload.drafting_division,
        explanation=payload.explanation, other_bases=payload.other_bases, issuer=payload.issuer,
        drafted_on=payload.drafted_on, citations=[c.dict() for c in payload.citations], replaces_id=payload.replaces)
    return Status(201, _created(doc))


@router.post("/documents/register", response={201: Created}, auth=AUTH)
def register(request, title: Form[str], number: Form[str], drafting_division: Form[str], published_on: Form[str],
             effective_on: Form[str] = "", valid_until: Form[str] = "", signed_on: Form[str] = "",
             filed_on: Form[str] = "", filing_bodies: Form[str] = "", receipt_number: Form[str] = "",
             issuer: Form[str] = "", explanation: Form[str] = "", other_bases: Form[str] = "",
             citations: Form[str] = "[]", file: File[UploadedFile] = None):
    """存量文件补录 (legal division): a document published before the platform; `citations` is a JSON list of
    {law, articles, note}."""
    try:
        cites = json.loads(citations or "[]")
        if not isinstance(cites, list) or not all(isinstance(c, dict) for c in cites):
            raise ValueError
    except ValueError:
        raise ApiError(_("制定依据格式不正确。"), fields={"citations": [_("应为JSON列表。")]}) from None
    doc = services.norm_register(
        actor=request.user, title=title, number=number, drafting_division=drafting_division,
        published_on=published_on, effective_on=effective_on or None, valid_until=valid_until or None,
        signed_on=signed_on or None, filed_on=filed_on or None, filing_bodies=filing_bodies,
        receipt_number=receipt_number, issuer=issuer, explanation=explanation, other_bases=other_bases,
        citations=cites, upload=_read(file) if file is not None else None)
    return Status(201, _created(doc))


def _doc_for_staff(request, document_id: int) -> NormativeDocument:
    user = _staff_user(request)
    doc = NormativeDocument.objects.select_related("agency", "case").filter(case__id=document_id).first()  # see document_for
    if doc is None or doc.agency_id != user.agency_id:
        raise NotFound(_("文件不存在。"))
    return doc


@router.get("/documents/{int:document_id}", response=dict[str, Any], auth=OPTIONAL)
def document(request, document_id: int):
    user = _user(request)
    doc = selectors.document_for(user, document_id)
    if doc is None:
        raise NotFound(_("文件不存在。"))
    staff = bool(user and is_business_staff(user) and user.agency_id == doc.agency_id)
    return selectors.document_view(doc, staff=staff)


@router.patch("/documents/{int:document_id}", response=dict[str, Any], auth=AUTH)
def update(request, document_id: int, payload: DocumentPatch):
    doc = _doc_for_staff(request, document_id)
    data = payload.dict(exclude_unset=True)
    if "citations" in data and data["citations"] is not None:
        data["citations"] = [dict(c) for c in data["citations"]]
    try:
        doc = services.norm_update(actor=request.user, document_id=doc.pk, **data)
    except TransitionNotAllowed as e:
        raise _conflict(e) from None
    return selectors.document_view(doc, staff=True)


@router.post("/documents/{int:document_id}/text", response={201: TextOut}, auth=AUTH)
def upload_text(request, document_id: int, file: File[UploadedFile] = None):
    """The official text, DOCX or PDF (multipart `file`); its text is extracted and stored. A new text after the
    legality review passed voids the review (`review_voided`)."""
    doc = _doc_for_staff(request, document_id)
    name, data = _read(file)
    try:
        row = services.norm_text_upload(actor=request.user, document_id=doc.pk, filename=name, data=data)
    except TransitionNotAllowed as e:
        raise _conflict(e) from None
    doc.refresh_from_db()
    return Status(201, {"id": row.pk, "seq": row.seq, "kind": row.kind, "sha256": row.sha256, "size": row.size,
                        "chars": len(row.text), "review_voided": services.review_voided(doc)})


@router.post("/documents/{int:document_id}/receipt", response={201: dict[str, Any]}, auth=AUTH)
def upload_receipt(request, document_id: int, file: File[UploadedFile] = None):
    """The scan of the filing receipt (PDF, JPEG, PNG or OFD), after 报送备案."""
    doc = _doc_for_staff(request, document_id)
    name, data = _read(file)
    try:
        row = services.norm_receipt_file_add(actor=request.user, document_id=doc.pk, filename=name, data=data)
    except TransitionNotAllowed as e:
        raise _conflict(e) from None
    return Status(201, {"id": row.pk, "sha256": row.sha256, "size": row.size, "mime": row.mime})


@router.get("/counts", response=dict[str, int], auth=None)
def counts(request, agency: str = ""):
    """有效 and 废止 (and 失效, 已修改) counts, always current."""
    ag = selectors.agency_by_code(agency)
    if agency and ag is None:
        raise NotFound(_("机关不存在。"))
    return selectors.counts(agency=ag)


# ---- review flags ------------------------------------------------------------------------------------------------
class ResolveIn(Schema):
    decision: str  # continue | amend | repeal | invalidate
    reason: str
    valid_until: dt.date | None = None  # continue on an ending validity: the new end


def _flag_view(f: ReviewFlag) -> dict:
    return {"id": f.pk, "document": f.document_id, "title": f.document.title, "kind": f.kind,
            "law": f.law.code if f.law_id else None, "law_version": f.law_version.label if f.law_version_id else None,
            "articles": f.articles, "valid_until": f.valid_until, "detail": f.detail, "raised_on": f.raised_on,
            "resolved_on": f.resolved_on, "decision": f.decision, "reason": f.reason}


@router.get("/flags", response=list[dict[str, Any]], auth=AUTH)
def flags(request):
    """Open review flags of the caller's agency (a cited law changed or was repealed; validity ending)."""
    user = _staff_user(request)
    return [_flag_view(f) for f in selectors.open_flags(user)[:500]]


@router.post("/flags/{int:flag_id}/resolve", response=dict[str, Any], auth=AUTH)
def resolve(request, flag_id: int, payload: ResolveIn):
    user = _staff_user(request)
    flag = ReviewFlag.objects.filter(pk=flag_id, document__agency_id=user.agency_id).first()
    if flag is None:
        raise NotFound(_("提示不存在。"))
    try:
        flag = services.flag_resolve(actor=user, flag_id=flag.pk, decision=payload.decision, reason=payload.reason,
                                     valid_until=payload.valid_until)
    except TransitionNotAllowed as e:
        raise _conflict(e) from None
    return _flag_view(flag)


# ---- clean-ups -----------------------------------------------------------------------------------------------------
class CleanupIn(Schema):
    title: str
    year: int
    scope_before: dt.date
    scope_note: str = ""


class NormDecisionIn(Schema):
    decision: str  # continue | amend | repeal | invalidate
    reason: str


def _cleanup_view(c: Cleanup, *, items: bool = True) -> dict:
    out = {"id": c.pk, "agency": c.agency.code, "title": c.title, "year": c.year, "scope_before": c.scope_before,
           "scope_note": c.scope_note, "state": c.state, "decided_on": c.decided_on, "published_on": c.published_on}
    if items:
        out["items"] = [{"id": i.pk, "document": i.document_id, "title": i.document.title, "number": i.document.number,
                         "published_on": i.document.published_on, "decision": i.decision, "reason": i.reason}
                        for i in c.items.select_related("document")]
    return out


@router.get("/cleanups", response=list[dict[str, Any]], auth=OPTIONAL)
def cleanups(request, agency: str = ""):
    """Published clean-up results (anonymous); staff also see their agency's open clean-ups."""
    user = _user(request)
    rows = list(selectors.cleanups_public(agency=selectors.agency_by_code(agency)))
    if user is not None and is_business_staff(user):
        rows += list(Cleanup.objects.filter(agency_id=user.agency_id, state=Cleanup.State.OPEN)
                     .select_related("agency"))
    return [_cleanup_view(c, items=False) for c in rows]


@router.get("/cleanups/{int:cleanup_id}", response=dict[str, Any], auth=OPTIONAL)
def cleanup(request, cleanup_id: int):
    user = _user(request)
    c = Cleanup.objects.select_related("agency").filter(pk=cleanup_id).first()
    visible = c is not None and (c.state == Cleanup.State.PUBLISHED or (
        user is not None and is_business_staff(user) and user.agency_id == c.agency_id))
    if not visible:
        raise NotFound(_("清理不存在。"))
    return _cleanup_view(c)


@router.post("/cleanups", response={201: dict[str, Any]}, auth=AUTH)
def cleanup_create(request, payload: CleanupIn):
    c = services.cleanup_create(actor=request.user, title=payload.title, year=payload.year,
                                scope_before=payload.scope_before, scope_note=payload.scope_note)
    return Status(201, _cleanup_view(c))


@router.post("/cleanups/{int:cleanup_id}/items/{int:item_id}", response=dict[str, Any], auth=AUTH)
def cleanup_decide(request, cleanup_id: int, item_id: int, payload: NormDecisionIn):
    user = _staff_user(request)
    item = CleanupItem.objects.filter(pk=item_id, cleanup_id=cleanup_id, cleanup__agency_id=user.agency_id).first()
    if item is None:
        raise NotFound(_("清理事项不存在。"))
    try:
        item = services.cleanup_decide(actor=user, item_id=item.pk, decision=payload.decision, reason=payload.reason)
    except TransitionNotAllowed as e:
        raise _conflict(e) from None
    return {"id": item.pk, "decision": item.decision, "reason": item.reason}


@router.post("/cleanups/{int:cleanup_id}/publish", response=dict[str, Any], auth=AUTH)
def cleanup_publish(request, cleanup_id: int):
    """The agency's head decides the clean-up: the decisions take effect and the results become public."""
    user = _staff_user(request)
    if not Cleanup.objects.filter(pk=cleanup_id, agency_id=user.agency_id).exists():
        raise NotFound(_("清理不存在。"))
    try:
        c = services.cleanup_publish(actor=user, cleanup_id=cleanup_id)
    except TransitionNotAllowed as e:
        raise _conflict(e) from None
    return _cleanup_view(c)


# ---- the law registry ------------------------------------------------------------------------------------------------
class LawIn(Schema):
    code: str
    title: str
    kind: str
    issuer: str = ""


class VersionIn(Schema):
    event: str  # promulgated | amended | revised | repealed
    label: str
    promulgated_on: dt.date
    effective_on: dt.date
    document_number: str = ""
    note: str = ""
    articles: dict[int, str] | None = None  # {number: text}
    partial: bool = False  # articles lists only the ones the amendment touches ("" deletes one)


def _version_view(v: LawVersion, *, articles: bool = True) -> dict:
    out = {"label": v.label, "event": v.event, "promulgated_on": v.promulgated_on, "effective_on": v.effective_on,
           "document_number": v.document_number, "changed_articles": v.changed_articles, "note": v.note}
    if articles:
        out["articles"] = [{"number": a.number, "text": a.text} for a in v.articles.all()]
    return out


@router.get("/laws", response=list[dict[str, Any]], auth=None)
def laws(request):
    """法律法规库: the laws, regulations and rules the agency relies on."""
    return [law_selectors.law_view(law) for law in law_selectors.laws_all()]


@router.get("/laws/{code}", response=dict[str, Any], auth=None)
def law(request, code: str):
    found = law_selectors.law_by_code(code)
    if found is None:
        raise NotFound(_("法律法规库中没有该项。"))
    return {**law_selectors.law_view(found),
            "versions": [_version_view(v) for v in law_selectors.versions_with_articles(found)]}


def _legal(request):
    user = _staff_user(request)
    if not services.LAW_ROLES.intersection(user.roles or []):
        raise Forbidden(_("法律法规库由法制机构维护。"))
    return user


@router.post("/laws", response={201: dict[str, Any]}, auth=AUTH)
def law_create(request, payload: LawIn):
    _legal(request)
    found = law_services.law_create(code=payload.code, title=payload.title, kind=payload.kind, issuer=payload.issuer)
    return Status(201, law_selectors.law_view(found))


@router.post("/laws/{code}/versions", response={201: dict[str, Any]}, auth=AUTH)
def law_version(request, code: str, payload: VersionIn):
    """A new version (修正, 修订, 废止). Documents citing changed articles (or the whole law) are flagged."""
    _legal(request)
    found = law_selectors.law_by_code(code)
    if found is None:
        raise NotFound(_("法律法规库中没有该项。"))
    try:
        version = law_services.law_version_add(
            law=found, event=payload.event, label=payload.label, promulgated_on=payload.promulgated_on,
            effective_on=payload.effective_on, articles=payload.articles, document_number=payload.document_number,
            note=payload.note, partial=payload.partial)
    except ValidationError:
        raise
    flagged = ReviewFlag.objects.filter(law_version=version).count()
    return Status(201, {**_version_view(version), "flagged_documents": flagged})
