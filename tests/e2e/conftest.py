"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per user per test.

Playwright's sync API keeps an asyncio loop running in this thread from ``start()`` to ``stop()``, and
Django refuses ORM calls from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set; the
tests do call the ORM (factories, assertions) between browser steps. The variable is set only while the
browser is up, and the browser tests run last, so no other test (nor a subprocess one spawns, such as
``check --deploy``, which flags the variable) runs with it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(session, config, items):
    """Run the browser tests after all others (see the module docstring)."""
    e2e = [i for i in items if HERE in Path(i.path).resolve().parents]
    if e2e and len(e2e) != len(items):
        chosen = set(e2e)
        items[:] = [i for i in items if i not in chosen] + e2e


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.e2e.helpers.FastArgon2PasswordHasher"]


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Browser:
    # django_db_setup first, so the test database is torn down after the browser (and its loop) is gone.
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(apt-get install chromium). They do not download a browser.", pytrace=False)
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as e:
        pw.stop()
        pytest.fail(f"could not launch {CHROMIUM}: {e}", pytrace=False)
    try:
        yield b
    finally:
        b.close()
        pw.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


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


