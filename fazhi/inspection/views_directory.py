"""Pages of the two directories (两库): the lists with their filters, import (upload → batch page with its
progress bar and error report), export and the import templates.

Staff only: anonymous visitors go to the login page; public accounts and the three administrators get 404,
like every staff page. Importing is for section heads and enforcement officers (others: 404).

An upload of at most ``sync_max_bytes()`` (256 KB by default, a few thousand rows) is imported during the
request; a larger one in a background thread (its own database connection, closed when it ends) while the
batch page refreshes itself every second."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import clock
from fazhi.core.models import Agency
from fazhi.core.web import error_messages, staff_gate
from fazhi.inspection.directory import (
    CONFLICT_COLUMNS,
    CONFLICT_SHEET_NAMES,
    ENTITIES,
    OFFICERS,
    PAGE_SIZE,
    batch_stalled,
    batch_visible_to,
    can_write_directory,
    certificate_state,
    columns_for,
    entities_filtered,
    errors_xlsx,
    export_entities,
    export_officers,
    import_in_background,
    import_open,
    import_run,
    import_start,
    officer_agency_scope,
    officers_filtered,
    sync_max_bytes,
    template_xlsx,
)
from fazhi.inspection.models import Conflict, Entity, ImportBatch, Officer

# A 回避单位 cell (two valid codes): what the import page shows as the format's example.
CONFLICT_EXAMPLE = "91230100MA1B2C3D8M:配偶任该单位法定代表人; 12230000000000019F:曾在该单位任职"
SHOWN_ERRORS = 500  # on the page; the downloadable report has them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"




def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _stamp() -> str:
    return clock.today().strftime("%Y%m%d")


def _entity_filters(request) -> dict:
    g = request.GET
    return {"region": g.get("region", "").strip(), "kind": g.get("kind", ""), "risk": g.get("risk", ""),
            "active": g.get("active", ""), "q": g.get("q", "").strip()}


def _officer_filters(request) -> dict:
    g = request.GET
    return {"agency": g.get("agency", ""), "status": g.get("status", ""), "q": g.get("q", "").strip(),
            "valid_on": clock.today() if g.get("valid") == "1" else None}


# ---- entities ------------------------------------------------------------------------------------------
@require_GET
def entities(request):
    denied = staff_gate(request)
    if denied:
        return denied
    filters = _entity_filters(request)
    errors: list[str] = []
    try:
        qs = entities_filtered(**filters)
    except ValidationError as e:
        errors = error_messages(e)
        qs = Entity.objects.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspection/directory_entities.html", {
        "page": page, "filters": filters, "errors": errors, "kinds": Entity.Kind.choices,
        "risks": Entity.Risk.choices, "can_write": can_write_directory(request.user),
    }, status=400 if errors else 200)


@require_GET
def entities_export(request):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        qs = entities_filtered(**_entity_filters(request))
    except ValidationError as e:
        return HttpResponse(_("；").join(error_messages(e)), status=400, content_type="text/plain; charset=utf-8")
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export_entities(out, queryset=qs, actor=request.user)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"检查对象名录库-{_stamp()}.xlsx", content_type=XLSX)


# ---- officers ------------------------------------------------------------------------------------------
@require_GET
def officers(request):
    denied = staff_gate(request)
    if denied:
        return denied
    filters = _officer_filters(request)
    errors: list[str] = []
    try:
        qs = officers_filtered(**filters)
    except ValidationError as e:
        errors = error_messages(e)
        qs = Officer.objects.none()
    qs = qs.prefetch_related(
        Prefetch("conflicts", queryset=Conflict.objects.select_related("entity").order_by("entity__uscc")))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    rows = [(o, certificate_state(o, today)) for o in page]
    return render(request, "inspection/directory_officers.html", {
        "page": page, "rows": rows, "filters": filters, "errors": errors, "today": today,
        "agencies": Agency.objects.order_by("id"), "statuses": Officer.Status.choices,
        "can_write": can_write_directory(request.user),
    }, status=400 if errors else 200)


@require_GET
def officers_export(request):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        qs = officers_filtered(**_officer_filters(request))
    except ValidationError as e:
        return HttpResponse(_("；").join(error_messages(e)), status=400, content_type="text/plain; charset=utf-8")
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export_officers(out, queryset=qs, actor=request.user)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"执法检查人员名录库-{_stamp()}.xlsx", content_type=XLSX)


# ---- import --------------------------------------------------------------------------------------------
def _import_page(request, kind: str):
    denied = staff_gate(request)
    if denied:
        return denied
    if not can_write_directory(request.user):
        raise Http404
    label = ImportBatch.Kind(kind).label
    if request.method == "GET" and request.GET.get("template"):
        return _xlsx(template_xlsx(kind), f"{label}导入模板.xlsx")
    scope = Agency.objects.filter(pk__in=officer_agency_scope(request.user)).order_by("id")
    errors: list[str] = []
    if request.method == "POST":
        agency = request.user.agency
        if kind == OFFICERS and request.POST.get("agency"):
            agency = scope.filter(code=request.POST["agency"]).first()
            if agency is None:
                errors.append(_("不能导入其他机关的执法人员。"))
        upload = request.FILES.get("file")
        limit = settings.FAZHI_UPLOAD_MAX_BYTES
        if upload is None:
            errors.append(_("请选择要导入的文件。"))
        elif not errors:
            content = upload.read(limit + 1)
            if len(content) > limit:
                errors.append(_("文件超过%(mb)d MB，请拆分后导入，或由管理员使用 fazhi directory import 命令导入。")
                              % {"mb": limit // (1024 * 1024)})
            else:
                try:
                    prepared = import_open(kind, upload.name, content)
                except ValidationError as e:
                    errors.extend(error_messages(e))
                else:
                    batch = import_start(prepared, actor=request.user, agency=agency)
                    allowed = officer_agency_scope(request.user) if kind == OFFICERS else None
                    if len(content) <= sync_max_bytes():
                        import_run(batch, prepared, allowed_agency_ids=allowed)
                    else:
                        import_in_background(batch, prepared, allowed_agency_ids=allowed)
                    return redirect("inspection:import_batch", batch_id=batch.pk)
    recent = ImportBatch.objects.filter(kind=kind, agency_id=request.user.agency_id)[:10]
    return render(request, "inspection/directory_import.html", {
        "kind": kind, "label": label, "columns": columns_for(kind),
        "conflict_columns": CONFLICT_COLUMNS if kind == OFFICERS else (),
        "conflict_sheet": CONFLICT_SHEET_NAMES[0], "conflicts_column": "回避单位", "conflict_example": CONFLICT_EXAMPLE,
        "errors": errors, "recent": recent, "scope": scope,
        "max_mb": settings.FAZHI_UPLOAD_MAX_BYTES // (1024 * 1024),
    }, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def entity_import(request):
    return _import_page(request, ENTITIES)


@require_http_methods(["GET", "POST"])
def officer_import(request):
    return _import_page(request, OFFICERS)


@require_GET
def import_batch(request, batch_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    batch = ImportBatch.objects.filter(pk=batch_id).select_related("uploaded_by", "agency").first()
    if batch is None or not batch_visible_to(batch, request.user):
        raise Http404
    if request.GET.get("download") == "errors":
        return _xlsx(errors_xlsx(batch), f"导入错误报告-{batch.pk}.xlsx")
    running = batch.status == ImportBatch.Status.RUNNING
    stalled = batch_stalled(batch)
    response = render(request, "inspection/directory_batch.html", {
        "batch": batch, "running": running and not stalled, "stalled": stalled,
        "with_sheet": any(e.get("sheet") for e in batch.errors), "shown_errors": batch.errors[:SHOWN_ERRORS],
        "list_url": reverse("inspection:entities" if batch.kind == ENTITIES else "inspection:officers"),
        "import_url": reverse("inspection:entity_import" if batch.kind == ENTITIES else "inspection:officer_import"),
    })
    if running and not stalled:
        response["Refresh"] = "1"
        response["Cache-Control"] = "no-store"
    return response
