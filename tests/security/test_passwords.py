"""The password policy (GB/T 22239-2019 §8.1.4.1 a)): length, character classes, history, maximum age for
staff; the change-password page; the history kept on every password set."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from fazhi.core.models import AuditEvent
from fazhi.security.models import PasswordHistory
from fazhi.security.validators import character_classes
from tests import factories as f
from tests.security.conftest import code_at, enrol

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
NEW = "Another-Passw0rd-1"


def test_the_policy_is_the_production_one(settings):
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == ["MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator",
                     "CharacterClassesValidator", "PasswordHistoryValidator"]
    assert settings.FAZHI_PASSWORD_MIN_LENGTH == 12 and settings.FAZHI_PASSWORD_CLASSES == 3
    assert settings.FAZHI_PASSWORD_HISTORY == 5 and settings.FAZHI_PASSWORD_MAX_AGE_DAYS == 90


def test_the_test_and_demo_passwords_pass_the_policy():
    validate_password(f.PASSWORD)
    validate_password("Demo-Password-2026")


@pytest.mark.parametrize(("password", "message"), [
    ("Short-1a", "密码长度不能少于12个字符"),
    ("alllowercaseletters", "至少3类"),
    ("lowercase-and-symbols", "至少3类"),
    ("12345678901234", "至少3类"),
])
def test_weak_passwords_are_refused_in_chinese(password, message):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as err:
            validate_password(password)
        assert any(message in m for m in err.value.messages), err.value.messages


def test_character_classes():
    assert character_classes("aB3-") == {"upper", "lower", "digit", "symbol"}
    assert character_classes("法治abc") == {"lower", "symbol"}


def test_history_is_kept_on_every_password_set_and_checked(world):
    user = world.users["handler"]
    assert PasswordHistory.objects.filter(user=user).count() == 1  # the factory's set_password
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        validate_password(f.PASSWORD, user)
    assert "最近5次" in err.value.messages[0]
    for i in range(6):
        user.set_password(f"Rotating-Passw0rd-{i}")
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5  # only the last N are kept
    with pytest.raises(ValidationError):
        validate_password("Rotating-Passw0rd-2", user)
    validate_password(f.PASSWORD, user)  # six passwords ago: allowed again
    # a rehash of the same password (hasher parameters changed) is not a new password
    user.refresh_from_db()
    before = PasswordHistory.objects.filter(user=user).count()
    user.check_password("Rotating-Passw0rd-5")
    user.save(update_fields=["last_login"])
    assert PasswordHistory.objects.filter(user=user).count() == before


def test_change_password_page(world):
    user = world.users["citizen"]
    client = Client()
    client.force_login(user, backend=BACKEND)
    page = client.get("/security/password/").content.decode()
    assert "当前密码" in page and "至少3类" in page

    r = client.post("/security/password/", {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 400 and "当前密码不正确" in r.content.decode()
    r = client.post("/security/password/", {"old_password": f.PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"})
    assert r.status_code == 400 and "两次输入的密码不一致" in r.content.decode()
    r = client.post("/security/password/", {"old_password": f.PASSWORD, "new_password1": "simple", "new_password2": "simple"})
    assert r.status_code == 400 and "密码长度不能少于12个字符" in r.content.decode()
    r = client.post("/security/password/", {"old_password": f.PASSWORD, "new_password1": f.PASSWORD,
                                            "new_password2": f.PASSWORD})
    assert r.status_code == 400 and "最近5次" in r.content.decode()

    r = client.post("/security/password/", {"old_password": f.PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302 and r["Location"] == "/security/"
    assert client.get("/my/").status_code == 200  # still logged in
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert PasswordHistory.objects.filter(user=user).count() == 2
    event = AuditEvent.objects.get(action="security.password_changed")
    assert event.actor == user and NEW not in str(event.detail)
    assert Client().get("/security/password/").status_code == 302


def _age(user, days: int) -> None:
    PasswordHistory.objects.filter(user=user).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_an_expired_staff_password_is_changed_before_anything_else(world, totp_required):
    user = world.users["deputy"]
    secret = enrol(user)
    _age(user, 89)
    client = Client()
    client.post("/login/", {"username": "deputy", "password": f.PASSWORD})
    r = client.post("/security/login/verify/", {"code": code_at(secret, 1)})
    assert r.status_code == 302 and r["Location"] == "/staff/inbox/"  # 89 days: still valid

    _age(user, 91)
    user.totp_device.__class__.objects.filter(user=user).update(last_used_step=None)
    client = Client()
    client.post("/login/", {"username": "deputy", "password": f.PASSWORD})
    r = client.post("/security/login/verify/", {"code": code_at(secret, 1)})
    assert r.status_code == 302 and r["Location"] == "/security/login/password/"
    assert "_auth_user_id" not in client.session
    assert client.get("/staff/inbox/").status_code == 302  # nothing else before the new password
    assert "密码已过期" in client.get("/security/login/password/").content.decode()

    r = client.post("/security/login/password/", {"new_password1": f.PASSWORD, "new_password2": f.PASSWORD})
    assert r.status_code == 400 and "最近5次" in r.content.decode()
    r = client.post("/security/login/password/", {"new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302 and r["Location"] == "/staff/inbox/"
    assert "_auth_user_id" in client.session
    assert AuditEvent.objects.get(action="security.password_changed").detail["reason"] == "expired"


def test_expiry_is_for_staff_and_can_be_turned_off(world, settings):
    settings.FAZHI_STAFF_TOTP = "optional"
    _age(world.users["citizen"], 400)
    r = Client().post("/login/", {"username": "citizen", "password": f.PASSWORD})
    assert r["Location"] == "/my/"
    _age(world.users["clerk"], 91)
    r = Client().post("/login/", {"username": "clerk", "password": f.PASSWORD})
    assert r["Location"] == "/security/login/password/"
    settings.FAZHI_PASSWORD_MAX_AGE_DAYS = 0
    r = Client().post("/login/", {"username": "clerk", "password": f.PASSWORD})
    assert r["Location"] == "/staff/inbox/"


def test_registration_applies_the_policy(db):
    r = Client().post("/register/", {"kind": "person", "username": "newbie", "full_name": "张三",
                                     "id_number": "11010519491231002X", "password1": "longbutsimple",
                                     "password2": "longbutsimple"})
    assert r.status_code == 400 and "至少3类" in r.content.decode()


def test_the_three_administrators_land_on_their_console(world, settings):
    """They hold no business role: the inbox is not theirs, the console is."""
    settings.FAZHI_STAFF_TOTP = "optional"
    for actor in ("sysadmin", "secadmin", "auditor"):
        client = Client()
        r = client.post("/login/", {"username": world.users[actor].username, "password": f.PASSWORD})
        assert r.status_code == 302 and r["Location"] == "/sysadmin/", actor
        assert client.get("/sysadmin/").status_code == 200


def test_an_initial_password_set_by_the_system_administrator_is_changed_at_the_first_login(world, settings):
    """GB/T 22239-2019 §8.1.4.1 a): only the holder knows the password, even with expiry turned off."""
    settings.FAZHI_STAFF_TOTP = "optional"
    settings.FAZHI_PASSWORD_MAX_AGE_DAYS = 0
    admin = Client()
    admin.force_login(world.users["sysadmin"], backend=BACKEND)
    initial = "Initial-Passw0rd-9"
    r = admin.post("/api/v1/sysadmin/accounts", {"username": "newstaff", "full_name": "新同事", "agency": "hlj",
                                                 "password": initial}, content_type="application/json")
    assert r.status_code == 201, r.content
    client = Client()
    r = client.post("/login/", {"username": "newstaff", "password": initial})
    assert r.status_code == 302 and r["Location"] == "/security/login/password/"
    assert "_auth_user_id" not in client.session
    assert "请修改初始密码" in client.get("/security/login/password/").content.decode()
    token = Client().post("/api/v1/auth/token", {"username": "newstaff", "password": initial},
                          content_type="application/json")
    assert token.status_code == 401 and token.json()["error"] == "password_expired"
    r = client.post("/security/login/password/", {"new_password1": initial, "new_password2": initial})
    assert r.status_code == 400  # the initial password is in the history
    r = client.post("/security/login/password/", {"new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302 and "_auth_user_id" in client.session
    assert AuditEvent.objects.filter(action="security.password_changed", detail__reason="initial").count() == 1
    r = Client().post("/login/", {"username": "newstaff", "password": NEW})
    assert r.status_code == 302 and r["Location"] == "/staff/inbox/"  # the next login goes straight in
