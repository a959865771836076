"""The six written notices of the licensing procedure (《中华人民共和国行政许可法》, 2019 revision).

Each notice is addressed to the applicant and built as an :class:`~fazhi.documents.render.OfficialDocument`
(信函格式: the agency's name as the red mark, the 发文字号 flush right under the red rule).  The
statute requires these acts to be in writing and to carry particular elements; the article that requires
each element is cited next to the text that supplies it.

* 受理通知书 (acceptance) ‒ art. 32(1)(5): the application is accepted; art. 32(2): a written voucher
  bearing the agency's seal and the date; art. 32(1)(4) last clause: acceptance is *deemed* from the
  receipt of the materials when the agency did not notify the missing materials within five days
  (视为受理); art. 42(1): decision within 20 working days, +10 with the head's approval; art. 45:
  hearing, testing, expert review … are not counted.
* 补正材料通知书 (correction) ‒ art. 32(1)(4): all the missing materials notified at once (一次告知);
  art. 32(1)(5): accepted once all the corrected materials are in, so the periods run from then.
* 不予受理决定书 (refusal) ‒ art. 32(1)(1)(2): the matter needs no licence or is outside the agency's
  competence (then the applicant is told which agency to apply to); art. 32(2): written, sealed, dated;
  art. 7: the right to reconsideration and suit.
* 延期通知书 (extension) ‒ art. 42(1): with the approval of the agency's head, 10 more working days,
  and the reasons for the extension told to the applicant.
* 准予行政许可决定书 (grant) ‒ art. 38(1): written decision; art. 39: the licence certificate bears the
  agency's seal; art. 44: the certificate is issued and served within 10 (working) days of the decision;
  art. 40: the decision is public.
* 不予行政许可决定书 (denial) ‒ art. 38(2): written decision stating the reasons and the applicant's
  right to apply for reconsideration or bring an administrative suit.

All periods of the 行政许可法 are working days (art. 82).  Remedies: 《中华人民共和国行政复议法》
(2023) art. 20 — sixty days; 《中华人民共和国行政诉讼法》 art. 46 — six months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fazhi.documents.render import (
    DOC_NUMBER_RE,
    Block,
    OfficialDocument,
    date_cn,
    normalize_doc_number,
)

__all__ = [
    "DEFAULT_RECONSIDERATION_BODY",
    "NOTICE_KINDS",
    "NOTICE_TITLES",
    "LicensingNoticeContext",
    "build_notice",
    "remedies_text",
]

LAW = "《中华人民共和国行政许可法》"

NOTICE_TITLES: dict[str, str] = {
    "acceptance": "受理通知书",  # art. 32(1)(5), 32(2)
    "correction": "补正材料通知书",  # art. 32(1)(4)
    "refusal": "不予受理决定书",  # art. 32(1)(1)(2), 32(2)
    "extension": "延期通知书",  # art. 42(1)
    "grant": "准予行政许可决定书",  # art. 38(1), 44
    "denial": "不予行政许可决定书",  # art. 38(2)
}
NOTICE_KINDS = tuple(NOTICE_TITLES)

#: used when the context names no reconsideration body
DEFAULT_RECONSIDERATION_BODY = "本机关的上一级主管部门或者本级人民政府"

STATUTORY_DECISION_DAYS = 20  # art. 42(1)
MAX_EXTENSION_DAYS = 10  # art. 42(1)
CERTIFICATE_DAYS = 10  # art. 44

YOU = "你（单位）"


@dataclass
class LicensingNoticeContext:
    agency_name: str  # 黑龙江省档案局
    agency_address: str
    agency_phone: str
    superior_agency: str | None  # reconsideration body; None → DEFAULT_RECONSIDERATION_BODY
    number: str  # 发文字号, allocated by the caller
    applicant_name: str  # the applicant (person or unit), full name
    item_name: str  # e.g. "携带、运输或者邮寄档案出境审批"
    item_legal_basis: str  # e.g. "《中华人民共和国档案法》第二十五条"
    case_number: str  # tracking number of the application, e.g. "XK2026-000123"
    received_on: date  # 收到申请材料日期
    date: date  # 成文日期
    accepted_on: date | None = None
    deemed: bool = False  # 视为受理 (art. 32(1)(4)): acceptance dates from received_on, accepted_on ignored
    missing_materials: list[str] | tuple[str, ...] = ()  # 补正: all at once (art. 32(1)(4))
    reasons: str = ""  # reasons for refusal / denial / extension
    legal_basis_cited: str = ""  # basis of a refusal / denial
    decision_due: date | None = None  # acceptance: decision due; extension: the new due date
    extension_days: int = MAX_EXTENSION_DAYS
    licence_scope: str = ""  # grant: what is permitted, conditions, validity
    certificate_due: date | None = None  # grant: certificate within 10 WD (art. 44)


# --- text helpers ---------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _cn_int(n: int) -> str:
    """Chinese numerals for 1–99 (periods in notices are written 二十个工作日, 十个工作日)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{head}十{_CN_DIGITS[ones] if ones else ''}"


