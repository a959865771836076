"""The six licensing notices (行政许可法): required elements, validation, rendering."""

import dataclasses
import io
import re
from datetime import date

import docx
import pytest

from fazhi.documents.render import OfficialDocument, date_cn, render_docx
from fazhi.licensing.documents import (
    DEFAULT_RECONSIDERATION_BODY,
    NOTICE_TITLES,
    LicensingNoticeContext,
    build_notice,
    remedies_text,
)

NUMBER_RE = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")

MATERIALS = ["档案出境申请表（原件）", "拟出境档案目录及复制件", "境外接收方的接收证明"]


def make_ctx(**overrides) -> LicensingNoticeContext:
    fields = dict(
        agency_name="黑龙江省档案局",
        agency_address="哈尔滨市南岗区文昌街48号",
        agency_phone="0451-87701820",
        superior_agency=None,
        number="黑档许〔2026〕3号",
        applicant_name="哈尔滨示例文化传播有限公司",
        item_name="携带、运输或者邮寄档案出境审批",
        item_legal_basis="《中华人民共和国档案法》第二十五条",
        case_number="XK2026-000123",
        received_on=date(2026, 3, 2),
        date=date(2026, 3, 4),
    )
    fields.update(overrides)
    return LicensingNoticeContext(**fields)


VALID = {
    "acceptance": dict(accepted_on=date(2026, 3, 4), decision_due=date(2026, 4, 1)),
    "correction": dict(missing_materials=MATERIALS),
    "refusal": dict(
        reasons="申请事项不属于本机关职权范围，请向国家档案局申请",
        legal_basis_cited="《中华人民共和国行政许可法》第三十二条第一款第二项",
    ),
    "extension": dict(
        accepted_on=date(2026, 3, 4),
        date=date(2026, 3, 30),
        reasons="需要对拟出境档案逐件核对",
        decision_due=date(2026, 4, 15),
    ),
    "grant": dict(
        accepted_on=date(2026, 3, 4),
        date=date(2026, 3, 25),
        licence_scope="准予携带所列档案复制件12件出境，有效期至2026年12月31日",
        certificate_due=date(2026, 4, 8),
    ),
    "denial": dict(
        accepted_on=date(2026, 3, 4),
        date=date(2026, 3, 25),
        reasons="拟出境档案中有3件属于国家所有的档案，依法不得出境",
        legal_basis_cited="《中华人民共和国档案法》第二十五条",
    ),
}


def texts_of(doc: OfficialDocument) -> list[str]:
    data = render_docx(doc)
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def full_text(doc: OfficialDocument) -> str:
    return "\n".join(texts_of(doc))


def test_titles_are_exact():
    assert NOTICE_TITLES == {
        "acceptance": "受理通知书",
        "correction": "补正材料通知书",
        "refusal": "不予受理决定书",
        "extension": "延期通知书",
        "grant": "准予行政许可决定书",
        "denial": "不予行政许可决定书",
    }


@pytest.mark.parametrize("kind", list(NOTICE_TITLES))
def test_each_notice_builds_and_renders(kind):
    ctx = make_ctx(**VALID[kind])
    doc = build_notice(kind, ctx)
    assert isinstance(doc, OfficialDocument)
    assert doc.title == NOTICE_TITLES[kind]
    texts = texts_of(doc)
    assert texts[0] == "黑龙江省档案局"  # the agency's plain name as mark
    assert NOTICE_TITLES[kind] in texts
    assert "哈尔滨示例文化传播有限公司：" in texts  # addressed to the applicant
    assert [t for t in texts if NUMBER_RE.match(t)] == ["黑档许〔2026〕3号"]
    assert date_cn(ctx.date) in texts
    body = "\n".join(texts)
    assert "携带、运输或者邮寄档案出境审批" in body
    assert "XK2026-000123" in body
    assert date_cn(ctx.received_on) in body
    assert "0451-87701820" in body


@pytest.mark.parametrize("kind", ["refusal", "denial"])
def test_adverse_decisions_carry_remedies(kind):
    ctx = make_ctx(**VALID[kind])
    body = full_text(build_notice(kind, ctx))
    assert "六十日" in body
    assert "六个月" in body
    assert remedies_text(ctx) in body
    assert DEFAULT_RECONSIDERATION_BODY in body
    assert "《中华人民共和国行政复议法》第二十条" in body
    assert "《中华人民共和国行政诉讼法》第四十六条" in body
    assert _sentence_free(ctx.reasons) in body
    assert ctx.legal_basis_cited in body


def _sentence_free(text: str) -> str:
    return text.rstrip("。")


def test_remedies_name_the_superior_agency():
    ctx = make_ctx(superior_agency="黑龙江省人民政府")
    text = remedies_text(ctx)
    assert "向黑龙江省人民政府申请行政复议" in text
    assert DEFAULT_RECONSIDERATION_BODY not in text
    assert text.startswith("如不服本决定，可以自收到本决定书之日起六十日内")


