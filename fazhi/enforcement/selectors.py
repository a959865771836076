"""Reads of penalty cases: the public list of decisions (行政执法公示) and the staff list."""

from __future__ import annotations

from fazhi.core.masking import mask_name
from fazhi.enforcement.documents import _penalty_text
from fazhi.enforcement.models import PenaltyCase


def published_decisions(*, agency_code: str = "", year: int | None = None) -> list[dict]:
    """Decisions made public (国办发〔2018〕118号), newest first; withdrawn ones are left out. A natural person's
    name is masked (个人信息保护法); a unit's name is public."""
    qs = (PenaltyCase.objects.filter(case__published_on__isnull=False, publication_withdrawn_on__isnull=True)
          .select_related("case", "case__agency").order_by("-case__decided_on", "-id"))
    if agency_code:
        qs = qs.filter(case__agency__code=agency_code)
    if year:
        qs = qs.filter(case__decided_on__year=year)
    docs = {}
    rows = list(qs[:500])
    from fazhi.process.models import CaseDocument

    for d in CaseDocument.objects.filter(case_id__in=[p.case_id for p in rows], kind="decision").order_by("id"):
        docs[d.case_id] = d.number
    out = []
    for p in rows:
        case = p.case
        party = mask_name(case.party_name) if case.party_kind == "person" else case.party_name
        out.append({"case_id": case.pk, "number": case.number, "document_number": docs.get(case.pk, ""),
                    "agency": case.agency.name, "party": party,
                    "violation": (p.recommendation or {}).get("violation_title") or p.violation,
                    "penalty": _penalty_text(p.decided_kinds, p.fine, p.confiscation),
                    "decided_on": case.decided_on, "published_on": case.published_on})
    return out


def staff_cases(user, *, state: str = ""):
    qs = PenaltyCase.objects.filter(case__agency_id=user.agency_id).select_related("case").order_by("-case__received_on",
                                                                                                      "-id")
    if state:
        qs = qs.filter(case__state=state)
    return qs