def _sentence(text: str) -> str:
    """Strip trailing punctuation so the text can be embedded in a sentence."""
    return text.strip().rstrip("。；;，,.、 ")


def remedies_text(ctx: LicensingNoticeContext) -> str:
    """The remedies every adverse decision must state (行政许可法 art. 7, art. 38(2))."""
    body = (ctx.superior_agency or "").strip() or DEFAULT_RECONSIDERATION_BODY
    return (
        f"如不服本决定，可以自收到本决定书之日起六十日内向{body}申请行政复议"
        "（《中华人民共和国行政复议法》第二十条），"
        "或者在六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
    )


def _application_ref(ctx: LicensingNoticeContext) -> str:
    return f"{YOU}于{date_cn(ctx.received_on)}提交的{_sentence(ctx.item_name)}申请（申请编号：{ctx.case_number.strip()}）"


def _accepted_date(ctx: LicensingNoticeContext) -> date | None:
    # a deemed acceptance runs from the receipt of the materials (art. 32(1)(4)), whatever accepted_on
    # says (the caller may have recorded the day the deeming was noticed)
    if ctx.deemed:
        return ctx.received_on
    return ctx.accepted_on


def _contact(ctx: LicensingNoticeContext) -> list[Block]:
    """The agency's address and telephone, one short line each (the case number is already cited)."""
    blocks = []
    if ctx.agency_address.strip():
        blocks.append(Block(f"联系地址：{ctx.agency_address.strip()}"))
    if ctx.agency_phone.strip():
        blocks.append(Block(f"联系电话：{ctx.agency_phone.strip()}"))
    return blocks


# --- validation -------------------------------------------------------------------------------------


def _validate(kind: str, ctx: LicensingNoticeContext) -> list[str]:
    problems: list[str] = []

    def need(value, what: str):
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(what)

    need(ctx.agency_name, "agency_name (发文机关)")
    need(ctx.applicant_name, "applicant_name (申请人)")
    need(ctx.item_name, "item_name (许可事项)")
    need(ctx.case_number, "case_number (申请编号)")
    number = normalize_doc_number(ctx.number)
    if not DOC_NUMBER_RE.match(number):
        problems.append(f"number {ctx.number!r} is not a 发文字号 like 黑档许〔2026〕3号")
    if ctx.date < ctx.received_on:
        problems.append("date (成文日期) is before received_on (收到申请材料日期)")

    accepted = _accepted_date(ctx)
    if ctx.accepted_on is not None and ctx.accepted_on < ctx.received_on:
        problems.append("accepted_on is before received_on")

    if kind == "acceptance":
        if accepted is None:
            problems.append("accepted_on (受理日期), or deemed=True, for a 受理通知书 (第三十二条)")
        if ctx.decision_due is not None and accepted is not None and ctx.decision_due <= accepted:
            problems.append("decision_due must be after the acceptance date")
    elif kind == "correction":
        if not [m for m in ctx.missing_materials if m and m.strip()]:
            problems.append(
                "missing_materials: a 补正材料通知书 lists all missing materials at once "
                "(第三十二条第一款第四项)"
            )
    elif kind in ("refusal", "denial"):
        need(ctx.reasons, f"reasons (理由) for a {NOTICE_TITLES[kind]}")
        need(ctx.legal_basis_cited, f"legal_basis_cited (法律依据) for a {NOTICE_TITLES[kind]}")
        if kind == "denial" and accepted is None:
            problems.append("accepted_on (受理日期), or deemed=True, for a 不予行政许可决定书")
    elif kind == "extension":
        need(ctx.reasons, "reasons (延期理由) for a 延期通知书 (第四十二条第一款)")
        if ctx.decision_due is None:
            problems.append("decision_due (延长后的决定期限) for a 延期通知书 (第四十二条第一款)")
        elif ctx.decision_due <= ctx.date:
            problems.append("decision_due must be after the date of the 延期通知书")
        if accepted is None:
            problems.append("accepted_on (受理日期), or deemed=True, for a 延期通知书")
        if not 0 < ctx.extension_days <= MAX_EXTENSION_DAYS:
            problems.append(f"extension_days must be 1–{MAX_EXTENSION_DAYS} working days (第四十二条第一款)")
    elif kind == "grant":
        need(ctx.licence_scope, "licence_scope (准予许可的内容) for a 准予行政许可决定书")
        need(ctx.item_legal_basis, "item_legal_basis (许可依据) for a 准予行政许可决定书")
        if accepted is None:
            problems.append("accepted_on (受理日期), or deemed=True, for a 准予行政许可决定书")
        if ctx.certificate_due is not None and ctx.certificate_due < ctx.date:
            problems.append("certificate_due is before the date of the decision (第四十四条)")
    return problems


