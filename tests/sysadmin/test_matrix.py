"""Who gets what on every page and endpoint of the administrators' console: each administrator only their own work,
business staff and public accounts nothing (404 on pages, 403 on the API), anonymous visitors the login page (401 on
the API), administrators of another agency tree nothing of this one."""

from __future__ import annotations

import pytest

from fazhi.core.models import AuditEvent, User
from tests import factories as f

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "citizen", "clerk", "director", "sysadmin", "secadmin", "auditor"]
OWNER = {"system": "sysadmin", "security": "secadmin", "audit": "auditor"}

# (name, url template, owner: system | security | audit | any)
PAGES = [
    ("index", "/sysadmin/", "any"),
    ("accounts", "/sysadmin/accounts/", "system"),
    ("account_new", "/sysadmin/accounts/new/", "system"),
    ("account", "/sysadmin/accounts/{target}/", "system"),
    ("roles", "/sysadmin/roles/", "security"),
    ("roles_edit", "/sysadmin/roles/{target}/", "security"),
    ("policy", "/sysadmin/policy/", "security"),
    ("audit", "/sysadmin/audit/", "audit"),
    ("audit_export_csv", "/sysadmin/audit/export/?format=csv", "audit"),
    ("audit_export_xlsx", "/sysadmin/audit/export/?format=xlsx", "audit"),
    ("chains", "/sysadmin/audit/chains/", "audit"),
]
API = [
    ("api_accounts", "/api/v1/sysadmin/accounts", ("system", "security")),
    ("api_audit", "/api/v1/sysadmin/audit", ("audit",)),
    ("api_audit_export", "/api/v1/sysadmin/audit/export?format=csv", ("audit",)),
]


def _page_expected(owner: str, actor: str) -> int:
    if actor == "anonymous":
        return 302
    if owner == "any":
        return 200 if actor in OWNER.values() else 404
    return 200 if actor == OWNER[owner] else 404


@pytest.mark.parametrize("actor", ACTORS)
def test_pages(world, login, actor):
    target = f.staff("target", world.agency)
    client = login(None if actor == "anonymous" else world.users[actor])
    got = {}
    for name, url, _owner in PAGES:
        r = client.get(url.format(target=target.pk))
        got[name] = r.status_code
        if r.status_code == 302:
            assert r["Location"].startswith("/login/?next=")
    assert got == {name: _page_expected(owner, actor) for name, _url, owner in PAGES}


@pytest.mark.parametrize("actor", ACTORS)
def test_api(world, login, actor):
    client = login(None if actor == "anonymous" else world.users[actor])
    got = {name: client.get(url).status_code for name, url, _owners in API}
    want = {}
    for name, _url, owners in API:
        if actor == "anonymous":
            want[name] = 401
        else:
            want[name] = 200 if actor in {OWNER[o] for o in owners} else 403
    assert got == want


@pytest.mark.parametrize("actor", ACTORS)
def test_writes_only_by_their_administrator(world, login, actor):
    """Each write, attempted by everyone: only its own administrator changes anything."""
    target = f.staff("target", world.agency, "case_handler")
    client = login(None if actor == "anonymous" else world.users[actor])
    before = AuditEvent.objects.count()

    r = client.post("/sysadmin/accounts/new/", {"username": "newbie", "full_name": "新人", "agency": "hlj",
                                                "password1": "Init-Passw0rd-2026!", "password2": "Init-Passw0rd-2026!"})
    assert User.objects.filter(username="newbie").exists() == (actor == "sysadmin")
    assert r.status_code == (302 if actor in ("anonymous", "sysadmin") else 404)

    r = client.post(f"/sysadmin/accounts/{target.pk}/active/", {"active": "0", "reason": "调离"})
    target.refresh_from_db()
    assert target.is_active == (actor != "sysadmin")
    assert r.status_code == (302 if actor in ("anonymous", "sysadmin") else 404)

    r = client.post(f"/sysadmin/roles/{target.pk}/", {"roles": ["legal_reviewer"]})
    target.refresh_from_db()
    assert (target.roles == ["legal_reviewer"]) == (actor == "secadmin")
    assert r.status_code == (302 if actor in ("anonymous", "secadmin") else 404)

    r = client.post("/sysadmin/audit/chains/")
    assert r.status_code == {"anonymous": 302, "auditor": 200}.get(actor, 404)

    # the API's writes
    api = {
        "create": client.post("/api/v1/sysadmin/accounts", {"username": "apinew", "full_name": "接口", "agency": "hlj",
                                                            "password": "Init-Passw0rd-2026!"},
                              content_type="application/json").status_code,
        "roles": client.put(f"/api/v1/sysadmin/accounts/{target.pk}/roles", {"roles": ["director"]},
                            content_type="application/json").status_code,
        "reactivate": client.post(f"/api/v1/sysadmin/accounts/{target.pk}/reactivate").status_code,
    }
    if actor == "anonymous":
        assert api == {"create": 401, "roles": 401, "reactivate": 401}
    else:
        assert api == {"create": 201 if actor == "sysadmin" else 403, "roles": 200 if actor == "secadmin" else 403,
                       "reactivate": 200 if actor == "sysadmin" else 403}
    # nobody but an administrator doing their work leaves a trace in the trail; business staff and the public none
    written = set(AuditEvent.objects.filter(pk__gt=0).order_by("id")[before:].values_list("action", flat=True))
    expected = {
        "sysadmin": {"sysadmin.account_create", "sysadmin.account_deactivate", "sysadmin.account_reactivate"},
        "secadmin": {"sysadmin.role_grant", "sysadmin.role_revoke"},
        "auditor": {"sysadmin.chain_verify"},
    }.get(actor, set())
    assert written == expected


