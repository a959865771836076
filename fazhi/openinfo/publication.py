"""``openinfo.item``: a manual item of the 主动公开目录 (《政府信息公开条例》第二十条、第二十六条) as the public sees it —
the fields as last published (category, title, document number, summary, body, agency, the dates) and
``file_sha256`` of the attachment the public downloads. A republication after a change is a new version of the
entry; a withdrawal is logged as one. Registered from ``OpeninfoConfig.ready`` (as the other areas register
theirs, fazhi/tlog/publications)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.tlog.publications import as_int, body, file_sha256, register_kind

KIND = "openinfo.item"


def content(object_id: str) -> bytes | None:
    from fazhi.openinfo.models import CatalogueItem

    pk = as_int(object_id)
    item = (CatalogueItem.objects.filter(pk=pk, status=CatalogueItem.Status.PUBLISHED).first() if pk else None)
    if item is None or not item.published:
        return None
    return body({**item.published, "file_sha256": file_sha256(item.published_file)})


def published():
    from fazhi.openinfo.models import CatalogueItem

    return (str(pk) for pk in CatalogueItem.objects.filter(status=CatalogueItem.Status.PUBLISHED)
            .order_by("pk").values_list("pk", flat=True))


def page(object_id: str) -> str | None:
    pk = as_int(object_id)
    return reverse("openinfo:item", kwargs={"item_id": pk}) if pk else None


def register() -> None:
    register_kind(name=KIND, label=_("主动公开事项"), content=content, published=published, page=page)
