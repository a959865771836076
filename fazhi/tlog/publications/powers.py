"""``powers.list``: a published edition of an agency's 权力清单、责任清单 (中办发〔2015〕21号《关于推行地方各级政府
工作部门权力清单制度的指导意见》: the lists are made public). A published edition is frozen (the next one is a new
version), so its content is what it says: the edition's data and every power as stored — code, name, category, legal
basis and citations, division and posts, responsibilities and accountability, channels, rights and remedies, the
stated time limit and steps, and the risk points with their controls."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from fazhi.tlog.publications import as_int, body, day, register_kind

KIND = "powers.list"


def _power(p) -> dict:
    return {
        "code": p.code, "name": p.name, "category": p.category, "legal_basis": p.legal_basis,
        "citations": [{"law": c.law.code, "articles": list(c.articles or []), "note": c.note}
                      for c in p.citations.all()],
        "division": p.division, "posts": list(p.posts or []), "responsibilities": list(p.responsibilities or []),
        "accountability": list(p.accountability or []), "accountability_basis": p.accountability_basis,
        "channels": p.channels, "rights_obligations": p.rights_obligations, "remedies": p.remedies,
        "process_code": p.process_code, "item": p.item.code if p.item_id else "",
        "time_limit_text": p.time_limit_text, "steps": list(p.steps or []),
        "risk_points": [{"post": r.post, "description": r.description, "level": r.level,
                         "controls": list(r.controls or [])} for r in p.risk_points.all()],
    }


def content(object_id: str) -> bytes | None:
    from fazhi.powers.models import PowerListVersion
    from fazhi.powers.selectors import powers_of

    pk = as_int(object_id)
    v = (PowerListVersion.objects.filter(pk=pk, status=PowerListVersion.Status.PUBLISHED).select_related("agency")
         .first() if pk else None)
    if v is None:
        return None
    return body({
        "agency": v.agency.name, "number": v.number, "label": v.label, "effective_on": day(v.effective_on),
        "published_on": day(v.published_on), "note": v.note,
        "powers": [_power(p) for p in powers_of(v).order_by("order", "code")],
    })


def published():
    from fazhi.powers.models import PowerListVersion

    return (str(pk) for pk in PowerListVersion.objects.filter(status=PowerListVersion.Status.PUBLISHED)
            .order_by("pk").values_list("pk", flat=True))


def page(object_id: str) -> str | None:
    from fazhi.powers.models import PowerListVersion

    v = PowerListVersion.objects.filter(pk=as_int(object_id)).select_related("agency").first()
    if v is None:
        return None
    return f"{reverse('powers:index')}?{urlencode({'agency': v.agency.code, 'version': v.number})}"


def register() -> None:
    register_kind(name=KIND, label=_("权力清单和责任清单"), content=content, published=published, page=page)
