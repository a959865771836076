"""In Chromium: the security administrator grants a role; the audit administrator then finds that grant in the audit
trail and exports it (and finds the export in the trail too).

The browser is started for this module only and stopped at its end (with DJANGO_ALLOW_ASYNC_UNSAFE, which Playwright's
running loop needs, restored), so this module can run anywhere in the suite; tests/e2e keeps its own session browser.
"""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from fazhi.core.models import AuditEvent
from tests import factories as f
from tests.e2e.helpers import TIMEOUT_MS, login
from tests.e2e.helpers import chromium as browser_of_its_own

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]



@pytest.fixture(scope="module")
def chromium(django_db_setup):
    with browser_of_its_own() as browser:
        yield browser


@pytest.fixture
def new_page(chromium, live_server):
    contexts = []

    def make():
        ctx = chromium.new_context(base_url=live_server.url, locale="zh-CN", accept_downloads=True,
                                   viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(TIMEOUT_MS)
        ctx.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def test_a_role_grant_is_seen_and_exported_by_the_audit_administrator(world, new_page, tmp_path):
    newbie = f.staff("newbie", world.agency)

    # ---- the security administrator grants 法制审核 ---------------------------------------------------------------
    sec = new_page()
    login(sec, "secadmin", f.PASSWORD)
    sec.goto("/")
    sec.locator("#nav-sysadmin").click()
    expect(sec.locator("h1")).to_have_text("系统管理")
    sec.locator("#sysadmin-nav").get_by_role("link", name="角色授权").click()
    sec.locator("#f-q").fill("newbie")
    sec.get_by_role("button", name="筛选").click()
    sec.locator("#accounts").get_by_role("link", name="newbie", exact=True).click()
    expect(sec.locator("h1")).to_contain_text("newbie")
    # 三员分立: an administrator role together with a business role is refused, in Chinese
    sec.locator("#role-legal_reviewer").check()
    sec.locator("#role-audit_admin").check()
    with sec.expect_navigation():
        sec.get_by_role("button", name="保存角色").click()
    expect(sec.get_by_role("alert")).to_contain_text("三员分立")
    sec.locator("#role-audit_admin").uncheck()
    with sec.expect_navigation():
        sec.get_by_role("button", name="保存角色").click()
    expect(sec.locator("ul.messages")).to_contain_text("已更新“newbie”的角色。")
    expect(sec.locator("#role-legal_reviewer")).to_be_checked()
    newbie.refresh_from_db()
    assert newbie.roles == ["legal_reviewer"]
    # the security administrator has no way to the trail
    assert sec.goto("/sysadmin/audit/").status == 404

    # ---- the audit administrator finds it and exports it ------------------------------------------------------
    aud = new_page()
    login(aud, "auditor", f.PASSWORD)
    aud.goto("/")
    aud.locator("#nav-sysadmin").click()
    aud.locator("#sysadmin-nav").get_by_role("link", name="审计记录").click()
    aud.locator("#f-action").fill("授予角色")
    aud.get_by_role("button", name="筛选").click()
    row = aud.locator('#audit tr[data-action="sysadmin.role_grant"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text("secadmin")
    expect(row).to_contain_text("授予角色")
    expect(row).to_contain_text("legal_reviewer")
    expect(row).to_contain_text("newbie")

    with aud.expect_download() as dl:
        aud.locator("#export-csv").click()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    assert path.suffix == ".csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r[5] for r in rows[1:]] == ["sysadmin.role_grant"]
    assert rows[1][2] == "secadmin" and '"role": "legal_reviewer"' in rows[1][9]

    # the export is itself in the trail
    aud.locator("#f-action").fill("导出审计记录")
    aud.get_by_role("button", name="筛选").click()
    expect(aud.locator('#audit tr[data-action="sysadmin.audit_export"]')).to_have_count(1)
    export = AuditEvent.objects.get(action="sysadmin.audit_export")
    assert export.actor == world.users["auditor"] and export.detail["rows"] == 1
    # and the audit administrator cannot grant roles
    assert aud.goto(f"/sysadmin/roles/{newbie.pk}/").status == 404
