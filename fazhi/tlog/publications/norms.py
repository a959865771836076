"""``norms.document``: a normative document (行政规范性文件) once published (国办发〔2018〕37号: an unpublished
normative document cannot be a basis of administration) or registered as published (补录), and again at each change
of its public status (废止, 宣布失效, 有效期届满失效, 被修改替代) or of its validity (延续有效期): a new version that
supersedes the previous one. The filing with the supervising body is not part of the publication."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.tlog.publications import as_int, body, day, file_sha256, register_kind

KIND = "norms.document"


def content(object_id: str) -> bytes | None:
    from fazhi.core.i18n import zh
    from fazhi.norms.models import PUBLIC_STATES, NormativeDocument, PublicStatus

    pk = as_int(object_id)
    doc = (NormativeDocument.objects.filter(pk=pk, state__in=PUBLIC_STATES).select_related("agency").first()
           if pk else None)
    if doc is None or doc.published_on is None:
        return None
    text = doc.texts.order_by("-seq").first()
    return body({
        "title": doc.title, "number": doc.number, "issuer": doc.issuer, "agency": doc.agency.name,
        "status": zh(PublicStatus(doc.public_status).label), "published_on": day(doc.published_on),
        "effective_on": day(doc.effective_on), "valid_until": day(doc.valid_until),
        "repealed_on": day(doc.repealed_on), "expired_on": day(doc.expired_on), "end_reason": doc.end_reason,
        "replaces": doc.replaces_id, "file_sha256": file_sha256(text.file) if text else None,
    })


def published():
    from fazhi.norms.models import PUBLIC_STATES, NormativeDocument

    return (str(pk) for pk in NormativeDocument.objects.filter(state__in=PUBLIC_STATES, published_on__isnull=False)
            .order_by("pk").values_list("pk", flat=True))


def page(object_id: str) -> str | None:
    pk = as_int(object_id)
    return reverse("norms:document", kwargs={"pk": pk}) if pk else None


def register() -> None:
    register_kind(name=KIND, label=_("规范性文件"), content=content, published=published, page=page)
