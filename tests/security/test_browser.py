"""The staff two-factor login in Chromium: forced enrolment (QR code and secret, confirmed with a code that
pyotp computes like the phone would), then a later login with the code; no CSP violation on the way.

Self-contained (its own Playwright, started and stopped within the test) so that it can run among the other
tests of tests/security; the browser of tests/e2e is session-wide and starts only after every other test.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fazhi.core.models import AuditEvent
from tests import factories as f
from tests.e2e.helpers import TIMEOUT_MS, chromium
from tests.security.conftest import code_at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def new_page(browser, base_url):
    ctx = browser.new_context(base_url=base_url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = ctx.new_page()
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    return page, csp_errors


def password_step(page, username: str) -> None:
    page.goto("/login/")
    form = page.locator("#login-form")
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(f.PASSWORD)
    with page.expect_navigation():
        form.get_by_role("button", name="登录").click()


def test_staff_enrol_and_log_in_with_the_code_in_chromium(world, settings, live_server):
    settings.FAZHI_STAFF_TOTP = "required"
    with chromium() as browser:
        csp_errors = browser_steps(browser, live_server.url)
    assert csp_errors == []
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"security.totp_enrolled", "security.totp_failed", "auth.login"} <= actions


def browser_steps(browser, base_url) -> list[str]:
    page, csp_errors = new_page(browser, base_url)

    password_step(page, "handler")
    expect(page).to_have_url(re.compile(r"/security/totp/$"))
    expect(page.get_by_role("heading", name="绑定动态口令")).to_be_visible()
    expect(page.locator("#totp-qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    assert secret and re.fullmatch(r"[A-Z2-7]{32}", secret)

    form = page.locator("#enrol-form")
    form.get_by_label("动态验证码").fill(code_at(secret))
    with page.expect_navigation():
        form.get_by_role("button", name="确认绑定").click()
    expect(page).to_have_url(re.compile(r"/staff/inbox/$"))
    expect(page.locator("ul.messages")).to_contain_text("动态口令已绑定")

    # the user menu leads to 账户安全, where the secret is no longer shown
    page.get_by_role("link", name="账户安全").click()
    expect(page.locator("#totp")).to_contain_text("已绑定")
    expect(page.locator("#totp-secret")).to_have_count(0)

    # log out, and in again: password, then the code
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
    password_step(page, "handler")
    expect(page).to_have_url(re.compile(r"/security/login/verify/$"))
    form = page.locator("#otp-form")
    form.get_by_label("动态验证码").fill("000000" if code_at(secret, 1) != "000000" else "111111")
    with page.expect_navigation() as nav:
        form.get_by_role("button", name="验证并登录").click()
    assert nav.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("动态验证码不正确")
    form.get_by_label("动态验证码").fill(code_at(secret, 1))
    with page.expect_navigation():
        form.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(re.compile(r"/staff/inbox/$"))
    return csp_errors
