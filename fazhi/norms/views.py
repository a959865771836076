"""Pages of normative documents.

Public (no login): the documents in force with the counts and the search box, the documents no longer in force,
the search, each document with its text and its official file, the clean-up results, the law registry.
Staff (``staff_gate``): the agency's documents with the drafting form, the registration of earlier documents,
the review flags and documents nearing their validity end, the clean-ups; a document's own page is the generic
case page with the norm panel (``panel_context``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency
from fazhi.core.web import error_messages, staff_gate
from fazhi.laws import selectors as law_selectors
from fazhi.laws import services as law_services
from fazhi.laws.models import Law, LawVersion
from fazhi.norms import selectors, services
from fazhi.norms.models import (
    Cleanup,
    CleanupItem,
    LegalityReview,
    NormativeDocument,
    NormFile,
    NormText,
    ReviewFlag,
)
from fazhi.norms.process import NORM
from fazhi.process.services import TransitionNotAllowed

CITATION_ROWS = 5


def _agency(request) -> Agency | None:
    return selectors.agency_by_code(request.GET.get("agency", ""))


def _upload(request, name: str = "file") -> tuple[str, bytes] | None:
    f = request.FILES.get(name)
    if f is None:
        return None
    return f.name, f.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1)


def _citations_from(post) -> list[dict]:
    laws, articles, notes = post.getlist("cite_law"), post.getlist("cite_articles"), post.getlist("cite_note")
    out = []
    for i, code in enumerate(laws):
        out.append({"law": code, "articles": articles[i] if i < len(articles) else "",
                    "note": notes[i] if i < len(notes) else ""})
    return out


def _citation_rows(values: list[dict]) -> list[dict]:
    rows = list(values) + [{"law": "", "articles": "", "note": ""}] * max(0, CITATION_ROWS - len(values))
    return rows[:max(CITATION_ROWS, len(values))]


# ---- public --------------------------------------------------------------------------------------------------
def index(request):
    agency = _agency(request)
    page = Paginator(selectors.public_documents(status="valid", agency=agency), 30).get_page(request.GET.get("page"))
    return render(request, "norms/index.html", {
        "page": page, "counts": selectors.counts(agency=agency), "agency": agency,
        "agencies": Agency.objects.filter(norms__isnull=False).distinct(), "cleanups": selectors.cleanups_public()[:5]})


def repealed(request):
    agency = _agency(request)
    page = Paginator(selectors.public_documents(status="invalid", agency=agency), 30).get_page(request.GET.get("page"))
    return render(request, "norms/repealed.html", {"page": page, "counts": selectors.counts(agency=agency),
                                                   "agency": agency})


def search_page(request):
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in selectors.STATUS_ENTRIES:
        status = ""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    found = selectors.public_search(q, status=status, agency=_agency(request), page=page) if q else None
    return render(request, "norms/search.html", {"q": q, "status": status, "found": found,
                                                 "statuses": [("", _("全部")), ("valid", _("有效")),
                                                              ("invalid", _("已废止、失效"))]})


def document(request, pk: int):
    doc = selectors.document_public(pk)
    if doc is None:
        raise Http404
    return render(request, "norms/document.html", {
        "doc": doc, "citations": services.citations_text(doc),
        "other_bases": [line for line in doc.other_bases.splitlines() if line.strip()],
        "text_file": doc.texts.order_by("-seq").first(), "replaced_by": doc.replaced_by.filter(
            state__in=selectors.PUBLIC_STATES).first()})


def document_file(request, pk: int):
    doc = selectors.document_public(pk)
    row = doc.texts.order_by("-seq").first() if doc else None
    if row is None:
        raise Http404
    name = f"{doc.number or doc.case_id}{doc.title}.{row.kind}"
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=name, content_type=row.mime)


def cleanups(request):
    return render(request, "norms/cleanups.html", {"cleanups": selectors.cleanups_public(agency=_agency(request))})


def cleanup(request, pk: int):
    c = selectors.cleanup_public(pk)
    if c is None:
        raise Http404
    items = list(c.items.select_related("document").order_by("document__published_on", "id"))
    return render(request, "norms/cleanup.html", {"cleanup": c, "items": items})


def laws(request):
    return render(request, "norms/laws.html", {"laws": law_selectors.laws_all()})


def law(request, code: str):
    found = law_selectors.law_by_code(code)
    if found is None:
        raise Http404
    user = request.user
    can_edit = user.is_authenticated and services.may(user, services.LAW_ROLES)
    return render(request, "norms/law.html", {"law": found, "versions": law_selectors.versions_with_articles(found),
                                              "can_edit": can_edit, "events": LawVersion.Event.choices})


# ---- staff -----------------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def staff(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    can_draft = services.may(user, services.DRAFT_ROLES)
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        if not can_draft:
            raise Http404
        try:
            doc = services.norm_create(
                actor=user, title=request.POST.get("title", ""),
                drafting_division=request.POST.get("drafting_division", ""),
                explanation=request.POST.get("explanation", ""), other_bases=request.POST.get("other_bases", ""),
                citations=_citations_from(request.POST), upload=_upload(request),
                replaces_id=int(request.POST["replaces"]) if request.POST.get("replaces", "").isdigit() else None)
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已创建：%(number)s") % {"number": doc.case.number})
            return redirect("portal:case", case_id=doc.pk)
    page = Paginator(selectors.staff_documents(user, state=request.GET.get("state", ""), q=request.GET.get("q", "")),
                     30).get_page(request.GET.get("page"))
    return render(request, "norms/staff.html", {
        "page": page, "can_draft": can_draft, "can_register": services.may(user, services.REGISTER_ROLES),
        "errors": errors, "form": form, "laws": Law.objects.order_by("kind", "title"),
        "citation_rows": _citation_rows(_citations_from(request.POST) if request.method == "POST" else []),
        "in_force": NormativeDocument.objects.filter(agency_id=user.agency_id, state__in=selectors.IN_FORCE)
        .order_by("-published_on"),
        "states": [(s.name, s.label) for s in NORM.states],
        "counts": selectors.counts(agency=user.agency), "flag_count": selectors.open_flags(user).count(),
    }, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def register(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    if not services.may(user, services.REGISTER_ROLES):
        raise Http404
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        p = request.POST
        try:
            doc = services.norm_register(
                actor=user, title=p.get("title", ""), number=p.get("number", ""),
                drafting_division=p.get("drafting_division", ""), published_on=p.get("published_on", ""),
                effective_on=p.get("effective_on") or None, valid_until=p.get("valid_until") or None,
                signed_on=p.get("signed_on") or None, filed_on=p.get("filed_on") or None,
                filing_bodies=p.get("filing_bodies", ""), receipt_number=p.get("receipt_number", ""),
                explanation=p.get("explanation", ""), other_bases=p.get("other_bases", ""),
                citations=_citations_from(p), upload=_upload(request))
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已补录：%(title)s") % {"title": str(doc)})
            return redirect("portal:case", case_id=doc.pk)
    return render(request, "norms/register.html", {
        "errors": errors, "form": form, "laws": Law.objects.order_by("kind", "title"),
        "citation_rows": _citation_rows(_citations_from(request.POST) if request.method == "POST" else [])},
        status=400 if errors else 200)


def _staff_doc(request, pk: int) -> NormativeDocument:
    doc = NormativeDocument.objects.select_related("agency", "case").filter(pk=pk).first()
    if doc is None or doc.agency_id != request.user.agency_id:
        raise Http404
    return doc


def _report(request, e: Exception) -> None:
    if isinstance(e, ValidationError):
        for m in error_messages(e):
            messages.error(request, m)
    elif isinstance(e, PermissionDenied):
        messages.error(request, _("您无权办理此项。"))
    else:
        messages.error(request, str(e))


@require_POST
def upload_text(request, pk: int):
    denied = staff_gate(request)
    if denied:
        return denied
    doc = _staff_doc(request, pk)
    upload = _upload(request)
    try:
        if upload is None:
            raise ValidationError(_("请选择正文文件（DOCX或PDF）。"))
        services.norm_text_upload(actor=request.user, document_id=doc.pk, filename=upload[0], data=upload[1])
    except (ValidationError, TransitionNotAllowed, PermissionDenied) as e:
        _report(request, e)
    else:
        doc.refresh_from_db()
        messages.success(request, _("正文已上传。") + (_("原合法性审核意见因正文变更而失效，须重新送审。")
                                                   if services.review_voided(doc) else ""))
    return redirect("portal:case", case_id=doc.pk)


@require_POST
def update_details(request, pk: int):
    denied = staff_gate(request)
    if denied:
        return denied
    doc = _staff_doc(request, pk)
    p = request.POST
    try:
        services.norm_update(actor=request.user, document_id=doc.pk, title=p.get("title"),
                             drafting_division=p.get("drafting_division"), explanation=p.get("explanation"),
                             other_bases=p.get("other_bases"), citations=_citations_from(p))
    except (ValidationError, TransitionNotAllowed, PermissionDenied) as e:
        _report(request, e)
    else:
        messages.success(request, _("文件信息已保存。"))
    return redirect("portal:case", case_id=doc.pk)


def text_version(request, pk: int, text_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    doc = _staff_doc(request, pk)
    row = NormText.objects.filter(pk=text_id, document=doc).first()
    if row is None:
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=f"{doc.case.number}-{row.seq}.{row.kind}",
                        content_type=row.mime)


@require_POST
def upload_receipt(request, pk: int):
    denied = staff_gate(request)
    if denied:
        return denied
    doc = _staff_doc(request, pk)
    upload = _upload(request)
    try:
        if upload is None:
            raise ValidationError(_("请选择备案回执文件。"))
        services.norm_receipt_file_add(actor=request.user, document_id=doc.pk, filename=upload[0], data=upload[1])
    except (ValidationError, TransitionNotAllowed, PermissionDenied) as e:
        _report(request, e)
    else:
        messages.success(request, _("备案回执已上传。"))
    return redirect("portal:case", case_id=doc.pk)


def receipt_file(request, file_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    row = NormFile.objects.select_related("document").filter(pk=file_id).first()
    if row is None or row.document.agency_id != request.user.agency_id:
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.original_name, content_type=row.mime)


def flags(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    today = sysclock.today()
    return render(request, "norms/flags.html", {
        "flags": list(selectors.open_flags(user)), "expiring": [(d, (d.valid_until - today).days)
                                                                for d in selectors.expiring(user, today)],
        "decisions": [c for c in ReviewFlag.Decision.choices if c[0] != ReviewFlag.Decision.CLOSED],
        "can_resolve": services.may(user, services.FLAG_ROLES), "today": today,
        "resolved": ReviewFlag.objects.filter(document__agency_id=user.agency_id, resolved_on__isnull=False)
        .select_related("document", "resolved_by").order_by("-resolved_on", "-id")[:30]})


@require_POST
def flag_resolve(request, flag_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    flag = ReviewFlag.objects.filter(pk=flag_id, document__agency_id=request.user.agency_id).first()
    if flag is None:
        raise Http404
    try:
        services.flag_resolve(actor=request.user, flag_id=flag.pk, decision=request.POST.get("decision", ""),
                              reason=request.POST.get("reason", ""),
                              valid_until=request.POST.get("valid_until") or None)
    except (ValidationError, TransitionNotAllowed, PermissionDenied) as e:
        _report(request, e)
    else:
        messages.success(request, _("已处理。"))
    return redirect(request.POST.get("next") if request.POST.get("next") == f"/cases/{flag.document_id}/"
                    else "norms:flags")


@require_http_methods(["GET", "POST"])
def staff_cleanups(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    can_create = services.may(user, services.CLEANUP_ROLES)
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        if not can_create:
            raise Http404
        try:
            c = services.cleanup_create(actor=user, title=request.POST.get("title", ""),
                                        year=request.POST.get("year", ""),
                                        scope_before=request.POST.get("scope_before", ""),
                                        scope_note=request.POST.get("scope_note", ""))
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("清理已创建，共%(n)s件文件。") % {"n": c.items.count()})
            return redirect("norms:staff_cleanup", pk=c.pk)
    rows = Cleanup.objects.filter(agency_id=user.agency_id).order_by("-year", "-id")
    return render(request, "norms/staff_cleanups.html", {"cleanups": rows, "can_create": can_create,
                                                         "errors": errors, "form": form,
                                                         "year": sysclock.today().year},
                  status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def staff_cleanup(request, pk: int):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    c = Cleanup.objects.filter(pk=pk, agency_id=user.agency_id).first()
    if c is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                services.cleanup_publish(actor=user, cleanup_id=c.pk)
                messages.success(request, _("清理结果已公布，清理意见已执行。"))
            else:
                item = CleanupItem.objects.filter(pk=request.POST.get("item", "0") or 0, cleanup=c).first()
                if item is None:
                    raise Http404
                services.cleanup_decide(actor=user, item_id=item.pk, decision=request.POST.get("decision", ""),
                                        reason=request.POST.get("reason", ""))
                messages.success(request, _("清理意见已保存。"))
        except (ValidationError, TransitionNotAllowed, PermissionDenied) as e:
            _report(request, e)
        return redirect("norms:staff_cleanup", pk=c.pk)
    items = list(c.items.select_related("document").order_by("document__published_on", "id"))
    return render(request, "norms/staff_cleanup.html", {
        "cleanup": c, "items": items, "decisions": CleanupItem.Decision.choices,
        "can_decide": c.state == Cleanup.State.OPEN and services.may(user, services.CLEANUP_ROLES),
        "can_publish": c.state == Cleanup.State.OPEN and services.may(user, services.LEADER_ROLES),
        "undecided": sum(1 for i in items if not i.decision)})


@require_POST
def law_version_add(request, code: str):
    denied = staff_gate(request)
    if denied:
        return denied
    if not services.may(request.user, services.LAW_ROLES):
        raise Http404
    found = law_selectors.law_by_code(code)
    if found is None:
        raise Http404
    p = request.POST
    articles: dict[int, str] = {}
    try:
        for line in p.get("articles", "").splitlines():
            if not line.strip():
                continue
            head, sep, text = line.partition("|")
            if not sep:
                raise ValidationError(_("条文每行写作“条号|条文”，如“24|档案馆和机关……”。"))
            articles[services.parse_articles(head)[0]] = text.strip()
        version = law_services.law_version_add(
            law=found, event=p.get("event", ""), label=p.get("label", ""),
            promulgated_on=_parse_day(p.get("promulgated_on"), "promulgated_on"),
            effective_on=_parse_day(p.get("effective_on"), "effective_on"),
            articles=None if p.get("event") == LawVersion.Event.REPEALED else articles,
            document_number=p.get("document_number", ""), note=p.get("note", ""), partial=p.get("partial") == "1")
    except (ValidationError, IndexError) as e:
        _report(request, e if isinstance(e, ValidationError) else ValidationError(_("条号无效。")))
    else:
        n = ReviewFlag.objects.filter(law_version=version).count()
        messages.success(request, _("已添加版本“%(label)s”，变动条文%(changed)s；%(n)s件规范性文件被提示评估。") % {
            "label": version.label, "changed": len(version.changed_articles), "n": n})
    return redirect("norms:law", code=found.code)


def _parse_day(raw, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise ValidationError({field: [_("日期格式应为YYYY-MM-DD。")]}) from None


# ---- the panel on the case page -------------------------------------------------------------------------------------
def panel_context(case, user) -> dict:
    """What the generic case page shows of a normative document (fazhi/portal/views.case_page)."""
    doc = NormativeDocument.objects.select_related("agency", "replaces", "signer").get(pk=case.pk)
    drafter = services.may(user, services.DRAFT_ROLES, doc.agency_id)
    citations = list(doc.citations.select_related("law", "version"))
    return {
        "doc": doc, "citations": services.citations_text(doc),
        "citation_rows": _citation_rows([{"law": c.law.code, "articles": "、".join(str(n) for n in c.articles),
                                          "note": c.note} for c in citations]),
        "laws": Law.objects.order_by("kind", "title"),
        "texts": list(doc.texts.order_by("-seq")), "reviews": list(doc.reviews.select_related("reviewer")),
        "standing": services.review_standing(doc), "voided": services.review_voided(doc),
        "flags": list(doc.flags.select_related("law", "law_version").order_by("resolved_on", "-raised_on")),
        "receipts": list(doc.files.all()), "opinions": LegalityReview.Opinion,
        "can_upload_text": drafter and doc.state in ("draft", "reviewed"),
        "can_edit": drafter and doc.state == "draft",
        "can_upload_receipt": (services.may(user, services.FILE_ROLES, doc.agency_id)
                               and doc.state in ("filed", "valid")),
        "can_resolve": services.may(user, services.FLAG_ROLES, doc.agency_id),
        "decisions": [c for c in ReviewFlag.Decision.choices if c[0] != ReviewFlag.Decision.CLOSED],
        "missing": services.ready_for_review(doc) if doc.state == "draft" else [],
    }
