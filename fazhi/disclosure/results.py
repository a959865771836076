"""The kinds of reply to a disclosure request (《中华人民共和国政府信息公开条例》第三十六条 and the articles it
refers to) and where each one is counted in the annual report's statistical table (第五十条; the table
"收到和处理政府信息公开申请情况" of 国办公开办函〔2021〕30号).

One ``Ground`` per reply type: its label (the choice the handler picks), the result group of the table, the
table row it is counted in, and the article cited in the reply letter. The reply letters' texts live in
``fazhi/disclosure/documents.py``; the process (which step offers which grounds) in ``process.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

REG = "《中华人民共和国政府信息公开条例》"

# Result groups of the table (三、本年度办理结果).
OPEN = "open"
PARTIAL = "partial"
WITHHELD = "withheld"
UNAVAILABLE = "unavailable"
NOT_PROCESSED = "not_processed"
OTHER = "other"

RESULT_LABELS = {
    OPEN: _("予以公开"),
    PARTIAL: _("部分公开"),
    WITHHELD: _("不予公开"),
    UNAVAILABLE: _("无法提供"),
    NOT_PROCESSED: _("不予处理"),
    OTHER: _("其他处理"),
}


@dataclass(frozen=True)
class Ground:
    code: str
    label: object  # lazy Chinese label
    result: str  # the result group when this is the whole reply
    row: str  # the table row it is counted in (a code of selectors.ROWS)
    article: str  # the citation the reply letter gives


GROUNDS: dict[str, Ground] = {g.code: g for g in (
    # ---- 予以公开 (第三十六条第（一）、（二）项) ----
    Ground("published", _("已经主动公开，告知获取的方式、途径（第三十六条第（一）项）"), OPEN, "open",
           f"{REG}第三十六条第（一）项"),
    Ground("open", _("可以公开，向申请人提供（第三十六条第（二）项）"), OPEN, "open", f"{REG}第三十六条第（二）项"),
    # ---- 不予公开 (第三十六条第（三）项), the eight rows of the table ----
    Ground("state_secret", _("属于国家秘密（第十四条）"), WITHHELD, "withheld.state_secret",
           f"{REG}第十四条、第三十六条第（三）项"),
    Ground("law_forbids", _("法律、行政法规禁止公开（第十四条）"), WITHHELD, "withheld.law_forbids",
           f"{REG}第十四条、第三十六条第（三）项"),
    Ground("three_security", _("公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"), WITHHELD,
           "withheld.three_security", f"{REG}第十四条、第三十六条第（三）项"),
    Ground("third_party", _("涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）"), WITHHELD,
           "withheld.third_party", f"{REG}第十五条、第三十二条、第三十六条第（三）项"),
    Ground("internal_affairs", _("属于人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）"), WITHHELD,
           "withheld.internal_affairs", f"{REG}第十六条第一款、第三十六条第（三）项"),
    Ground("process_info", _("属于讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）"), WITHHELD,
           "withheld.process_info", f"{REG}第十六条第二款、第三十六条第（三）项"),
    Ground("enforcement_file", _("属于行政执法案卷信息（第十六条第二款）"), WITHHELD, "withheld.enforcement_file",
           f"{REG}第十六条第二款、第三十六条第（三）项"),
    Ground("special_registry", _("属于工商、不动产登记资料等法律、行政法规对获取有特别规定的信息（第三十六条第（七）项）"),
           WITHHELD, "withheld.special_registry", f"{REG}第三十六条第（七）项"),
    # ---- 无法提供 ----
    Ground("not_exist", _("经检索没有所申请公开的信息，告知信息不存在（第三十六条第（四）项）"), UNAVAILABLE,
           "unavailable.not_held", f"{REG}第三十六条第（四）项"),
    Ground("not_ours", _("不属于本机关负责公开（第三十六条第（五）项）"), UNAVAILABLE, "unavailable.not_held",
           f"{REG}第三十六条第（五）项"),
    Ground("needs_creation", _("没有现成信息，需要另行制作或者加工、分析（第三十八条）"), UNAVAILABLE,
           "unavailable.needs_creation", f"{REG}第三十八条"),
    Ground("unclear", _("经补正后申请内容仍不明确（第三十条）"), UNAVAILABLE, "unavailable.unclear", f"{REG}第三十条"),
    # ---- 不予处理 ----
    Ground("petition", _("以政府信息公开申请的形式进行信访、投诉、举报（第三十九条第一款）"), NOT_PROCESSED,
           "not_processed.petition", f"{REG}第三十九条第一款"),
    Ground("duplicate", _("重复申请公开相同政府信息（第三十六条第（六）项）"), NOT_PROCESSED, "not_processed.duplicate",
           f"{REG}第三十六条第（六）项"),
    Ground("publication", _("要求提供政府公报、报刊、书籍等公开出版物（第三十九条第二款）"), NOT_PROCESSED,
           "not_processed.publication", f"{REG}第三十九条第二款"),
    Ground("excessive", _("无正当理由大量、频繁申请，且说明的理由不合理（第三十五条）"), NOT_PROCESSED,
           "not_processed.excessive", f"{REG}第三十五条"),
    Ground("reconfirm", _("要求行政机关确认或者重新出具已获取的信息"), NOT_PROCESSED, "not_processed.reconfirm",
           f"{REG}第二条、第三十六条"),
    # Counted under 其他处理 (the table has no row of its own for it): docs/disclosure.md.
    Ground("not_gov_info", _("所申请内容不属于政府信息（第二条）"), NOT_PROCESSED, "other.other", f"{REG}第二条"),
    # ---- 其他处理 (not a reply step) ----
    Ground("no_correction", _("申请人无正当理由逾期不补正，视为放弃申请（第三十条）"), OTHER, "other.no_correction",
           f"{REG}第三十条"),
    Ground("fee_unpaid", _("申请人逾期未按收费通知缴纳费用（第四十二条）"), OTHER, "other.fee_unpaid",
           f"{REG}第四十二条"),
    Ground("withdrawn", _("申请人撤回申请"), OTHER, "other.other", ""),
)}

# Which grounds each reply step offers (process.py).
DISCLOSE = ("published", "open")
WITHHOLD = ("state_secret", "law_forbids", "three_security", "third_party", "internal_affairs", "process_info",
            "enforcement_file", "special_registry")
UNAVAILABLE_GROUNDS = ("not_exist", "not_ours", "needs_creation", "unclear")
NOT_PROCESSED_GROUNDS = ("petition", "duplicate", "publication", "excessive", "reconfirm", "not_gov_info")


def choices(codes) -> tuple[tuple[str, object], ...]:
    return tuple((c, GROUNDS[c].label) for c in codes)


def row_for(result: str, ground: str) -> str:
    """The table row a closed request is counted in. 部分公开 is counted only as such (the table's rule:
    区分处理的，只计这一情形), whatever the ground of the part withheld."""
    if result == PARTIAL:
        return "partial"
    g = GROUNDS.get(ground)
    return g.row if g else "other.other"
