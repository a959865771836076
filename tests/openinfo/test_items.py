"""Manual items of the 主动公开目录 through the staff pages, the public pages and the API: the 20-working-day clock of
《政府信息公开条例》第二十六条 (a change not republished in time warns — on the staff list in colour and words, and
through ``fazhi openinfo overdue``, exit 1), the due date on the working-day calendar (weekends, 国庆 and make-up
days), bad input (Chinese messages, nothing written), and who may see and do what."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.core.models import AuditEvent
from fazhi.openinfo import deadline
from fazhi.openinfo.models import CatalogueItem
from fazhi.tlog import services as tlog
from fazhi.workdays.calendar import compute_deadline
from tests.openinfo.conftest import create, edit, publish

pytestmark = pytest.mark.django_db
D = dt.date


def _published(ow, made_on="2026-06-01", published_on: dt.date | None = None, **fields) -> CatalogueItem:
    sysclock.set_today(published_on or D(2026, 6, 5))
    r = create(ow.c["handler"], made_on=made_on, **fields)
    assert r.status_code == 302, r.content.decode()
    item = CatalogueItem.objects.latest("id")
    assert publish(ow.c["head"], item).status_code == 302
    item.refresh_from_db()
    return item


def _overdue(**kw) -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("openinfo", "overdue", stdout=out, **kw)
    except CommandError as e:
        return e.returncode, out.getvalue()
    return 0, out.getvalue()


# ---- the clock ---------------------------------------------------------------------------------------------------
def test_a_changed_item_not_republished_within_20_working_days_warns(ow):
    item = _published(ow)
    assert item.status == "published" and not item.pending and item.version == 1
    # 30 September 2026: the information changes (new telephone); the change is recorded, not yet republished.
    sysclock.set_today(D(2026, 9, 30))
    r = edit(ow.c["handler"], item, summary="职责与新电话。", changed_on="2026-09-30")
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.pending and item.changed_on == D(2026, 9, 30)
    due = D(2026, 11, 3)  # 20 working days, 国庆 not counted (below)
    assert deadline.due_on(item.clock_start) == due

    # The public still sees what was published.
    assert Client().get(f"/openinfo/items/{item.pk}/").content.decode().count("职责与电话。") == 1

    # Three working days before: yellow, with words.
    sysclock.set_today(D(2026, 10, 29))
    page = ow.c["handler"].get("/openinfo/staff/").content.decode()
    assert f'<tr id="item-{item.pk}" class="w-yellow">' in page and "剩余3个工作日" in page and "应于2026-11-03前公开" in page
    assert _overdue()[0] == 0

    # The day after the due date: red, "已超期", the list says how many are overdue, and the command fails.
    sysclock.set_today(D(2026, 11, 4))
    page = ow.c["handler"].get("/openinfo/staff/").content.decode()
    assert f'<tr id="item-{item.pk}" class="w-red">' in page and "已超期1个工作日" in page
    assert 'id="overdue-notice"' in page and "1项信息已超过公开期限" in page
    detail = ow.c["handler"].get(f"/openinfo/staff/{item.pk}/").content.decode()
    assert 'id="item-clock"' in detail and "已超期1个工作日" in detail
    code, out = _overdue()
    assert code == 1
    assert f"#{item.pk}\t机构职能及联系方式\t变更于2026-09-30\t应于2026-11-03前公开\t已超期1个工作日" in out
    assert _overdue(agency="other")[0] == 0  # another agency has nothing overdue
    inbox = ow.c["handler"].get("/staff/inbox/").content.decode()  # and the staff inbox says so
    assert 'id="openinfo-warnings"' in inbox and "机构职能及联系方式" in inbox and "2026年11月3日" in inbox

    # Republished late: no more warning; recorded as 逾期公开, the public sees the change with both dates.
    assert publish(ow.c["head"], item).status_code == 302
    item.refresh_from_db()
    assert not item.pending and item.version == 2 and item.published_on == D(2026, 11, 4)
    assert item.first_published_on == D(2026, 6, 5) and item.published_due_on == due
    assert _overdue()[0] == 0
    page = ow.c["handler"].get("/openinfo/staff/").content.decode()
    assert "已超期1个工作日" not in page and 'class="w-red"' not in page.split('id="late-publications"')[0]
    assert '<span class="badge w-red late">逾期公开</span>' in page
    public = Client().get(f"/openinfo/items/{item.pk}/").content.decode()
    assert "职责与新电话。" in public and "2026-06-05" in public and "2026-11-04" in public
    row = _api_rows(category="organization")[0]
    assert (row["published_on"], row["updated_on"], row["source"]) == ("2026-06-05", "2026-11-04", "manual")
    # Both publications are in the transparency log, the second superseding the first.
    entry = tlog.latest_entry("openinfo.item", item.pk)
    assert entry.version == 2 and entry.supersedes is not None
    # Every change is an audit event.
    assert list(AuditEvent.objects.filter(object_type="openinfo.CatalogueItem", object_id=str(item.pk))
                .order_by("id").values_list("action", flat=True)) == [
        "openinfo.item_create", "openinfo.item_publish", "openinfo.item_update", "openinfo.item_publish"]


def test_a_new_item_not_published_in_time_warns_too(ow):
    sysclock.set_today(D(2026, 7, 1))
    assert create(ow.c["handler"], made_on="2026-06-01").status_code == 302
    item = CatalogueItem.objects.get()
    assert deadline.due_on(D(2026, 6, 1)) == D(2026, 6, 30)  # 端午节 (19 June) not counted
    code, out = _overdue()
    assert code == 1 and "形成于2026-06-01" in out
    assert 'class="w-red"' in ow.c["handler"].get("/openinfo/staff/").content.decode()
    # Publishing it now is allowed, and recorded as late.
    assert publish(ow.c["director"], item).status_code == 302
    item.refresh_from_db()
    assert item.published_on > item.published_due_on
    assert "逾期公开" in ow.c["handler"].get(f"/openinfo/staff/{item.pk}/").content.decode()


def test_the_due_date_skips_weekends_and_national_day_and_counts_make_up_days():
    # From Wednesday 30 September 2026: 国庆 1–7 October off (five weekdays among them), Saturday 10 October a
    # make-up working day; counted on the calendar (fazhi/workdays), not by hand.
    due = deadline.due_on(D(2026, 9, 30))
    assert due == D(2026, 11, 3) == compute_deadline(D(2026, 9, 30), 20, "workday").due
    skipped = {s.date: s.reason for s in compute_deadline(D(2026, 9, 30), 20, "workday").skipped}
    assert all(skipped[D(2026, 10, d)] == "国庆节" for d in (1, 2, 5, 6, 7))
    assert D(2026, 10, 10) not in skipped  # 调休上班
    # Weekdays only would have given 28 October.
    assert due - D(2026, 10, 28) == dt.timedelta(days=6)
    # A period with weekends only: made on a Friday, 20 working days later is four weeks later.
    assert deadline.due_on(D(2026, 11, 6)) == D(2026, 12, 4)


# ---- bad input -----------------------------------------------------------------------------------------------------
def test_bad_input_gives_chinese_errors_and_writes_nothing(ow):
    c = ow.c["handler"]
    r = create(c, title="   ")
    assert r.status_code == 400 and "请填写“名称”。" in r.content.decode()
    r = create(c, category="nonsense", made_on="2026-13-01")
    body = r.content.decode()
    assert r.status_code == 400 and "请选择类别。" in body and "“制作或者获取日期”应为日期（YYYY-MM-DD）。" in body
    r = create(c, made_on="2026-11-03")
    assert r.status_code == 400 and "“制作或者获取日期”不能晚于今天。" in r.content.decode()
    r = create(c, title="文" * 201)
    assert r.status_code == 400 and "“名称”不能超过200个字符。" in r.content.decode()
    r = c.post("/openinfo/staff/new/", {"category": "organization", "title": "附件", "made_on": "2026-10-01",
                                        "attachment": _file(b"MZ\x90\x00 not a pdf", "a.pdf")})
    assert r.status_code == 400
    assert not CatalogueItem.objects.exists() and not AuditEvent.objects.filter(action__startswith="openinfo.").exists()

    assert create(c, made_on="2026-10-20").status_code == 302
    item = CatalogueItem.objects.get()
    r = publish(ow.c["head"], item, "2026-10-19")
    assert r.status_code == 400 and "公开日期不能早于制作或者获取日期（2026-10-20）。" in r.content.decode()
    r = publish(ow.c["head"], item, "2026-11-03")
    assert r.status_code == 400 and "“公开日期”不能晚于今天。" in r.content.decode()
    item.refresh_from_db()
    assert item.status == "draft" and item.published_on is None and item.version == 0
    assert tlog.latest_entry("openinfo.item", item.pk) is None

    assert publish(ow.c["head"], item, "2026-10-22").status_code == 302
    item.refresh_from_db()
    # A published item changed without its 变更日期, or with one before the making: refused, nothing changed.
    r = edit(c, item, title="新名称")
    assert r.status_code == 400 and "请填写“变更日期”" in r.content.decode()
    r = edit(c, item, title="新名称", changed_on="2026-10-01")
    assert r.status_code == 400 and "变更日期不能早于制作或者获取日期。" in r.content.decode()
    r = publish(ow.c["head"], item)
    assert r.status_code == 400 and "该信息已公开，没有需要重新公开的变更。" in r.content.decode()
    r = ow.c["head"].post(f"/openinfo/staff/{item.pk}/", {"form": "withdraw", "reason": ""})
    assert r.status_code == 400 and "请填写“撤回理由”。" in r.content.decode()
    item.refresh_from_db()
    assert (item.title, item.pending, item.status, item.version) == ("机构职能及联系方式", False, "published", 1)
    assert AuditEvent.objects.filter(action__startswith="openinfo.").count() == 2


def _file(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_an_attachment_is_published_as_it_was_when_published(ow):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    r = ow.c["handler"].post("/openinfo/staff/new/", {"category": "finance", "title": "2026年部门预算",
                                                       "made_on": "2026-10-01", "attachment": _file(pdf, "预算.pdf")})
    assert r.status_code == 302
    item = CatalogueItem.objects.get()
    assert Client().get(f"/openinfo/items/{item.pk}/file/").status_code == 404  # not public yet
    assert publish(ow.c["head"], item).status_code == 302
    r = Client().get(f"/openinfo/items/{item.pk}/file/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == pdf
    content = json.loads(Client().get(f"/api/v1/log/entries/{tlog.latest_entry('openinfo.item', item.pk).index}"
                                      "/content").content)
    assert content["attachment"] == "预算.pdf" and content["file_sha256"]
    # A new attachment uploaded for a change: the public keeps the published file until republication.
    item.refresh_from_db()
    r = ow.c["handler"].post(f"/openinfo/staff/{item.pk}/", {
        "form": "edit", "category": "finance", "title": "2026年部门预算", "made_on": "2026-10-01",
        "changed_on": "2026-11-02", "attachment": _file(pdf + b"% v2\n", "预算（调整）.pdf")})
    assert r.status_code == 302
    r = Client().get(f"/openinfo/items/{item.pk}/file/")
    assert b"".join(r.streaming_content) == pdf


# ---- access --------------------------------------------------------------------------------------------------------
def test_the_public_sees_only_published_items(ow):
    assert create(ow.c["handler"], title="草稿信息", made_on="2026-10-01").status_code == 302
    draft = CatalogueItem.objects.get()
    anon = Client()
    assert anon.get(f"/openinfo/items/{draft.pk}/").status_code == 404
    assert anon.get("/openinfo/items/999999/").status_code == 404
    assert "草稿信息" not in anon.get("/openinfo/").content.decode()
    assert _api_rows() == []
    assert publish(ow.c["head"], draft).status_code == 302
    assert "草稿信息" in anon.get("/openinfo/").content.decode()
    assert [r["title"] for r in _api_rows()] == ["草稿信息"]
    # Withdrawn: off the catalogue and its page; the withdrawal is in the log.
    r = ow.c["director"].post(f"/openinfo/staff/{draft.pk}/", {"form": "withdraw", "reason": "误发布"})
    assert r.status_code == 302
    assert anon.get(f"/openinfo/items/{draft.pk}/").status_code == 404
    assert _api_rows() == []
    assert tlog.latest_entry("openinfo.item", draft.pk).withdrawn
    # Staff pages: anonymous to the login page; public accounts and administrators 404.
    assert anon.get("/openinfo/staff/").status_code == 302
    for name in ("citizen", "company", "sysadmin", "auditor"):
        assert ow.c[name].get("/openinfo/staff/").status_code == 404, name
        assert ow.c[name].get(f"/openinfo/staff/{draft.pk}/").status_code == 404, name


def test_staff_of_another_agency_cannot_see_or_edit(ow):
    assert create(ow.c["handler"], made_on="2026-10-01").status_code == 302
    item = CatalogueItem.objects.get()
    for name in ("other_clerk", "other_handler", "city_clerk"):
        c = ow.c[name]
        assert c.get(f"/openinfo/staff/{item.pk}/").status_code == 404, name
        assert edit(c, item, title="他人的修改").status_code == 404, name
        assert publish(c, item).status_code == 404, name
        assert "机构职能及联系方式" not in c.get("/openinfo/staff/").content.decode()
    item.refresh_from_db()
    assert item.title == "机构职能及联系方式" and item.status == "draft"
    # Within the agency, any business staff edits; only the reviewers (section head, deputy, director) publish.
    assert edit(ow.c["clerk"], item, title="经办人修改").status_code == 302
    assert publish(ow.c["handler"], item).status_code == 404
    assert publish(ow.c["legal"], item).status_code == 404
    item.refresh_from_db()
    assert item.title == "经办人修改" and item.status == "draft"
    assert publish(ow.c["deputy"], item).status_code == 302


def _api_rows(**params) -> list[dict]:
    """The catalogue's manual items through the public API (the seed discretion standard is always there too)."""
    r = Client().get("/api/v1/openinfo/items", params)
    assert r.status_code == 200, r.content
    return [row for row in r.json()["items"] if row["source"] == "manual"]
