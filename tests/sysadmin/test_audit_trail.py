"""The audit administrator's work: reading the trail (filtered by date, actor and action), exporting it as CSV and
XLSX (the export audited), the case events' chain status; and what the rest of the system writes to the trail
(logouts, exports)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest
from django.db import connection
from django.test import Client

from fazhi.core.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=SHANGHAI)


@pytest.fixture
def trail(world):
    f.audit_event_at(_at(2026, 3, 1), action="calendar.load", actor=world.users["sysadmin"], object_id="2027")
    f.audit_event_at(_at(2026, 3, 2), action="sysadmin.role_grant", actor=world.users["secadmin"],
                     detail={"username": "clerk", "role": "director"})
    f.audit_event_at(_at(2026, 3, 3, 23), action="auth.login_failed", detail={"username": "=HYPERLINK(\"x\")"},
                     ip="10.0.0.9")
    f.audit_event_at(_at(2026, 3, 4), action="inspection.directory_export", actor=world.users["head"])


def _rows(body: str) -> list[str]:
    import re

    return re.findall(r'<tr data-action="([^"]+)"', body)


def test_the_trail_and_its_filters(world, login, trail):
    client = login(world.users["auditor"])
    body = client.get("/sysadmin/audit/?date_from=2026-03-01&date_to=2026-03-04").content.decode()
    assert _rows(body) == ["inspection.directory_export", "auth.login_failed", "sysadmin.role_grant", "calendar.load"]
    assert "授予角色" in body and "导入工作日历" in body and "10.0.0.9" in body
    # a day is a day in Asia/Shanghai: 23:00 on 3 March is on 3 March
    assert _rows(client.get("/sysadmin/audit/?date_from=2026-03-03&date_to=2026-03-03").content.decode()) == [
        "auth.login_failed"]
    assert _rows(client.get("/sysadmin/audit/?date_to=2026-03-01").content.decode()) == ["calendar.load"]
    assert _rows(client.get("/sysadmin/audit/?date_to=2026-03-04&actor=secadmin").content.decode()) == [
        "sysadmin.role_grant"]
    assert _rows(client.get("/sysadmin/audit/?date_to=2026-03-04&actor=head姓名").content.decode()) == [
        "inspection.directory_export"]
    # an action by its code or its Chinese name
    assert _rows(client.get("/sysadmin/audit/?action=calendar").content.decode()) == ["calendar.load"]
    assert _rows(client.get("/sysadmin/audit/?action=授予角色").content.decode()) == ["sysadmin.role_grant"]
    r = client.get("/sysadmin/audit/?date_from=2026-03-04&date_to=2026-03-01")
    assert r.status_code == 400 and "结束日期不能早于开始日期。" in r.content.decode()
    r = client.get("/sysadmin/audit/?date_from=3月1日")
    assert r.status_code == 400 and "日期格式应为 YYYY-MM-DD。" in r.content.decode()


def test_reading_the_trail_is_audited(world, login, trail):
    auditor = world.users["auditor"]
    login(auditor).get("/sysadmin/audit/?actor=secadmin")
    ev = AuditEvent.objects.filter(action="sysadmin.audit_view").latest("id")
    assert ev.actor == auditor and ev.detail == {"filters": {"actor": "secadmin"}}
    # the auditor sees their own reading in the trail too
    assert "sysadmin.audit_view" in _rows(login(auditor).get("/sysadmin/audit/?action=audit_view").content.decode())


def test_export_csv_is_audited_and_safe_for_spreadsheets(world, login, trail):
    auditor = world.users["auditor"]
    r = login(auditor).get("/sysadmin/audit/export/?format=csv&date_from=2026-03-01&date_to=2026-03-04")
    assert r.status_code == 200 and r["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in r["Content-Disposition"] and ".csv" in r["Content-Disposition"]
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:6] == ["序号", "时间", "操作人账号", "操作人姓名", "操作", "操作代码"]
    assert [row[5] for row in rows[1:]] == ["calendar.load", "sysadmin.role_grant", "auth.login_failed",
                                            "inspection.directory_export"]
    assert rows[1][1] == "2026-03-01 10:00:00" and rows[1][2] == "sysadmin" and rows[1][4] == "导入工作日历"
    failed = rows[3]
    assert failed[9].startswith('{"username": "=HYPERLINK')  # inside JSON: not a formula
    ev = AuditEvent.objects.get(action="sysadmin.audit_export")
    assert ev.actor == auditor and ev.detail["format"] == "csv" and ev.detail["rows"] == 4
    assert ev.detail["filters"] == {"date_from": "2026-03-01", "date_to": "2026-03-04"}
    assert len(ev.detail["sha256"]) == 64


def test_a_cell_that_would_be_a_formula_is_quoted(world, login):
    f.audit_event_at(_at(2026, 3, 5), action="=cmd|' /C calc'!A0", actor=world.users["clerk"])
    r = login(world.users["auditor"]).get("/sysadmin/audit/export/?format=csv&date_from=2026-03-05&date_to=2026-03-05")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8")[1:])))
    assert rows[1][5] == "'=cmd|' /C calc'!A0"


def test_export_xlsx(world, login, trail):
    r = login(world.users["auditor"]).get("/sysadmin/audit/export/?format=xlsx&action=role")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "序号" and len(values) == 2
    assert values[1][4] == "授予角色" and values[1][2] == "secadmin" and '"role": "director"' in values[1][9]
    assert AuditEvent.objects.get(action="sysadmin.audit_export").detail["format"] == "xlsx"
    r = login(world.users["auditor"]).get("/sysadmin/audit/export/?format=pdf")
    assert r.status_code == 400 and "导出格式只能是 CSV 或 XLSX。" in r.content.decode()


def test_the_api(world, login, trail):
    client = login(world.users["auditor"])
    rows = client.get("/api/v1/sysadmin/audit?date_from=2026-03-01&date_to=2026-03-04").json()
    assert [r["action"] for r in rows][-1] == "calendar.load"
    assert rows[-1]["action_label"] == "导入工作日历" and rows[-1]["actor"] == "sysadmin"
    r = client.get("/api/v1/sysadmin/audit/export?format=csv&actor=sysadmin")
    assert r.status_code == 200 and "calendar.load" in r.content.decode()
    assert AuditEvent.objects.filter(action="sysadmin.audit_export", actor=world.users["auditor"]).count() == 1
    r = client.get("/api/v1/sysadmin/audit?date_from=x")
    assert r.status_code == 400


def test_the_audit_administrator_cannot_change_anything(world, login, trail):
    """No page or endpoint of the audit administrator writes anything but the trail's own records of their reading."""
    auditor = world.users["auditor"]
    client = login(auditor)
    ev = AuditEvent.objects.filter(action="calendar.load").get()
    for method, url in (("post", "/sysadmin/audit/"), ("post", "/sysadmin/audit/export/"),
                        ("post", f"/sysadmin/roles/{world.users['clerk'].pk}/"),
                        ("post", f"/sysadmin/accounts/{world.users['clerk'].pk}/active/")):
        assert getattr(client, method)(url, {"active": "0", "reason": "x", "roles": []}).status_code in (404, 405)
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(f"/api/v1/sysadmin/audit/{ev.pk}").status_code in (404, 405)
    ev.refresh_from_db()
    assert ev.action == "calendar.load"


