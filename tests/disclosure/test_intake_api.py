"""A disclosure request through the one intake (the form page and POST /api/v1/requests), its bad input answered
by field in Chinese, the API /api/v1/disclosure/{id}, the consultation letter download and who may see what."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import clock as sysclock
from fazhi.disclosure.models import DisclosureRequest
from fazhi.process.models import Case
from tests.disclosure.conftest import WANTED, client, file_online, ok, post, register


def test_the_kind_is_offered_without_a_purpose_field(world):
    kinds = client().get("/api/v1/requests/kinds").json()
    disclosure = next(k for k in kinds if k["code"] == "disclosure")
    assert disclosure["label"] == "政府信息公开申请" and not disclosure["allow_anonymous"]
    names = [f["name"] for f in disclosure["fields"]]
    assert names[:5] == ["description", "document_title", "document_number", "form", "way"]
    assert not any("purpose" in n or "用途" in f["label"] for n, f in zip(names, disclosure["fields"], strict=True))
    way = next(f for f in disclosure["fields"] if f["name"] == "way")
    assert [c[1] for c in way["choices"]] == ["邮寄", "自行领取", "电子邮件"]


def test_the_form_page_says_no_purpose_is_needed_and_files_the_request(world, today):
    c = client(world.users["citizen"])
    page = c.get("/requests/new/disclosure/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "无需说明用途" in text and "第三十一条第（三）项" in text
    r = c.post("/requests/new/disclosure/", {"f_description": "本局2025年度行政执法统计年报", "f_form": "paper",
                                             "f_way": "post", "party_address": "哈尔滨市南岗区学府路1号"})
    assert r.status_code == 200 and "政府信息公开申请已收到" in r.content.decode()
    case = Case.objects.get(kind="disclosure")
    assert case.applicant == world.users["citizen"] and case.party_address == "哈尔滨市南岗区学府路1号"
    assert case.public_request.fields["description"] == "本局2025年度行政执法统计年报"
    assert case.disclosure.requester_type == "person"


def test_anonymous_cannot_file(world, today):
    r = post(client(), "/api/v1/requests", {"kind": "disclosure", "fields": WANTED})
    assert r.status_code == 400 and "anonymous" in r.json()["fields"]
    r = post(client(), "/api/v1/requests", {"kind": "disclosure", "fields": WANTED, "anonymous": True})
    assert r.status_code == 400
    assert not Case.objects.exists()


@pytest.mark.parametrize(("fields", "field"), [
    ({"description": ""}, "description"),
    ({"form": "carrier-pigeon"}, "form"),
    ({"way": ""}, "way"),
    ({"way": "email", "email": ""}, "email"),
    ({"email": "not-an-address"}, "email"),
    ({"document_title": "长" * 201}, "document_title"),
    ({"way": "post"}, "party_address"),  # the account has no address and none was given
])
def test_bad_input_is_answered_by_field(world, today, fields, field):
    r, case = file_online(world.users["citizen"], **fields)
    assert r.status_code == 400, r.content
    body = r.json()
    assert body["error"] == "invalid" and field in body["fields"], body
    assert case is None and not Case.objects.exists() and not DisclosureRequest.objects.exists()


def test_organisations_give_their_category(world, today):
    address = {"address": "哈尔滨市松北区创新路9号"}
    r, _case = file_online(world.users["company"], party=address)
    assert r.status_code == 400 and "org_type" in r.json()["fields"]
    assert "年度报告" in r.json()["message"]
    r, case = file_online(world.users["company"], party=address, org_type="research")
    assert r.status_code == 201 and case.disclosure.requester_type == "research"
    # A natural person's category is theirs whatever the form said.
    _r, case = file_online(world.users["citizen"], org_type="legal_service")
    assert case.disclosure.requester_type == "person"
    # Registered by staff for an organisation.
    law_firm = {"kind": "legal_person", "name": "某律师事务所", "phone": "0451-86000001"}
    case = register(world.users["clerk"], channel="counter", party=law_firm, org_type="legal_service")
    assert case.disclosure.requester_type == "legal_service"


def test_the_number_series_is_gapless_despite_refusals(world, today):
    file_online(world.users["company"], party={"address": "哈尔滨"})  # refused in on_submit: rolled back with its number
    _r, case = file_online(world.users["citizen"])
    assert case.number == "HLJ-GK2026-000001"


# ---- /api/v1/disclosure/{id} ---------------------------------------------------------------------------------
def test_detail_api_for_the_requester_and_staff(world, confirmed):
    url = f"/api/v1/disclosure/{confirmed.pk}"
    ok(world.users["handler"], confirmed, "consult_third_party", third_party="某公司", information="报价",
       concern="trade_secret")
    mine = client(world.users["citizen"]).get(url)
    assert mine.status_code == 200
    body = mine.json()
    assert body["number"] == confirmed.number and body["fields"]["description"] == WANTED["description"]
    assert body["received_on"] == "2026-11-02" and "第三十一条第（三）项" in body["receipt_rule"]
    assert "consultations" not in body and "某公司" not in mine.content.decode()
    staff = client(world.users["clerk"]).get(url).json()
    assert staff["consultations"][0]["third_party"] == "某公司" and staff["state_label"].startswith("征求第三方意见")
    assert client().get(url).status_code == 401
    for name in ("citizen2", "company", "other_clerk", "city_clerk", "sysadmin", "auditor"):
        r = client(world.users[name]).get(url)
        assert r.status_code == 404, name
        assert r.json()["error"] == "not_found"
    assert client(world.users["clerk"]).get("/api/v1/disclosure/999999").status_code == 404


def test_detail_api_is_only_for_disclosure_cases(world, today):
    from fazhi.licensing.services import Upload, application_submit
    from tests import factories as f

    case, _code = application_submit(
        item=world.item, actor=world.users["citizen"], fields=f.valid_fields(world.item), channel="online",
        uploads=[Upload(m.code, "a.pdf", f.pdf_bytes()) for m in world.item.materials.filter(required=True)])
    assert client(world.users["citizen"]).get(f"/api/v1/disclosure/{case.pk}").status_code == 404


# ---- the consultation letter ----------------------------------------------------------------------------------
def test_consultation_letter_download(world, confirmed):
    ok(world.users["handler"], confirmed, "consult_third_party", third_party="某公司", information="报价",
       concern="privacy")
    c = confirmed.consultations.get()
    url = f"/disclosure/consultations/{c.pk}/"
    r = client(world.users["legal"]).get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content)[:2] == b"PK"
    assert "attachment" in r["Content-Disposition"]
    for name in ("citizen", "company", "other_clerk", "city_clerk", "sysadmin"):
        assert client(world.users[name]).get(url).status_code == 404, name
    r = client().get(url)
    assert r.status_code == 302 and "/login/" in r["Location"]
    assert client(world.users["clerk"]).get("/disclosure/consultations/999999/").status_code == 404


# ---- the case page ----------------------------------------------------------------------------------------------
def test_case_page_panel(world, today):
    case = register(world.users["clerk"], channel="post", received_on=dt.date(2026, 10, 30),
                    document_number="黑档发〔2025〕3号")
    page = client(world.users["handler"]).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="disclosure-panel"' in page
    for text in (WANTED["description"], "黑档发〔2025〕3号", "电子文档", "自然人", "签收", "已收到，审查申请",
                 "答复期限", "补正告知期限"):
        assert text in page, text
    # The steps offered to the handler in this state.
    for step in ("reply_disclose", "reply_partial", "reply_withhold", "reply_unavailable", "reply_not_processed",
                 "consult_third_party", "begin_handling"):
        assert f'data-transition="{step}"' in page, step
    assert 'data-transition="extend"' not in page  # the section head's
    head = client(world.users["head"]).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-transition="extend"' in head
    # The generic page fires the steps (the form the browser sends).
    sysclock.set_today(dt.date(2026, 11, 3))
    r = client(world.users["handler"]).post(f"/cases/{case.pk}/", {
        "transition": "reply_withhold", "tf_ground": "internal_affairs", "tf_reason": "人事管理信息", "comment": ""})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == "replied"
    page = client(world.users["handler"]).get(f"/cases/{case.pk}/").content.decode()
    assert "不予公开" in page and "第十六条第一款" in page


def test_case_page_bad_input_keeps_the_form(world, confirmed):
    r = client(world.users["handler"]).post(f"/cases/{confirmed.pk}/", {
        "transition": "reply_partial", "tf_content": "一部分", "tf_ground": "third_party", "comment": ""})
    assert r.status_code == 400
    page = r.content.decode()
    assert "请填写“不予公开的部分”。" in page and "一部分" in page
