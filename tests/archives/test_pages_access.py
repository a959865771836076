"""The pages (catalogue, guide, booking form, the reading room's day, serve with a copy, requests, statistics) and who
may see what: the owner, another account, staff of another agency, anonymous visitors; the statistics equal counts
over the records."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.archives.models import ArchiveRequest, ResultFile
from fazhi.archives.selectors import statistics
from fazhi.core import clock as sysclock
from fazhi.process.models import Case, Clock
from tests import factories as f
from tests.archives.conftest import ID, TUESDAY, book, client, fire

D = dt.date


def test_catalogue_and_guide_read_the_process(aw):
    c = client()
    r = c.get("/archives/services/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "档案公共服务事项目录" in html and "档案查阅利用（查档预约）" in html and "出具档案证明" in html
    assert aw.item.name in html  # the licensing items are in the same catalogue
    r = c.get("/archives/services/dag-fw-001/")
    html = r.content.decode()
    assert r.status_code == 200 and "确认预约期限：1个工作日" in html and "查档答复期限：5个工作日" in html
    assert "本机关服务承诺" in html and "<svg" in html and "不收费" in html
    assert c.get("/archives/services/nope/").status_code == 404
    r = c.get("/api/v1/archives/services")
    assert r.status_code == 200 and [s["code"] for s in r.json()] == ["dag-fw-001", "dag-fw-002", "dag-fw-003"]
    assert r.json()[1]["time_limits"][2]["label"] == "出具证明期限"


def test_booking_form_onsite_and_errors(aw, today):
    c = client(aw.users["citizen"])
    assert client().get("/archives/services/dag-fw-001/book/").status_code == 302  # to the login page
    assert client(aw.users["clerk"]).get("/archives/services/dag-fw-001/book/").status_code == 404
    r = c.get("/archives/services/dag-fw-001/book/")
    assert r.status_code == 200 and "2026-11-04|am" in r.content.decode()
    form = {"id_type": "resident", "id_number": "230103198506120030", "purpose": "research",
            "archives_wanted": "x", "access": "open", "mode": "onsite", "slot": "2026-11-04|am"}
    r = c.post("/archives/services/dag-fw-001/book/", form)
    assert r.status_code == 400 and "预约未提交" in r.content.decode()
    assert Case.objects.count() == 0
    r = c.post("/archives/services/dag-fw-001/book/", {**form, "id_number": ID})
    assert r.status_code == 302 and r["Location"].startswith("/cases/")
    req = ArchiveRequest.objects.get()
    assert (req.mode, req.visit_date, req.half_day) == ("onsite", D(2026, 11, 4), "am")
    r = c.get(r["Location"])
    assert "HLJ-CD2026-000001" in r.content.decode()  # the receipt with the verification code
    assert "HLJ-CD2026-000001" in c.get("/my/").content.decode()


def test_reading_room_day_confirm_attend_and_serve_with_a_copy(aw, today):
    u = aw.users
    case_id = book(u["citizen"], mode="onsite", visit_date="2026-11-03", half_day="pm").json()["id"]
    online_id = book(u["citizen2"]).json()["id"]
    clerk = client(u["clerk"])
    r = clerk.get("/archives/reading-room/?date=2026-11-03")
    html = r.content.decode()
    assert r.status_code == 200 and "HLJ-CD2026-000001" in html and "HLJ-CD2026-000002" in html
    assert 'data-step="confirm"' in html
    r = clerk.post(f"/archives/requests/{case_id}/act/", {"transition": "confirm", "next": "/archives/reading-room/?date=2026-11-03"})
    assert r.status_code == 302 and r["Location"] == "/archives/reading-room/?date=2026-11-03"
    assert Case.objects.get(pk=case_id).state == "booked"
    assert clerk.post(f"/archives/requests/{case_id}/act/", {"transition": "serve"}).status_code == 404
    sysclock.set_today(TUESDAY)
    clerk.post(f"/archives/requests/{case_id}/act/", {"transition": "attend"})
    assert Case.objects.get(pk=case_id).state == "attended"
    pdf = SimpleUploadedFile("复制件.pdf", f.pdf_bytes("copy"), content_type="application/pdf")
    r = clerk.post(f"/archives/requests/{case_id}/serve/", {"answer": "已查阅，提供复制件1件。", "files": [pdf]})
    assert r.status_code == 302, r.content.decode()[:2000]
    req = ArchiveRequest.objects.get(case_id=case_id)
    assert req.case.state == "served" and req.files.count() == 1
    # A bad file: nothing is written.
    fire(online_id, "confirm", u["clerk"])
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    r = clerk.post(f"/archives/requests/{online_id}/serve/", {"answer": "答复", "files": [bad]})
    assert r.status_code == 400 and "不支持的文件类型" in r.content.decode()
    assert Case.objects.get(pk=online_id).state == "booked" and not ResultFile.objects.filter(request__case_id=online_id)

    # The owner sees the answer and downloads the copy; others get the same 404.
    f_url = f"/archives/requests/{case_id}/files/{req.files.get().pk}/"
    owner = client(u["citizen"])
    page = owner.get(f"/cases/{case_id}/").content.decode()
    assert "已查阅，提供复制件1件。" in page and f_url in page
    r = owner.get(f_url)
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    for other in (u["citizen2"], u["other_clerk"], u["sysadmin"], None):
        assert client(other).get(f_url).status_code == 404, other
    assert client(u["handler"]).get(f_url).status_code == 200  # staff of the agency
    assert owner.get(f"/archives/requests/{case_id}/files/999/").status_code == 404


def test_api_access_owner_other_account_other_agency(aw, today):
    u = aw.users
    case_id = book(u["citizen"]).json()["id"]
    url = f"/api/v1/archives/bookings/{case_id}"
    r = client(u["citizen"]).get(url)
    assert r.status_code == 200 and "id_number" not in r.json()
    assert client(u["clerk"]).get(url).json()["id_number"] == ID
    for other in (u["citizen2"], u["other_clerk"], u["other_handler"], u["sysadmin"]):
        assert client(other).get(url).status_code == 404
    assert client().get(url).status_code == 401
    assert [b["id"] for b in client(u["citizen"]).get("/api/v1/archives/bookings").json()] == [case_id]
    assert client(u["citizen2"]).get("/api/v1/archives/bookings").json() == []
    assert [b["id"] for b in client(u["clerk"]).get("/api/v1/archives/bookings").json()] == [case_id]
    assert client(u["other_clerk"]).get("/api/v1/archives/bookings").json() == []
    # Staff actions: other agency cannot act; the public cannot serve.
    assert fire(case_id, "confirm", u["other_clerk"]).status_code == 404
    serve = f"/api/v1/archives/bookings/{case_id}/serve"
    assert client(u["citizen"]).post(serve, {"answer": "x"}).status_code == 404
    assert client(u["other_clerk"]).post(serve, {"answer": "x"}).status_code == 404
    for path in ("/archives/reading-room/", "/archives/requests/", "/archives/statistics/"):
        assert client(u["citizen"]).get(path).status_code == 404
        assert client().get(path).status_code == 302
        assert client(u["clerk"]).get(path).status_code == 200
    assert client(u["citizen"]).get("/api/v1/archives/reading-room").status_code == 403
    assert client(u["citizen"]).get("/api/v1/archives/statistics").status_code == 403


def test_statistics_equal_counts_over_records(aw, today):
    u = aw.users
    a = book(u["citizen"]).json()["id"]  # answered on time
    fire(a, "confirm", u["clerk"])
    client(u["clerk"]).post(f"/api/v1/archives/bookings/{a}/serve", {"answer": "答复"})
    b = book(u["citizen"]).json()["id"]  # answered late
    fire(b, "confirm", u["clerk"])
    book(u["citizen2"], service="dag-fw-002", purpose="rights")  # proof still open, overdue later
    d = book(u["citizen2"], access="restricted", restriction="limited").json()["id"]
    fire(d, "refuse", u["head"], reasons="涉及他人隐私", legal_basis="档案法第二十八条")
    e = book(u["company"], service="dag-fw-003", purpose="work").json()["id"]
    fire(e, "withdraw", u["company"])
    sysclock.set_today(D(2026, 11, 20))
    client(u["clerk"]).post(f"/api/v1/archives/bookings/{b}/serve", {"answer": "答复"})

    s = statistics(aw.agency.pk, 2026)
    kinds = {k["kind"]: k for k in s["kinds"]}
    # Count the records directly.
    cases = Case.objects.filter(kind__startswith="archives_", received_on__year=2026)
    assert s["total"] == cases.count() == 5
    for kind, k in kinds.items():
        mine = cases.filter(archive_request__service__kind=kind)
        assert k["total"] == mine.count()
        assert k["served"] == mine.filter(state="served").count()
        assert k["open"] == mine.filter(closed_on__isnull=True).count()
        late = {x.case_id for x in Clock.objects.filter(case__in=mine, due__isnull=False)
                if (x.state == "running" and x.due < sysclock.today()) or (x.state == "stopped" and x.on_time is False)}
        assert k["overdue"] == len(late)
        assert k["on_time"] == mine.filter(closed_on__isnull=False).exclude(pk__in=late).count()
    assert (kinds["consultation"]["total"], kinds["consultation"]["served"], kinds["consultation"]["refused"]) == (3, 2, 1)
    assert (kinds["consultation"]["on_time"], kinds["consultation"]["overdue"]) == (2, 1)
    assert (kinds["proof"]["open"], kinds["proof"]["overdue"]) == (1, 1)  # its 1-day confirm clock ran out
    assert (kinds["copy"]["withdrawn"], kinds["copy"]["on_time"]) == (1, 1)
    assert s["restricted"] == 1 and s["by_purpose"]["rights"] == 1
    r = client(u["head"]).get("/api/v1/archives/statistics", {"year": 2026})
    assert r.status_code == 200 and r.json()["total"] == 5 and r.json()["overdue"] == s["overdue"]
    html = client(u["head"]).get("/archives/statistics/?year=2026").content.decode()
    assert 'id="stats-total">5<' in html
    assert statistics(aw.other.pk, 2026)["total"] == 0


def test_track_page_shows_the_request(aw, today):
    body = book(aw.users["citizen"]).json()
    r = client().post("/track/", {"number": body["number"], "code": body["verification_code"]})
    assert r.status_code == 200 and "已提交，等待确认" in r.content.decode()


def test_case_page_and_flowcharts_of_every_kind(aw, today):
    from fazhi.archives.process import CODES
    from fazhi.process.flowchart import flowchart_svg

    for code in CODES:
        assert "<svg" in flowchart_svg(code)
    for service in ("dag-fw-001", "dag-fw-002", "dag-fw-003"):
        case_id = book(aw.users["citizen"], service=service).json()["id"]
        staff_page = client(aw.users["clerk"]).get(f"/cases/{case_id}/").content.decode()
        assert 'id="archives-panel"' in staff_page and ID in staff_page
        owner_page = client(aw.users["citizen"]).get(f"/cases/{case_id}/").content.decode()
        assert 'id="archives-panel"' in owner_page and ID not in owner_page.split('id="archives-panel"')[1]
    for service in ("dag-fw-002", "dag-fw-003"):
        assert client().get(f"/archives/services/{service}/").status_code == 200