def test_chain_status(world, login):
    """The audit administrator runs `fazhi audit verify` from the page: intact, then a tampered event is found."""
    from fazhi.core import clock as sysclock
    from fazhi.licensing.services import Upload, application_submit
    from fazhi.process.models import CaseEvent
    from fazhi.process.services import case_fire

    sysclock.set_today(dt.date(2026, 11, 2))
    it = world.item
    ups = [Upload(m.code, "x.pdf", f.pdf_bytes()) for m in it.materials.all() if m.required]
    case, _ = application_submit(item=it, actor=world.users["citizen"], fields=f.valid_fields(it), uploads=ups,
                                 channel="online")
    case_fire(case_id=case.pk, transition="accept", actor=world.users["clerk"])
    client = login(world.users["auditor"])
    assert "开始校验" in client.get("/sysadmin/audit/chains/").content.decode()
    body = client.post("/sysadmin/audit/chains/").content.decode()
    assert "校验通过：1 个办件的事件链完整。" in body
    ev = CaseEvent.objects.filter(case=case, seq=2).get()
    with connection.cursor() as cur:
        cur.execute("UPDATE process_caseevent SET comment = %s WHERE id = %s", ["伪造", ev.pk])
    body = client.post("/sysadmin/audit/chains/").content.decode()
    assert "校验失败：1 处问题，共检查 1 个办件。" in body and f"{case.number} 事件 #2" in body
    assert "伪造" not in body  # numbers only, never contents
    runs = list(AuditEvent.objects.filter(action="sysadmin.chain_verify").order_by("id").values_list("detail", flat=True))
    assert runs == [{"cases": 1, "problems": 0}, {"cases": 1, "problems": 1}]


def test_logins_and_logouts_are_audited(world):
    c = Client()
    c.post("/login/", {"username": "clerk", "password": f.PASSWORD})
    c.post("/logout/")
    actions = list(AuditEvent.objects.filter(actor=world.users["clerk"]).order_by("id").values_list("action", flat=True))
    assert actions == ["auth.login", "auth.logout"]
