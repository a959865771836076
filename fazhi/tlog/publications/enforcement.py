"""``enforcement.decision``: a penalty decision made public (国办发〔2018〕118号: decisions with a certain social
impact, within 7 working days; withdrawn when annulled), as the public list shows it: the decision's document
number, the party (a natural person's name masked, 个人信息保护法), the violation, the penalty, the agency and the
date. Logged once the decision document is issued (its number is part of the publication)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.tlog.publications import as_int, body, day, register_kind

KIND = "enforcement.decision"


def _public():
    from fazhi.enforcement.models import PenaltyCase

    return PenaltyCase.objects.filter(case__published_on__isnull=False, publication_withdrawn_on__isnull=True)


def content(object_id: str) -> bytes | None:
    from fazhi.core.masking import mask_name
    from fazhi.enforcement.documents import _penalty_text
    from fazhi.process.models import CaseDocument

    pk = as_int(object_id)
    p = _public().filter(case_id=pk).select_related("case", "case__agency").first() if pk else None
    if p is None:
        return None
    case = p.case
    doc = CaseDocument.objects.filter(case_id=case.pk, kind="decision").order_by("-id").first()
    # The same values as fazhi.enforcement.selectors.published_decisions.
    return body({
        "number": case.number, "document_number": doc.number if doc else "", "agency": case.agency.name,
        "party": mask_name(case.party_name) if case.party_kind == "person" else case.party_name,
        "violation": (p.recommendation or {}).get("violation_title") or p.violation,
        "penalty": _penalty_text(p.decided_kinds, p.fine, p.confiscation),
        "decided_on": day(case.decided_on), "published_on": day(case.published_on),
    })


def published():
    return (str(pk) for pk in _public().order_by("case_id").values_list("case_id", flat=True))


def page(object_id: str) -> str | None:
    return reverse("enforcement:public_decisions")


def register() -> None:
    register_kind(name=KIND, label=_("行政处罚决定"), content=content, published=published, page=page)