@pytest.mark.parametrize("kind", ["acceptance", "correction", "extension", "grant"])
def test_favourable_notices_have_no_remedies(kind):
    body = full_text(build_notice(kind, make_ctx(**VALID[kind])))
    assert "申请行政复议" not in body


def test_correction_lists_every_missing_material_at_once():
    doc = build_notice("correction", make_ctx(missing_materials=MATERIALS))
    texts = texts_of(doc)
    for i, material in enumerate(MATERIALS, start=1):
        assert any(t.startswith(f"{i}. {material}") for t in texts), material
    body = "\n".join(texts)
    assert "一次告知" in body
    assert "第三十二条第一款第四项" in body
    assert "自收到全部补正材料之日起计算" in body


def test_correction_ignores_blank_materials_and_requires_one():
    with pytest.raises(ValueError, match="missing_materials"):
        build_notice("correction", make_ctx(missing_materials=["", "  "]))


def test_deemed_acceptance_mentions_receipt_date():
    ctx = make_ctx(deemed=True, received_on=date(2026, 3, 2), date=date(2026, 3, 12))
    body = full_text(build_notice("acceptance", ctx))
    assert "视为受理" in body
    assert "2026年3月2日" in body
    assert "第三十二条第一款第四项" in body


def test_deemed_acceptance_dates_from_receipt_whatever_accepted_on_says():
    ctx = make_ctx(deemed=True, accepted_on=date(2026, 3, 10), date=date(2026, 3, 12))
    body = full_text(build_notice("acceptance", ctx))
    assert "2026年3月2日起视为受理" in body
    assert "2026年3月10日" not in body


def test_ordinary_acceptance():
    body = full_text(build_notice("acceptance", make_ctx(**VALID["acceptance"])))
    assert "视为受理" not in body
    assert "决定予以受理" in body
    assert "受理日期为2026年3月4日" in body
    assert "2026年4月1日" in body  # decision due
    assert "二十个工作日" in body


def test_extension_states_reasons_approval_and_new_due_date():
    body = full_text(build_notice("extension", make_ctx(**VALID["extension"])))
    assert "经本机关负责人批准" in body
    assert "延长十个工作日" in body
    assert "需要对拟出境档案逐件核对" in body
    assert "2026年4月15日" in body
    assert "第四十二条" in body


def test_grant_mentions_scope_and_certificate():
    body = full_text(build_notice("grant", make_ctx(**VALID["grant"])))
    assert "准予行政许可" in body
    assert "有效期至2026年12月31日" in body
    assert "第四十四条" in body
    assert "2026年4月8日" in body
    assert "第三十八条第一款" in body


def test_denial_cites_art_38_2():
    body = full_text(build_notice("denial", make_ctx(**VALID["denial"])))
    assert "决定不予行政许可" in body
    assert "第三十八条第二款" in body


@pytest.mark.parametrize(
    ("kind", "changes", "message"),
    [
        ("correction", dict(missing_materials=[]), "missing_materials"),
        ("refusal", dict(reasons=""), "reasons"),
        ("refusal", dict(legal_basis_cited=""), "legal_basis_cited"),
        ("denial", dict(reasons="  "), "reasons"),
        ("denial", dict(accepted_on=None), "accepted_on"),
        ("extension", dict(decision_due=None), "decision_due"),
        ("extension", dict(reasons=""), "reasons"),
        ("extension", dict(extension_days=11), "extension_days"),
        ("extension", dict(decision_due=date(2026, 3, 1)), "decision_due"),
        ("acceptance", dict(accepted_on=None), "accepted_on"),
        ("grant", dict(licence_scope=""), "licence_scope"),
        ("grant", dict(item_legal_basis=""), "item_legal_basis"),
        ("grant", dict(certificate_due=date(2026, 3, 1)), "certificate_due"),
        ("acceptance", dict(number="黑档许2026-3"), "number"),
        ("acceptance", dict(applicant_name=""), "applicant_name"),
        ("acceptance", dict(date=date(2026, 3, 1)), "before received_on"),
    ],
)
def test_missing_required_elements_raise(kind, changes, message):
    ctx = make_ctx(**{**VALID[kind], **changes})
    with pytest.raises(ValueError, match=message):
        build_notice(kind, ctx)


def test_unknown_kind_raises():
    with pytest.raises(ValueError, match="unknown"):
        build_notice("penalty", make_ctx())


def test_number_is_normalised():
    doc = build_notice("correction", make_ctx(number="黑档许﹝2026﹞003号", missing_materials=MATERIALS))
    assert doc.number == "黑档许〔2026〕3号"


def test_context_defaults():
    ctx = make_ctx()
    assert ctx.extension_days == 10
    assert ctx.deemed is False
    assert tuple(ctx.missing_materials) == ()
    assert dataclasses.is_dataclass(ctx)
