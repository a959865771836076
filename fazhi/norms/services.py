"""Normative documents: drafting, texts, legal bases, the hooks and guards of the "norm" process, review flags
(a cited law changed; validity ending), clean-up campaigns, and keeping the search index.

Every write goes through here or through ``fazhi.process.services.case_fire`` (which calls the hooks below inside
its transaction, with the case row locked). Steps that carry a file or a row of their own (a new text, the
receipt scan, a flag decision, a registration) are recorded in the case's event log by the service that makes
them; the guard ``guard_internal`` keeps them from being fired bare through the generic transition API.
docs/norms.md.
"""

from __future__ import annotations

import calendar
import contextvars
import datetime as dt
import hashlib
import re
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency, Role, User
from fazhi.core.services import counter_next, document_number_next
from fazhi.core.uploads import safe_filename, sniff_upload
from fazhi.documents.render import normalize_doc_number
from fazhi.laws.models import Law, LawVersion
from fazhi.laws.selectors import version_on
from fazhi.laws.services import articles_label
from fazhi.norms import search
from fazhi.norms.models import (
    IN_FORCE,
    LIVE_STATES,
    PUBLIC_STATES,
    Citation,
    Cleanup,
    CleanupItem,
    LegalityReview,
    NormativeDocument,
    NormFile,
    NormText,
    ReviewFlag,
    public_status,
)
from fazhi.norms.process import filing_days
from fazhi.norms.text import extract
from fazhi.process.definition import get_definition
from fazhi.process.models import Case
from fazhi.process.services import TransitionNotAllowed, case_fire, case_open
from fazhi.tlog.services import log_publication

HANDLER, HEAD, LEGAL = Role.CASE_HANDLER.value, Role.SECTION_HEAD.value, Role.LEGAL_REVIEWER.value
DEPUTY, DIRECTOR = Role.DEPUTY_DIRECTOR.value, Role.DIRECTOR.value
DRAFT_ROLES = {HANDLER, HEAD}
FILE_ROLES = {LEGAL, HEAD, HANDLER}
REGISTER_ROLES = {LEGAL}
FLAG_ROLES = {LEGAL, HEAD, DEPUTY, DIRECTOR}
CLEANUP_ROLES = {LEGAL, HEAD}
LEADER_ROLES = {DEPUTY, DIRECTOR}
LAW_ROLES = {LEGAL}
MAX_CITATIONS = 30


def validity_years() -> int:
    return int(getattr(settings, "FAZHI_NORM_VALIDITY_YEARS", 5))


def number_code() -> str:
    return str(getattr(settings, "FAZHI_NORM_NUMBER_CODE", "规"))


# ---- dates ------------------------------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def validity_end(effective_on: dt.date, years: int) -> dt.date:
    """Effective 2026-03-01 for five years: valid until 2031-02-28 (the day before the fifth anniversary)."""
    return add_months(effective_on, 12 * years) - dt.timedelta(days=1)


def _date(raw, field: str, *, required: bool = True) -> dt.date | None:
    if raw in (None, ""):
        if required:
            raise ValidationError({field: [_("请填写日期。")]})
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValidationError({field: [_("日期格式应为YYYY-MM-DD。")]}) from None


# ---- who -----------------------------------------------------------------------------------------------------
def _staff(actor: User | None, agency: Agency, roles: set[str]) -> None:
    if not (actor is not None and is_business_staff(actor) and actor.agency_id == agency.pk):
        raise PermissionDenied
    if not roles.intersection(actor.roles or []):
        raise PermissionDenied


def may(actor: User | None, roles: set[str], agency_id: int | None = None) -> bool:
    return bool(actor is not None and is_business_staff(actor) and roles.intersection(actor.roles or [])
                and (agency_id is None or actor.agency_id == agency_id))


# ---- internal steps --------------------------------------------------------------------------------------------
_INTERNAL = contextvars.ContextVar("norms_internal", default=False)


@contextmanager
def _internal():
    token = _INTERNAL.set(True)
    try:
        yield
    finally:
        _INTERNAL.reset(token)


def _fire(case_id: int, name: str, actor: User | None, *, today: dt.date, comment: str = "", data: dict | None = None,
          internal: bool = False) -> Case:
    if internal:
        with _internal():
            return case_fire(case_id=case_id, transition=name, actor=actor, comment=comment, data=data or {},
                             today=today)
    return case_fire(case_id=case_id, transition=name, actor=actor, comment=comment, data=data or {}, today=today)


def _doc(case: Case) -> NormativeDocument:
    return NormativeDocument.objects.select_related("agency").get(pk=case.pk)


# ---- legal bases ------------------------------------------------------------------------------------------------
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """四十二 → 42, 一百零三 → 103, 十 → 10; None when not a Chinese numeral below 1000."""
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[c]
    return total + current


def parse_articles(raw) -> list[int]:
    """"42、43", "42,43", "第四十二条、第四十三条", "42-45", "第四十二条至第四十五条" → article numbers; "" or 全文 →
    [] (the law as a whole). ValidationError for anything else."""
    if isinstance(raw, list | tuple):
        items = [str(x) for x in raw]
    else:
        items = [str(raw or "")]
    out: set[int] = set()
    for item in items:
        text = item.strip().replace("全文", "")
        text = re.sub(r"第([零〇一二两三四五六七八九十百]+)条", lambda m: str(cn_number(m.group(1))), text)
        text = re.sub(r"\s*(至|到|—|–|~|～)\s*", "-", text)
        for part in re.split(r"[,，、;；\s]+", text):
            if not part:
                continue
            m = re.fullmatch(r"(\d{1,3})(?:-(\d{1,3}))?", part)
            if not m:
                raise ValidationError(_("条文“%(part)s”无法识别，请写成“42、43”或“第四十二条、第四十三条”。") % {"part": part})
            lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
            if lo < 1 or hi < lo or hi - lo > 200:
                raise ValidationError(_("条文“%(part)s”无法识别，请写成“42、43”或“第四十二条、第四十三条”。") % {"part": part})
            out.update(range(lo, hi + 1))
    return sorted(out)


