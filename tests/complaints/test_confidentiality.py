"""举报人信息保密: a reporter's name, ID number, phone and address are shown only to the officers designated for the
report; everyone else sees them masked — on the case page (party block, timeline, complaint panel), the generic case
API, the complaints API, the inbox, the staff request list, the complaints list, the XLSX export (page and API) —
and they are never written into case events, documents or audit records (what the audit administrator and
``fazhi audit verify`` see). Each surface is checked with a designated and a non-designated officer."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from fazhi.core.demo.load import resident_id_with_check
from fazhi.core.masking import mask_id_number, mask_name, mask_phone
from fazhi.core.models import AuditEvent
from fazhi.process.models import CaseDocument, CaseEvent
from fazhi.requests.services import request_submit
from tests.complaints.conftest import (
    REPORT_FIELDS,
    REPORTER,
    SECRETS,
    VIOLATOR,
    client_for,
    fire,
    staff_report,
)
from tests.complaints.test_process import doc_text

pytestmark = pytest.mark.django_db

DESIGNATED = ("handler", "officer1")
NOT_DESIGNATED = ("head", "director", "deputy", "legal", "clerk")
MASKED = (mask_name(REPORTER["name"]), mask_id_number(REPORTER["id_number"]), mask_phone(REPORTER["phone"]))
FACTS = REPORT_FIELDS["facts"] + "如需核实请致电13912345678。"


@pytest.fixture
def report(world, today):
    """A report registered from a phone call with the reporter's full identity, accepted, handlers designated."""
    case, _code = staff_report(world, fields={**REPORT_FIELDS, "facts": FACTS})
    return fire(case, "accept", world.users["head"], handlers=list(DESIGNATED))


