"""The report's narrative: placeholders, sentences, the marks on sentences whose figures changed since they were
written, and the default paragraphs of a new report (in the structure of the seed letter, 黑档函〔2018〕15号).

A paragraph's text is Chinese prose with placeholders ``{key}`` naming figures of the registry
(fazhi/reports/figures.py), e.g. ``{year}年办理行政许可{licensing.total}项，网上审批率{licensing.online_rate}。``
When the text is saved, the value of each placeholder is kept in the paragraph's ``snapshot``; a sentence holding a
placeholder whose value is now different is *stale* and is marked in the editor and the web version. The DOCX
always states the current values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PLACEHOLDER_RE = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}")
# A sentence ends with 。！？； (full width) or a line break; the closing quote or bracket stays with it.
SENTENCE_RE = re.compile(r"[^。！？；\n]*(?:[。！？；]+[”’」』）)]*|\n|$)")
_LEVEL_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^(?:\d+[.．]|（\d+）)")),
)


def placeholders(text: str) -> list[str]:
    """The keys named in ``text``, in order, without repeats."""
    seen: list[str] = []
    for key in PLACEHOLDER_RE.findall(text or ""):
        if key not in seen:
            seen.append(key)
    return seen


def level_of(text: str) -> int:
    """GB/T 9704 heading level from the numbering the text starts with: 一、 1, （一） 2, 1. or （1） 3, else 0."""
    stripped = (text or "").strip()
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.match(stripped):
            return level
    return 0


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_RE.findall(text or "") if s]


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each placeholder replaced by its value (unknown ones are left as written)."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")


@dataclass
class Change:
    key: str
    old: str
    new: str


def changes(sentence: str, snapshot: Mapping[str, str], current: Mapping[str, str]) -> list[Change]:
    """The placeholders of ``sentence`` whose value differs from the one kept when the text was written."""
    out = []
    for key in placeholders(sentence):
        if key in snapshot and key in current and str(snapshot[key]) != str(current[key]):
            out.append(Change(key, str(snapshot[key]), str(current[key])))
    return out


def stale(text: str, snapshot: Mapping[str, str], current: Mapping[str, str]) -> list[tuple[str, list[Change]]]:
    """The stale sentences of ``text`` with their changes."""
    return [(s, c) for s in sentences(text) if (c := changes(s, snapshot, current))]


def render_html(text: str, snapshot: Mapping[str, str], current: Mapping[str, str],
                link: Callable[[str], str | None] | None = None) -> SafeString:
    """The paragraph as HTML: each figure its current value, a link to its records when ``link`` gives one; each
    stale sentence in a <mark> whose title says which figures changed, from what to what."""
    parts = []
    for sentence in sentences(text):
        pieces, pos = [], 0
        for m in PLACEHOLDER_RE.finditer(sentence):
            pieces.append(escape(sentence[pos:m.start()]))
            key = m.group(1)
            if key in current:
                href = link(key) if link else None
                if href:
                    pieces.append(format_html('<a class="figure" href="{}" data-key="{}">{}</a>', href, key,
                                              current[key]))
                else:
                    pieces.append(format_html('<span class="figure" data-key="{}">{}</span>', key, current[key]))
            else:
                pieces.append(escape(m.group(0)))
            pos = m.end()
        pieces.append(escape(sentence[pos:]))
        html = "".join(str(p) for p in pieces)
        found = changes(sentence, snapshot, current)
        if found:
            note = _("此句的数据在撰写后已变化：") + _("，").join(
                _("%(key)s 原为 %(old)s，现为 %(new)s") % {"key": c.key, "old": c.old, "new": c.new} for c in found)
            html = format_html('<mark class="stale" title="{}">{}</mark>', note, mark_safe(html))  # noqa: S308 - escaped above
        parts.append(html)
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every piece escaped above


# =====================================================================================================
# default paragraphs
# =====================================================================================================
def _n(values: Mapping, key: str) -> int:
    """The number behind a figure (0 when missing or unavailable): decides whether a default sentence is written."""
    v = values.get(key)
    if v is None or not getattr(v, "available", True):
        return 0
    if getattr(v, "den", None) is not None:
        return v.den or 0
    try:
        return int(v.value or 0)
    except (TypeError, ValueError):
        return 0


def default_paragraphs(*, year: int, values: Mapping, request_kinds: list[tuple[str, str]]
                       ) -> list[tuple[str, str]]:
    """(section, text) pairs reading like the seed letter: each figure sentence is written only when the year's
    records hold something to say (a zero would read oddly in a letter; staff add it back if they want it)."""
    y = year
    has = lambda key: _n(values, key) > 0  # noqa: E731
    out: list[tuple[str, str]] = []

    def add(section: str, *pieces: str) -> None:
        text = "".join(p for p in pieces if p)
        if text:
            out.append((section, text))

    # ---- opening ----
    add("intro", _("按照%(y)s年度法治政府建设考核工作的要求，我局高度重视，认真制定具体工作方案，严格规范执法行为，"
                   "积极清理行政许可事项，切实加大普法、学法、用法力度，法治工作取得了明显成效。"
                   "现将%(y)s年度法治政府建设工作情况报告如下。") % {"y": y})

    # ---- 一 duties ----
    add("duties", _("一、依法全面履行档案行政管理职责"))
    add("duties",
        _("（一）认真清理行政审批事项，保留事项全部纳入网上审批系统。"),
        _("对行政审批事项逐一梳理论证，进一步精简审批环节，优化审批流程，提高审批效率。"),
        _("我局目前有行政许可事项{licensing.items}项，均已编制办事指南并绘制行政权力流程图。")
        if has("licensing.items") else "",
        (_("%(y)s年办理行政许可{licensing.total}项，网上审批率{licensing.online_rate}，"
           "法定期限按期办结率{licensing.on_time_rate}。") % {"y": y}) if has("licensing.total") else "")
    add("duties",
        _("（二）大力推行行政权力和责任动态化管理。"),
        _("全面梳理行政职权，编制行政权力清单和责任清单，"),
        _("现行权力清单载明行政权力{powers.count}项，") if has("powers.count") else "",
        _("明确相对人的申请途径、权利义务、办理期限、救济途径等内容，将执法责任落实到每个岗位。"))

    # ---- 二 rules ----
    add("rules", _("二、完善依法治档制度体系"))
    add("rules",
        _("（一）强化规范性文件监督管理。"),
        _("严格按照规范性文件管理规定制发规范性文件，起草处室拟定初稿，经法制机构合法性审核后由局长签发，"
          "并在规定时间内报送备案。"),
        (_("%(y)s年制发规范性文件{norms.published}件，均经合法性审核并按规定报送备案。") % {"y": y})
        if has("norms.published") else "")
    add("rules",
        _("（二）及时做好规范性文件清理工作。"),
        _("对不适应依法管理需要，以及因上位法制定、修改、废止导致法律依据变更或丧失的规范性文件及时修改和清理。"),
        (_("%(y)s年开展规范性文件清理，废止规范性文件{norms.cleanup.repealed}件。") % {"y": y})
        if has("norms.cleanup.repealed") else "",
        _("截至%(y)s年底，我局现行有效的规范性文件{norms.valid}件，废止规范性文件{norms.repealed}件，"
          "清理结果已向社会公布。") % {"y": y} if (has("norms.valid") or has("norms.repealed")) else "")

    # ---- 三 administration ----
    add("administration", _("三、严格规范依法行政"))
    add("administration",
        _("（一）健全依法决策机制。"),
        _("完善重大行政决策程序制度，建立重大决策合法性审查机制，未经合法性审查或经审查不合法的，不得提交讨论。"),
        (_("%(y)s年作出重大行政决策{decisions.adopted}项，其中经合法性审查{decisions.reviewed}项，"
           "均经局长办公会集体讨论。") % {"y": y}) if has("decisions.adopted") else "")
    add("administration",
        _("（二）严格规范公正文明执法。"),
        (_("%(y)s年，对{inspection.planned.units}家单位档案工作开展了执法检查，严格检查标准，严肃问责整改，"
           "下达责令整改书{inspection.planned.rectification_orders}份。") % {"y": y})
        if has("inspection.planned.units") else "",
        _("积极推行行政执法检查“双随机、一公开”工作机制，"),
        _("对{inspection.random.drawn}家企业开展了随机抽查，责令整改{inspection.random.rectification_orders}家单位，"
          "检查结果已上网公示。") if has("inspection.random.drawn") else "",
        (_("全年立案查处行政处罚案件{enforcement.cases}件。")) if has("enforcement.cases") else "",
        _("严格执行执法人员持证上岗和资格管理制度，"),
        (_("%(y)s年底持有有效执法证件的执法人员{officers.certified}人，") % {"y": y})
        if has("officers.certified") else "",
        _("未经执法资格考试合格，不得从事执法工作。"))
    add("administration",
        _("（三）深入实施行政执法责任制。"),
        _("坚持每年开展档案工作目标检查考核，使工作目标更加科学合理。"),
        (_("%(y)s年，由局领导带队组成{assessment.groups}个检查组，对各地档案工作目标完成情况进行了严格考核，"
           "共检查档案部门和单位{assessment.units}家。") % {"y": y}) if has("assessment.units") else "")
    add("administration",
        _("（四）强化权力制约和监督。"),
        _("建立违法行为投诉举报登记制度，畅通群众投诉举报渠道，全面推进政务公开，完善政府信息公开制度。"))

    # ---- 四 disputes ----
    add("disputes", _("四、有效化解档案领域矛盾纠纷"))
    kinds = [(code, label) for code, label in request_kinds if has(f"requests.{code}.total")]
    listed = _("、").join(f"{label}{{requests.{code}.total}}件" for code, label in kinds)
    add("disputes",
        _("（一）健全依法化解纠纷机制。"),
        _("把信访纳入法治化轨道，规范投诉举报、信访和政府信息公开申请的办理程序，畅通群众诉求表达渠道。"),
        (_("%(y)s年共受理群众诉求{requests.total}件，其中%(kinds)s；按期办结率{requests.on_time_rate}。")
         % {"y": y, "kinds": listed}) if has("requests.total") else "")
    if has("reconsideration.committee"):
        add("disputes",
            _("（二）档案行政复议工作有力推进。"),
            _("行政复议委员会由主任、副主任和委员共{reconsideration.committee}人组成，"
              "委员由具有法律素养和行政管理经验的领导干部，以及专家学者、资深律师组成。"))
    if has("advisers.count"):
        add("disputes",
            _("（三）建立法律顾问制度。") if has("reconsideration.committee") else _("（二）建立法律顾问制度。"),
            _("聘请法律顾问{advisers.count}名，"),
            _("就合同审查等事项咨询法律顾问{advisers.consultations}次，") if has("advisers.consultations") else "",
            _("认真研究分析法律顾问提出的意见和建议。"))

    # ---- 五 capacity ----
    add("capacity", _("五、全面提升干部的法治思维和依法行政能力"))
    if has("education.contest.teams"):
        add("capacity",
            _("（一）举办法律法规知识竞赛。"),
            _("共有{education.contest.teams}支代表队伍报名参赛，最终决出一等奖{education.contest.first}队、"
              "二等奖{education.contest.second}队、三等奖{education.contest.third}队。"))
    add("capacity",
        _("（二）加大法律法规培训力度。") if has("education.contest.teams") else _("（一）加大法律法规培训力度。"),
        _("组织干部职工学习行政许可法、行政处罚法等法律法规，提高依法行政能力。"),
        (_("%(y)s年执法人员参加法律知识培训{officers.training}人次，共{officers.training_hours}学时。") % {"y": y})
        if has("officers.training") else "")

    # ---- 六 problems and plans ----
    add("problems", _("六、存在的问题和下一步工作打算"))
    add("problems", _("在取得上述成绩的同时，我们也清醒认识到，法治工作还存在一些问题。一方面行政执法力度不够，"
                      "方法单一、手段落后。另一方面，思想认识不到位，服务意识和工作人员业务水平有待提高。"
                      "今后，我们将进一步增强法治意识，树立依法行政、依法履责理念，切实贯彻落实行政执法责任制，"
                      "规范行政执法行为，为推进事业的健康发展做出更大的贡献。"))
    return out