def parse_citations(items) -> list[tuple[Law, list[int], str]]:
    """[{law: code, articles: "42、43" | [42, 43], note}] → [(Law, [42, 43], note)]; the same law twice is merged."""
    errors: list[str] = []
    merged: dict[int, tuple[Law, set[int], str]] = {}
    for item in items or []:
        code = str(item.get("law") or "").strip()
        articles_raw = item.get("articles", "")
        if not code:
            if str(articles_raw or "").strip():
                errors.append(_("请为条文“%(a)s”选择法律法规。") % {"a": articles_raw})
            continue
        law = Law.objects.filter(code=code).first()
        if law is None:
            errors.append(_("法律法规库中没有“%(code)s”。") % {"code": code})
            continue
        try:
            articles = parse_articles(articles_raw)
        except ValidationError as e:
            errors.extend(e.messages)
            continue
        note = str(item.get("note") or "").strip()[:200]
        if law.pk in merged:
            _law, arts, old_note = merged[law.pk]
            merged[law.pk] = (law, arts | set(articles) if arts and articles else set(), old_note or note)
        else:
            merged[law.pk] = (law, set(articles), note)
    if len(merged) > MAX_CITATIONS:
        errors.append(_("制定依据最多%(n)s项。") % {"n": MAX_CITATIONS})
    if errors:
        raise ValidationError({"citations": errors})
    return [(law, sorted(arts), note) for law, arts, note in merged.values()]


def _citations_save(document: NormativeDocument, parsed, *, day: dt.date) -> None:
    document.citations.all().delete()
    Citation.objects.bulk_create([
        Citation(document=document, law=law, version=version_on(law, day), articles=articles, note=note)
        for law, articles, note in parsed])


def citations_text(document: NormativeDocument) -> list[str]:
    out = []
    for c in document.citations.select_related("law", "version"):
        label = f"{c.law}" + (articles_label(c.articles) if c.articles else "")
        if c.note:
            label += f"（{c.note}）"
        out.append(label)
    return out


# ---- drafting ------------------------------------------------------------------------------------------------------
def case_number(agency: Agency, year: int, serial: int) -> str:
    return f"{agency.code.upper()}-GF{year}-{serial:06d}"


def _clean_title(title: str) -> str:
    return (title or "").strip().strip("《》").strip()


def _check_fields(*, title: str, drafting_division: str, errors: dict) -> None:
    if not title:
        errors["title"] = [_("请填写文件标题。")]
    elif len(title) > 300:
        errors["title"] = [_("标题过长（最多300字）。")]
    if not drafting_division:
        errors["drafting_division"] = [_("请填写起草处室。")]
    elif len(drafting_division) > 100:
        errors["drafting_division"] = [_("起草处室名称过长。")]


def norm_create(*, actor: User, title: str, drafting_division: str, explanation: str = "", other_bases: str = "",
                citations=None, issuer: str = "", drafted_on=None, upload: tuple[str, bytes] | None = None,
                replaces_id: int | None = None, today: dt.date | None = None) -> NormativeDocument:
    """起草: a normative document in state "draft" (with its text when one is uploaded)."""
    today = today or sysclock.today()
    if actor is None or actor.agency_id is None:
        raise PermissionDenied
    _staff(actor, actor.agency, DRAFT_ROLES)
    return _create(actor=actor, title=title, drafting_division=drafting_division, explanation=explanation,
                   other_bases=other_bases, citations=citations, issuer=issuer, drafted_on=drafted_on, upload=upload,
                   replaces_id=replaces_id, today=today)


def _create(*, actor: User, title: str, drafting_division: str, explanation: str, other_bases: str, citations,
            issuer: str, drafted_on, upload, replaces_id, today: dt.date, bases_day: dt.date | None = None,
            extra_errors: dict | None = None) -> NormativeDocument:
    agency = actor.agency
    errors: dict[str, list[str]] = dict(extra_errors or {})
    title = _clean_title(title)
    drafting_division = (drafting_division or "").strip()
    _check_fields(title=title, drafting_division=drafting_division, errors=errors)
    try:
        drafted_on = _date(drafted_on, "drafted_on", required=False) or today
        if drafted_on > today:
            errors["drafted_on"] = [_("起草日期不能晚于今天。")]
    except ValidationError as e:
        errors.update(e.message_dict)
    replaces = None
    if replaces_id:
        replaces = NormativeDocument.objects.filter(pk=replaces_id, agency=agency, state__in=IN_FORCE).first()
        if replaces is None:
            errors["replaces"] = [_("被修改的文件应为本机关现行有效的规范性文件。")]
    try:
        parsed = parse_citations(citations)
    except ValidationError as e:
        errors.update(e.message_dict)
        parsed = []
    extracted = None
    if upload is not None:
        try:
            extracted = extract(*upload)
        except ValidationError as e:
            errors["file"] = e.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        serial = counter_next(agency=agency, key="#GF", year=today.year)
        case, _code = case_open(
            definition=get_definition("norm"), agency=agency, number=case_number(agency, today.year, serial),
            applicant=None, party={"kind": "legal_person", "name": f"{agency.name}{drafting_division}"[:100]},
            channel=Case.Channel.EX_OFFICIO, received_on=drafted_on, data={"title": title}, actor=actor, today=today)
        doc = NormativeDocument.objects.create(
            case=case, agency=agency, title=title, issuer=(issuer or "").strip()[:200] or agency.name,
            drafting_division=drafting_division, explanation=(explanation or "").strip(),
            other_bases=(other_bases or "").strip(), drafted_on=drafted_on, replaces=replaces, created_by=actor)
        _citations_save(doc, parsed, day=bases_day or today)
        if upload is not None:
            _text_save(doc, actor, upload, extracted, today)
    return doc


