"""Pages of penalty cases: the staff list with registration and the summary procedure, the evidence form (the
case itself is the generic case page with the penalty panel), record and evidence downloads, and the public
list of published decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency
from fazhi.core.web import error_messages, staff_gate
from fazhi.discretion.selectors import violation_choices
from fazhi.enforcement import selectors, services
from fazhi.enforcement.models import Evidence, PenaltyCase
from fazhi.process.access import CaseNotFound, access_case_by_id
from fazhi.process.services import TransitionNotAllowed

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _party(post) -> dict:
    return {"name": post.get("party_name", ""), "id_number": post.get("party_id_number", ""),
            "address": post.get("party_address", ""), "phone": post.get("party_phone", "")}


@require_http_methods(["GET", "POST"])
def cases(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    can_register = bool(services.REGISTER_ROLES.intersection(user.roles or []))
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        if not can_register:
            raise Http404
        try:
            if request.POST.get("procedure") == "summary":
                case = services.penalty_summary(
                    actor=user, party=_party(request.POST), party_type=request.POST.get("party_type", ""),
                    officers=request.POST.get("officers", "").replace("，", ",").replace(",", "\n").splitlines(),
                    violation=request.POST.get("violation", ""), violation_date=request.POST.get("violation_date", ""),
                    facts=request.POST.get("facts", ""), kind=request.POST.get("kind", ""),
                    fine=request.POST.get("fine", ""))
            else:
                case = services.penalty_register(
                    actor=user, source=request.POST.get("source", ""),
                    source_detail=request.POST.get("source_detail", ""), party=_party(request.POST),
                    party_type=request.POST.get("party_type", ""))
        except (ValidationError, TransitionNotAllowed) as e:
            errors = error_messages(e) if isinstance(e, ValidationError) else [str(e)]
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已登记：%(number)s") % {"number": case.number})
            return redirect("portal:case", case_id=case.pk)
    page = Paginator(selectors.staff_cases(user, state=request.GET.get("state", "")), 30).get_page(
        request.GET.get("page"))
    return render(request, "enforcement/cases.html", {
        "page": page, "can_register": can_register, "errors": errors, "form": form,
        "sources": PenaltyCase.Source.choices, "party_types": PenaltyCase.PartyType.choices,
        "violations": violation_choices(),
        "today": sysclock.today().isoformat(),
    }, status=400 if errors else 200)


def _penalty_case(request, case_id: int):
    denied = staff_gate(request)
    if denied:
        return None, denied
    try:
        case = access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise Http404 from None
    if case.kind != "penalty":
        raise Http404
    return case, None


@require_POST
def evidence_add(request, case_id: int):
    case, denied = _penalty_case(request, case_id)
    if denied:
        return denied
    upload = request.FILES.get("file")
    try:
        services.evidence_add(
            case_id=case.pk, actor=request.user, kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""), recorded_on=request.POST.get("recorded_on", ""),
            place=request.POST.get("place", ""), content=request.POST.get("content", ""),
            officers=request.POST.get("officers", "").replace("，", ",").replace(",", "\n").splitlines(),
            upload=(upload.name, upload.read(services.MAX_EVIDENCE_BYTES + 1)) if upload else None)
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    except TransitionNotAllowed as e:
        messages.error(request, str(e))
    except PermissionDenied:
        messages.error(request, _("只有本机关的执法人员或科室负责人可以记录证据。"))
    else:
        messages.success(request, _("证据已记录。"))
    return redirect("portal:case", case_id=case.pk)


def _evidence(request, evidence_id: int) -> tuple[Evidence | None, HttpResponse | None]:
    denied = staff_gate(request)
    if denied:
        return None, denied
    ev = Evidence.objects.select_related("penalty__case").filter(pk=evidence_id).first()
    if ev is None:
        raise Http404
    try:
        access_case_by_id(request.user, ev.penalty.case_id)
    except CaseNotFound:
        raise Http404 from None
    return ev, None


def evidence_file(request, evidence_id: int):
    ev, denied = _evidence(request, evidence_id)
    if denied:
        return denied
    if not ev.file:
        raise Http404
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.original_name, content_type=ev.mime)


def evidence_record(request, evidence_id: int):
    """询问笔录 / 现场检查笔录 as DOCX, to print, read to the person and sign."""
    from fazhi.documents.render import render_docx
    from fazhi.enforcement.documents import record_document

    ev, denied = _evidence(request, evidence_id)
    if denied:
        return denied
    if ev.kind not in services.RECORD_KINDS:
        raise Http404
    data = render_docx(record_document(ev))
    resp = HttpResponse(data, content_type=DOCX)
    resp["Content-Disposition"] = f'attachment; filename="{ev.penalty.case.number}-record-{ev.pk}.docx"'
    return resp


def record_template(request, case_id: int, kind: str):
    """A blank 询问笔录 / 现场检查笔录 for the case, to fill in by hand at the interview or the site and record
    afterwards (行政处罚法第五十五条)."""
    from fazhi.documents.render import render_docx
    from fazhi.enforcement.documents import record_document

    case, denied = _penalty_case(request, case_id)
    if denied:
        return denied
    if kind not in services.RECORD_KINDS:
        raise Http404
    penalty = case.penalty
    lines = "\n".join(["问：", "答："] * 8) if kind == Evidence.Kind.INQUIRY else "\n".join(
        ["检查情况：", "", "", "", "现场发现的问题：", "", "", ""])
    blank = Evidence(penalty=penalty, kind=kind, title=Evidence.Kind(kind).label, recorded_on=sysclock.today(),
                     place="", content=lines, officers=penalty.investigators)
    data = render_docx(record_document(blank))
    resp = HttpResponse(data, content_type=DOCX)
    resp["Content-Disposition"] = f'attachment; filename="{case.number}-{kind}-template.docx"'
    return resp


def public_decisions(request):
    year = request.GET.get("year", "")
    agency = request.GET.get("agency", "")
    rows = selectors.published_decisions(agency_code=agency, year=int(year) if year.isdigit() else None)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "enforcement/public_decisions.html", {
        "page": page, "agencies": Agency.objects.all(), "agency": agency, "year": year})


def panel_context(case, user=None) -> dict:
    """What the generic case page shows of a penalty case (fazhi/portal/views.case_page)."""
    penalty = case.penalty
    return {"penalty": penalty, "evidence": list(penalty.evidence.all()), "evidence_kinds": Evidence.Kind.choices,
            "record_kinds": [k.value for k in services.RECORD_KINDS]}
