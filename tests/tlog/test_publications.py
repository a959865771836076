"""Every publication of Fazhi in the transparency log, through the front doors: publishing a normative document, a
licensing or penalty decision, an inspection task's results, a power list, an annual report, a major decision or a
discretion standard appends an entry whose content hash is the SHA-256 of what /api/v1/log/entries/{i}/content
serves; a change the public sees appends a version superseding the previous one; a withdrawal is logged; the public
page shows the badge, and the values it marks (data-tlog-field) are the values the logged content holds, as the
in-browser check (static/tlog/verify.js) compares them. The demo's publications are all logged."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from django.db import connection
from django.test import Client
from lxml import html as lxml_html

from fazhi.core import clock as sysclock
from fazhi.tlog import registry, services
from fazhi.tlog.models import LogEntry
from tests.decisions.conftest import dw  # noqa: F401  (fixture)
from tests.enforcement.conftest import pw  # noqa: F401  (fixture)
from tests.inspection.test_tasks import TASK, directory  # noqa: F401  (fixture)
from tests.powers.conftest import pl  # noqa: F401  (fixture)
from tests.reports.conftest import YEAR, records  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
KINDS = ("licensing.decision", "enforcement.decision", "inspection.task", "norms.document", "powers.list",
         "reports.annual", "decisions.major", "discretion.standard")


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def api(c: Client, url: str, data: dict | None = None):
    return c.post(url, json.dumps(data or {}), content_type="application/json")


def logged(kind: str, object_id) -> dict:
    """The object's latest entry, checked as an outside verifier would: the content served now hashes to the
    entry's content_sha256 (also inside the entry's canonical bytes); returns the content."""
    entry = services.latest_entry(kind, object_id)
    assert entry is not None and not entry.withdrawn, f"{kind} {object_id} is not in the log"
    c = Client()
    r = c.get(f"/api/v1/log/entries/{entry.index}/content")
    assert r.status_code == 200, r.content
    assert hashlib.sha256(r.content).hexdigest() == entry.content_sha256 == r["X-Content-SHA256"]
    listed = c.get(f"/api/v1/log/entries?start={entry.index}&end={entry.index + 1}").json()["entries"][0]
    assert json.loads(bytes(entry.entry))["content_sha256"] == listed["content_sha256"] == entry.content_sha256
    assert listed["page_url"] == registry.get(kind).page(str(object_id))
    return json.loads(r.content)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _lookup(value, path: str):
    for part in path.split("."):
        if value is None:
            return None
        value = value[int(part)] if part.isdigit() and isinstance(value, list) else value.get(part)
    return value


def shown(page_html: str, kind: str, object_id) -> int:
    """What the badge's button checks in the browser, without the cryptography: the badge of the object's latest
    entry is on the page, and every marked element in its scope (the closest data-tlog-scope, else the page) shows
    the logged value. Returns how many values were compared."""
    entry = services.latest_entry(kind, object_id)
    tree = lxml_html.fromstring(page_html)
    badges = tree.xpath(f'//aside[@class="tlog-badge"][@data-tlog-index="{entry.index}"]')
    assert len(badges) == 1, f"no badge for entry {entry.index}"
    scopes = badges[0].xpath("ancestor::*[@data-tlog-scope][1]")
    scope = scopes[0] if scopes else tree
    content = json.loads(registry.get(kind).content(str(object_id)))
    fields = scope.xpath(".//*[@data-tlog-field]")
    assert fields, "nothing on the page is marked for the check"
    for el in fields:
        path = el.get("data-tlog-field")
        want = _lookup(content, path)
        assert want is not None and _norm(str(want)) == _norm(el.text_content()), (path, want, el.text_content())
    return len(fields)


def versions(kind: str, object_id) -> list[LogEntry]:
    return list(LogEntry.objects.filter(kind=kind, object_id=str(object_id)).order_by("version"))


def test_every_kind_is_registered():
    assert {k.name for k in registry.kinds()} >= set(KINDS)


def test_the_seed_standard_published_by_a_migration_is_logged_after_migrate():
    """discretion/0002 publishes the seed before the log's tables exist; post_migrate logs it, once."""
    from django.apps import apps

    from fazhi.discretion.apps import _log_seed_standards
    from fazhi.discretion.models import StandardVersion

    codes = list(StandardVersion.objects.filter(published=True).values_list("code", flat=True))
    assert codes
    for code in codes:
        assert services.latest_entry("discretion.standard", code) is not None, code
    before = services.size()
    _log_seed_standards(sender=apps.get_app_config("discretion"))  # post_migrate again: nothing new
    assert services.size() == before