def norm_update(*, actor: User, document_id: int, title: str | None = None, drafting_division: str | None = None,
                explanation: str | None = None, other_bases: str | None = None, citations=None,
                issuer: str | None = None, today: dt.date | None = None) -> NormativeDocument:
    """Change the details of a draft (title, division, explanation, bases); recorded in the case log."""
    today = today or sysclock.today()
    doc = NormativeDocument.objects.select_related("agency").get(pk=document_id)
    _staff(actor, doc.agency, DRAFT_ROLES)
    if doc.state != "draft":
        raise TransitionNotAllowed(_("只有起草中的文件可以修改文件信息。"))
    errors: dict[str, list[str]] = {}
    new = {
        "title": _clean_title(title) if title is not None else doc.title,
        "drafting_division": drafting_division.strip() if drafting_division is not None else doc.drafting_division,
        "explanation": explanation.strip() if explanation is not None else doc.explanation,
        "other_bases": other_bases.strip() if other_bases is not None else doc.other_bases,
        "issuer": (issuer.strip()[:200] or doc.agency.name) if issuer is not None else doc.issuer,
    }
    _check_fields(title=new["title"], drafting_division=new["drafting_division"], errors=errors)
    parsed = None
    if citations is not None:
        try:
            parsed = parse_citations(citations)
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    labels = {"title": _("标题"), "drafting_division": _("起草处室"), "explanation": _("起草说明"),
              "other_bases": _("其他制定依据"), "issuer": _("发文机关")}
    changes = [str(labels[k]) for k, v in new.items() if getattr(doc, k) != v]
    with transaction.atomic():
        for k, v in new.items():
            setattr(doc, k, v)
        doc.save()
        if parsed is not None:
            before = citations_text(doc)
            _citations_save(doc, parsed, day=today)
            if citations_text(doc) != before:
                changes.append(str(_("制定依据")))
        if changes:
            _fire(doc.pk, "update_details", actor, today=today, data={"changes": changes}, internal=True)
    return doc


def _text_save(doc: NormativeDocument, actor: User, upload: tuple[str, bytes], extracted, today: dt.date) -> NormText:
    name, data = upload
    sha = hashlib.sha256(data).hexdigest()
    seq = doc.texts.count() + 1
    row = NormText(document=doc, seq=seq, original_name=safe_filename(name), kind=extracted.kind, mime=extracted.mime,
                   size=len(data), sha256=sha, text=extracted.text, uploaded_by=actor, uploaded_on=today)
    row.file.save(f"{doc.case.number}-{seq}.{extracted.kind}", ContentFile(data), save=False)
    row.save()
    doc.text, doc.text_sha256 = extracted.text, sha
    doc.save(update_fields=["text", "text_sha256"])
    _fire(doc.pk, "upload_text", actor, today=today, internal=True,
          data={"text_id": row.pk, "sha256": sha, "filename": row.original_name})
    return row


def norm_text_upload(*, actor: User, document_id: int, filename: str, data: bytes,
                     today: dt.date | None = None) -> NormText:
    """A new official text (DOCX or PDF): stored, its text extracted. After a passed review the review no longer
    stands (its text's SHA-256 differs): signing needs a new review."""
    today = today or sysclock.today()
    doc = NormativeDocument.objects.select_related("agency", "case").get(pk=document_id)
    _staff(actor, doc.agency, DRAFT_ROLES)
    if doc.state not in ("draft", "reviewed"):
        raise TransitionNotAllowed(_("只有起草中或审核通过待签发的文件可以更换正文。"))
    try:
        extracted = extract(filename, data)
    except ValidationError as e:
        raise ValidationError({"file": e.messages}) from None
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=doc.pk).first()  # one upload at a time: gapless text versions
        doc.refresh_from_db()
        if doc.state not in ("draft", "reviewed"):
            raise TransitionNotAllowed(_("只有起草中或审核通过待签发的文件可以更换正文。"))
        return _text_save(doc, actor, (filename, data), extracted, today)


def norm_register(*, actor: User, title: str, number: str, drafting_division: str, published_on,
                  upload: tuple[str, bytes], effective_on=None, valid_until=None, signed_on=None, filed_on=None,
                  filing_bodies: str = "", receipt_number: str = "", issuer: str = "", explanation: str = "",
                  other_bases: str = "", citations=None, today: dt.date | None = None) -> NormativeDocument:
    """存量文件补录: a document the agency published before it used this platform, registered by the legal division
    with its dates, number, text and bases; it is in force (有效) from the registration. No review or signing is
    recorded for it (the case log says 补录)."""
    today = today or sysclock.today()
    if actor is None or actor.agency_id is None:
        raise PermissionDenied
    _staff(actor, actor.agency, REGISTER_ROLES)
    number = normalize_doc_number(number or "")
    errors: dict[str, list[str]] = {}
    if not number:
        errors["number"] = [_("请填写文号。")]
    elif NormativeDocument.objects.filter(agency=actor.agency, number=number).exists():
        errors["number"] = [_("本机关已有文号为%(n)s的规范性文件。") % {"n": number}]
    if upload is None:
        errors["file"] = [_("请上传文件正文（DOCX或PDF）。")]
    published = None
    try:
        published = _date(published_on, "published_on")
        if published > today:
            errors["published_on"] = [_("补录的文件应已公布（公布日期不晚于今天）。")]
    except ValidationError as e:
        errors.update(e.message_dict)
    try:
        signed = _date(signed_on, "signed_on", required=False)
    except ValidationError as e:
        errors.update(e.message_dict)
        signed = None
    with transaction.atomic():
        doc = _create(actor=actor, title=title, drafting_division=drafting_division, explanation=explanation,
                      other_bases=other_bases, citations=citations, issuer=issuer,
                      drafted_on=signed or (published if published and published <= today else None), upload=upload,
                      replaces_id=None, today=today, bases_day=published, extra_errors=errors)
        NormativeDocument.objects.filter(pk=doc.pk).update(registered=True)
        data = {"number": number, "published_on": published.isoformat(),
                "effective_on": str(effective_on or ""), "valid_until": str(valid_until or ""),
                "signed_on": str(signed or ""), "filed_on": str(filed_on or ""),
                "filing_bodies": filing_bodies or "", "receipt_number": receipt_number or ""}
        _fire(doc.pk, "register_existing", actor, today=today, internal=True, data=data,
              comment=_("补录本平台启用前已公布的规范性文件。"))
        doc.refresh_from_db()
    return doc


