"""Strict CSP, proven on the pages themselves; HSTS and Secure cookies under the production settings.

The configured policy (fazhi/config/settings.py, django-csp) is ``script-src 'self'`` and ``style-src 'self'``
with no 'unsafe-inline' and no 'unsafe-eval': a browser would block every inline script, event-handler
attribute, ``javascript:`` URL, ``<style>`` element and ``style=`` attribute. So no page may contain one — they
would be dead code at best and a sign of an injection at worst. Every GET row of the permission matrix
(tests/test_permission_matrix.py: every page of the URL conf, on records of every app) is rendered for the
public (anonymous and a citizen) and for staff in several roles, and every HTML answer is parsed.
GB/T 22239-2019 (等保2.0) §8.1.4.4 入侵防范; OWASP ASVS 4.0 V14.4 (HTTP security headers).
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.test_permission_matrix import BACKEND, MORE, URLS, demo_world, matrix_case  # noqa: F401 - fixtures, by getfixturevalue

ROOT = Path(__file__).resolve().parents[2]
# Public pages as anonymous and as a citizen; staff pages as the roles that see the most (the clerk of intake,
# a section head, the legal reviewer, the director) and a subordinate agency's clerk.
ACTORS = ("anonymous", "citizen", "clerk", "head", "legal", "director", "city_clerk")
# Script types a browser does not execute: data blocks need no CSP allowance (CSP 3 §6.1.4 applies to scripts
# that run). None is used today; if one is added it must stay data.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event-handler attribute")
            if name == "style":
                self.problems.append(f"<{tag} style=…> inline style attribute")
            if name in URL_ATTRIBUTES and value and "".join(value.split()).lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={value[:40]!r}> script URL")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            self._script, self._script_text = named, []
            if "src" in named and not (named["src"] or "").startswith("/"):
                self.problems.append(f"<script src={named['src']!r}> not from this site")

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            content = "".join(self._script_text).strip()
            kind = (self._script.get("type") or "").strip().lower()
            if content and "src" not in self._script and kind not in DATA_SCRIPT_TYPES:
                self.problems.append(f"inline <script>: {content[:60]!r}")
            self._script = None


def audit_html(html: str) -> list[str]:
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.problems


def _directive(csp: str, name: str) -> list[str]:
    for part in csp.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return []


def assert_strict_csp(csp: str) -> None:
    scripts = _directive(csp, "script-src") or _directive(csp, "default-src")
    styles = _directive(csp, "style-src") or _directive(csp, "default-src")
    assert scripts == ["'self'"], csp
    assert styles == ["'self'"], csp
    for word in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*", "http:", "https:"):
        assert word not in csp.split(), (word, csp)
    assert _directive(csp, "object-src") == ["'none'"] and _directive(csp, "frame-ancestors") == ["'none'"], csp
    assert _directive(csp, "base-uri") == ["'self'"] and _directive(csp, "form-action") == ["'self'"], csp


# ---- the auditor itself ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("html,problem", [
    ('<script>alert(1)</script>', "inline <script>"),
    ('<script type="module">import x from "/a.js"</script>', "inline <script>"),
    ('<a href="#" onclick="x()">x</a>', "event-handler"),
    ('<svg><g onload="x()"></g></svg>', "event-handler"),
    ('<a href=" JavaScript:alert(1)">x</a>', "script URL"),
    ('<form action="javascript:x()"></form>', "script URL"),
    ('<p style="color:red">x</p>', "inline style"),
    ('<style>p{}</style>', "<style> element"),
    ('<script src="https://cdn.example.com/x.js"></script>', "not from this site"),
])
def test_the_audit_finds(html, problem):
    assert any(problem in p for p in audit_html(html)), audit_html(html)


@pytest.mark.parametrize("html", [
    '<script src="/static/tlog/verify.js" defer></script>',
    '<script type="application/json" id="data">{"a": 1}</script>',
    '<p class="on">one</p><details open><summary>s</summary></details>',
    '<a href="/cases/1/">案件</a><img src="data:image/png;base64,AAAA" alt="">',
])
def test_the_audit_passes(html):
    assert audit_html(html) == []


def test_the_configured_policy_is_strict():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in str(directives) and "'unsafe-eval'" not in str(directives)


# ---- every page ------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_every_page_is_clean_under_the_strict_csp(world, request):
    case = request.getfixturevalue("matrix_case")
    records = request.getfixturevalue("demo_world")
    ctx = {**records, "case": case.pk, "doc": case.documents.first().pk, "material": case.licensing.files.first().pk,
           "penalty_case": records["penalty"], "evidence": records["photo"]}
    gets = [url.format(**ctx) for method, url in URLS.values() if method == "get"]
    gets += [row.url.format(**ctx) for row in MORE.values() if row.method == "get"]
    gets += ["/login/", "/register/", "/no-such-page/"]
    problems: list[str] = []
    pages = 0
    for actor in ACTORS:
        client = Client(raise_request_exception=False)
        if actor != "anonymous":
            client.force_login(world.users[actor], backend=BACKEND)
        for url in gets:
            response = client.get(url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            pages += 1
            csp = response.get("Content-Security-Policy", "")
            if not csp:
                problems.append(f"{actor} {url}: no Content-Security-Policy header")
                continue
            assert_strict_csp(csp)
            problems += [f"{actor} {url} ({response.status_code}): {p}" for p in audit_html(response.content.decode())]
    assert pages > 300, pages  # the walk really rendered pages (~120 distinct ones, several actors)
    assert not problems, "\n".join(problems)


# ---- production settings: HSTS and Secure cookies ---------------------------------------------------------------
_PROBE = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.config.settings")
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.contrib.sessions.middleware import SessionMiddleware

call_command("migrate", "sessions", verbosity=0)
client = Client()
plain = client.get("/login/")
secure = client.get("/login/", secure=True)
print("redirect", plain.status_code, plain.get("Location", ""))
print("hsts", secure.get("Strict-Transport-Security", ""))
csrf = secure.cookies[settings.CSRF_COOKIE_NAME]
print("csrf", f"secure={csrf['secure']!r} samesite={csrf['samesite']!r}")

def view(request):
    request.session["probe"] = 1
    return HttpResponse("ok")

response = SessionMiddleware(view)(RequestFactory().get("/", secure=True))
morsel = response.cookies[settings.SESSION_COOKIE_NAME]
print("session", f"secure={morsel['secure']!r} httponly={morsel['httponly']!r} samesite={morsel['samesite']!r}")
"""


def test_production_https_headers_and_cookies(tmp_path):
    """Under the production settings (no FAZHI_TESTING/DEMO, HTTPS on): plain HTTP is redirected, HTTPS answers
    carry HSTS (one year, subdomains), and the CSRF and session cookies are Secure (HttpOnly for the session)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "FAZHI_DEMO", "FAZHI_TESTING",
                                                           "DATABASE_URL", "FAZHI_HTTPS")}
    env.update({"FAZHI_DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "testserver",
                "SECRET_KEY": "x" * 20 + "production-secret-from-the-environment-0123456789"})
    r = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120,
                       check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    out = dict(line.split(" ", 1) for line in r.stdout.strip().splitlines())
    assert out["redirect"] == "301 https://testserver/login/"
    assert out["hsts"] == "max-age=31536000; includeSubDomains"
    assert out["csrf"] == "secure=True samesite='Lax'"
    assert out["session"] == "secure=True httponly=True samesite='Lax'"