# ---- normative documents -------------------------------------------------------------------------------------------
def test_norm_publication_status_changes_and_tampering(world, today):
    from fazhi.norms.models import NormativeDocument
    from tests.norms.conftest import draft, fire

    u = world.users
    doc = draft(world)
    fire(doc, "submit_review", u["handler"])
    fire(doc, "review_pass", u["legal"], "符合法律法规规定，同意。")
    fire(doc, "sign", u["director"], meeting="2026年第12次局长办公会议", meeting_date=today.isoformat())
    assert services.latest_entry("norms.document", doc.pk) is None  # signed is not published
    r = api(client_for(u["handler"]), f"/api/v1/cases/{doc.pk}/transitions/publish",
            {"data": {"published_on": today.isoformat(), "effective_on": today.isoformat(), "channel": "门户网站"}})
    assert r.status_code == 200, r.content
    first = logged("norms.document", doc.pk)
    doc.refresh_from_db()
    assert (first["title"], first["number"], first["status"]) == (doc.title, doc.number, "有效")
    assert first["file_sha256"] == doc.texts.get().sha256 and first["published_on"] == today.isoformat()
    # Filing and the receipt are internal: what the public sees did not change, nothing is appended.
    fire(doc, "file", u["legal"], bodies="黑龙江省人民政府办公厅")
    fire(doc, "record_receipt", u["legal"], receipt_number="黑政备〔2026〕12号", receipt_on=today.isoformat())
    assert len(versions("norms.document", doc.pk)) == 1
    page = Client().get(f"/norms/{doc.pk}/").content.decode()
    assert shown(page, "norms.document", doc.pk) >= 4

    # A new end of validity, then the repeal: each a version superseding the previous one.
    sysclock.set_today(today + dt.timedelta(days=30))
    r = api(client_for(u["director"]), f"/api/v1/cases/{doc.pk}/transitions/extend_validity",
            {"comment": "评估后继续施行。", "data": {"valid_until": "2036-12-31"}})
    assert r.status_code == 200, r.content
    assert logged("norms.document", doc.pk)["valid_until"] == "2036-12-31"
    r = api(client_for(u["director"]), f"/api/v1/cases/{doc.pk}/transitions/repeal",
            {"comment": "上位法修改，予以废止。", "data": {"repealed_on": sysclock.today().isoformat()}})
    assert r.status_code == 200, r.content
    v1, v2, v3 = versions("norms.document", doc.pk)
    assert (v2.supersedes, v3.supersedes, v3.version) == (v1.index, v2.index, 3)
    repealed = logged("norms.document", doc.pk)
    assert repealed["status"] == "已废止" and repealed["end_reason"] == "上位法修改，予以废止。"
    assert Client().get(f"/api/v1/log/entries/{v1.index}/content").status_code == 410
    page = Client().get(f"/norms/{doc.pk}/").content.decode()
    assert f'data-tlog-index="{v3.index}"' in page and shown(page, "norms.document", doc.pk) >= 5
    assert services.sync(kinds=["norms.document"]) == {"norms.document": 0}  # logged as it is now

    # Someone edits the row behind the log's back: the content served no longer matches the entry.
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {NormativeDocument._meta.db_table} SET title = %s WHERE case_id = %s",  # noqa: S608
                    ["篡改后的标题", doc.pk])
    body = Client().get(f"/api/v1/log/entries/{v3.index}/content").content
    assert hashlib.sha256(body).hexdigest() != v3.content_sha256


