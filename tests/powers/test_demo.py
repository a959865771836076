"""Done when: every power of the demo agency has a list entry, and the licensing entries' flowcharts and time
limits are the ones the running process uses. Nothing in the data is changed: the figures on the power pages are
compared with the process definitions' ClockSpecs, with the service guide's, and the SVG with flowchart_svg."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from fazhi.core.demo.load import demo_load
from fazhi.core.models import Agency, AuditEvent
from fazhi.licensing.models import Item
from fazhi.licensing.selectors import item_guide
from fazhi.powers import selectors
from fazhi.powers.models import Power, PowerListVersion
from fazhi.process.definition import duration_text, get_definition
from fazhi.process.flowchart import flowchart_svg

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    return Agency.objects.get(code="hlj")


def _clocks(code: str) -> list[dict]:
    out = []
    for c in get_definition(code).clocks:
        out.append({"budget": c.budget, "unit": c.unit, "legal_basis": c.legal_basis})
        if c.max_extension:
            out.append({"budget": c.max_extension, "unit": c.unit, "legal_basis": c.extension_basis})
    return out


def _figures(limits: list[dict]) -> list[dict]:
    return [{k: t[k] for k in ("budget", "unit", "legal_basis")} for t in limits]


def test_every_power_of_the_demo_agency_has_an_entry(demo, monkeypatch):
    current = selectors.current_version(demo)
    assert current.label == "2026年版" and current.number == 2
    powers = list(current.powers.all())
    # every licensing item the system runs for the bureau
    items = Item.objects.filter(agency=demo, active=True)
    assert items.count() == 3
    for item in items:
        entry = [p for p in powers if p.item_id == item.pk]
        assert len(entry) == 1 and entry[0].category == Power.Category.LICENSING
        assert entry[0].process_code == item.process_code == "licensing"
    # the penalty and inspection processes
    assert {p.category for p in powers if p.process_code == "penalty"} == {Power.Category.PENALTY}
    assert {p.category for p in powers if p.process_code == "inspection"} == {Power.Category.INSPECTION}
    assert selectors.coverage(demo, current) == {"items": [], "processes": []}
    # the other kinds an archives bureau lists; every entry has citations and 2–4 risk points
    assert {p.category for p in powers} >= {"licensing", "penalty", "inspection", "reward", "other"}
    for p in powers:
        assert p.citations.exists(), p.code
        assert 2 <= p.risk_points.count() <= 4, p.code
        assert all(r.post in p.posts for r in p.risk_points.all())
    # the earlier edition stays as history; loading again changes nothing
    assert list(PowerListVersion.objects.filter(agency=demo).values_list("number", "status")) == [
        (2, "published"), (1, "published")]
    n = (Power.objects.count(), AuditEvent.objects.filter(action__startswith="powers.").count())
    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    assert n == (Power.objects.count(), AuditEvent.objects.filter(action__startswith="powers.").count())


def test_time_limits_are_the_process_clocks_and_the_guides(demo):
    current = selectors.current_version(demo)
    for p in selectors.powers_of(current):
        view = selectors.power_view(p)
        if p.item_id:
            assert _figures(view["time_limits"]) == _clocks(p.item.process_code)
            assert view["time_limits"] == item_guide(p.item)["time_limits"]  # the guide's figures, label for label
        elif p.process_code:
            assert _figures(view["time_limits"]) == _clocks(p.process_code)
        else:
            assert view["time_limits"] == [] and view["time_limit_text"]
    penalty = next(p for p in current.powers.all() if p.process_code == "penalty")
    figures = [(t["budget"], t["unit"]) for t in selectors.power_view(penalty)["time_limits"]]
    assert figures == [(15, "workday"), (90, "calendar"), (5, "workday"), (7, "workday"), (15, "calendar")]


def _between(html: str, start: str, end: str) -> str:
    i = html.index(start)
    return html[i:html.index(end, i)]


def test_power_pages_show_the_guides_time_limits_and_the_process_flowchart(demo):
    c = Client()
    current = selectors.current_version(demo)
    with translation.override("zh-hans"):
        for p in current.powers.select_related("item"):
            html = c.get(f"/powers/p/{p.code}/").content.decode()
            code = p.item.process_code if p.item_id else p.process_code
            if not code:
                assert "time-limit-text" in html and "<svg" not in html
                continue
            assert flowchart_svg(code) in html
            limits = _between(html, '<ul id="time-limits">', "</ul>")
            for clock in get_definition(code).clocks:
                assert f"{clock.label}：{duration_text(clock.budget, clock.unit)}" in limits
                assert clock.legal_basis in limits
            if p.item_id:
                guide = c.get(f"/guides/{p.item.code}/").content.decode()
                items = re.findall(r"<li>(.*?)</li>", _between(guide, '<ul id="time-limits">', "</ul>"), re.S)
                assert items and re.findall(r"<li>(.*?)</li>", limits, re.S) == items
                assert flowchart_svg(code) in guide


def test_public_list_page_and_history(demo):
    c = Client()
    html = c.get("/powers/").content.decode()
    assert "2026年版" in html and "黑档-XK-001" in html and "黑档-QT-002" in html
    for category in ("行政许可", "行政处罚", "行政检查", "行政奖励"):
        assert category in html
    old = c.get("/powers/?agency=hlj&version=1").content.decode()
    assert 'id="history-notice"' in old and "黑档-QT-002" not in old
    page = c.get("/powers/p/黑档-CF-001/?agency=hlj&version=1").content.decode()
    assert 'id="history-notice"' in page and "实施条例" not in _between(page, "<dt>设定依据</dt>", "</dd>")
    r = c.get("/api/v1/powers")
    assert r.status_code == 200
    body = r.json()
    assert body["version"]["number"] == 2 and len(body["powers"]) == current_count(demo)
    assert [v["number"] for v in c.get("/api/v1/powers/versions?agency=hlj").json()] == [2, 1]


def current_count(agency) -> int:
    return selectors.current_version(agency).powers.count()
