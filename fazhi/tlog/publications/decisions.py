"""``decisions.major``: a published major administrative decision (《重大行政决策程序暂行条例》第三十二条: decisions
are published, with how the public's and the experts' opinions were taken up), as the public list shows it: title,
category, agency, the decision and publication dates, the adopting meeting, the channel and document number, the
participation summary and the interpretation. Minutes and internal opinions stay internal and are not logged."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.i18n import zh
from fazhi.tlog.publications import as_int, body, day, register_kind

KIND = "decisions.major"


def _public():
    from fazhi.decisions.models import Decision
    from fazhi.decisions.process import CODE

    return Decision.objects.filter(case__kind=CODE, case__published_on__isnull=False)


def content(object_id: str) -> bytes | None:
    from fazhi.decisions.models import Category, Meeting, Step
    from fazhi.decisions.selectors import _last

    pk = as_int(object_id)
    d = (_public().filter(case_id=pk).select_related("case", "case__agency").prefetch_related("steps", "meetings")
         .first() if pk else None)
    if d is None:
        return None
    # The same values as fazhi.decisions.selectors.published_decisions, labels in Chinese.
    steps = list(d.steps.all())
    publication = _last(steps, Step.Kind.PUBLICATION)
    participation = _last(steps, Step.Kind.PARTICIPATION)
    expert = _last(steps, Step.Kind.EXPERT)
    adopted = [m for m in d.meetings.all() if m.outcome == Meeting.Outcome.ADOPTED]
    meeting = adopted[-1] if adopted else None
    pdata = publication.data if publication else {}
    taken = participation is not None and not participation.skipped
    return body({
        "number": d.case.number, "title": d.title, "category": zh(Category(d.category).label),
        "agency": d.case.agency.name, "decided_on": day(d.case.decided_on), "published_on": day(d.case.published_on),
        "meeting": (f"{zh(Meeting.Type(meeting.meeting_type).label)}（{meeting.meeting_date.isoformat()}）"
                    if meeting else ""),
        "channel": pdata.get("channel", ""), "document_number": pdata.get("document_number", ""),
        "interpretation": pdata.get("interpretation", ""),
        "participation": participation.data.get("summary", "") if taken else "",
        "comments_count": participation.data.get("comments_count") if taken else None,
        "expert_argument": bool(expert and not expert.skipped),
    })


def published():
    return (str(pk) for pk in _public().order_by("case_id").values_list("case_id", flat=True))


def page(object_id: str) -> str | None:
    return reverse("decisions:public")


def register() -> None:
    register_kind(name=KIND, label=_("重大行政决策"), content=content, published=published, page=page)