def test_norm_registered_and_superseded(world, today):
    from fazhi.norms import services as norms
    from tests.norms.conftest import docx_bytes, fire

    u = world.users
    old = norms.norm_register(actor=u["legal"], title="黑龙江省档案局关于档案工作的通知", number="黑档发〔2015〕3号",
                              drafting_division="政策法规处", published_on="2015-03-02",
                              other_bases="《中华人民共和国档案法》", explanation="补录。", upload=("old.docx", docx_bytes()))
    assert logged("norms.document", old.pk)["status"] == "有效"
    new = norms.norm_create(actor=u["handler"], title="黑龙江省档案局关于档案工作的通知（修订）", drafting_division="政策法规处",
                            other_bases="《中华人民共和国档案法》", explanation="修订。", upload=("new.docx", docx_bytes()),
                            replaces_id=old.pk)
    fire(new, "submit_review", u["handler"])
    fire(new, "review_pass", u["legal"], "合法。")
    fire(new, "sign", u["director"], meeting="局长办公会议", meeting_date=today.isoformat())
    fire(new, "publish", u["handler"], published_on=today.isoformat(), effective_on=today.isoformat(), channel="网站")
    assert logged("norms.document", new.pk)["replaces"] == old.pk
    amended = logged("norms.document", old.pk)
    assert amended["status"] == "已修改" and len(versions("norms.document", old.pk)) == 2


# ---- licensing ----------------------------------------------------------------------------------------------------
def test_licensing_decision_is_logged_when_decided(world, today):
    from tests.licensing.test_services import fire, submit

    u = world.users
    case, _code = submit(world)
    fire(case, "accept", u["clerk"])
    fire(case, "propose", u["handler"], comment="符合条件", opinion="grant")
    fire(case, "head_approve", u["head"])
    assert services.latest_entry("licensing.decision", case.pk) is None
    r = api(client_for(u["director"]), f"/api/v1/cases/{case.pk}/transitions/grant",
            {"data": {"licence_scope": "准予携带出境，有效期六个月。"}})
    assert r.status_code == 200, r.content
    content = logged("licensing.decision", case.pk)
    assert content["party"] == "林**" and content["decision"] == "准予许可" and content["number"] == case.number
    fire(case, "issue_certificate", u["handler"], certificate_number="黑档许证〔2026〕1号")
    assert len(versions("licensing.decision", case.pk)) == 1  # the certificate is not part of the publication
    page = Client().get("/publicity/").content.decode()
    assert "林小民" not in page and shown(page, "licensing.decision", case.pk) == 5
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.cookies["django_language"] = "en"
    page = english.get("/publicity/").content.decode()
    assert "Granted" in page and shown(page, "licensing.decision", case.pk) == 4  # the decision's words not marked


# ---- enforcement ---------------------------------------------------------------------------------------------------
def test_penalty_decision_published_then_withdrawn(pw):  # noqa: F811
    from tests.enforcement.test_penalty import _concluded, _fire

    case = _concluded(pw)
    _fire(case, "notify", "officer1", pw)
    _fire(case, "waive", "officer1", pw, comment="放弃")
    _fire(case, "no_review_needed", "head", pw)
    r = api(client_for(pw.users["director"]), f"/api/v1/cases/{case.pk}/transitions/decide",
            {"data": {"kinds": ["警告", "罚款"], "fine": "80000", "publish": "yes"}})
    assert r.status_code == 200, r.content
    content = logged("enforcement.decision", case.pk)
    doc = case.documents.get(kind="decision")
    assert content["document_number"] == doc.number and content["penalty"] == "警告，罚款80,000元"
    page = Client().get("/enforcement/public/decisions/").content.decode()
    assert shown(page, "enforcement.decision", case.pk) == 5
    r = api(client_for(pw.users["director"]), f"/api/v1/cases/{case.pk}/transitions/annul",
            {"comment": "行政复议决定撤销。", "data": {"by": "黑龙江省人民政府行政复议决定书"}})
    assert r.status_code == 200, r.content
    last = services.latest_entry("enforcement.decision", case.pk)
    assert last.withdrawn and last.version == 2
    assert Client().get(f"/api/v1/log/entries/{last.index}/content").status_code == 410
    assert "tlog-badge" not in Client().get("/enforcement/public/decisions/").content.decode()