# --- the six notices --------------------------------------------------------------------------------


def _acceptance(ctx: LicensingNoticeContext) -> list[Block]:
    accepted = _accepted_date(ctx)
    assert accepted is not None
    if ctx.deemed:
        # art. 32(1)(4): 逾期不告知的，自收到申请材料之日起即为受理
        first = (
            f"{_application_ref(ctx)}，本机关未在法定期限内一次告知需要补正的全部内容。"
            f"根据{LAW}第三十二条第一款第四项的规定，该申请自收到申请材料之日即{date_cn(ctx.received_on)}起"
            "视为受理。"
        )
    else:
        # art. 32(1)(5): 申请材料齐全、符合法定形式 … 应当受理
        first = (
            f"{_application_ref(ctx)}，经审查，申请事项属于本机关职权范围，申请材料齐全、符合法定形式。"
            f"根据{LAW}第三十二条第一款第五项的规定，本机关决定予以受理，受理日期为{date_cn(accepted)}。"
        )
    basis = _sentence(ctx.item_legal_basis)
    # art. 42(1): 二十日内作出决定; 经本行政机关负责人批准，可以延长十日; art. 45: time not counted
    second = (
        f"本机关将{'依照' + basis + '和' if basis else '依照'}{LAW}第四十二条第一款的规定，"
        f"自受理之日起{_cn_int(STATUTORY_DECISION_DAYS)}个工作日内作出行政许可决定"
    )
    if ctx.decision_due is not None:
        second += f"（期限届满日为{date_cn(ctx.decision_due)}）"
    second += (
        f"；{_cn_int(STATUTORY_DECISION_DAYS)}个工作日内不能作出决定的，经本机关负责人批准，"
        f"可以延长{_cn_int(MAX_EXTENSION_DAYS)}个工作日，并将延长期限的理由告知{YOU}。"
        "依法需要听证、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在上述期限内，"
        f"本机关将书面告知所需时间（{LAW}第四十五条）。"
    )
    return [Block(first), Block(second), *_contact(ctx)]


def _correction(ctx: LicensingNoticeContext) -> list[Block]:
    materials = [_sentence(m) for m in ctx.missing_materials if m and m.strip()]
    # art. 32(1)(4): 当场或者在五日内一次告知申请人需要补正的全部内容
    blocks = [
        Block(
            f"{_application_ref(ctx)}，经审查，申请材料不齐全或者不符合法定形式。"
            f"根据{LAW}第三十二条第一款第四项的规定，现一次告知{YOU}需要补正的全部内容如下："
        )
    ]
    last = len(materials)
    for i, m in enumerate(materials, start=1):
        blocks.append(Block(f"{i}. {m}{'。' if i == last else '；'}", level=3))
    # art. 32(1)(5): 申请人按照本行政机关的要求提交全部补正申请材料的，应当受理
    blocks.append(
        Block(
            f"请{YOU}按照上述要求一并提交全部补正材料。本机关自收到全部补正材料之日起受理该申请，"
            "作出行政许可决定的审查期限自收到全部补正材料之日起计算。"
        )
    )
    return blocks + _contact(ctx)


def _refusal(ctx: LicensingNoticeContext) -> list[Block]:
    # art. 32(1)(1)(2) and 32(2): reasons, basis, written and sealed; art. 7: remedies
    return [
        Block(
            f"{_application_ref(ctx)}，经审查，{_sentence(ctx.reasons)}。"
            f"根据{_sentence(ctx.legal_basis_cited)}的规定，本机关决定不予受理。"
        ),
        Block(remedies_text(ctx)),
        *_contact(ctx),
    ]


