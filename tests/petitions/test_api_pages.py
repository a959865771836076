"""Petitions through the other front doors: /api/v1/petitions (register, detail, visits, statistics) with who may use
it, the pages (register, visit register, the panel and the visit form on the case page), the documents (opened
as DOCX), and the demo (a year of petitions, idempotent)."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx

from fazhi.core import clock as sysclock
from fazhi.petitions.demo import load_petitions_demo
from fazhi.petitions.models import Petition, Visit
from fazhi.process.models import Case, CaseDocument, Clock
from tests.petitions.conftest import answered, client, fire, new_case, ok, post, register

D = dt.date
API = "/api/v1/petitions"


def _docx_text(doc: CaseDocument) -> str:
    with doc.file.open("rb") as fh:
        d = docx.Document(io.BytesIO(fh.read()))
    return "\n".join(p.text for p in d.paragraphs)


# ---- API ---------------------------------------------------------------------------------------------------------
def test_api_list_detail_statistics(pw):
    u = pw.users
    letter = new_case(pw)
    r = register(pw, channel="visit", fields={"persons": 7, "representatives": ["马德胜", "孙玉兰"]})
    visit_case = r.json()["id"]
    ok(fire(letter, "accept", u["handler"], D(2026, 8, 5), category="suggestion"))
    r = client(u["legal"]).get(API)
    assert r.status_code == 200
    rows = {row["id"]: row for row in r.json()}
    assert set(rows) == {letter, visit_case}
    assert rows[visit_case]["collective"] is True and rows[visit_case]["visit_count"] == 1
    assert rows[letter]["state"] == "handling" and rows[letter]["next_due"] == "2026-10-08"
    assert [row["id"] for row in client(u["clerk"]).get(API, {"state": "registered"}).json()] == [visit_case]
    assert client(u["clerk"]).get(API, {"year": 2017}).json() == []
    r = client(u["clerk"]).get(f"{API}/{visit_case}")
    assert r.status_code == 200
    d = r.json()
    assert d["matter"] == "查阅本人知青档案" and d["persons"] == 7 and d["representatives"] == ["马德胜", "孙玉兰"]
    assert d["visits"][0]["officer"] == "clerk姓名" and d["url"] == f"/api/v1/cases/{visit_case}"
    r = client(u["head"]).get(f"{API}/statistics", {"year": 2026})
    assert r.status_code == 200
    s = r.json()
    assert (s["total"], s["letters"], s["visits"], s["visit_persons"], s["collective_visits"], s["accepted"]) == (
        2, 1, 1, 7, 1, 1)
    r = client(u["head"]).get(f"{API}/visits", {"year": 2026})
    assert r.status_code == 200 and [v["case_id"] for v in r.json()] == [visit_case]


def test_api_permissions(pw):
    u = pw.users
    case_id = new_case(pw)
    anon = client()
    for url in (API, f"{API}/{case_id}", f"{API}/statistics", f"{API}/visits"):
        assert anon.get(url).status_code == 401, url
    for name in ("citizen", "company", "sysadmin", "auditor"):
        for url in (API, f"{API}/statistics", f"{API}/visits"):
            assert client(u[name]).get(url).status_code == 403, (name, url)
        assert client(u[name]).get(f"{API}/{case_id}").status_code == 404, name
    for name in ("clerk", "handler", "head", "deputy", "director", "legal", "officer1"):
        assert client(u[name]).get(f"{API}/{case_id}").status_code == 200, name
    for name in ("other_handler", "city_clerk"):
        assert client(u[name]).get(f"{API}/{case_id}").status_code == 404, name
        assert client(u[name]).get(API).json() == [], name
    assert client(u["clerk"]).get(f"{API}/999999").status_code == 404
    # a case of another kind is not a petition
    from fazhi.licensing.services import Upload, application_submit
    from tests.factories import pdf_bytes, valid_fields

    lic, _code = application_submit(item=pw.item, actor=u["citizen"], fields=valid_fields(pw.item), channel="online",
                                    uploads=[Upload(m.code, f"{m.code}.pdf", pdf_bytes()) for m in
                                             pw.item.materials.filter(required=True)])
    assert client(u["clerk"]).get(f"{API}/{lic.pk}").status_code == 404
    assert post(client(u["clerk"]), f"{API}/{lic.pk}/visits", {"visited_on": "2026-08-03", "summary": "x"}
                ).status_code == 404


# ---- pages -------------------------------------------------------------------------------------------------------
def test_pages_register_visits_and_panel(pw):
    u = pw.users
    case_id = new_case(pw, channel="visit", fields={"persons": 6, "representatives": ["马德胜"]})
    r = client(u["head"]).get("/petitions/")
    html = r.content.decode()
    assert r.status_code == 200 and Case.objects.get(pk=case_id).number in html and "集体访" in html
    assert 'id="petition-stats"' in html
    assert client(u["head"]).get("/petitions/visits/").status_code == 200
    assert client().get("/petitions/").status_code == 302
    for name in ("citizen", "sysadmin"):
        assert client(u[name]).get("/petitions/").status_code == 404, name
        assert client(u[name]).get("/petitions/visits/").status_code == 404, name
    assert client(u["other_handler"]).get("/petitions/").status_code == 200  # their own agency's (none)
    # the case page carries the panel and the visit form for staff, not for the public
    r = client(u["clerk"]).get(f"/cases/{case_id}/")
    html = r.content.decode()
    assert r.status_code == 200 and 'id="petition-panel"' in html and 'id="visit-add"' in html and "马德胜" in html
    assert 'data-transition="record_visit"' not in html
    r = client(u["legal"]).get(f"/cases/{case_id}/")
    assert 'id="petition-panel"' in r.content.decode() and 'id="visit-add"' not in r.content.decode()
    # record a visit through the page
    sysclock.set_today(D(2026, 8, 10))
    r = client(u["director"]).post(f"/petitions/cases/{case_id}/visits/", {
        "visited_on": "2026-08-10", "persons": "3", "representatives": "", "summary": "局长接待，告知办理进展。",
        "leader_received": "1"})
    assert r.status_code == 302 and r["Location"] == f"/cases/{case_id}/"
    v = Visit.objects.filter(petition__case_id=case_id).order_by("-id").first()
    assert (v.persons, v.leader_received, v.officer) == (3, True, u["director"])
    r = client(u["clerk"]).post(f"/petitions/cases/{case_id}/visits/", {"visited_on": "2026-08-10", "persons": "9",
                                                                      "summary": "x"}, follow=True)
    assert "代表" in r.content.decode() and Visit.objects.filter(petition__case_id=case_id).count() == 2
    assert client(u["other_handler"]).post(f"/petitions/cases/{case_id}/visits/", {}).status_code == 404
    assert client(u["citizen"]).post(f"/petitions/cases/{case_id}/visits/", {}).status_code == 404
    # the staff intake form offers the visit fields; the public one does not
    html = client(u["clerk"]).get("/requests/staff/new/petition/").content.decode()
    assert "f_persons" in html and "f_representatives" in html
    html = client(u["citizen"]).get("/requests/new/petition/").content.decode()
    assert "f_matter" in html and "f_persons" not in html


def test_staff_registers_a_letter_through_the_intake_page(pw):
    r = client(pw.users["clerk"]).post("/requests/staff/new/petition/", {
        "channel": "post", "received_on": "2026-07-30", "party_kind": "person", "party_name": "杜春梅",
        "party_address": "宾县宾州镇东大街3号", "f_matter": "反映查档收费问题", "f_request": "请求查处。",
        "f_facts": "被收取费用50元。"})
    assert r.status_code == 200, r.content.decode()[:2000]
    p = Petition.objects.get()
    assert p.case.received_on == D(2026, 7, 30) and p.case.clocks.get(name="intake").due == D(2026, 8, 14)


# ---- documents ------------------------------------------------------------------------------------------------------
def test_documents_open_and_say_what_the_law_requires(pw):
    u = pw.users
    case_id, _body = answered(pw)
    case = Case.objects.get(pk=case_id)
    acceptance = case.documents.get(kind="acceptance_notice")
    assert acceptance.number == "黑档访〔2026〕1号" and acceptance.title == "信访事项受理告知书"
    text = _docx_text(acceptance)
    assert "决定予以受理" in text and "六十日内办结" in text and "第二十三条" in text and "第三十五条" in text
    assert case.number in text and "高德昌" in text
    opinion = case.documents.get(kind="opinion")
    assert opinion.number == "黑档访〔2026〕2号"
    text = _docx_text(opinion)
    for phrase in ("信访处理意见书", "查阅本人知青档案", "事实和理由", "调查核实情况", "予以支持", "处理依据",
                   "《中华人民共和国档案法》第十九条", "三十日内", "请求复查", "第三十六条"):
        assert phrase in text, phrase
    # the superior is named (the agency's parent, or "the agency's superior" at the top of the tree)
    assert "本机关的上一级机关" in text
    # the other notices, numbered without gaps
    c2 = new_case(pw)
    ok(fire(c2, "not_accept", u["head"], D(2026, 9, 5), "系对生效判决不服。", ground="litigation",
            channel="依法向人民法院申请再审。"))
    refusal = CaseDocument.objects.get(case_id=c2)
    text = _docx_text(refusal)
    assert refusal.number == "黑档访〔2026〕3号" and "不予受理" in text and "申请再审" in text and "诉讼" in text
    c3 = new_case(pw)
    ok(fire(c3, "transfer", u["handler"], D(2026, 9, 6), to_agency="哈尔滨市档案局", reason="属其职权"))
    text = _docx_text(CaseDocument.objects.get(case_id=c3))
    assert "转送哈尔滨市档案局" in text and "第二十三条" in text
    c4 = new_case(pw)
    ok(fire(c4, "accept", u["handler"], D(2026, 9, 7), category="claim"))
    ok(fire(c4, "extend_handling", u["deputy"], D(2026, 10, 20), "需调取多个单位的移交记录"))
    ext = CaseDocument.objects.get(case_id=c4, kind="extension_notice")
    text = _docx_text(ext)
    assert "延长三十日" in text and "需调取多个单位的移交记录" in text and "2026年12月7日" in text
    numbers = sorted(int(re.search(r"〕(\d+)号", d.number).group(1)) for d in CaseDocument.objects.all())
    assert numbers == list(range(1, len(numbers) + 1))
    # staff of the agency download it (a letter's petitioner has no account: the notice is sent on paper)
    r = client(u["clerk"]).get(f"/api/v1/cases/{case_id}/documents/{opinion.pk}")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client(u["other_handler"]).get(f"/api/v1/cases/{case_id}/documents/{opinion.pk}").status_code == 404


def test_opinion_names_the_parent_agency_as_reviewer(pw):
    """A city bureau's opinion sends the petitioner to the provincial bureau (its parent in the tree)."""
    from tests import factories as f

    head = f.staff("city_head", pw.city, "section_head")
    clerk = pw.users["city_clerk"]
    sysclock.set_today(D(2026, 8, 3))
    r = post(client(clerk), "/api/v1/requests", {"kind": "petition", "channel": "post", "fields": {
        "matter": "查档", "request": "查阅", "facts": "需要"}, "party": {"name": "某人", "phone": "13800000000"}})
    case_id = r.json()["id"]
    ok(fire(case_id, "accept", head, D(2026, 8, 4), category="claim"))
    ok(fire(case_id, "issue_opinion", head, D(2026, 8, 20), findings="查明。", result="not_support", opinion="不予支持。",
            basis="《中华人民共和国档案法》"))
    doc = CaseDocument.objects.get(case_id=case_id, kind="opinion")
    text = _docx_text(doc)
    assert doc.number.startswith("哈档访〔2026〕") and "向黑龙江省档案局请求复查" in text and "不予支持" in text