def test_a_decision_not_made_public_is_not_logged(pw):  # noqa: F811
    from tests.enforcement.test_penalty import _decided

    case = _decided(pw, publish="no")
    assert services.latest_entry("enforcement.decision", case.pk) is None


# ---- inspection ----------------------------------------------------------------------------------------------------
@pytest.fixture
def drawn(world, directory):  # noqa: F811
    from fazhi.inspection.models import Officer
    from fazhi.inspection.services import task_commit, task_create, task_draw

    head = world.users["head"]
    Officer.objects.filter(certificate_number="黑档执-0002").update(user=world.users["officer1"])
    task = task_create(actor=head, title=TASK["title"], year=2026, item_codes=["cc-1", "cc-2"],
                       quota_spec={"A": {"count": 1}, "B": {"count": 2}}, beacon_source=TASK["beacon_source"],
                       max_load=2)  # the default (1 with 6 officers) can leave a target unstaffed: the secret is random
    task_commit(task_id=task.pk, actor=head)
    return task_draw(task_id=task.pk, actor=head, beacon_value="05 07 12 19 23 33 + 04")


def test_inspection_results_published_and_a_cancellation(world, drawn, today):
    from fazhi.inspection.selectors import task_record
    from fazhi.tlog.publications import json_sha256

    head = client_for(world.users["head"])
    assert head.post(f"/api/v1/inspection/tasks/{drawn.pk}/start").status_code == 200
    for i in head.get(f"/api/v1/inspection/tasks/{drawn.pk}/inspections").json():
        r = api(head, f"/api/v1/inspection/inspections/{i['id']}/record",
                {"inspected_on": today.isoformat(), "officers_present": i["team"], "outcome": "conclude_ok",
                 "findings": {"cc-1": {"result": "pass"}, "cc-2": {"result": "pass"}}})
        assert r.status_code == 200, r.content
    assert services.latest_entry("inspection.task", drawn.pk) is None
    assert head.post(f"/api/v1/inspection/tasks/{drawn.pk}/publish").status_code == 200
    content = logged("inspection.task", drawn.pk)
    drawn.refresh_from_db()
    record = Client().get(f"/api/v1/inspection/tasks/{drawn.pk}/record").json()
    assert content["record_sha256"] == json_sha256(record) == json_sha256(task_record(drawn))
    assert [r["outcome"] for r in content["results"]] == ["合格"] * 3 and content["status"] == "已公示"
    page = Client().get(f"/inspection/public/tasks/{drawn.pk}/").content.decode()
    assert shown(page, "inspection.task", drawn.pk) == 4 + 3 * 3

    task_id = api(head, "/api/v1/inspection/tasks", TASK).json()["id"]
    api(head, f"/api/v1/inspection/tasks/{task_id}/commit")
    assert services.latest_entry("inspection.task", task_id) is None  # a plan is public, but not a publication
    r = api(head, f"/api/v1/inspection/tasks/{task_id}/cancel", {"reason": "检查事项调整，重新组织"})
    assert r.status_code == 200
    content = logged("inspection.task", task_id)
    assert content["status"] == "已撤销" and content["cancel_reason"] == "检查事项调整，重新组织"
    page = Client().get(f"/inspection/public/tasks/{task_id}/").content.decode()
    assert shown(page, "inspection.task", task_id) == 5


# ---- power lists ----------------------------------------------------------------------------------------------------
def test_power_list_version_published(pl):  # noqa: F811
    from fazhi.powers import services as powers
    from tests.powers.conftest import RISKS, power_data

    head, director = pl.users["head"], pl.users["director"]
    v1 = powers.version_draft_create(actor=head, label="2025年版")
    powers.power_save(actor=head, version=v1, data=power_data(), risk_points=RISKS)
    assert services.latest_entry("powers.list", v1.pk) is None
    r = client_for(director).post("/powers/manage/v1/", {"action": "publish", "effective_on": "2026-12-01"})
    assert r.status_code == 302
    content = logged("powers.list", v1.pk)
    assert content["label"] == "2025年版" and content["effective_on"] == "2026-12-01"
    assert [p["code"] for p in content["powers"]] == ["黑档-JL-001"]
    assert content["powers"][0]["risk_points"][0]["controls"] == ["集体研究并形成纪要"]
    assert shown(Client().get("/powers/").content.decode(), "powers.list", v1.pk) == 2