def _extension(ctx: LicensingNoticeContext) -> list[Block]:
    accepted = _accepted_date(ctx)
    assert accepted is not None and ctx.decision_due is not None
    accepted_text = f"已于{date_cn(accepted)}视为受理" if ctx.deemed else f"本机关已于{date_cn(accepted)}受理"
    # art. 42(1): 二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人
    return [
        Block(
            f"{_application_ref(ctx)}，{accepted_text}。因{_sentence(ctx.reasons)}，"
            f"本机关不能在{_cn_int(STATUTORY_DECISION_DAYS)}个工作日内作出行政许可决定。"
        ),
        Block(
            f"根据{LAW}第四十二条第一款的规定，经本机关负责人批准，审查期限延长"
            f"{_cn_int(ctx.extension_days)}个工作日，本机关将最迟于{date_cn(ctx.decision_due)}作出行政许可决定。"
        ),
        *_contact(ctx),
    ]


def _grant(ctx: LicensingNoticeContext) -> list[Block]:
    accepted = _accepted_date(ctx)
    assert accepted is not None
    # art. 38(1): 申请人的申请符合法定条件、标准的，行政机关应当依法作出准予行政许可的书面决定
    blocks = [
        Block(
            f"{_application_ref(ctx)}，本机关已于{date_cn(accepted)}受理。经审查，{YOU}的申请符合法定条件、标准。"
            f"根据{_sentence(ctx.item_legal_basis)}和{LAW}第三十八条第一款的规定，本机关决定准予行政许可。"
        ),
        Block(f"准予行政许可的内容：{_sentence(ctx.licence_scope)}。"),
    ]
    # art. 44: 自作出决定之日起十日内向申请人颁发、送达行政许可证件; art. 39: 加盖本行政机关印章
    cert = (
        f"本机关将自本决定作出之日起{_cn_int(CERTIFICATE_DAYS)}个工作日内"
        + (f"（{date_cn(ctx.certificate_due)}前）" if ctx.certificate_due else "")
        + f"向{YOU}颁发、送达加盖本机关印章的行政许可证件或者批准文件（{LAW}第三十九条、第四十四条）。"
    )
    blocks.append(Block(cert))
    # art. 40: 行政机关作出的准予行政许可决定，应当予以公开，公众有权查阅
    blocks.append(Block(f"本决定依法予以公开，公众有权查阅（{LAW}第四十条）。"))
    return blocks + _contact(ctx)


def _denial(ctx: LicensingNoticeContext) -> list[Block]:
    accepted = _accepted_date(ctx)
    assert accepted is not None
    # art. 38(2): 不予行政许可的书面决定，应当说明理由，并告知申请人享有依法申请行政复议或者提起行政诉讼的权利
    return [
        Block(
            f"{_application_ref(ctx)}，本机关已于{date_cn(accepted)}受理。经审查，{_sentence(ctx.reasons)}。"
            f"根据{_sentence(ctx.legal_basis_cited)}和{LAW}第三十八条第二款的规定，本机关决定不予行政许可。"
        ),
        Block(remedies_text(ctx)),
        *_contact(ctx),
    ]


_BUILDERS = {
    "acceptance": _acceptance,
    "correction": _correction,
    "refusal": _refusal,
    "extension": _extension,
    "grant": _grant,
    "denial": _denial,
}


def build_notice(kind: str, ctx: LicensingNoticeContext) -> OfficialDocument:
    """Build the written notice ``kind`` (one of :data:`NOTICE_KINDS`) for the applicant.

    Raises ``ValueError`` listing every required element that is missing or inconsistent.
    """
    if kind not in _BUILDERS:
        raise ValueError(f"unknown licensing notice kind {kind!r}; expected one of {', '.join(NOTICE_KINDS)}")
    problems = _validate(kind, ctx)
    if problems:
        raise ValueError(f"cannot build {NOTICE_TITLES[kind]} ({kind}): " + "; ".join(problems))
    agency = ctx.agency_name.strip()
    return OfficialDocument(
        issuer=agency,
        issuer_mark=agency,
        number=normalize_doc_number(ctx.number),
        title=NOTICE_TITLES[kind],
        addressee=ctx.applicant_name.strip(),
        body=_BUILDERS[kind](ctx),
        date=ctx.date,
        signature=agency,
        layout="letter",
    )
