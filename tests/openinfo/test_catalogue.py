"""The catalogue through its public page and API: every publication of the demo (everything the other capabilities
put in the transparency log, and the manual items) appears with the right category, 发布日期 and link, a correction
as 更新 with both dates; the filters (category with its subcategories, year, agency, keyword); the staff view's
逾期公开 for an automatic item published more than 20 working days after its decision or issue date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core import clock as sysclock
from fazhi.openinfo.models import CatalogueItem
from fazhi.tlog import registry
from fazhi.tlog.models import LogEntry
from tests.openinfo.conftest import logged
from tests.openinfo.test_items import _overdue
from tests.reports.conftest import YEAR, records  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
D = dt.date

# The brief's mapping, written out: what each capability publishes goes under this category.
EXPECTED = {
    "licensing.decision": "licensing", "enforcement.decision": "penalty", "inspection.task": "inspection",
    "norms.document": "normative", "powers.list": "powers", "reports.annual": "rule_of_law_report",
    "decisions.major": "decisions", "discretion.standard": "discretion",
    "disclosure.annual_report": "disclosure_report",
}


def all_rows(**params) -> list[dict]:
    rows, page = [], 1
    while True:
        r = Client().get("/api/v1/openinfo/items", {**params, "page": page})
        assert r.status_code == 200, r.content
        body = r.json()
        rows += body["items"]
        if page >= body["pages"]:
            return rows
        page += 1


def _day(value) -> str:
    return timezone.localtime(value).date().isoformat()


@pytest.fixture
def demo(monkeypatch):
    from fazhi.core.demo.load import demo_load

    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    sysclock.set_today(D(2026, 11, 29))


def test_every_publication_of_the_demo_is_in_the_catalogue(demo):
    rows = all_rows()
    by_key = {(r["kind"], r["object_id"]): r for r in rows}
    latest: dict[tuple[str, str], LogEntry] = {}
    for e in LogEntry.objects.order_by("index"):
        latest[(e.kind, e.object_id)] = e
    expected = {k: e for k, e in latest.items() if not e.withdrawn}
    kinds = {k for k, _ in expected}
    assert set(EXPECTED) <= kinds | {"openinfo.item"}, kinds  # the demo publishes every kind
    checked = 0
    for (kind, oid), entry in expected.items():
        row = by_key.get((kind, oid))
        assert row is not None, (kind, oid)
        first = LogEntry.objects.get(kind=kind, object_id=oid, version=1)
        assert row["published_on"] == _day(first.published_at), (kind, oid)
        assert row["updated_on"] == (_day(entry.published_at) if entry.version > 1 else None), (kind, oid)
        if kind == "openinfo.item":
            assert row["source"] == "manual"
            assert row["category"] == CatalogueItem.objects.get(pk=oid).published["category"]
            assert row["url"] == f"/openinfo/items/{oid}/"
        else:
            assert row["source"] == "log" and row["log_index"] == entry.index
            assert row["category"] == EXPECTED.get(kind, "other"), (kind, oid)
            assert row["url"] == registry.get(kind).page(oid)
        assert row["title"]
        assert row["agency"] or kind == "discretion.standard"  # the seed standard names no agency
        checked += 1
    # Nothing else: withdrawn publications and drafts are not listed.
    assert len(rows) == checked == len(expected)
    assert not any(r["title"].startswith("2027年全省档案工作要点") for r in rows)  # the demo's draft
    # A correction shows as 更新 with both dates (the demo republished its 机构职能 item, and norms change status).
    org = next(r for r in rows if r["category"] == "organization" and r["source"] == "manual")
    assert (org["published_on"], org["updated_on"]) == ("2026-01-09", "2026-10-20")
    updated = [r for r in rows if r["updated_on"]]
    assert len(updated) == sum(1 for e in expected.values() if e.version > 1)

    # The public page: tabs, and each item with its 发布日期 and link.
    page = Client().get("/openinfo/").content.decode()
    assert 'id="openinfo-tabs"' in page and 'data-category="enforcement"' in page
    assert f'<a href="{org["url"]}">{org["title"]}</a> <span class="badge">更新</span>' in page
    assert "2026-01-09" in page and "2026-10-20" in page


def test_filters_and_the_demo_warnings(demo):
    rows = all_rows()
    enforcement = all_rows(category="enforcement")
    assert enforcement and {r["category"] for r in enforcement} <= {"enforcement", "licensing", "penalty",
                                                                     "inspection", "discretion"}
    assert len(enforcement) == sum(1 for r in rows if r["category"] in {"licensing", "penalty", "inspection",
                                                                         "discretion"})
    assert {r["category"] for r in all_rows(category="reports")} == {"rule_of_law_report", "disclosure_report"}
    for year in {r["published_on"][:4] for r in rows}:
        assert all_rows(year=year) == [r for r in rows if r["published_on"].startswith(year)]
    assert all_rows(agency="binxian") == []
    hlj = all_rows(agency="hlj")
    assert hlj and all(r["agency"] == "黑龙江省档案局" for r in hlj)
    assert [r["title"] for r in all_rows(q="统计公报")] == ["2025年度全省档案事业发展统计公报"]
    # The public page filters the same way; a subcategory tab shows only its items.
    page = Client().get("/openinfo/", {"category": "statistics"}).content.decode()
    assert "2025年度全省档案事业发展统计公报" in page and "部门预算" not in page
    assert "《政府信息公开条例》第二十条第（四）项" in page
    # Bad parameters: an unknown category or agency is a 400 with a Chinese message; a bad year a 422.
    r = Client().get("/api/v1/openinfo/items", {"category": "secret"})
    assert r.status_code == 400 and r.json()["message"] == "未知的公开类别：secret"
    assert Client().get("/api/v1/openinfo/items", {"agency": "nowhere"}).status_code == 400
    assert Client().get("/api/v1/openinfo/items", {"year": "1900"}).status_code == 422
    assert Client().get("/openinfo/", {"category": "secret", "year": "x"}).status_code == 200  # ignored
    cats = Client().get("/api/v1/openinfo/categories").json()
    assert {c["code"] for c in cats} >= set(EXPECTED.values()) | {"organization", "plans", "statistics",
                                                                    "personnel", "finance", "services"}
    assert all("条" in c["basis"] or "号" in c["basis"] or "规定" in c["basis"] for c in cats)

    # The demo warns of the guide changed on 26 October and not republished, and shows the late republication.
    from fazhi.core.models import User

    head = logged(User.objects.get(username="head"))
    page = head.get("/openinfo/staff/").content.decode()
    guide = CatalogueItem.objects.get(title="档案查阅利用服务指南")
    org = CatalogueItem.objects.get(title__startswith="黑龙江省档案局机构职能")
    assert f'<tr id="item-{guide.pk}" class="w-red">' in page and "应于2026-11-23前公开" in page
    assert f'<tr id="item-{org.pk}">' in page and '<span class="badge w-red late">逾期公开</span>' in page
    code, out = _overdue()
    assert code == 1 and "档案查阅利用服务指南" in out and "变更于2026-10-26" in out
    # The public still sees the guide as published in March.
    public = Client().get(f"/openinfo/items/{guide.pk}/").content.decode()
    assert "开放时间调整" not in public and "2026-03-02" in public


def test_an_automatic_item_published_late_shows_in_the_staff_view(records):  # noqa: F811
    from fazhi.reports import selectors

    users = records.world.users
    assert logged(users["legal"]).post(f"/reports/annual/{YEAR}/").status_code == 302
    # Dated 20 January, published on "today" (2 November): far past 20 working days.
    assert logged(users["director"]).post(f"/reports/annual/{YEAR}/publish/", {"date": "2026-01-20"}).status_code == 302
    report = selectors.report_of(records.world.agency, YEAR)
    row = next(r for r in all_rows(category="reports") if r["kind"] == "reports.annual")
    assert row["object_id"] == str(report.pk) and row["published_on"] == "2026-11-02"
    page = logged(users["handler"]).get("/openinfo/staff/").content.decode()
    late = page.split('id="late-publications"')[1]
    assert f'data-object="{report.pk}"' in late and "2026-01-20" in late and "2026-02-" in late
    assert "逾期公开" in late
    # Not the other agency's concern.
    other = logged(users["other_handler"]).get("/openinfo/staff/").content.decode()
    assert f'data-object="{report.pk}"' not in other.split('id="late-publications"')[1]


def test_a_kind_not_mapped_yet_is_listed_under_other(world, today):
    """A capability added later publishes through the log before anyone maps its kind: still in the catalogue."""
    from fazhi.tlog import services as tlog
    from fazhi.tlog.publications import body

    kind = registry.Kind(name="test.notice", label="通知", content=lambda oid: body({
        "title": "某项通知", "agency": "黑龙江省档案局", "decided_on": "2026-10-09"}) if oid == "1" else None,
        published=lambda: ["1"], page=lambda oid: "/somewhere/")
    registry.register(kind)
    try:
        tlog.log_publication("test.notice", "1")
        row = next(r for r in all_rows(category="other") if r["kind"] == "test.notice")
        assert (row["title"], row["agency"], row["published_on"], row["url"]) == (
            "某项通知", "黑龙江省档案局", "2026-11-02", "/somewhere/")
        # Decided on 9 October, published on 2 November: 16 working days, in time (not 逾期公开).
        staff = logged(world.users["handler"]).get("/openinfo/staff/").content.decode()
        assert "某项通知" not in staff.split('id="late-publications"')[1]
    finally:
        registry._KINDS.pop("test.notice", None)
