"""Who may use the pages and endpoints of this app (rows for tests/test_permission_matrix.py)."""

from __future__ import annotations

import pytest

from tests.complaints.conftest import client_for, staff_report

pytestmark = pytest.mark.django_db

HOME = ("clerk", "handler", "head", "deputy", "director", "legal", "officer1")
FOREIGN = ("city_clerk", "other_clerk", "other_handler")
OTHERS = ("citizen", "company", "sysadmin", "secadmin", "auditor")


def test_pages_and_endpoints(world, today):
    case, _code = staff_report(world)
    anon = client_for()
    assert anon.get("/complaints/").status_code == 302
    assert anon.get("/complaints/export/").status_code == 302
    for url in ("/api/v1/complaints", "/api/v1/complaints/export", f"/api/v1/complaints/{case.pk}"):
        assert anon.get(url).status_code == 401, url
    for who in HOME + FOREIGN + OTHERS:
        c = client_for(world.users[who])
        business = who not in OTHERS
        expect_page = 200 if business else 404
        assert c.get("/complaints/").status_code == expect_page, who
        assert c.get("/complaints/export/").status_code == expect_page, who
        assert c.get("/api/v1/complaints").status_code == (200 if business else 403), who
        assert c.get("/api/v1/complaints/export").status_code == (200 if business else 403), who
        detail = c.get(f"/api/v1/complaints/{case.pk}").status_code
        assert detail == (200 if who in HOME else 404 if who in FOREIGN else 403), who
    # Another agency's officers see their own (empty) list, never this agency's requests.
    assert client_for(world.users["other_handler"]).get("/api/v1/complaints").json() == []
    assert case.number not in client_for(world.users["city_clerk"]).get("/complaints/").content.decode()
