"""The directory pages through the front door: who sees them, the lists and their filters, upload → batch page
(progress, counts, error table, error report), background imports, export and templates."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading

import pytest
from django.test import Client

from fazhi.inspection import directory
from fazhi.inspection.models import Conflict, Entity, ImportBatch, Officer
from tests.inspection.test_directory import (
    ENTITY_HEADER,
    GOOD_A,
    GOOD_B,
    OFFICER_HEADER,
    entities_file,
    expected_errors,
    read_xlsx,
    uscc,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def logged(user) -> Client:
    c = Client()
    c.force_login(user, backend=BACKEND)
    return c


def upload(c: Client, url: str, name: str, content: bytes, **extra):
    f_ = io.BytesIO(content)
    f_.name = name
    return c.post(url, {"file": f_, **extra})


PAGES = ["/inspection/entities/", "/inspection/entities/export/", "/inspection/officers/",
         "/inspection/officers/export/", "/inspection/entities/import/", "/inspection/officers/import/",
         "/inspection/entities/import/?template=1"]
ACTORS = ["anonymous", "citizen", "company", "clerk", "officer1", "head", "auditor", "sysadmin", "secadmin",
          "other_clerk"]
READERS = {"clerk", "officer1", "head", "other_clerk"}
WRITERS = {"officer1", "head"}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("url", PAGES)
def test_who_sees_the_pages(world, url, actor):
    c = Client() if actor == "anonymous" else logged(world.users[actor])
    r = c.get(url)
    if actor == "anonymous":
        assert r.status_code == 302 and r["Location"].startswith("/login/?next=")
        return
    allowed = WRITERS if "import" in url else READERS
    assert r.status_code == (200 if actor in allowed else 404)


def test_upload_shows_the_batch_with_counts_and_errors(world):
    c = logged(world.users["head"])
    r = upload(c, "/inspection/entities/import/", "名录.xlsx", entities_file())
    assert r.status_code == 302
    batch = ImportBatch.objects.get()
    assert r["Location"] == f"/inspection/imports/{batch.pk}/"
    assert (batch.uploaded_by, batch.agency, batch.status) == (world.users["head"], world.agency, "done")
    r = c.get(r["Location"])
    page = r.content.decode()
    assert "Refresh" not in r.headers and 'http-equiv="refresh"' not in page
    assert '<progress id="batch-progress" value="10" max="10">' in page
    assert re.search(r'id="batch-created">3<', page) and re.search(r'id="batch-errors">7<', page)
    table = page[page.index('id="batch-error-rows"'):]
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", table)
    assert [(int(r_), c_, reason.replace("&quot;", '"')) for r_, c_, reason in cells] == [
        (e["row"], e["column"], e["reason"]) for e in expected_errors()]
    r = c.get(f"/inspection/imports/{batch.pk}/?download=errors")
    assert r["Content-Type"] == XLSX
    report = read_xlsx(r.content)["错误报告"]
    assert report[1:] == [(e["row"], e["column"], e["reason"]) for e in expected_errors()]
    # Re-uploading changes nothing.
    r = upload(c, "/inspection/entities/import/", "名录.xlsx", entities_file())
    again = ImportBatch.objects.order_by("-id").first()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    # The batch is for the uploader and the staff of the agency; not for another agency's staff.
    assert logged(world.users["clerk"]).get(f"/inspection/imports/{batch.pk}/").status_code == 200
    assert logged(world.users["other_clerk"]).get(f"/inspection/imports/{batch.pk}/").status_code == 404
    assert logged(world.users["auditor"]).get(f"/inspection/imports/{batch.pk}/").status_code == 404
    assert Client().get(f"/inspection/imports/{batch.pk}/").status_code == 302
    assert c.get("/inspection/imports/99999/").status_code == 404


def test_refused_files_show_the_reason_and_change_nothing(world):
    c = logged(world.users["officer1"])
    r = upload(c, "/inspection/entities/import/", "名录.xlsx", b"garbage bytes \x00\x01")
    assert r.status_code == 400 and "不是有效的 XLSX" in r.content.decode()
    content = xlsx_bytes(("s", [["统一社会信用代码", "单位名称"], [GOOD_A[0], "x"]]))
    r = upload(c, "/inspection/entities/import/", "名录.xlsx", content)
    assert r.status_code == 400 and "缺少必填列：单位类别、行政区划代码" in r.content.decode()
    r = c.post("/inspection/entities/import/", {})
    assert r.status_code == 400 and "请选择要导入的文件" in r.content.decode()
    assert not ImportBatch.objects.exists() and not Entity.objects.exists()


def test_import_page_documents_the_format_and_serves_the_template(world):
    c = logged(world.users["head"])
    page = c.get("/inspection/officers/import/").content.decode()
    for label in ("执法证号", "有效期起", "证件状态", "回避单位", "回避事由", "申报日期", "统一社会信用代码:回避事由"):
        assert label in page
    assert 'href="?template=1"' in page
    r = c.get("/inspection/officers/import/?template=1")
    assert r["Content-Type"] == XLSX and "attachment" in r["Content-Disposition"]
    assert list(read_xlsx(r.content)["执法检查人员"][0]) == OFFICER_HEADER + ["回避单位"]


def test_entity_list_filters_pages_and_export(world):
    directory.directory_import("entities", "名录.xlsx", entities_file())
    Entity.objects.bulk_create([Entity(uscc=uscc(200 + i), name=f"批量单位{i:03d}", kind="enterprise",
                                       region_code="230200", risk_class="B") for i in range(60)])
    c = logged(world.users["clerk"])
    page = c.get("/inspection/entities/").content.decode()
    assert "63" in page and GOOD_A[0] in page and 'id="import-link"' not in page  # a clerk cannot import
    assert "?page=2" in page
    page = c.get("/inspection/entities/", {"region": "230100", "risk": "A"}).content.decode()
    assert GOOD_A[0] in page and GOOD_B[0] not in page
    assert 'href="/inspection/entities/export/?region=230100&amp;risk=A"' in page
    page2 = c.get("/inspection/entities/", {"kind": "enterprise", "page": "2"}).content.decode()
    assert "kind=enterprise&amp;page=1" in page2
    r = c.get("/inspection/entities/", {"region": "abc"})
    assert r.status_code == 400 and "区域应为行政区划代码" in r.content.decode()
    r = c.get("/inspection/entities/export/", {"region": "230100", "risk": "A"})
    assert r["Content-Type"] == XLSX and "attachment" in r["Content-Disposition"]
    rows = read_xlsx(b"".join(r.streaming_content))["检查对象"]
    assert [row[0] for row in rows[1:]] == [GOOD_A[0]]
    assert 'id="import-link"' in logged(world.users["head"]).get("/inspection/entities/").content.decode()


def test_officer_list_marks_expired_certificates_and_exports_conflicts(world, today):
    a = Entity.objects.create(uscc=uscc(1), name="某公司", kind="enterprise", region_code="230103")
    valid = Officer.objects.create(agency=world.agency, name="王执法", certificate_number="黑档执-0001",
                                   issuing_authority="省政府", valid_from=dt.date(2024, 1, 1),
                                   valid_until=dt.date(2028, 1, 1))
    Officer.objects.create(agency=world.agency, name="赵执法", certificate_number="黑档执-0002",
                           issuing_authority="省政府", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2026, 11, 1))
    Conflict.objects.create(officer=valid, entity=a, reason="亲属任职", declared_on=today)
    c = logged(world.users["other_clerk"])
    page = c.get("/inspection/officers/").content.decode()
    assert 'class="cert-valid"' in page and 'class="cert-expired w-red"' in page and "已过期" in page
    assert "亲属任职" in page
    page = c.get("/inspection/officers/", {"valid": "1"}).content.decode()
    assert "王执法" in page and "赵执法" not in page
    r = c.get("/inspection/officers/export/")
    sheets = read_xlsx(b"".join(r.streaming_content))
    assert len(sheets["执法检查人员"]) == 3 and sheets["回避"][1][:3] == ("黑档执-0001", uscc(1), "亲属任职")


def test_officer_upload_uses_the_chosen_agency_within_the_scope(world):
    c = logged(world.users["head"])
    content = xlsx_bytes(("人员", [OFFICER_HEADER[:5], ["钱执法", "哈档执-0001", "哈尔滨市人民政府", "2026-01-01",
                                                        "2028-12-31"]]))
    r = upload(c, "/inspection/officers/import/", "人员.xlsx", content, agency="harbin")
    assert r.status_code == 302
    assert Officer.objects.get().agency == world.city
    r = upload(c, "/inspection/officers/import/", "人员.xlsx", content, agency="other")
    assert r.status_code == 400 and "不能导入其他机关的执法人员" in r.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_runs_in_the_background_and_the_page_refreshes(world, settings, monkeypatch):
    settings.FAZHI_IMPORT_SYNC_MAX_BYTES = 0  # every upload goes to the background thread
    monkeypatch.setattr(directory, "CHUNK", 2)
    # The test database is an in-memory SQLite shared between threads, where a writer does not wait for
    # another one (no busy timeout): the requests and the import thread take turns, driven by these events.
    go, paused, resume = threading.Event(), threading.Event(), threading.Event()
    real_run, real_tick = directory.import_run, directory._Run.tick

    def gated_run(*args, **kwargs):
        go.wait(10)
        return real_run(*args, **kwargs)

    def pausing_tick(self, rows):
        real_tick(self, rows)
        paused.set()
        resume.wait(10)

    monkeypatch.setattr(directory, "import_run", gated_run)
    monkeypatch.setattr(directory._Run, "tick", pausing_tick)
    rows = [ENTITY_HEADER[:4]] + [[uscc(300 + i), f"后台单位{i}", "企业", "230103"] for i in range(5)]
    c = logged(world.users["head"])
    r = upload(c, "/inspection/entities/import/", "big.xlsx", xlsx_bytes(("s", rows)))
    assert r.status_code == 302
    go.set()
    assert paused.wait(10)
    running = c.get(r["Location"])
    page = running.content.decode()
    assert running["Refresh"] == "1" and '<meta http-equiv="refresh" content="1">' in page
    assert '<progress id="batch-progress" value="2" max="5">' in page and "正在导入" in page
    resume.set()
    directory.wait_for_imports()
    done = c.get(r["Location"])
    assert "Refresh" not in done.headers
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created, batch.processed_rows) == ("done", 5, 5)
    assert '<progress id="batch-progress" value="5" max="5">' in done.content.decode()


def test_pages_in_english(world):
    c = logged(world.users["head"])
    c.cookies["django_language"] = "en"
    for url in ("/inspection/entities/", "/inspection/officers/", "/inspection/entities/import/"):
        r = c.get(url)
        assert r.status_code == 200 and r["Content-Language"] == "en"