def assert_hidden(text: str, who: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{who} sees {secret}"


@pytest.mark.parametrize("who", DESIGNATED + NOT_DESIGNATED)
def test_case_page(world, report, who):
    page = client_for(world.users[who]).get(f"/cases/{report.pk}/").content.decode()
    assert 'id="complaint-panel"' in page
    if who in DESIGNATED:
        for secret in SECRETS:
            assert secret in page
        assert 'id="party-masked"' not in page
        assert "您是本件的指定承办人员" in page
    else:
        assert_hidden(page, who)
        for masked in MASKED:
            assert masked in page
        assert 'id="party-masked"' in page and "诉求人的身份信息已脱敏" in page
        assert "139****5678" in page  # the number the reporter wrote into the facts, masked in the panel


@pytest.mark.parametrize("who", DESIGNATED + NOT_DESIGNATED)
def test_generic_case_api(world, report, who):
    r = client_for(world.users[who]).get(f"/api/v1/cases/{report.pk}")
    assert r.status_code == 200
    if who in DESIGNATED:
        assert r.json()["party_name"] == REPORTER["name"]
    else:
        assert r.json()["party_name"] == mask_name(REPORTER["name"])
        assert_hidden(json.dumps(r.json(), ensure_ascii=False), who)


@pytest.mark.parametrize("who", DESIGNATED + NOT_DESIGNATED)
def test_complaints_api(world, report, who):
    c = client_for(world.users[who])
    detail = c.get(f"/api/v1/complaints/{report.pk}")
    listing = c.get("/api/v1/complaints")
    assert detail.status_code == 200 and listing.status_code == 200
    party = detail.json()["party"]
    row = next(x for x in listing.json() if x["id"] == report.pk)
    if who in DESIGNATED:
        assert party == {**{k: REPORTER[k] for k in ("kind", "name", "id_number", "phone", "address")}, "masked": False}
        assert row["party_name"] == REPORTER["name"] and not row["party_masked"]
        assert "13912345678" in detail.json()["fields"]["facts"]
    else:
        assert party["masked"] and party["name"] == mask_name(REPORTER["name"]) and party["address"] == "******"
        assert row["party_masked"]
        assert_hidden(json.dumps([detail.json(), listing.json()], ensure_ascii=False), who)


def test_inbox(world, report):
    # The report is handled (record_findings: handlers, officers, section heads): in both inboxes.
    mine = client_for(world.users["handler"]).get("/staff/inbox/").content.decode()
    assert report.number in mine and f'<td class="party">{REPORTER["name"]}</td>' in mine
    theirs = client_for(world.users["head"]).get("/staff/inbox/").content.decode()
    assert report.number in theirs and f'<td class="party">{mask_name(REPORTER["name"])}</td>' in theirs
    assert_hidden(theirs, "head")


@pytest.mark.parametrize("who", DESIGNATED + NOT_DESIGNATED)
def test_staff_request_list_never_shows_the_requester(world, report, who):
    page = client_for(world.users[who]).get("/requests/staff/").content.decode()
    assert report.number in page
    assert_hidden(page, who)


@pytest.mark.parametrize("who", DESIGNATED + NOT_DESIGNATED)
def test_complaints_list(world, report, who):
    page = client_for(world.users[who]).get("/complaints/").content.decode()
    assert report.number in page
    if who in DESIGNATED:
        assert REPORTER["name"] in page
    else:
        assert mask_name(REPORTER["name"]) in page
        assert_hidden(page, who)


def _sheet(content: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("url", ["/complaints/export/", "/api/v1/complaints/export"])
@pytest.mark.parametrize("who", ["handler", "director"])
def test_export(world, report, who, url):
    other, _code = staff_report(world, kind="complaint", party={
        "kind": "person", "name": "李投诉", "id_number": resident_id_with_check("23010219900202456"),
        "phone": "13700000000", "address": "哈尔滨市南岗区某街3号"})
    r = client_for(world.users[who]).get(url)
    assert r.status_code == 200 and "spreadsheetml" in r["Content-Type"]
    rows = _sheet(r.content)
    header = rows[0]
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    row = by_number[report.number]
    if who == "handler":
        assert (row["诉求人"], row["证件号码"], row["联系电话"], row["联系地址"]) == (
            REPORTER["name"], REPORTER["id_number"], REPORTER["phone"], REPORTER["address"])
        assert row["身份信息"] == "保密（指定人员可见）"
    else:
        assert (row["诉求人"], row["证件号码"], row["联系电话"], row["联系地址"]) == (*MASKED, "******")
        assert row["身份信息"] == "保密（已脱敏）"
        assert_hidden(repr(rows), who)
    # A complaint is not confidential: its complainant is in full for every officer.
    assert by_number[other.number]["诉求人"] == "李投诉"
    audit = AuditEvent.objects.filter(action="complaints.export").latest("id")
    assert audit.actor == world.users[who]
    assert audit.detail == {"rows": 2, "confidential_unmasked": 1 if who == "handler" else 0}


def test_export_is_for_business_staff_only(world, report):
    for who in ("auditor", "citizen"):
        assert client_for(world.users[who]).get("/complaints/export/").status_code == 404
        assert client_for(world.users[who]).get("/api/v1/complaints/export").status_code == 403
    assert client_for().get("/api/v1/complaints/export").status_code == 401


def test_identity_is_never_written_into_events_documents_or_audit(world, report, capsys):
    """The whole life of the report, a penalty case included: nothing the audit administrator can read (case events,
    audit events, ``fazhi audit verify``) nor any document names the reporter."""
    u = world.users
    fire(report, "designate", u["director"], handlers=["handler", "officer1"])
    fire(report, "open_penalty", u["officer1"], **VIOLATOR)
    fire(report, "record_findings", u["handler"], result="substantiated", findings="现场检查属实，已转立案查处。")
    fire(report, "reply", u["head"], reply="经核查，你反映的问题属实，本机关已依法立案查处。")
    client_for(u["director"]).get("/complaints/export/")
    penalty = report.complaint.penalty_case
    for e in CaseEvent.objects.all():
        assert_hidden(json.dumps({"actor": e.actor_label, "comment": e.comment, "data": e.data}, ensure_ascii=False),
                      f"event {e.case.number}#{e.seq}")
    for a in AuditEvent.objects.all():
        assert_hidden(json.dumps(a.detail, ensure_ascii=False) + a.object_id, f"audit {a.action}")
    for doc in CaseDocument.objects.all():
        assert_hidden(doc_text(doc), doc.title)
    call_command("audit", "verify")
    out = capsys.readouterr()
    assert "审计校验通过" in out.out
    assert_hidden(out.out + out.err, "audit verify")
    # The penalty case names the violator and the request number, never the reporter.
    page = client_for(u["director"]).get(f"/cases/{penalty.pk}/").content.decode()
    assert report.number in page and VIOLATOR["party_name"] in page
    assert_hidden(page, "penalty case page")


def test_the_audit_administrator_never_sees_the_case(world, report):
    auditor = client_for(world.users["auditor"])
    assert auditor.get(f"/cases/{report.pk}/").status_code == 404
    assert auditor.get(f"/api/v1/cases/{report.pk}").status_code == 404
    assert auditor.get("/complaints/").status_code == 404
    assert auditor.get("/api/v1/complaints").status_code == 403


def test_a_step_that_would_write_the_identity_is_refused(world, report):
    u = world.users
    with pytest.raises(ValidationError) as e:
        fire(report, "record_findings", u["handler"], f"已电话联系{REPORTER['name']}核实。", result="substantiated",
             findings="属实。")
    assert "不得写入举报人的身份信息" in str(e.value.message_dict["comment"])
    with pytest.raises(ValidationError) as e:
        fire(report, "record_findings", u["handler"], result="substantiated", findings=f"举报人电话{REPORTER['phone']}。")
    assert "findings" in e.value.message_dict
    r = client_for(u["handler"]).post(f"/cases/{report.pk}/", {
        "transition": "record_findings", "tf_result": "substantiated", "tf_findings": "属实。",
        "comment": f"举报人住{REPORTER['address']}"})
    assert r.status_code == 400 and "不得写入举报人的身份信息" in r.content.decode()
    report.refresh_from_db()
    assert report.state == "handling"


@pytest.fixture
def online_report(world, today):
    """A report filed online by a public account, not anonymously: the account's identity is the reporter's."""
    case, _code = request_submit(kind="report", actor=world.users["citizen"], agency=world.agency,
                                 fields=REPORT_FIELDS, party={"address": "哈尔滨市香坊区某路2号"})
    return fire(case, "accept", world.users["head"], handlers=["handler"])


def test_online_reporter_sees_themselves_and_staff_see_them_masked(world, online_report):
    citizen = world.users["citizen"]
    own = client_for(citizen).get(f"/cases/{online_report.pk}/").content.decode()
    assert citizen.full_name in own and citizen.id_number in own
    assert client_for(citizen).get(f"/api/v1/cases/{online_report.pk}").json()["party_name"] == citizen.full_name
    secrets = (citizen.full_name, citizen.id_number, citizen.phone, "哈尔滨市香坊区某路2号")
    for who, sees in (("handler", True), ("head", False), ("director", False)):
        page = client_for(world.users[who]).get(f"/cases/{online_report.pk}/").content.decode()
        api = json.dumps(client_for(world.users[who]).get(f"/api/v1/cases/{online_report.pk}").json(),
                         ensure_ascii=False)
        for s in secrets:
            assert (s in page) is sees, (who, s)
        assert (citizen.full_name in api) is sees, who  # the case API shows the name only (and the timeline's actor)
        if not sees:
            assert all(s not in api for s in secrets), who


def test_online_reporter_name_is_not_stored_in_the_first_event(world, online_report):
    first = online_report.events.get(seq=1)
    assert world.users["citizen"].full_name not in first.actor_label and first.actor is None
    assert first.actor_label == "举报人"


def test_what_an_anonymous_reporter_wrote_is_masked_for_officers_not_designated(world, today):
    from tests.complaints.conftest import anonymous_report

    case, _code = anonymous_report(world, fields={**REPORT_FIELDS, "facts": FACTS})
    fire(case, "accept", world.users["head"], handlers=["handler"])
    for who, sees in (("handler", True), ("head", False), ("director", False)):
        c = client_for(world.users[who])
        page = c.get(f"/cases/{case.pk}/").content.decode()
        facts = c.get(f"/api/v1/complaints/{case.pk}").json()["fields"]["facts"]
        assert ("13912345678" in page) is sees and ("13912345678" in facts) is sees, who
        assert sees or "139****5678" in facts
