"""The replies of 第三十六条 (and 第三十五条, 第三十七条, 第三十八条, 第三十九条, 第三十条), each with its reply letter: the
政府信息公开申请答复书 is opened and checked for its ground, its article and the remedies of 第五十一条."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fazhi.core import clock as sysclock
from fazhi.disclosure import results
from fazhi.process.models import Clock
from tests.disclosure.conftest import client, docx_text, fire, ok

REMEDIES = ("投诉、举报", "六十日内", "申请行政复议", "《中华人民共和国行政复议法》第二十条", "六个月内", "提起行政诉讼",
            "《中华人民共和国行政诉讼法》第四十六条", "第五十一条")

# (step, fields, result group, phrases the letter must contain)
CASES = [
    ("reply_disclose", {"ground": "published", "content": "《2025年度部门决算》", "how": "本局网站“财政资金”栏目"},
     "open", ["已经主动公开", "第三十六条第（一）项", "本局网站“财政资金”栏目"]),
    ("reply_disclose", {"ground": "open", "content": "办事指南3份", "how": "以电子邮件发送", "fee": "35"},
     "open", ["予以公开", "第三十六条第（二）项", "办事指南3份", "电子文档，电子邮件", "第四十条", "信息处理费35.00元",
              "第四十二条"]),
    ("reply_partial", {"content": "合同主要条款", "withheld": "分项报价", "ground": "third_party", "reason": "属于商业秘密",
                       "how": "以电子邮件发送"},
     "partial", ["区分处理", "第三十七条", "合同主要条款", "分项报价", "第十五条", "属于商业秘密"]),
    ("reply_withhold", {"ground": "state_secret", "reason": "经定密属于秘密级"}, "withheld",
     ["国家秘密", "第十四条", "第三十六条第（三）项", "决定不予公开", "经定密属于秘密级"]),
    ("reply_withhold", {"ground": "law_forbids", "reason": "档案法规定"}, "withheld", ["法律、行政法规禁止公开", "第十四条"]),
    ("reply_withhold", {"ground": "three_security", "reason": "涉及边境安全"}, "withheld", ["社会稳定", "第十四条"]),
    ("reply_withhold", {"ground": "internal_affairs", "reason": "人事任免"}, "withheld", ["内部事务信息", "第十六条第一款"]),
    ("reply_withhold", {"ground": "process_info", "reason": "会议讨论记录"}, "withheld", ["过程性信息", "第十六条第二款"]),
    ("reply_withhold", {"ground": "enforcement_file", "reason": "调查笔录"}, "withheld", ["行政执法案卷信息", "第十六条第二款"]),
    ("reply_withhold", {"ground": "special_registry", "reason": "请向市场监督管理部门查询"}, "withheld",
     ["工商、不动产登记资料", "第三十六条第（七）项", "依照有关法律、行政法规的规定办理"]),
    ("reply_unavailable", {"ground": "not_exist", "reason": "经检索全宗目录未发现"}, "unavailable",
     ["经检索", "该政府信息不存在", "第三十六条第（四）项", "经检索全宗目录未发现"]),
    ("reply_unavailable", {"ground": "not_ours", "reason": "由市档案局管理", "other_agency": "哈尔滨市档案局（0451-80000001）"},
     "unavailable", ["不属于本机关负责公开", "第三十六条第（五）项", "哈尔滨市档案局（0451-80000001）"]),
    ("reply_unavailable", {"ground": "needs_creation", "reason": "需要统计分析"}, "unavailable",
     ["另行制作", "第三十八条", "不予提供"]),
    ("reply_not_processed", {"ground": "petition", "reason": "实为投诉", "how": "信访接待窗口"}, "not_processed",
     ["信访、投诉、举报", "第三十九条第一款", "不作为政府信息公开申请处理", "信访接待窗口"]),
    ("reply_not_processed", {"ground": "duplicate", "reason": "同前", "earlier_reply": "黑档公开〔2026〕1号"},
     "not_processed", ["重复申请", "第三十六条第（六）项", "不予重复处理", "黑档公开〔2026〕1号"]),
    ("reply_not_processed", {"ground": "publication", "reason": "", "how": "邮局订阅"}, "not_processed",
     ["公开出版物", "第三十九条第二款", "邮局订阅"]),
    ("reply_not_processed", {"ground": "excessive", "reason": "一月内申请120件"}, "not_processed",
     ["明显超过合理范围", "第三十五条", "不予处理"]),
    ("reply_not_processed", {"ground": "reconfirm", "reason": "要求重新盖章"}, "not_processed", ["确认或者重新出具", "不予处理"]),
    ("reply_not_processed", {"ground": "not_gov_info", "reason": "出具意见"}, "not_processed",
     ["不属于", "第二条所称的政府信息"]),
]


def test_every_reply_ground_is_covered_here():
    covered = {c[1]["ground"] for c in CASES}
    offered = set(results.DISCLOSE + results.WITHHOLD + results.UNAVAILABLE_GROUNDS + results.NOT_PROCESSED_GROUNDS)
    assert offered - covered == {"unclear"}  # tested below: it needs a correction first


@pytest.mark.parametrize(("step", "data", "group", "phrases"), CASES, ids=[f"{c[0]}-{c[1]['ground']}" for c in CASES])
def test_reply_and_its_letter(world, confirmed, step, data, group, phrases):
    sysclock.set_today(dt.date(2026, 11, 16))
    ok(world.users["handler"], confirmed, step, **data)
    assert confirmed.state == "replied" and confirmed.closed_on == dt.date(2026, 11, 16)
    assert confirmed.outcome == group and confirmed.decided_on == dt.date(2026, 11, 16)
    d = confirmed.disclosure
    assert (d.result, d.ground, d.replied_on) == (group, data["ground"], dt.date(2026, 11, 16))
    reply = confirmed.clocks.get(name="reply")
    assert reply.state == Clock.State.STOPPED and reply.on_time is True
    assert confirmed.clocks.get(name="correction").state == Clock.State.STOPPED
    letter = confirmed.documents.get(kind="reply")
    assert letter.title == "政府信息公开申请答复书"
    assert re.fullmatch(r"黑档公开〔2026〕\d+号", letter.number)
    text = docx_text(letter)
    assert "林小民" in text and confirmed.number in text and "2025年本局档案行政许可事项的办理情况统计" in text
    for phrase in phrases + list(REMEDIES):
        assert phrase in text, (phrase, text)
    assert "2026年11月16日" in text and "黑龙江省档案局" in text
    # The requester sees the reply on their case and downloads the letter.
    c = client(world.users["citizen"])
    page = c.get(f"/cases/{confirmed.pk}/").content.decode()
    assert "政府信息公开申请答复书" in page and str(results.RESULT_LABELS[group]) in page
    r = c.get(f"/cases/{confirmed.pk}/documents/{letter.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content)[:2] == b"PK"


def test_unclear_only_after_a_correction(world, confirmed):
    r = fire(world.users["handler"], confirmed, "reply_unavailable", ground="unclear", reason="仍不明确")
    assert r.status_code == 400 and "ground" in r.json()["fields"] and "第三十条" in r.json()["message"]
    sysclock.set_today(dt.date(2026, 11, 4))
    ok(world.users["clerk"], confirmed, "request_correction", missing_materials=["所需档案的年代"])
    sysclock.set_today(dt.date(2026, 11, 6))
    ok(world.users["citizen"], confirmed, "resubmit", corrected_description="以前的档案")
    sysclock.set_today(dt.date(2026, 11, 10))
    ok(world.users["handler"], confirmed, "reply_unavailable", ground="unclear", reason="仍未说明年代。")
    text = docx_text(confirmed.documents.get(kind="reply"))
    for phrase in ("2026年11月4日一次性告知", "补正后的申请内容仍不明确", "第三十条", "以前的档案", "2026年11月6日收到"):
        assert phrase in text, (phrase, text)
    assert confirmed.disclosure.result == "unavailable"


def test_partial_after_the_third_party_objected(world, confirmed):
    ok(world.users["handler"], confirmed, "consult_third_party", third_party="某公司", information="报价",
       concern="trade_secret")
    sysclock.set_today(dt.date(2026, 11, 6))
    ok(world.users["handler"], confirmed, "third_party_replied", opinion="disagree", reasons="商业秘密")
    sysclock.set_today(dt.date(2026, 11, 10))
    ok(world.users["handler"], confirmed, "reply_partial", content="中标公告", withheld="分项报价", ground="third_party",
       reason="第三方不同意公开且理由合理", how="邮寄")
    text = docx_text(confirmed.documents.get(kind="reply"))
    assert "本机关已于2026年11月2日书面征求第三方意见，第三方不同意公开" in text
    assert "某公司" not in text  # the third party is not named to the requester
    event = confirmed.events.get(transition="reply_partial")
    assert event.public and event.data["withheld"] == "分项报价"
    assert event.data.get("third_party_notice_required") is True


@pytest.mark.parametrize(("step", "data", "field"), [
    ("reply_partial", {"content": "a", "ground": "third_party", "reason": "b", "how": "c"}, "withheld"),
    ("reply_partial", {"content": "a", "withheld": "b", "ground": "nonsense", "reason": "b", "how": "c"}, "ground"),
    ("reply_withhold", {"ground": "third_party"}, "reason"),
    ("reply_disclose", {"ground": "state_secret", "content": "a", "how": "b"}, "ground"),
    ("reply_disclose", {"ground": "open", "content": "a", "how": "b", "fee": "五元"}, "fee"),
    ("reply_disclose", {"ground": "open", "content": "a", "how": "b", "fee": "-1"}, "fee"),
    ("reply_unavailable", {"ground": "not_ours"}, "reason"),
])
def test_bad_reply_input_is_refused_by_field(world, confirmed, step, data, field):
    r = fire(world.users["handler"], confirmed, step, **data)
    assert r.status_code == 400, r.content
    body = r.json()
    assert body["error"] == "invalid" and field in body["fields"]
    confirmed.refresh_from_db()
    assert confirmed.state == "received" and not confirmed.documents.exists()


def test_who_may_reply(world, today, confirmed):
    data = {"ground": "not_exist", "reason": "无"}
    for name in ("clerk", "legal", "officer1", "director", "citizen", "other_handler"):
        r = fire(world.users[name], confirmed, "reply_unavailable", **data)
        assert r.status_code in (404, 409), (name, r.status_code)
    assert fire(world.users["citizen2"], confirmed, "reply_unavailable", **data).status_code == 404
    assert fire(world.users["other_handler"], confirmed, "reply_unavailable", **data).status_code == 404
    ok(world.users["head"], confirmed, "reply_unavailable", **data)
    # Replied: nothing more to reply.
    assert fire(world.users["handler"], confirmed, "reply_unavailable", **data).status_code == 409


def test_no_reply_before_receipt_is_confirmed(world, today):
    from tests.disclosure.conftest import file_online

    _r, case = file_online(world.users["citizen"])
    r = fire(world.users["handler"], case, "reply_unavailable", ground="not_exist", reason="无")
    assert r.status_code == 409


def test_not_processed_reasons_where_the_ground_needs_them(world, confirmed):
    r = fire(world.users["handler"], confirmed, "reply_not_processed", ground="excessive")
    assert r.status_code == 400 and "reason" in r.json()["fields"]
    ok(world.users["handler"], confirmed, "reply_not_processed", ground="petition")
    assert confirmed.state == "replied"
