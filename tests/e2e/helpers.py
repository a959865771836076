"""Helpers of the browser tests: the browser's command line, a cheap password hasher, and the steps every
test repeats (log in, fire a transition from the case page)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
TIMEOUT_MS = 10_000


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with tiny costs: the same code path as production (same "argon2" algorithm, verification
    reads the parameters from the hash) without 0.3 s per user created or logged in."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@contextmanager
def chromium() -> Iterator[Browser]:
    """A Chromium of its own for the length of a ``with`` block, for browser tests outside tests/e2e (whose session
    browser starts only after every other test). DJANGO_ALLOW_ASYNC_UNSAFE, which Playwright's running loop needs,
    is restored afterwards; touch the database only outside the block (Django's connections are per asyncio
    context while the loop runs)."""
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium.", pytrace=False)
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        pw.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def login(page: Page, username: str, password: str, *, url: str | None = "/login/") -> None:
    """Log in through the login page (or the one the browser is on when ``url`` is None)."""
    if url:
        page.goto(url)
    form = page.locator("#login-form")
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(password)
    with page.expect_navigation():
        form.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def fire(page: Page, transition: str, *, fields: dict[str, str] | None = None, choices: dict[str, str] | None = None,
         comment: str | None = None, files: dict[str, Path] | None = None, ok: bool = True) -> None:
    """Open the action's <details>, fill its form and submit it. ``choices`` select options by label."""
    page.locator(f'#actions summary[data-transition="{transition}"]').click()
    form = page.locator(f'#actions form[data-transition="{transition}"]')
    expect(form).to_be_visible()
    for name, value in (fields or {}).items():
        form.locator(f"#tf_{transition}_{name}").fill(value)
    for name, label in (choices or {}).items():
        form.locator(f"#tf_{transition}_{name}").select_option(label=label)
    for code, path in (files or {}).items():
        form.locator(f"#rs_{code}").set_input_files(path)
    if comment is not None:
        form.locator(f"#comment_{transition}").fill(comment)
    with page.expect_navigation():
        form.get_by_role("button", name=re.compile("^确认")).click()
    if ok:
        expect(page.locator("ul.messages")).to_contain_text("操作已完成。")


def open_from_inbox(page: Page, number: str) -> None:
    page.goto("/staff/inbox/")
    page.locator("#inbox").get_by_role("link", name=number, exact=True).click()
    expect(page.locator("#case-number")).to_have_text(number)