# ---- guards -----------------------------------------------------------------------------------------------------
def guard_internal(case, ctx):
    if ctx is None or not _INTERNAL.get():
        return _("此项操作在规范性文件页面办理。")
    return None


def guard_upload_text(case, ctx):
    problem = guard_internal(case, ctx)
    if problem:
        return problem
    row = NormText.objects.filter(pk=ctx.data.get("text_id"), document_id=case.pk).first()
    if row is None or case.events.filter(transition="upload_text", data__text_id=row.pk).exists():
        return _("此项操作在规范性文件页面办理。")
    return None


def review_standing(doc: NormativeDocument) -> LegalityReview | None:
    """The review that allows signing: the latest review passed, and of the current text."""
    latest = doc.reviews.order_by("-id").first()
    if latest and latest.opinion == LegalityReview.Opinion.PASS and latest.text_sha256 == doc.text_sha256:
        return latest
    return None


def review_voided(doc: NormativeDocument) -> bool:
    latest = doc.reviews.order_by("-id").first()
    return bool(latest and latest.opinion == LegalityReview.Opinion.PASS and latest.text_sha256 != doc.text_sha256)


def ready_for_review(doc: NormativeDocument) -> list[str]:
    missing = []
    if not doc.text_sha256:
        missing.append(_("请先上传正文（DOCX或PDF）。"))
    if not doc.explanation.strip():
        missing.append(_("请填写起草说明。"))
    if not doc.other_bases.strip() and not doc.citations.exists():
        missing.append(_("请填写制定依据（法律法规库中的法律法规及条文，或其他依据）。"))
    return missing


def guard_submit_review(case, ctx):
    if ctx is None:
        return None
    missing = ready_for_review(_doc(case))
    return "".join(missing) or None


def guard_resubmit_review(case, ctx):
    doc = _doc(case)
    if not review_voided(doc):
        return _("合法性审核意见对现行正文仍然有效，无需重新送审。")
    return None


def guard_sign(case, ctx):
    doc = _doc(case)
    if review_standing(doc) is not None:
        return None
    if review_voided(doc):
        return _("正文在合法性审核通过后已经变更，原审核意见失效；须重新送合法性审核，通过后方可签发。")
    return _("未经合法性审核或者审核未通过的，不得签发。")


def guard_publish(case, ctx):
    return None


# ---- hooks ----------------------------------------------------------------------------------------------------
def state_mirror(case, target: str) -> None:
    """After each transition with a target: the document's ``state``, and its search entry (indexed when it
    becomes public, its status following it afterwards)."""
    NormativeDocument.objects.filter(pk=case.pk).update(state=target)
    if target in PUBLIC_STATES:
        doc = _doc(case)
        if hasattr(doc, "search_entry"):
            search.index_status(document_id=doc.pk, status=public_status(target))
        else:
            index_document(doc, state=target)
        # The transparency log: the publication, then each change of its public status (a new version that
        # supersedes the previous one; nothing is logged when what the public sees did not change).
        log_publication("norms.document", doc.pk)
    else:
        search.index_drop(document_id=case.pk)


def index_document(doc: NormativeDocument, *, state: str | None = None) -> None:
    state = state or doc.state
    if state not in PUBLIC_STATES or doc.published_on is None:
        search.index_drop(document_id=doc.pk)
        return
    search.index_put(document_id=doc.pk, key=search.entry_key(doc.published_on, doc.pk), agency_id=doc.agency_id,
                     status=public_status(state), published_on=doc.published_on,
                     title=f"{doc.title} {doc.number}", text=doc.text)


def hook_upload_text(case, ctx):
    doc = _doc(case)
    latest = doc.reviews.order_by("-id").first()
    if latest and latest.opinion == LegalityReview.Opinion.PASS and latest.text_sha256 != ctx.data.get("sha256"):
        ctx.extra_event_data["review_voided"] = True


def hook_submit_review(case, ctx):
    doc = _doc(case)
    ctx.extra_event_data["text_sha256"] = doc.text_sha256


def _review(case, ctx, opinion: str) -> LegalityReview:
    doc = _doc(case)
    if not doc.text_sha256:
        raise ValidationError(_("没有可供审核的正文。"))
    latest_text = doc.texts.order_by("-seq").first()
    review = LegalityReview.objects.create(
        document=doc, opinion=opinion, reasons=ctx.comment, text_sha256=doc.text_sha256, text=latest_text,
        reviewer=ctx.actor, reviewed_on=ctx.today)
    ctx.extra_event_data.update({"review_id": review.pk, "opinion": opinion, "text_sha256": doc.text_sha256})
    if opinion == LegalityReview.Opinion.PASS:
        doc.reviewed_on = ctx.today
        doc.save(update_fields=["reviewed_on"])
    return review


