"""The normative document's lifecycle: drafting with an extracted text, legality review (a changed text voids it),
signing refused without a standing review, publication with the validity, filing within the configurable period
with the 备案报告, the receipt; registration of earlier documents; repeal, expiry, replacement."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.norms import services
from fazhi.norms.models import LegalityReview, NormativeDocument
from fazhi.norms.text import extract, minimal_docx
from fazhi.process.models import Case
from fazhi.process.services import TransitionNotAllowed, transitions_for
from tests import factories as f
from tests.norms.conftest import TEXT, docx_bytes, draft, fire, pdf_bytes_with_text, to_valid

pytestmark = pytest.mark.django_db


def _to_reviewed(world, doc):
    fire(doc, "submit_review", world.users["handler"])
    fire(doc, "review_pass", world.users["legal"], "合法。")
    doc.refresh_from_db()
    return doc


def test_draft_extracts_the_text_and_records_it(world, today):
    doc = draft(world)
    assert doc.state == "draft" and doc.case.kind == "norm" and doc.case.number.startswith("HLJ-GF2026-")
    assert "数字化加工场所应当设在档案馆内" in doc.text
    assert len(doc.text_sha256) == 64 and doc.texts.count() == 1
    assert [c.articles for c in doc.citations.all()] == [[24, 48]]
    assert doc.citations.get().version.label == "2020年6月20日修订"
    event = doc.case.events.get(transition="upload_text")
    assert event.data["sha256"] == doc.text_sha256 and not event.public


def test_text_types_and_messages():
    assert extract("a.docx", docx_bytes()).kind == "docx"
    assert "Archives 2026" in extract("a.pdf", pdf_bytes_with_text()).text
    with pytest.raises(ValidationError) as e:
        extract("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)  # an old Word file
    assert "只接受DOCX或PDF" in e.value.messages[0]
    with pytest.raises(ValidationError, match="只接受DOCX或PDF"):
        extract("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    with pytest.raises(ValidationError, match="扩展名"):
        extract("a.pdf", docx_bytes())
    with pytest.raises(ValidationError, match="未能从文件中提取到文字"):
        extract("a.pdf", pdf_bytes_with_text(""))  # a page without any text (a scan)
    with pytest.raises(ValidationError, match="已损坏"):
        extract("a.pdf", f.pdf_bytes("broken"))
    with pytest.raises(ValidationError, match="文件为空"):
        extract("a.docx", b"")
    with pytest.raises(ValidationError, match="只接受DOCX或PDF"):
        extract("a.zip", b"PK\x03\x04" + b"\0" * 40)
    # Tables are read too.
    d = docx.Document()
    d.add_paragraph("正文")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "档案", "馆藏"
    buf = io.BytesIO()
    d.save(buf)
    assert extract("t.docx", buf.getvalue()).text == "正文\n档案\t馆藏"


def test_signing_without_review_is_refused(world, today):
    doc = draft(world)
    director = world.users["director"]
    with pytest.raises(TransitionNotAllowed):
        fire(doc, "sign", director, meeting="局长办公会议", meeting_date=today.isoformat())  # wrong state
    fire(doc, "submit_review", world.users["handler"])
    fire(doc, "review_revise", world.users["legal"], "第二条与上位法表述不一致，请修改。")
    doc.refresh_from_db()
    assert doc.state == "draft" and doc.reviews.get().opinion == LegalityReview.Opinion.REVISE
    # Through the API, a reviewed state without a passed review cannot be faked: the guard refuses.
    Case.objects.filter(pk=doc.pk).update(state="reviewed")
    NormativeDocument.objects.filter(pk=doc.pk).update(state="reviewed")
    client = Client()
    client.force_login(director)
    r = client.post(f"/api/v1/cases/{doc.pk}/transitions/sign",
                    {"data": {"meeting": "局长办公会议", "meeting_date": today.isoformat()}},
                    content_type="application/json")
    assert r.status_code == 409 and "未经合法性审核" in r.json()["message"]
    assert "sign" not in [t.name for t in transitions_for(director, Case.objects.get(pk=doc.pk))]


def test_a_changed_text_voids_the_review(world, today):
    doc = _to_reviewed(world, draft(world))
    director, handler = world.users["director"], world.users["handler"]
    assert services.review_standing(doc) is not None
    assert "sign" in [t.name for t in transitions_for(director, doc.case)]
    services.norm_text_upload(actor=handler, document_id=doc.pk, filename="修改稿.docx",
                              data=docx_bytes([*TEXT, "三、本通知自公布之日起施行。"]))
    doc.refresh_from_db()
    assert doc.state == "reviewed" and services.review_voided(doc) and services.review_standing(doc) is None
    assert doc.case.events.filter(transition="upload_text").last().data["review_voided"] is True
    with pytest.raises(TransitionNotAllowed, match="原审核意见失效"):
        fire(doc, "sign", director, meeting="局长办公会议", meeting_date=today.isoformat())
    assert "sign" not in [t.name for t in transitions_for(director, doc.case)]
    assert "resubmit_review" in [t.name for t in transitions_for(handler, doc.case)]
    # A new review of the new text: signing is possible again.
    fire(doc, "resubmit_review", handler)
    fire(doc, "review_pass", world.users["legal"], "修改后的文本合法。")
    fire(doc, "sign", director, meeting="2026年第12次局长办公会议", meeting_date=today.isoformat())
    doc.refresh_from_db()
    assert doc.state == "signed" and doc.number == "黑档规〔2026〕1号" and doc.signer == director
    reviews = list(doc.reviews.order_by("id"))
    assert reviews[0].text_sha256 != reviews[1].text_sha256 == doc.text_sha256
    # The same text uploaded again (same SHA-256) after signing is not allowed at all.
    with pytest.raises(TransitionNotAllowed):
        services.norm_text_upload(actor=handler, document_id=doc.pk, filename="a.docx", data=docx_bytes())


def test_submit_review_needs_text_explanation_and_bases(world, today):
    doc = services.norm_create(actor=world.users["handler"], title="关于某事项的通知", drafting_division="办公室")
    with pytest.raises(TransitionNotAllowed) as e:
        fire(doc, "submit_review", world.users["handler"])
    assert "请先上传正文" in str(e.value) and "起草说明" in str(e.value) and "制定依据" in str(e.value)
    services.norm_update(actor=world.users["handler"], document_id=doc.pk, explanation="说明",
                         other_bases="《黑龙江省档案管理条例》第十条")
    services.norm_text_upload(actor=world.users["handler"], document_id=doc.pk, filename="a.pdf",
                              data=pdf_bytes_with_text("Notice on archives"))
    fire(doc, "submit_review", world.users["handler"])
    doc.refresh_from_db()
    assert doc.state == "in_review" and doc.case.clocks.get(name="review").unit == "workday"
    assert doc.case.clocks.get(name="review").budget == 15
    assert [e.data.get("changes") for e in doc.case.events.filter(transition="update_details")] == [
        ["起草说明", "其他制定依据"]]


def test_roles(world, today):
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.norm_create(actor=world.users["legal"], title="x", drafting_division="y")
    doc = draft(world)
    with pytest.raises(TransitionNotAllowed):
        fire(doc, "submit_review", world.users["legal"])
    fire(doc, "submit_review", world.users["head"])
    with pytest.raises(TransitionNotAllowed):
        fire(doc, "review_pass", world.users["director"], "x")
    other = f.staff("other_legal", world.other, "legal_reviewer")
    with pytest.raises(TransitionNotAllowed):
        fire(doc, "review_pass", other, "x")


def test_publication_filing_clock_and_report(world, today, settings):
    settings.FAZHI_NORM_FILING_DAYS = 15
    doc = _to_reviewed(world, draft(world))
    fire(doc, "sign", world.users["deputy"], meeting="2026年第12次局长办公会议", meeting_date=today.isoformat(),
         number="黑档发〔2026〕7号")
    doc.refresh_from_db()
    assert doc.number == "黑档发〔2026〕7号"
    with pytest.raises(ValidationError) as e:
        fire(doc, "publish", world.users["handler"], published_on=(today + dt.timedelta(days=1)).isoformat(),
             effective_on=today.isoformat(), channel="网站")
    assert "published_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        fire(doc, "publish", world.users["handler"], published_on=today.isoformat(),
             effective_on=(today - dt.timedelta(days=1)).isoformat(), channel="网站")
    assert "effective_on" in e.value.message_dict
    fire(doc, "publish", world.users["handler"], published_on=today.isoformat(),
         effective_on=dt.date(2027, 1, 1).isoformat(), channel="本机关门户网站")
    doc.refresh_from_db()
    assert doc.state == "published" and doc.valid_until == dt.date(2031, 12, 31)  # five years
    clock = doc.case.clocks.get(name="filing")
    assert (clock.unit, clock.budget, clock.started_on) == ("calendar", 15, today)
    assert clock.due == dt.date(2026, 11, 17)  # 15 days after Monday 2 November (a Tuesday)
    assert doc.case.next_due == clock.due
    # In the inbox of the legal division until filed.
    from fazhi.process.selectors import inbox

    assert doc.case in list(inbox(world.users["legal"]))
    sysclock.set_today(dt.date(2026, 11, 10))
    fire(doc, "file", world.users["legal"], bodies="黑龙江省人民政府办公厅")
    doc.refresh_from_db()
    clock.refresh_from_db()
    assert doc.state == "filed" and clock.state == "stopped" and clock.on_time is True
    report = doc.case.documents.get(kind="filing_report")
    assert report.number == "黑档函〔2026〕1号"
    text = "\n".join(p.text for p in docx.Document(report.file.open("rb")).paragraphs)
    assert "关于报送《黑龙江省档案局关于加强档案数字化外包服务安全管理的通知》备案的报告" in text
    assert "黑档发〔2026〕7号" in text and "黑龙江省人民政府办公厅" in text and "第二十四条" in text
    fire(doc, "record_receipt", world.users["head"], receipt_number="黑政备〔2026〕3号", receipt_on="2026-11-10")
    doc.refresh_from_db()
    assert doc.state == "valid" and doc.receipt_number == "黑政备〔2026〕3号"
    call_command("audit", "verify")


def test_the_default_filing_period_is_thirty_days(world, today):
    doc = to_valid(world, draft(world), today)
    clock = doc.case.clocks.get(name="filing")
    assert clock.budget == 30 and clock.due == dt.date(2026, 12, 2)
    assert doc.number == "黑档规〔2026〕1号"


def test_validity_options(world, today):
    def publish(**data):
        doc = _to_reviewed(world, draft(world))
        fire(doc, "sign", world.users["director"], meeting="会议", meeting_date=today.isoformat())
        fire(doc, "publish", world.users["handler"], published_on=today.isoformat(), effective_on=today.isoformat(),
             channel="网站", **data)
        doc.refresh_from_db()
        return doc

    assert publish(validity_years="2").valid_until == dt.date(2028, 11, 1)
    assert publish(validity_years="0").valid_until is None
    assert publish(valid_until="2030-06-30").valid_until == dt.date(2030, 6, 30)


def test_duplicate_number_refused(world, today):
    first = to_valid(world, draft(world), today)
    doc = _to_reviewed(world, draft(world, title="另一个通知"))
    with pytest.raises(ValidationError) as e:
        fire(doc, "sign", world.users["director"], meeting="会议", meeting_date=today.isoformat(), number=first.number)
    assert "number" in e.value.message_dict


def test_internal_steps_cannot_be_fired_bare(world, today):
    doc = draft(world)
    client = Client()
    client.force_login(world.users["handler"])
    for name, data in (("upload_text", {"text_id": 1, "sha256": "x", "filename": "a"}),
                       ("update_details", {"changes": ["x"]})):
        r = client.post(f"/api/v1/cases/{doc.pk}/transitions/{name}", {"data": data}, content_type="application/json")
        assert r.status_code == 409, (name, r.content)
    legal = Client()
    legal.force_login(world.users["legal"])
    r = legal.post(f"/api/v1/cases/{doc.pk}/transitions/register_existing",
                   {"data": {"number": "黑档发〔2010〕1号", "published_on": "2010-01-01"}}, content_type="application/json")
    assert r.status_code == 409


def test_register_an_earlier_document_then_repeal_it(world, today):
    legal = world.users["legal"]
    doc = services.norm_register(
        actor=legal, title="黑龙江省档案局关于加强民生档案工作的意见", number="黑档发〔2012〕８号",
        drafting_division="业务指导处", published_on="2012-03-01", filed_on="2012-03-20",
        filing_bodies="黑龙江省人民政府法制办公室", receipt_number="黑府法备〔2012〕31号",
        citations=[{"law": "archives-law", "articles": "19"}],
        upload=("意见.docx", minimal_docx(["民生档案是档案馆馆藏的重要组成部分。"])))
    assert doc.state == "valid" and doc.registered and doc.number == "黑档发〔2012〕8号"
    assert doc.published_on == dt.date(2012, 3, 1) and doc.valid_until is None
    assert doc.citations.get().version.label == "1996年7月5日修正"  # the version in force when published
    assert doc.case.events.filter(transition="register_existing").exists()
    with pytest.raises(ValidationError) as e:
        services.norm_register(actor=legal, title="重复", number="黑档发〔2012〕8号", drafting_division="办公室",
                               published_on="2012-01-01", upload=("a.docx", minimal_docx(["x"])))
    assert "number" in e.value.message_dict
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: only the legal division registers
        services.norm_register(actor=world.users["handler"], title="x", number="黑档发〔2012〕9号",
                               drafting_division="办公室", published_on="2012-01-01",
                               upload=("a.docx", minimal_docx(["x"])))
    with pytest.raises(TransitionNotAllowed):
        fire(doc, "repeal", world.users["head"], "不再适用", repealed_on=today.isoformat())
    fire(doc, "repeal", world.users["director"], "调整对象已经消失。", repealed_on="2020-05-01")
    doc.refresh_from_db()
    assert doc.state == "repealed" and doc.repealed_on == dt.date(2020, 5, 1) and doc.end_reason == "调整对象已经消失。"
    assert doc.search_entry.status == "repealed"


def test_replacing_document_supersedes_the_old_one(world, today):
    old = to_valid(world, draft(world), today)
    new = services.norm_create(actor=world.users["handler"], title="修订后的通知", drafting_division="政策法规处",
                               explanation="修订", citations=[{"law": "archives-law", "articles": "24"}],
                               upload=("a.docx", docx_bytes()), replaces_id=old.pk)
    new = to_valid(world, new, today)
    old.refresh_from_db()
    assert old.state == "amended" and "修订后的通知" in old.end_reason
    assert old.search_entry.status == "amended"


def test_expiry_by_the_daily_run(world, today):
    doc = _to_reviewed(world, draft(world))
    fire(doc, "sign", world.users["director"], meeting="会议", meeting_date=today.isoformat())
    fire(doc, "publish", world.users["handler"], published_on=today.isoformat(), effective_on=today.isoformat(),
         channel="网站", valid_until="2026-12-31")
    out = io.StringIO()
    call_command("norms", "tick", "--today", "2026-12-31", stdout=out)
    doc.refresh_from_db()
    assert doc.state == "published"
    call_command("norms", "tick", "--today", "2027-01-01", stdout=out)
    doc.refresh_from_db()
    assert doc.state == "expired" and doc.expired_on == dt.date(2027, 1, 1)
    assert "expired 1" in out.getvalue()


def test_a_long_title_keeps_the_filing_report_title_short(world, today):
    title = "黑龙江省档案局关于" + "进一步加强和规范全省各级各类档案馆档案开放审核与利用服务工作" * 3 + "的通知"
    doc = to_valid(world, draft(world, title=title), today)
    report = doc.case.documents.get(kind="filing_report")
    assert report.title == "关于报送规范性文件备案的报告"
    body = "\n".join(p.text for p in docx.Document(report.file.open("rb")).paragraphs)
    assert title in body
