"""The documents, opened: the decision (type, article, facts, reasons, basis, the 15-day suit of 行政诉讼法第四十五条,
effect on service), the refusal, the acceptance, the answer notice and the respondent's answer."""

from __future__ import annotations

import io

import docx

from fazhi.process.models import Case
from tests.reconsideration.conftest import PROPOSAL, D, accepted, client, fire, in_review, new_case, ok


def _text(user, case_id: int, kind: str) -> tuple[str, object]:
    doc = Case.objects.get(pk=case_id).documents.get(kind=kind)
    r = client(user).get(f"/cases/{case_id}/documents/{doc.pk}/")
    assert r.status_code == 200
    body = b"".join(r.streaming_content) if r.streaming else r.content
    d = docx.Document(io.BytesIO(body))
    return "\n".join(p.text for p in d.paragraphs), doc


def test_the_decision_document_names_type_basis_and_remedy(rw):
    case_id = in_review(rw, major="yes")
    hearing = {"ground": "major", "hearing_place": "第三会议室", "presiding": "陈主持", "officers": ["甲", "乙"],
               "clerk": "丙", "hearing_date": "2026-06-23"}
    ok(fire(rw, case_id, "schedule_hearing", "legal", D(2026, 6, 15), **hearing))
    ok(fire(rw, case_id, "hold_hearing", "legal", D(2026, 6, 23), record="质证。", applicant_attended="yes",
            respondent_attendee="副局长"))
    ok(fire(rw, case_id, "committee_advice", "legal", D(2026, 6, 24), ground="major", meeting_date="2026-06-24",
            members=[str(m.pk) for m in rw.members], advice="建议撤销。"))
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 25), **{
        **PROPOSAL, "decision_type": "revoke", "ground": "第六十四条第一款第（二）项 违反法定程序",
        "facts": "被申请人未进行事先告知即作出处罚决定。", "reasons": "未履行告知程序，违反法定程序。",
        "basis": "《中华人民共和国行政处罚法》第四十四条、第六十二条"}))
    ok(fire(rw, case_id, "decide", "director", D(2026, 6, 26), approval="collective"))
    text, doc = _text(rw.users["legal"], case_id, "decision")
    assert doc.title == "行政复议决定书" and doc.number.startswith("黑档复〔2026〕")
    assert "行政复议决定书" in text and doc.number in text
    assert "撤销哈尔滨市档案局作出的行政处罚决定（哈档罚〔2026〕5号）" in text
    assert "第六十四条（第六十四条第一款第（二）项 违反法定程序）" in text and "决定种类：撤销（第六十四条）" in text
    assert "被申请人未进行事先告知即作出处罚决定。" in text and "未履行告知程序" in text
    assert "《中华人民共和国行政处罚法》第四十四条、第六十二条" in text
    assert "被申请人答复称：事实清楚，程序合法。" in text and "现场检查笔录" in text
    assert "组织听证" in text and "行政复议委员会提出咨询意见" in text and "第六十一条第三款" in text
    assert "自收到本决定书之日起十五日内" in text and "《中华人民共和国行政诉讼法》第四十五条" in text
    assert "一经送达，即发生法律效力" in text and "第七十七条" in text
    assert "申请人：林小民" in text and "被申请人：哈尔滨市档案局" in text
    # the applicant downloads it too
    assert client(rw.users["citizen"]).get(f"/cases/{case_id}/documents/{doc.pk}/").status_code == 200
    assert client(rw.users["other_clerk"]).get(f"/cases/{case_id}/documents/{doc.pk}/").status_code == 404


def test_a_maintain_decision_says_so(rw):
    case_id = in_review(rw)
    ok(fire(rw, case_id, "record_opinions", "legal", D(2026, 6, 15), mode="in_person", heard_on="2026-06-15",
            summary="当面听取。"))
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 16), **PROPOSAL))
    ok(fire(rw, case_id, "decide", "director", D(2026, 6, 17), approval="head"))
    text, _doc = _text(rw.users["legal"], case_id, "decision")
    assert "维持哈尔滨市档案局作出的行政处罚决定" in text and "第六十八条" in text and "决定种类：维持（第六十八条）" in text
    assert "十五日内" in text and "被申请人应当履行本决定" not in text


def test_the_refusal_gives_reasons_and_the_period(rw):
    from tests.reconsideration.conftest import register_letter

    body = ok(register_letter(rw, received_on=D(2026, 6, 1), known_on="2026-02-02", act_date="2026-02-01",
                              limit_exception="other_reason", limit_exception_note="外出打工。"), 201)
    ok(fire(rw, body["id"], "refuse", "legal", D(2026, 6, 2), "理由不成立。", ground="late",
            explanation="外出务工不属于正当理由。"))
    text, doc = _text(rw.users["legal"], body["id"], "refusal")
    assert doc.title == "不予受理行政复议申请决定书"
    assert "申请人：赵某某" in text and "2026年4月3日届满" in text and "未在法定申请期限内提出" in text
    assert "第三十条第二款" in text and "外出务工不属于正当理由。" in text and "行政诉讼" in text


def test_acceptance_and_answer_notice(rw):
    case_id = accepted(rw, procedure="simple")
    text, _doc = _text(rw.users["legal"], case_id, "acceptance")
    assert "2026年6月2日起予以受理" in text and "简易程序" in text and "三十日内" in text and "2026年7月2日" in text
    assert "第八十七条" in text
    ok(fire(rw, case_id, "send_copy", "legal", D(2026, 6, 3), copy_received_on="2026-06-03", method="system"))
    text, doc = _text(rw.users["legal"], case_id, "answer_notice")
    assert text.count("哈尔滨市档案局") >= 1 and "五日内" in text and "2026年6月10日" in text and "第七十条" in text
    # the correction notice lists every item
    other = new_case(rw, day=D(2026, 6, 3))
    ok(fire(rw, other, "request_correction", "legal", D(2026, 6, 4), items=["身份证明", "处罚决定书"]))
    text, _doc = _text(rw.users["legal"], other, "correction")
    assert "1. 身份证明" in text and "2. 处罚决定书" in text and "十个工作日" in text and "视为放弃" in text


def test_the_respondents_answer_document(rw):
    case_id = accepted(rw)
    ok(fire(rw, case_id, "send_copy", "legal", D(2026, 6, 4), copy_received_on="2026-06-04", method="system"))
    from fazhi.reconsideration.models import Reconsideration

    rcase = Reconsideration.objects.get(case_id=case_id).counterpart.case
    ok(fire(rw, rcase.pk, "submit_answer", "city_legal", D(2026, 6, 8), answer="事实清楚。", evidence=["笔录", "决定书"]))
    text, doc = _text(rw.users["city_legal"], rcase.pk, "answer")
    assert doc.title == "行政复议答复书" and "黑龙江省档案局" in text and "1. 笔录" in text and "第四十八条" in text
