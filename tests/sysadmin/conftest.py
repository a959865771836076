"""The administrators' console: clients logged in as each kind of actor."""

from __future__ import annotations

import pytest
from django.test import Client

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def login():
    """``login(user)`` → a Client with that user's session (``None``: anonymous)."""

    def make(user=None) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user, backend=BACKEND)
        return c

    return make


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """The browser test runs with the browser tests: after every other test, just before tests/e2e (whose own hook,
    run before this one, moved them to the end), so the live server starts no earlier than it does for them."""
    from pathlib import Path

    here = Path(__file__).resolve().parent / "test_browser.py"
    mine = [i for i in items if Path(i.path).resolve() == here]
    if not mine or len(mine) == len(items):
        return
    e2e_dir = Path(__file__).resolve().parent.parent / "e2e"
    rest = [i for i in items if i not in mine]
    first_e2e = next((n for n, i in enumerate(rest) if e2e_dir in Path(i.path).resolve().parents), len(rest))
    items[:] = rest[:first_e2e] + mine + rest[first_e2e:]
