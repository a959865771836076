"""``licensing.decision``: a licensing decision on the public list (/publicity/), published on the day it is made
(国办发〔2018〕118号: within 7 working days), the applicant's name masked when a natural person (个人信息保护法)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.tlog.publications import as_int, body, day, register_kind

KIND = "licensing.decision"
DECISIONS = {"grant": "准予许可", "deny": "不予许可"}  # the publicity list's words (portal/views.publicity)


def content(object_id: str) -> bytes | None:
    from fazhi.core.masking import mask_party
    from fazhi.licensing.models import Application
    from fazhi.process.models import Case

    pk = as_int(object_id)
    app = (Application.objects.filter(case_id=pk, case__published_on__isnull=False)
           .select_related("case", "case__agency", "item").first()) if pk else None
    if app is None:
        return None
    case = app.case
    return body({
        "number": case.number, "item": app.item.name, "agency": case.agency.name,
        "party": mask_party(case.party_name, case.party_kind == Case.PartyKind.PERSON),
        "decision": DECISIONS.get(app.decision, "不予许可"), "decided_on": day(case.decided_on),
        "published_on": day(case.published_on),
    })


def published():
    from fazhi.licensing.models import Application

    return (str(pk) for pk in Application.objects.filter(case__published_on__isnull=False)
            .order_by("case_id").values_list("case_id", flat=True))


def page(object_id: str) -> str | None:
    return reverse("portal:publicity")


def register() -> None:
    register_kind(name=KIND, label=_("行政许可决定"), content=content, published=published, page=page)
