"""The categories of the 政府信息主动公开目录, as data: the list of 《中华人民共和国政府信息公开条例》（2019年修订，
国务院令第711号）第二十条 (what an agency proactively discloses within its remit) arranged the way a bureau's
catalogue usually shows it, each with the item of 第二十条 (or the other rule) it rests on; and the mapping from
what the other capabilities publish (the kinds of the transparency log, fazhi/tlog) to a category.

A category is either top-level or a subcategory (``parent``); choosing a top-level category on the public page
shows its subcategories' items too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    code: str
    label: object
    basis: str  # the rule that makes this information public (kept in Chinese: it is a citation)
    parent: str | None = None


ART20 = "《政府信息公开条例》第二十条"

CATEGORIES: tuple[Category, ...] = (
    Category("organization", _("机构职能"), f"{ART20}第（二）项：机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    Category("powers", _("权责清单"), f"{ART20}第（二）项；中办发〔2015〕21号《关于推行地方各级政府工作部门权力清单制度的指导意见》",
             "organization"),
    Category("regulations", _("法规政策"), f"{ART20}第（一）项：行政法规、规章和规范性文件"),
    Category("rules", _("规章"), f"{ART20}第（一）项", "regulations"),
    Category("normative", _("规范性文件"), f"{ART20}第（一）项；国办发〔2018〕37号", "regulations"),
    Category("plans", _("规划计划"), f"{ART20}第（三）项：规划及相关政策"),
    Category("services", _("办事服务"), f"{ART20}第（五）项：办理行政许可和其他对外管理服务事项的依据、条件、程序"),
    Category("enforcement", _("行政执法"), f"{ART20}第（五）项、第（六）项、第（十三）项"),
    Category("licensing", _("行政许可"), f"{ART20}第（五）项：办理结果；国办发〔2018〕118号", "enforcement"),
    Category("penalty", _("行政处罚"), f"{ART20}第（六）项：具有一定社会影响的行政处罚决定；国办发〔2018〕118号",
             "enforcement"),
    Category("inspection", _("双随机抽查结果"), f"{ART20}第（十三）项：监督检查情况；国办发〔2015〕58号", "enforcement"),
    Category("discretion", _("行政处罚裁量基准"), f"{ART20}第（六）项：实施行政处罚的依据、条件；《行政处罚法》第三十四条",
             "enforcement"),
    Category("decisions", _("重大决策"), "《政府信息公开条例》第十九条；《重大行政决策程序暂行条例》第三十二条"),
    Category("statistics", _("统计信息"), f"{ART20}第（四）项：统计信息"),
    Category("reports", _("年度报告"), "《政府信息公开条例》第四十九条、第五十条；《法治政府建设与责任落实督察工作规定》"),
    Category("rule_of_law_report", _("法治政府建设年度报告"), "《法治政府建设与责任落实督察工作规定》", "reports"),
    Category("disclosure_report", _("政府信息公开工作年度报告"),
             "《政府信息公开条例》第四十九条：每年1月31日前向社会公布上一年度报告；第五十条", "reports"),
    Category("personnel", _("人事信息"), f"{ART20}第（十四）项：公务员招考的职位、名额、报考条件等事项以及录用结果"),
    Category("finance", _("财政信息"), f"{ART20}第（七）项、第（八）项、第（九）项：财政预算决算、收费、政府集中采购"),
    Category("other", _("其他"), f"{ART20}第（十五）项：法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}
TOP: tuple[Category, ...] = tuple(c for c in CATEGORIES if c.parent is None)
CHOICES = [(c.code, c.label) for c in CATEGORIES]

# What the other capabilities publish (the transparency log's kinds) -> the catalogue's category.
KIND_CATEGORY: dict[str, str] = {
    "licensing.decision": "licensing",
    "enforcement.decision": "penalty",
    "inspection.task": "inspection",
    "norms.document": "normative",
    "powers.list": "powers",
    "reports.annual": "rule_of_law_report",
    "decisions.major": "decisions",
    "discretion.standard": "discretion",
    "disclosure.annual_report": "disclosure_report",
}
UNMAPPED = "other"  # a kind published by a capability added later, until it is mapped: still listed


def get(code: str | None) -> Category | None:
    return BY_CODE.get(code or "")


def children(code: str) -> list[Category]:
    return [c for c in CATEGORIES if c.parent == code]


def with_children(code: str) -> set[str]:
    """The category and its subcategories (a top-level tab shows both)."""
    return {code} | {c.code for c in children(code)}


def top_of(code: str) -> str:
    c = BY_CODE.get(code)
    return c.parent or c.code if c else code


def category_of(kind: str) -> str:
    return KIND_CATEGORY.get(kind, UNMAPPED)


def kinds_of(kinds, codes: set[str] | None) -> list[str]:
    """Of ``kinds``, those whose category is in ``codes`` (all when None)."""
    return sorted(k for k in kinds if codes is None or category_of(k) in codes)
