"""Review flags: a law's amendment flags exactly the documents citing changed articles (or the whole law); a repeal
flags every citing document; documents nearing their validity end are flagged six months ahead; decisions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.laws.models import Law
from fazhi.laws.services import law_version_add
from fazhi.norms import services
from fazhi.norms.models import ReviewFlag
from fazhi.process.services import TransitionNotAllowed
from tests.norms.conftest import draft, fire, to_valid

pytestmark = pytest.mark.django_db
D = dt.date


def _amend_archives_law(articles: dict[int, str]):
    law = Law.objects.get(code="archives-law")
    return law_version_add(law=law, event="amended", label="2026年11月修正", promulgated_on=D(2026, 11, 2),
                           effective_on=D(2026, 11, 2), articles=articles, partial=True)


def test_an_amendment_flags_exactly_the_documents_citing_changed_articles(world, today):
    cites_24 = to_valid(world, draft(world, title="引用第二十四条", citations=[
        {"law": "archives-law", "articles": "24"}]), today)
    cites_42 = to_valid(world, draft(world, title="只引用第四十二条", citations=[
        {"law": "archives-law", "articles": "42"}]), today)
    whole = draft(world, title="引用档案法全文（起草中）", citations=[{"law": "archives-law", "articles": ""}])
    other_law = to_valid(world, draft(world, title="引用行政处罚法", citations=[
        {"law": "penalty-law", "articles": "24"}]), today)
    gone = to_valid(world, draft(world, title="已废止的文件", citations=[{"law": "archives-law", "articles": "24"}]),
                    today)
    fire(gone, "repeal", world.users["director"], "不再适用。", repealed_on=today.isoformat())

    version = _amend_archives_law({24: "档案馆和机关……委托档案服务的，应当……（修改后的条文）", 60: "新增的条文"})
    assert version.changed_articles == [24, 60]
    flags = {f.document_id: f for f in ReviewFlag.objects.all()}
    assert set(flags) == {cites_24.pk, whole.pk}
    assert flags[cites_24.pk].articles == [24] and flags[cites_24.pk].law_version == version
    assert "第二十四条" in flags[cites_24.pk].detail and flags[cites_24.pk].kind == "law_changed"
    assert flags[whole.pk].articles == [24, 60] and "引用该法全文" in flags[whole.pk].detail
    assert cites_42.pk not in flags and other_law.pk not in flags and gone.pk not in flags
    event = cites_24.case.events.get(transition="flag_raised")
    assert event.data["flag_id"] == flags[cites_24.pk].pk and event.actor is None
    # Idempotent per version; the daily run does not flag them again.
    services.flags_refresh(today=today)
    assert ReviewFlag.objects.count() == 2


def test_a_repeal_flags_every_citing_document(world, today):
    a = to_valid(world, draft(world, title="甲", citations=[{"law": "penalty-law", "articles": "42"}]), today)
    b = to_valid(world, draft(world, title="乙", citations=[{"law": "penalty-law", "articles": ""}]), today)
    law = Law.objects.get(code="penalty-law")
    law_version_add(law=law, event="repealed", label="2026年11月废止", promulgated_on=D(2026, 11, 2),
                    effective_on=D(2026, 11, 2))
    assert sorted(ReviewFlag.objects.filter(kind="law_repealed").values_list("document_id", flat=True)) == [a.pk, b.pk]


def test_decisions_on_a_flag(world, today):
    doc = to_valid(world, draft(world), today)
    _amend_archives_law({24: "修改后的第二十四条"})
    flag = ReviewFlag.objects.get(document=doc)
    legal, director = world.users["legal"], world.users["director"]
    with pytest.raises(TransitionNotAllowed, match="机关负责人"):
        services.flag_resolve(actor=legal, flag_id=flag.pk, decision="repeal", reason="依据已变")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.flag_resolve(actor=legal, flag_id=flag.pk, decision="continue", reason="")
    services.flag_resolve(actor=director, flag_id=flag.pk, decision="repeal", reason="第二十四条修改后，本通知的主要规定已被替代。")
    doc.refresh_from_db()
    flag.refresh_from_db()
    assert doc.state == "repealed" and doc.repealed_on == today and flag.decision == "repeal"
    assert list(doc.case.events.values_list("transition", flat=True))[-2:] == ["flag_resolved", "repeal"]
    with pytest.raises(TransitionNotAllowed):
        services.flag_resolve(actor=director, flag_id=flag.pk, decision="continue", reason="x")


def test_amend_and_continue(world, today):
    a = to_valid(world, draft(world, title="甲"), today)
    b = to_valid(world, draft(world, title="乙"), today)
    _amend_archives_law({24: "修改后的第二十四条"})
    fa, fb = ReviewFlag.objects.get(document=a), ReviewFlag.objects.get(document=b)
    services.flag_resolve(actor=world.users["legal"], flag_id=fa.pk, decision="amend", reason="需要按新条文修改。")
    services.flag_resolve(actor=world.users["head"], flag_id=fb.pk, decision="continue", reason="内容不受影响。")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.to_amend and a.state == "valid" and not b.to_amend and b.state == "valid"


def test_validity_flagged_six_months_ahead_and_extended(world, today):
    doc = draft(world)
    fire(doc, "submit_review", world.users["handler"])
    fire(doc, "review_pass", world.users["legal"], "合法。")
    fire(doc, "sign", world.users["director"], meeting="会议", meeting_date=today.isoformat())
    fire(doc, "publish", world.users["handler"], published_on=today.isoformat(), effective_on=today.isoformat(),
         channel="网站", valid_until="2027-06-30")
    assert services.flags_refresh(today=D(2026, 12, 29)) == {"validity": 0, "law": 0}
    out = io.StringIO()
    call_command("norms", "tick", "--today", "2026-12-30", stdout=out)
    assert "validity 1" in out.getvalue()
    assert services.flags_refresh(today=D(2027, 1, 5))["validity"] == 0  # once per validity end
    flag = ReviewFlag.objects.get(kind="validity_ending")
    assert flag.valid_until == D(2027, 6, 30) and "2027年6月30日" in flag.detail
    out = io.StringIO()
    call_command("norms", "flags", stdout=out)
    assert "有效期即将届满" in out.getvalue() and "open flags 1" in out.getvalue()
    sysclock.set_today(D(2027, 2, 1))
    with pytest.raises(TransitionNotAllowed):
        services.flag_resolve(actor=world.users["legal"], flag_id=flag.pk, decision="continue", reason="评估后继续施行。",
                              valid_until="2029-06-30")
    services.flag_resolve(actor=world.users["director"], flag_id=flag.pk, decision="continue", reason="评估后继续施行。",
                          valid_until="2029-06-30")
    doc.refresh_from_db()
    assert doc.valid_until == D(2029, 6, 30)
    assert doc.case.events.last().transition == "extend_validity"


def test_stale_citation_of_a_registered_document(world, today):
    from fazhi.norms.text import minimal_docx

    doc = services.norm_register(actor=world.users["legal"], title="黑龙江省档案局关于某事项的通知",
                                 number="黑档发〔2015〕3号", drafting_division="办公室", published_on="2015-06-01",
                                 citations=[{"law": "penalty-law", "articles": "42"}],
                                 upload=("a.docx", minimal_docx(["正文"])))
    assert doc.citations.get().version.label == "2009年8月27日修正"
    result = services.flags_refresh(today=today)
    assert result["law"] == 1
    flag = ReviewFlag.objects.get(document=doc)
    assert flag.law_version.label == "2021年1月22日修订" and flag.articles == [42]


def test_flag_pages(world, today):
    doc = to_valid(world, draft(world), today)
    _amend_archives_law({24: "修改后的第二十四条"})
    flag = ReviewFlag.objects.get(document=doc)
    client = Client()
    client.force_login(world.users["legal"])
    page = client.get("/norms/staff/flags/").content.decode()
    assert "依据的法律法规修改" in page and doc.title in page
    case_page = client.get(f"/cases/{doc.pk}/").content.decode()
    assert 'id="norm-flags"' in case_page and "评估处理" in case_page
    r = client.post(f"/norms/staff/flags/{flag.pk}/resolve/", {"decision": "continue", "reason": "不受影响。",
                                                               "next": f"/cases/{doc.pk}/"})
    assert r.status_code == 302 and r["Location"] == f"/cases/{doc.pk}/"
    flag.refresh_from_db()
    assert flag.decision == "continue"
    api = client.get("/api/v1/norms/flags")
    assert api.status_code == 200 and api.json() == []
    anon = Client()
    assert anon.get("/norms/staff/flags/").status_code == 302
    assert anon.get("/api/v1/norms/flags").status_code == 401
