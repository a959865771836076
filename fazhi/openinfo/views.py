"""Pages of the 政府信息主动公开目录.

* ``/openinfo/``: the catalogue for everyone — categories as tabs, every item with its 发布日期 (and 更新日期 for a
  correction), its number, agency and a link to the page that publishes it; filters by year, agency and keyword.
* ``/openinfo/items/<id>/``: a manual item as last published (``/file/``: its attachment).
* ``/openinfo/staff/``: the agency's manual items with the 第二十六条 clock (yellow: due within 3 working days, red:
  overdue, in words too), and the automatic items that were published late (逾期公开); ``/openinfo/staff/new/``
  and ``/openinfo/staff/<id>/``: create, edit, publish, withdraw, and the item's history.

Another agency's item and a draft answer 404; bad input re-renders with the Chinese messages (400), nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, AuditEvent
from fazhi.core.web import error_messages, staff_gate
from fazhi.openinfo import categories, deadline, selectors, services
from fazhi.openinfo.access import ItemNotFound, access_item, may_manage, may_publish, public_item
from fazhi.openinfo.models import CatalogueItem

ITEM_FIELDS = ("category", "title", "document_number", "summary", "body", "made_on")


def _year(raw) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def filters(params) -> dict:
    """The catalogue's filters from a query string (unknown values are ignored, as a public page should)."""
    category = params.get("category") or ""
    agency_code = (params.get("agency") or "").strip()
    return {
        "category": category if categories.get(category) else None,
        "year": _year(params.get("year")),
        "agency": Agency.objects.filter(code=agency_code).first() if agency_code else None,
        "q": (params.get("q") or "").strip()[:100],
    }


@require_GET
def catalogue(request):
    f = filters(request.GET)
    rows = selectors.catalogue(**f)
    page = selectors.page_of(rows, request.GET.get("page"))
    query = {k: v for k, v in (("category", f["category"]), ("year", f["year"]),
                               ("agency", f["agency"].code if f["agency"] else None), ("q", f["q"])) if v}
    from django.utils.http import urlencode

    current = categories.get(f["category"]) if f["category"] else None
    return render(request, "openinfo/catalogue.html", {
        "page": page, "filters": f, "tabs": categories.TOP, "current": current,
        "current_top": categories.top_of(f["category"]) if f["category"] else "",
        "subtabs": categories.children(categories.top_of(f["category"])) if f["category"] else [],
        "query": urlencode(query), "query_nocat": urlencode({k: v for k, v in query.items() if k != "category"}),
        "agencies": Agency.objects.order_by("id"), "years": selectors.years(),
    })


@require_GET
def item(request, item_id: int):
    try:
        row = public_item(item_id)
    except ItemNotFound:
        raise Http404 from None
    return render(request, "openinfo/item.html", {"item": row, "p": row.published,
                                                  "category": categories.get(row.published.get("category"))})


@require_GET
def item_file(request, item_id: int):
    try:
        row = public_item(item_id)
    except ItemNotFound:
        raise Http404 from None
    if not row.published_file:
        raise Http404
    name = row.published.get("attachment") or "file"
    return FileResponse(row.published_file.open("rb"), as_attachment=True, filename=name)


# ---- staff ---------------------------------------------------------------------------------------------------------
@require_GET
def staff(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    today = sysclock.today()
    status = request.GET.get("status", "")
    items = list(selectors.staff_items(user.agency_id, status=status)[:500])
    rows = [(i, deadline.item_warning(i, today)) for i in items]
    return render(request, "openinfo/staff.html", {
        "rows": rows, "status": status, "statuses": CatalogueItem.Status.choices, "today": today,
        "late": selectors.late_publications(user.agency), "can_publish": may_publish(user),
        "overdue": sum(1 for _i, w in rows if w and w[1].level == "red"),
        "period": deadline.PERIOD_WORKDAYS,
    })


def _upload(request) -> tuple[str | None, bytes | None]:
    f = request.FILES.get("attachment")
    if f is None:
        return None, None
    return f.name, f.read()


@require_http_methods(["GET", "POST"])
def staff_new(request):
    denied = staff_gate(request)
    if denied:
        return denied
    errors: list[str] = []
    if request.method == "POST":
        filename, data = _upload(request)
        try:
            row = services.item_create(actor=request.user, filename=filename, data=data,
                                       **{k: request.POST.get(k, "") for k in ITEM_FIELDS})
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已登记：%(title)s") % {"title": row.title})
            return redirect("openinfo:staff_item", item_id=row.pk)
    return render(request, "openinfo/staff_item.html", {
        "item": None, "form": request.POST if errors else {"made_on": sysclock.today().isoformat()},
        "errors": errors, "choices": categories.CATEGORIES, "can_publish": False,
    }, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def staff_item(request, item_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    try:
        row = access_item(user, item_id)
    except ItemNotFound:
        raise Http404 from None
    errors: list[str] = []
    which = ""
    if request.method == "POST":
        which = request.POST.get("form", "")
        try:
            if which == "edit":
                filename, data = _upload(request)
                services.item_update(actor=user, item_id=row.pk, changed_on=request.POST.get("changed_on", ""),
                                     filename=filename, data=data,
                                     **{k: request.POST.get(k, "") for k in ITEM_FIELDS})
                done = _("已保存。")
            elif which == "publish":
                services.item_publish(actor=user, item_id=row.pk, published_on=request.POST.get("published_on", ""))
                done = _("已公开。")
            elif which == "withdraw":
                services.item_withdraw(actor=user, item_id=row.pk, reason=request.POST.get("reason", ""))
                done = _("已撤回。")
            else:
                raise Http404
        except ValidationError as e:
            errors = error_messages(e)
        except (PermissionDenied, ItemNotFound):
            raise Http404 from None
        else:
            messages.success(request, done)
            return redirect("openinfo:staff_item", item_id=row.pk)
        row.refresh_from_db()
    today = sysclock.today()
    form = request.POST if errors and which == "edit" else {
        **{k: getattr(row, k) for k in ITEM_FIELDS}, "made_on": row.made_on.isoformat(),
        "changed_on": row.changed_on.isoformat() if row.changed_on else ""}
    history = AuditEvent.objects.filter(object_type="openinfo.CatalogueItem", object_id=str(row.pk)).select_related(
        "actor").order_by("at", "id")
    return render(request, "openinfo/staff_item.html", {
        "item": row, "form": form, "errors": errors, "which": which, "choices": categories.CATEGORIES,
        "clock": deadline.item_warning(row, today), "today": today, "history": history,
        "can_publish": may_publish(user, row.agency_id), "can_edit": may_manage(user, row.agency_id),
        "late": row.published_on and row.published_due_on and row.published_on > row.published_due_on,
    }, status=400 if errors else 200)