def hook_review_pass(case, ctx):
    _review(case, ctx, LegalityReview.Opinion.PASS)


def hook_review_revise(case, ctx):
    _review(case, ctx, LegalityReview.Opinion.REVISE)


def hook_review_fail(case, ctx):
    _review(case, ctx, LegalityReview.Opinion.FAIL)


def hook_sign(case, ctx):
    doc = _doc(case)
    meeting_date = _date(ctx.data.get("meeting_date"), "meeting_date")
    if meeting_date > ctx.today:
        raise ValidationError({"meeting_date": [_("会议日期不能晚于签发日期。")]})
    if doc.reviewed_on and meeting_date < doc.reviewed_on:
        raise ValidationError({"meeting_date": [_("集体审议应在合法性审核通过之后。")]})
    raw = str(ctx.data.get("number") or "").strip()
    if raw:
        number = normalize_doc_number(raw)
        if NormativeDocument.objects.filter(agency_id=case.agency_id, number=number).exclude(pk=doc.pk).exists():
            raise ValidationError({"number": [_("本机关已有文号为%(n)s的规范性文件。") % {"n": number}]})
    else:
        _serial, number = document_number_next(agency=case.agency, number_code=number_code(), year=ctx.today.year)
    doc.number = number
    doc.meeting = str(ctx.data.get("meeting") or "")[:200]
    doc.signed_on = ctx.today
    doc.signer = ctx.actor
    doc.save(update_fields=["number", "meeting", "signed_on", "signer"])
    ctx.extra_event_data["number"] = number
    review = review_standing(doc)
    ctx.extra_event_data["review_id"] = review.pk if review else None


def hook_publish(case, ctx):
    doc = _doc(case)
    errors: dict[str, list[str]] = {}
    published_on = _date(ctx.data.get("published_on"), "published_on")
    effective_on = _date(ctx.data.get("effective_on"), "effective_on")
    until = _date(ctx.data.get("valid_until"), "valid_until", required=False)
    if published_on > ctx.today:
        errors["published_on"] = [_("公布日期不能晚于今天。")]
    if doc.signed_on and published_on < doc.signed_on:
        errors["published_on"] = [_("公布日期不能早于签发日期。")]
    if effective_on < published_on:
        errors["effective_on"] = [_("施行日期不能早于公布日期。")]
    years = ctx.data.get("validity_years")
    if until is None:
        years = validity_years() if years in (None, "") else int(years)
        if years < 0 or years > 50:
            errors["validity_years"] = [_("有效期应为0至50年。")]
        until = validity_end(effective_on, years) if years else None
    elif until <= effective_on:
        errors["valid_until"] = [_("有效期应晚于施行日期。")]
    if errors:
        raise ValidationError(errors)
    doc.published_on, doc.effective_on, doc.valid_until = published_on, effective_on, until
    doc.channel = str(ctx.data.get("channel") or "")[:200]
    doc.save(update_fields=["published_on", "effective_on", "valid_until", "channel"])
    case.data = {**case.data, "published_on": published_on.isoformat()}
    case.published_on = published_on
    ctx.data["filing_days"] = filing_days()
    ctx.extra_event_data["valid_until"] = until.isoformat() if until else None
    if doc.replaces_id:
        old = NormativeDocument.objects.filter(pk=doc.replaces_id, state__in=IN_FORCE).first()
        if old is not None:
            case_fire(case_id=old.pk, transition="superseded", actor=None, today=ctx.today, data={"by": doc.pk},
                      comment=_("被%(doc)s修改替代。") % {"doc": str(doc)})


def hook_file(case, ctx):
    doc = _doc(case)
    doc.filed_on = ctx.today
    doc.filing_bodies = str(ctx.data.get("bodies") or "")[:300]
    doc.save(update_fields=["filed_on", "filing_bodies"])


def hook_receipt(case, ctx):
    doc = _doc(case)
    receipt_on = _date(ctx.data.get("receipt_on"), "receipt_on")
    if receipt_on > ctx.today or (doc.filed_on and receipt_on < doc.filed_on):
        raise ValidationError({"receipt_on": [_("回执日期应在报送备案之后、今天或之前。")]})
    doc.receipt_number = str(ctx.data.get("receipt_number") or "")[:100]
    doc.receipt_on = receipt_on
    doc.save(update_fields=["receipt_number", "receipt_on"])


def hook_register(case, ctx):
    doc = _doc(case)
    if not doc.text_sha256:
        raise ValidationError({"file": [_("请上传文件正文。")]})
    d = ctx.data
    published_on = _date(d.get("published_on"), "published_on")
    effective_on = _date(d.get("effective_on"), "effective_on", required=False) or published_on
    until = _date(d.get("valid_until"), "valid_until", required=False)
    errors: dict[str, list[str]] = {}
    if effective_on < published_on:
        errors["effective_on"] = [_("施行日期不能早于公布日期。")]
    if until is not None and until <= effective_on:
        errors["valid_until"] = [_("有效期应晚于施行日期。")]
    if errors:
        raise ValidationError(errors)
    doc.number = normalize_doc_number(d["number"])
    doc.published_on, doc.effective_on, doc.valid_until = published_on, effective_on, until
    doc.signed_on = _date(d.get("signed_on"), "signed_on", required=False)
    doc.filed_on = _date(d.get("filed_on"), "filed_on", required=False)
    doc.filing_bodies = str(d.get("filing_bodies") or "")[:300]
    doc.receipt_number = str(d.get("receipt_number") or "")[:100]
    doc.save()
    case.published_on = published_on
    case.data = {**case.data, "published_on": published_on.isoformat(), "registered": True}


