"""Pages through the front door (Django's test client): registration, counter intake, tracking, language."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.core.demo.load import resident_id_with_check
from fazhi.core.models import User
from fazhi.process.models import Case
from tests import factories as f

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


def logged(user) -> Client:
    c = Client()
    c.force_login(user, backend=BACKEND)
    return c


def test_register_checks_the_id_number_and_keeps_the_form(world):
    c = Client()
    bad = resident_id_with_check("23010319850612003")[:-1] + "0"
    if bad == resident_id_with_check("23010319850612003"):
        bad = bad[:-1] + "1"
    data = {"kind": "person", "username": "newbie", "full_name": "新用户", "id_number": bad,
            "password1": "Long-enough-pass-1", "password2": "Long-enough-pass-1"}
    r = c.post("/register/", data)
    assert r.status_code == 400
    assert "校验码" in r.content.decode() and not User.objects.filter(username="newbie").exists()
    data["id_number"] = resident_id_with_check("23010319850612003")
    r = c.post("/register/", data)
    assert r.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.kind == "person" and user.password.startswith("argon2")


def test_counter_intake_switches_items_and_registers(world, today):
    other = f.item(world.agency, 0, code="dag-xk-001")
    clerk = logged(world.users["clerk"])
    page = clerk.get("/staff/intake/?item=dag-xk-001").content.decode()
    assert "处分方式（赠送、交换或出卖）" in page
    page = clerk.get(f"/staff/intake/?item={world.item.code}").content.decode()
    assert "出境目的地" in page
    post = {"item": other.code, "channel": "post", "received_on": "2026-10-29", "party_kind": "legal_person",
            "party_name": "某公司", "party_id_number": world.users["company"].uscc,
            "field_archives": "账簿5册", "field_manner": "交换", "field_counterparty": "某馆"}
    r = clerk.post("/staff/intake/", post)
    assert r.status_code == 302
    case = Case.objects.get()
    assert case.channel == "post" and str(case.received_on) == "2026-10-29" and case.licensing.item == other
    r = clerk.post("/staff/intake/", {**post, "party_id_number": "123"})
    assert r.status_code == 400 and "统一社会信用代码" in r.content.decode()
    assert Case.objects.count() == 1


def test_tracking_page(world, today):
    from fazhi.licensing.services import Upload, application_submit

    it = world.item
    case, code = application_submit(item=it, actor=world.users["citizen"], fields=f.valid_fields(it),
                                    uploads=[Upload(m.code, "x.pdf", f.pdf_bytes()) for m in it.materials.all()
                                             if m.required], channel="online")
    c = Client()
    r = c.post("/track/", {"number": case.number, "code": "WRONG123"})
    assert r.status_code == 400 and "办件编号或查询码不正确" in r.content.decode()
    r = c.post("/track/", {"number": case.number.lower(), "code": code.lower()})
    body = r.content.decode()
    assert r.status_code == 200 and "已提交，等待受理" in body and "2026年11月9日" in body


def test_chinese_by_default_english_on_request(world):
    c = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    r = c.get("/guides/")
    assert r["Content-Language"] == "zh-hans" and "办事指南" in r.content.decode()
    r = c.post("/i18n/setlang/", {"language": "en", "next": "/guides/"})
    assert r.status_code == 302
    r = c.get("/guides/")
    assert r["Content-Language"] == "en"
    assert "Service guides" in r.content.decode()


def test_an_oversized_upload_is_refused_with_a_clear_message(world, today, settings):
    settings.FAZHI_UPLOAD_MAX_BYTES = 1000
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = logged(world.users["citizen"])
    data = {k: v for k, v in f.valid_fields(world.item).items()}
    for m in world.item.materials.all():
        if m.required:
            data[f"material_{m.code}"] = SimpleUploadedFile(f"{m.code}.pdf", f.pdf_bytes() + b"0" * 5000,
                                                            content_type="application/pdf")
    r = c.post(f"/guides/{world.item.code}/apply/", data)
    assert r.status_code == 400
    assert "超过大小限制" in r.content.decode()
    assert Case.objects.count() == 0