def test_administrators_of_another_agency_tree_see_nothing_of_this_one(world, login):
    other_sys = f.staff("other_sys", world.other, "system_admin")
    other_sec = f.staff("other_sec", world.other, "security_admin")
    other_aud = f.staff("other_aud", world.other, "audit_admin")
    clerk = world.users["clerk"]
    assert login(other_sys).get(f"/sysadmin/accounts/{clerk.pk}/").status_code == 404
    assert login(other_sec).get(f"/sysadmin/roles/{clerk.pk}/").status_code == 404
    assert login(other_sec).put(f"/api/v1/sysadmin/accounts/{clerk.pk}/roles", {"roles": []},
                                content_type="application/json").status_code == 404
    assert ">clerk<" not in login(other_sys).get("/sysadmin/accounts/").content.decode()
    # the audit administrator of the other agency does not see this agency's staff's events
    login(clerk).get("/")
    AuditEvent.objects.create(actor=clerk, action="test.home")
    body = login(other_aud).get("/sysadmin/audit/?action=test.home").content.decode()
    assert 'data-action="test.home"' not in body
    assert 'data-action="test.home"' in login(world.users["auditor"]).get("/sysadmin/audit/?action=test.home").content.decode()


def test_a_subordinate_agency_is_managed_from_above_not_the_reverse(world, login):
    city_sys = f.staff("city_sys", world.city, "system_admin")
    assert login(world.users["sysadmin"]).get(f"/sysadmin/accounts/{world.users['city_clerk'].pk}/").status_code == 200
    assert login(city_sys).get(f"/sysadmin/accounts/{world.users['clerk'].pk}/").status_code == 404
    assert login(city_sys).get(f"/sysadmin/accounts/{world.users['city_clerk'].pk}/").status_code == 200


def test_public_accounts_are_not_managed_here(world, login):
    citizen = world.users["citizen"]
    assert login(world.users["sysadmin"]).get(f"/sysadmin/accounts/{citizen.pk}/").status_code == 404
    assert login(world.users["secadmin"]).get(f"/sysadmin/roles/{citizen.pk}/").status_code == 404


def test_the_navigation_shows_system_management_to_administrators_only(world, login):
    for name in ("sysadmin", "secadmin", "auditor"):
        assert 'id="nav-sysadmin"' in login(world.users[name]).get("/sysadmin/").content.decode()
    for name in ("clerk", "director"):
        assert 'id="nav-sysadmin"' not in login(world.users[name]).get("/staff/inbox/").content.decode()
    assert 'id="nav-sysadmin"' not in login(world.users["citizen"]).get("/").content.decode()


def test_administrators_still_cannot_read_case_contents(world, login):
    """三员分立 on the business side is unchanged: the console gives them no way into the staff pages."""
    for name in ("sysadmin", "secadmin", "auditor"):
        assert login(world.users[name]).get("/staff/inbox/").status_code == 404