# ---- demo ------------------------------------------------------------------------------------------------------------
def test_demo_a_year_of_petitions(pw):
    load_petitions_demo(pw.agency, pw.users)
    load_petitions_demo(pw.agency, pw.users)  # idempotent
    petitions = Petition.objects.filter(case__agency=pw.agency, case__received_on__year=2017)
    assert petitions.count() == 7
    cases = Case.objects.filter(kind="petition", received_on__year=2017)
    assert all(c.closed_on is not None for c in cases), [(c.number, c.state) for c in cases]
    assert {c.channel for c in cases} == {"post", "visit", "phone", "online"}
    assert cases.filter(state="not_accepted").count() == 1 and cases.filter(state="transferred").count() == 1
    collective = [p for p in petitions if p.collective]
    assert len(collective) == 1 and collective[0].visits.count() == 2
    assert Visit.objects.filter(petition__in=petitions, leader_received=True).count() == 1
    reviewed = cases.filter(data__has_key="review_requested_on")
    assert reviewed.count() == 1 and reviewed.get().data["review"]["result"] == "upheld"
    extended = [c for c in cases if c.clocks.filter(name="handling", extension_days=30).exists()]
    assert len(extended) == 1
    # every handling clock stopped on time; every document opens
    assert all(c.on_time for c in Clock.objects.filter(case__in=cases, name="handling", state="stopped"))
    for doc in CaseDocument.objects.filter(case__in=cases):
        assert doc.number.startswith("黑档访〔2017〕") and _docx_text(doc)
    s = client(pw.users["head"]).get(f"{API}/statistics", {"year": 2017}).json()
    assert (s["total"], s["collective_visits"], s["reviewed"], s["open"], s["handling_overdue"]) == (7, 1, 1, 0, 0)

