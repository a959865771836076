"""Security defaults: Argon2, secure headers and CSP, CSRF, login throttling, idle timeout, secrets only from
the environment, three separated administrators, and `check --deploy` clean in production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from fazhi.core.models import User
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]


def test_production_hasher_is_argon2():
    import fazhi.config.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_stored_passwords_are_argon2(world):
    assert world.users["clerk"].password.startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_secure_headers_and_csp(client):
    r = client.get("/")
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp  # nothing from outside the deployment
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_reference_no_outside_resources(world):
    client = Client()
    for url in ("/", "/guides/", f"/guides/{world.item.code}/", "/login/", "/track/", "/publicity/"):
        html = client.get(url).content.decode()
        for marker in ("http://", "https://", "//cdn"):
            # The SVG namespace declarations of graphviz are identifiers, not requests.
            cleaned = html.replace("http://www.w3.org/2000/svg", "").replace("http://www.w3.org/1999/xlink", "")
            assert marker not in cleaned, (url, marker)


@pytest.mark.django_db
def test_csrf_is_enforced_on_forms(world):
    client = Client(enforce_csrf_checks=True)
    r = client.post("/login/", {"username": "clerk", "password": f.PASSWORD})
    assert r.status_code == 403


@pytest.mark.django_db
def test_session_api_calls_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["clerk"], backend="django.contrib.auth.backends.ModelBackend")
    r = client.post("/api/v1/cases/1/transitions/accept", "{}", content_type="application/json")
    assert r.status_code in (401, 403)


@pytest.mark.django_db
def test_login_throttling_locks_after_five_failures(world):
    client = Client()
    for _ in range(5):
        r = client.post("/login/", {"username": "handler", "password": "wrong"})
    r = client.post("/login/", {"username": "handler", "password": f.PASSWORD})
    assert r.status_code == 429
    assert "锁定" in r.content.decode()


def test_idle_session_timeout_settings(settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_administrators_are_separated(world):
    agency = world.agency
    u = User(username="both", kind=User.Kind.STAFF, agency=agency, roles=["system_admin", "audit_admin"])
    with pytest.raises(ValidationError) as err:
        u.full_clean()
    assert "三员分立" in str(err.value)
    u.roles = ["system_admin", "case_handler"]
    with pytest.raises(ValidationError):
        u.full_clean()
    u.roles = ["system_admin"]
    u.set_password(f.PASSWORD)
    u.full_clean()


@pytest.mark.django_db
def test_public_accounts_have_valid_identifiers(world):
    u = User(username="p", kind=User.Kind.PERSON, id_number="230103198506120030", full_name="x")
    u.set_password(f.PASSWORD)
    with pytest.raises(ValidationError) as err:
        u.full_clean()
    assert "id_number" in err.value.message_dict
    c = User(username="c", kind=User.Kind.LEGAL_PERSON, uscc="91230100MA1B2C3D4X", full_name="x")
    c.set_password(f.PASSWORD)
    with pytest.raises(ValidationError) as err:
        c.full_clean()
    assert "uscc" in err.value.message_dict


def _run_settings(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "FAZHI_DEMO", "FAZHI_TESTING")}
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
         "'fazhi.config.settings'); django.setup(); from django.core.management import call_command; "
         "call_command('check', '--deploy', '--fail-level', 'WARNING')"],
        env={**base, **env}, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    r = _run_settings({"FAZHI_DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "fazhi.example.gov.cn"})
    assert r.returncode != 0
    assert "SECRET_KEY" in r.stderr


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    r = _run_settings({"FAZHI_DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "fazhi.example.gov.cn",
                       "SECRET_KEY": "x" * 20 + "production-secret-from-the-environment-0123456789"})
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.django_db
def test_logins_are_audited(world):
    from fazhi.core.models import AuditEvent

    client = Client()
    client.post("/login/", {"username": "clerk", "password": "wrong"})
    client.post("/login/", {"username": "clerk", "password": f.PASSWORD})
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["auth.login_failed", "auth.login"]
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.detail == {"username": "clerk"} and failed.ip == "127.0.0.1"
    assert "wrong" not in str(failed.detail)