def hook_extend(case, ctx):
    doc = _doc(case)
    until = _date(ctx.data.get("valid_until"), "valid_until")
    if until <= ctx.today or (doc.valid_until and until <= doc.valid_until):
        raise ValidationError({"valid_until": [_("新的有效期应晚于今天和原有效期。")]})
    ctx.extra_event_data["previous_valid_until"] = doc.valid_until.isoformat() if doc.valid_until else None
    doc.valid_until = until
    doc.save(update_fields=["valid_until"])
    log_publication("norms.document", doc.pk)  # the new end of validity is public
    _close_flags(doc, ctx.today, kind=ReviewFlag.Kind.VALIDITY_ENDING, decision=ReviewFlag.Decision.CONTINUE,
                 reason=ctx.comment, actor=ctx.actor)


def _close_flags(doc: NormativeDocument, day: dt.date, *, decision: str, reason: str, actor=None, kind=None) -> None:
    qs = doc.flags.filter(resolved_on__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    qs.update(resolved_on=day, decision=decision, reason=reason, resolved_by=actor)


def _end(case, ctx, *, field: str, day: dt.date, reason: str) -> None:
    doc = _doc(case)
    if doc.published_on and day < doc.published_on:
        raise ValidationError({field: [_("日期不能早于公布日期。")]})
    if day > ctx.today:
        raise ValidationError({field: [_("日期不能晚于今天。")]})
    setattr(doc, field, day)
    doc.end_reason = reason
    doc.to_amend = False
    doc.save(update_fields=[field, "end_reason", "to_amend"])
    _close_flags(doc, ctx.today, decision=ReviewFlag.Decision.CLOSED, reason=reason)
    if ctx.data.get("cleanup_id"):
        ctx.extra_event_data["cleanup_id"] = ctx.data["cleanup_id"]


def hook_repeal(case, ctx):
    _end(case, ctx, field="repealed_on", day=_date(ctx.data.get("repealed_on"), "repealed_on"), reason=ctx.comment)


def hook_declare_invalid(case, ctx):
    _end(case, ctx, field="expired_on", day=_date(ctx.data.get("expired_on"), "expired_on"), reason=ctx.comment)


def hook_expire(case, ctx):
    doc = _doc(case)
    day = doc.valid_until + dt.timedelta(days=1) if doc.valid_until else ctx.today
    _end(case, ctx, field="expired_on", day=min(day, ctx.today), reason=_("有效期届满。"))


def hook_superseded(case, ctx):
    new = NormativeDocument.objects.filter(pk=ctx.data.get("by")).first()
    day = (new.effective_on or new.published_on) if new else ctx.today
    _end(case, ctx, field="expired_on", day=min(day, ctx.today),
         reason=_("被%(doc)s修改替代。") % {"doc": str(new)} if new else ctx.comment)


def hook_abandon(case, ctx):
    _close_flags(_doc(case), ctx.today, decision=ReviewFlag.Decision.CLOSED, reason=ctx.comment)


# ---- receipt scan ---------------------------------------------------------------------------------------------
def norm_receipt_file_add(*, actor: User, document_id: int, filename: str, data: bytes,
                          today: dt.date | None = None) -> NormFile:
    """The scan of the supervising body's receipt (备案回执): PDF, JPEG, PNG or OFD."""
    today = today or sysclock.today()
    doc = NormativeDocument.objects.select_related("agency", "case").get(pk=document_id)
    _staff(actor, doc.agency, FILE_ROLES)
    if doc.state not in ("filed", "valid"):
        raise TransitionNotAllowed(_("报送备案后方可上传备案回执。"))
    try:
        checked = sniff_upload(data, filename)
    except ValidationError as e:
        raise ValidationError({"file": e.messages}) from None
    sha = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        row = NormFile(document=doc, kind=NormFile.Kind.RECEIPT, original_name=safe_filename(filename),
                       mime=checked.mime, size=len(data), sha256=sha, uploaded_by=actor, uploaded_on=today)
        row.file.save(f"{doc.case.number}-receipt-{sha[:12]}.{checked.extension}", ContentFile(data), save=False)
        row.save()
        _fire(doc.pk, "attach_receipt", actor, today=today, internal=True, data={"file_id": row.pk, "sha256": sha})
    return row


# ---- review flags -----------------------------------------------------------------------------------------------
def _flag(doc: NormativeDocument, *, kind: str, detail: str, today: dt.date, law=None, version=None, articles=(),
          valid_until=None) -> ReviewFlag | None:
    if doc.state not in LIVE_STATES:
        return None
    if version is not None and ReviewFlag.objects.filter(document=doc, law_version=version).exists():
        return None
    if kind == ReviewFlag.Kind.VALIDITY_ENDING and ReviewFlag.objects.filter(
            document=doc, kind=kind, valid_until=valid_until).exists():
        return None
    flag = ReviewFlag.objects.create(document=doc, kind=kind, law=law, law_version=version, articles=list(articles),
                                     valid_until=valid_until, detail=detail, raised_on=today)
    case_fire(case_id=doc.pk, transition="flag_raised", actor=None, today=today,
              data={"flag_id": flag.pk, "kind": kind, "detail": detail})
    return flag


def _law_flag_detail(law: Law, version: LawVersion, changed: list[int], whole: bool) -> str:
    if version.event == LawVersion.Event.REPEALED:
        return _("%(law)s已废止（%(label)s），本文件以其为制定依据，请评估。") % {"law": str(law), "label": version.label}
    if whole:
        return _("%(law)s（%(label)s）修改了%(articles)s；本文件引用该法全文，请评估。") % {
            "law": str(law), "label": version.label, "articles": articles_label(changed)}
    return _("%(law)s（%(label)s）修改了本文件引用的%(articles)s，请评估。") % {
        "law": str(law), "label": version.label, "articles": articles_label(changed)}


def flag_for_law_change(*, law: Law, version: LawVersion, articles: list[int], repealed: bool,
                        today: dt.date | None = None) -> list[ReviewFlag]:
    """Flag every live document citing ``law`` whose cited articles intersect the changed ones. A document citing
    the law as a whole (no articles) is flagged with all changed articles; a document citing only unchanged
    articles is not flagged; a repeal flags every citing document."""
    today = today or sysclock.today()
    out = []
    changed = set(articles or [])
    for c in Citation.objects.filter(law=law, document__state__in=LIVE_STATES).select_related("document"):
        if repealed:
            hit, kind = list(c.articles), ReviewFlag.Kind.LAW_REPEALED
        else:
            hit = sorted(changed) if not c.articles else sorted(changed & set(c.articles))
            kind = ReviewFlag.Kind.LAW_CHANGED
            if not hit:
                continue
        flag = _flag(c.document, kind=kind, law=law, version=version, articles=hit, today=today,
                     detail=_law_flag_detail(law, version, hit, whole=not c.articles))
        if flag:
            out.append(flag)
    return out


def on_law_changed(sender, law, version, articles, repealed, **kwargs):
    flag_for_law_change(law=law, version=version, articles=articles, repealed=repealed)


def flags_refresh(*, today: dt.date | None = None) -> dict:
    """What the daily run adds: documents in force whose validity ends within six months, and citations of a
    version superseded since by one changing the cited articles (documents registered or bases entered after the
    change). Idempotent."""
    today = today or sysclock.today()
    horizon = add_months(today, 6)
    validity = 0
    for doc in NormativeDocument.objects.filter(state__in=IN_FORCE, valid_until__isnull=False,
                                                valid_until__lte=horizon):
        detail = _("有效期至%(day)s，将于六个月内届满，请评估是否继续施行（继续施行的应延续有效期或重新公布）。") % {
            "day": f"{doc.valid_until.year}年{doc.valid_until.month}月{doc.valid_until.day}日"}
        if _flag(doc, kind=ReviewFlag.Kind.VALIDITY_ENDING, detail=detail, today=today, valid_until=doc.valid_until):
            validity += 1
    stale = 0
    for c in Citation.objects.filter(document__state__in=LIVE_STATES, version__isnull=False).select_related(
            "document", "law", "version"):
        newer = list(c.law.versions.filter(effective_on__lte=today, effective_on__gt=c.version.effective_on)
                     .order_by("effective_on", "id"))
        if not newer:
            continue
        latest = newer[-1]
        if any(v.event == LawVersion.Event.REPEALED for v in newer):
            hit, kind = list(c.articles), ReviewFlag.Kind.LAW_REPEALED
            latest = next(v for v in newer if v.event == LawVersion.Event.REPEALED)
        else:
            changed = {n for v in newer for n in v.changed_articles}
            hit = sorted(changed) if not c.articles else sorted(changed & set(c.articles))
            kind = ReviewFlag.Kind.LAW_CHANGED
            if not hit:
                continue
        if _flag(c.document, kind=kind, law=c.law, version=latest, articles=hit, today=today,
                 detail=_law_flag_detail(c.law, latest, hit, whole=not c.articles)):
            stale += 1
    return {"validity": validity, "law": stale}


def flag_resolve(*, actor: User, flag_id: int, decision: str, reason: str, valid_until=None,
                 today: dt.date | None = None) -> ReviewFlag:
    """The decision on a flag, with the reason: 继续有效 (for an ending validity: with the new end, by a leader),
    修改 (the document is marked to be amended), 废止 or 宣布失效 (by a leader; the document leaves force)."""
    today = today or sysclock.today()
    flag = ReviewFlag.objects.select_related("document__agency").get(pk=flag_id)
    doc = flag.document
    _staff(actor, doc.agency, FLAG_ROLES)
    if not flag.is_open:
        raise TransitionNotAllowed(_("该提示已经处理。"))
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if decision not in {ReviewFlag.Decision.CONTINUE, ReviewFlag.Decision.AMEND, ReviewFlag.Decision.REPEAL,
                        ReviewFlag.Decision.INVALIDATE}:
        errors["decision"] = [_("请选择处理决定。")]
    if not reason:
        errors["reason"] = [_("请填写理由。")]
    until = None
    validity_continue = decision == ReviewFlag.Decision.CONTINUE and flag.kind == ReviewFlag.Kind.VALIDITY_ENDING
    if validity_continue:
        try:
            until = _date(valid_until, "valid_until")
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    ending = decision in (ReviewFlag.Decision.REPEAL, ReviewFlag.Decision.INVALIDATE)
    if (ending or validity_continue) and not LEADER_ROLES.intersection(actor.roles):
        raise TransitionNotAllowed(_("废止、宣布失效或延续有效期，须由机关负责人决定。"))
    if ending and doc.state not in IN_FORCE:
        raise TransitionNotAllowed(_("未公布的文件不能废止或宣布失效；不再制定的，可以终止制定。"))
    with transaction.atomic():
        flag = ReviewFlag.objects.select_for_update().get(pk=flag.pk)
        if not flag.is_open:
            raise TransitionNotAllowed(_("该提示已经处理。"))
        flag.decision, flag.reason, flag.resolved_on, flag.resolved_by = decision, reason, today, actor
        flag.save(update_fields=["decision", "reason", "resolved_on", "resolved_by"])
        _fire(doc.pk, "flag_resolved", actor, today=today, internal=True, comment=reason,
              data={"flag_id": flag.pk, "decision": decision})
        if decision == ReviewFlag.Decision.AMEND:
            NormativeDocument.objects.filter(pk=doc.pk).update(to_amend=True)
        elif decision == ReviewFlag.Decision.REPEAL:
            _fire(doc.pk, "repeal", actor, today=today, comment=reason, data={"repealed_on": today.isoformat()})
        elif decision == ReviewFlag.Decision.INVALIDATE:
            _fire(doc.pk, "declare_invalid", actor, today=today, comment=reason, data={"expired_on": today.isoformat()})
        elif validity_continue:
            _fire(doc.pk, "extend_validity", actor, today=today, comment=reason,
                  data={"valid_until": until.isoformat()})
    flag.refresh_from_db()
    return flag


def norms_tick(*, today: dt.date | None = None) -> dict:
    """The daily run (``fazhi norms tick``): documents whose validity ended leave force (失效); then the flags."""
    today = today or sysclock.today()
    expired = []
    for doc in NormativeDocument.objects.filter(state__in=IN_FORCE, valid_until__lt=today).only("pk", "case_id"):
        try:
            case = case_fire(case_id=doc.pk, transition="expire", actor=None, today=today)
        except TransitionNotAllowed:
            continue
        expired.append(case.number)
    return {"expired": expired, **flags_refresh(today=today)}


# ---- clean-up campaigns -------------------------------------------------------------------------------------------
def cleanup_create(*, actor: User, title: str, year: int, scope_before, scope_note: str = "",
                   today: dt.date | None = None) -> Cleanup:
    """清理: every document of the agency in force published before ``scope_before`` gets an item to decide."""
    today = today or sysclock.today()
    if actor is None or actor.agency_id is None:
        raise PermissionDenied
    agency = actor.agency
    _staff(actor, agency, CLEANUP_ROLES)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("请填写清理名称。")]
    try:
        year = int(year)
        if year < 1980 or year > today.year + 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = [_("年度无效。")]
    try:
        scope_before = _date(scope_before, "scope_before")
    except ValidationError as e:
        errors.update(e.message_dict)
        scope_before = None
    docs = []
    if scope_before:
        docs = list(NormativeDocument.objects.filter(agency=agency, state__in=IN_FORCE, published_on__lt=scope_before)
                    .order_by("published_on", "pk"))
        if not docs:
            errors["scope_before"] = [_("清理范围内没有现行有效的规范性文件。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cleanup = Cleanup.objects.create(agency=agency, title=title[:200], year=year, scope_before=scope_before,
                                         scope_note=(scope_note or "").strip(), created_by=actor)
        CleanupItem.objects.bulk_create([CleanupItem(cleanup=cleanup, document=d) for d in docs])
    return cleanup


def cleanup_decide(*, actor: User, item_id: int, decision: str, reason: str) -> CleanupItem:
    item = CleanupItem.objects.select_related("cleanup__agency").get(pk=item_id)
    _staff(actor, item.cleanup.agency, CLEANUP_ROLES)
    errors: dict[str, list[str]] = {}
    if decision not in CleanupItem.Decision.values:
        errors["decision"] = [_("请选择清理意见。")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("请填写理由。")]
    with transaction.atomic():
        cleanup = Cleanup.objects.select_for_update().get(pk=item.cleanup_id)  # not while it is being published
        if cleanup.state != Cleanup.State.OPEN:
            raise TransitionNotAllowed(_("清理结果已经公布，不能再修改。"))
        if errors:
            raise ValidationError(errors)
        item.decision, item.reason, item.decided_by, item.decided_at = decision, reason, actor, timezone.now()
        item.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    return item


def cleanup_publish(*, actor: User, cleanup_id: int, today: dt.date | None = None) -> Cleanup:
    """The agency's head decides the clean-up: every decision is applied (废止 and 宣布失效 take effect today;
    修改 marks the document to be amended) and the results list becomes public."""
    today = today or sysclock.today()
    cleanup = Cleanup.objects.select_related("agency").get(pk=cleanup_id)
    _staff(actor, cleanup.agency, LEADER_ROLES)
    with transaction.atomic():
        cleanup = Cleanup.objects.select_for_update().select_related("agency").get(pk=cleanup_id)
        if cleanup.state != Cleanup.State.OPEN:
            raise TransitionNotAllowed(_("清理结果已经公布。"))
        items = list(cleanup.items.select_related("document"))
        undecided = [i for i in items if not i.decision]
        if undecided:
            raise ValidationError(_("还有%(n)s件文件没有清理意见。") % {"n": len(undecided)})
        for item in items:
            doc = item.document
            if doc.state not in IN_FORCE:
                continue
            comment = f"{cleanup.title}：{item.reason}"
            if item.decision == CleanupItem.Decision.REPEAL:
                _fire(doc.pk, "repeal", actor, today=today, comment=comment,
                      data={"repealed_on": today.isoformat(), "cleanup_id": cleanup.pk})
            elif item.decision == CleanupItem.Decision.INVALIDATE:
                _fire(doc.pk, "declare_invalid", actor, today=today, comment=comment,
                      data={"expired_on": today.isoformat(), "cleanup_id": cleanup.pk})
            else:
                if item.decision == CleanupItem.Decision.AMEND:
                    NormativeDocument.objects.filter(pk=doc.pk).update(to_amend=True)
                _fire(doc.pk, "cleanup_recorded", actor, today=today, comment=comment, internal=True,
                      data={"cleanup_id": cleanup.pk, "decision": item.decision})
        cleanup.state, cleanup.decided_on, cleanup.published_on = Cleanup.State.PUBLISHED, today, today
        cleanup.published_by = actor
        cleanup.save(update_fields=["state", "decided_on", "published_on", "published_by"])
    return cleanup
