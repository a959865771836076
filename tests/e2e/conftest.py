"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per user per test. Playwright's sync API runs
an asyncio loop in this thread; Django refuses ORM calls from a thread with a running loop unless told
otherwise, and the tests do call the ORM (factories, assertions) between browser steps.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.e2e.helpers.FastArgon2PasswordHasher"]


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(apt-get install chromium). They do not download a browser.", pytrace=False)
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as e:
        pw.stop()
        pytest.fail(f"could not launch {CHROMIUM}: {e}", pytrace=False)
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page()`` opens a page in a new browser context (a separate user); all are closed after the
    test."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        ctx = browser.new_context(base_url=live_server.url, locale="zh-CN", accept_downloads=True,
                                  viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(TIMEOUT_MS)
        # The favicon request would reach Django (a 404 that saves the session) while the test thread
        # uses the database; with SQLite's shared in-memory connection the two must not overlap.
        ctx.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