# ---- annual report -------------------------------------------------------------------------------------------------
def test_annual_report_published(records):  # noqa: F811
    from fazhi.reports import selectors

    users = records.world.users
    assert client_for(users["legal"]).post(f"/reports/annual/{YEAR}/").status_code == 302  # the draft
    report = selectors.report_of(records.world.agency, YEAR)
    assert services.latest_entry("reports.annual", report.pk) is None
    r = client_for(users["director"]).post(f"/reports/annual/{YEAR}/publish/", {"date": "2026-01-20"})
    assert r.status_code == 302
    report.refresh_from_db()
    content = logged("reports.annual", report.pk)
    docx = Client().get(f"/reports/public/{report.pk}/report.docx").content
    assert content["file_sha256"] == hashlib.sha256(docx).hexdigest() == report.sha256
    assert (content["number"], content["year"], content["date"]) == (report.number, YEAR, "2026-01-20")
    page = Client().get(f"/reports/public/{report.pk}/").content.decode()
    assert shown(page, "reports.annual", report.pk) == 3 + len(report.body)


# ---- major decisions -----------------------------------------------------------------------------------------------
def test_major_decision_published(dw):  # noqa: F811
    from tests.decisions.conftest import MEETING, fire, reviewed

    D = dt.date
    case = reviewed(dw)
    fire(case, "discussion_adopt", dw.users["director"], D(2026, 11, 12), meeting_date="2026-11-12", **MEETING)
    sysclock.set_today(D(2026, 11, 13))
    r = api(client_for(dw.users["handler"]), f"/api/v1/cases/{case.pk}/transitions/publish",
            {"data": {"published_on": "2026-11-13", "channel": "门户网站", "document_number": "黑档发〔2026〕1号",
                      "interpretation": "采纳了公众提出的两条意见。"}})
    assert r.status_code == 200, r.content
    content = logged("decisions.major", case.pk)
    assert content["meeting"] == "局长办公会（2026-11-12）" and content["comments_count"] == 3
    assert content["category"] == "重大公共政策和措施" and content["decided_on"] == "2026-11-12"
    fire(case, "record_progress", dw.users["handler"], D(2026, 11, 20), progress_on="2026-11-20", unit="业务指导处",
         progress="已部署。")
    assert len(versions("decisions.major", case.pk)) == 1  # implementation is not part of the publication
    page = Client().get("/decisions/public/").content.decode()
    assert shown(page, "decisions.major", case.pk) == 7


# ---- discretion standards ------------------------------------------------------------------------------------------
def test_discretion_standard_published_when_loaded(world):
    from fazhi.discretion.loader import SEED_FILES, read_file, standard_load

    data = read_file(SEED_FILES[0])
    data["version"].update({"code": "tlog-test-2027", "effective_from": "2027-01-01", "published": False,
                            "title": "档案行政处罚裁量基准（2027年）"})
    standard_load(data=data)
    assert services.latest_entry("discretion.standard", "tlog-test-2027") is None  # loaded, not published
    data["version"]["published"] = True
    assert standard_load(data=data).outcome == "published"
    content = logged("discretion.standard", "tlog-test-2027")
    assert content["title"] == "档案行政处罚裁量基准（2027年）" and content["effective_from"] == "2027-01-01"
    page = Client().get("/discretion/").content.decode()
    assert shown(page, "discretion.standard", "tlog-test-2027") >= 2


# ---- the demo ------------------------------------------------------------------------------------------------------
def test_the_demo_publications_are_all_logged(monkeypatch):
    from fazhi.core.demo.load import demo_load

    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    for kind in KINDS:
        assert LogEntry.objects.filter(kind=kind).exists(), kind
    # Every published object is logged with its current content: a sync appends nothing.
    counts = services.sync()
    assert not any(counts.values()), counts
    for k in registry.kinds():
        for oid in k.published():
            entry = services.latest_entry(k.name, oid)
            assert entry is not None and not entry.withdrawn, (k.name, oid)
    before = services.size()
    demo_load()  # loading again publishes nothing new
    assert services.size() == before
