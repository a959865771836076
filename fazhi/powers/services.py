"""Writes of the power list. Every write is keyword-only, runs in one transaction with the version row locked,
checks who acts (``fazhi.powers.access``: the edit roles of the agency; the director to publish), refuses to
touch a published version (a published version is frozen: the next edition is a new draft), validates with
Chinese messages (``ValidationError`` keyed by field, nothing saved) and is audited (``core.AuditEvent``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fazhi.core import clock
from fazhi.core.i18n import zh
from fazhi.core.models import Agency, User
from fazhi.core.services import audit_record
from fazhi.powers.access import can_edit, can_publish
from fazhi.powers.models import Power, PowerCitation, PowerListVersion, RiskPoint
from fazhi.tlog.services import log_publication

CODE_RE = re.compile(r"^[\w.-]{1,40}$")
MAX_LIST = 50
MAX_LINE = 500
MAX_ARTICLE = 2000

# What ``power_save`` accepts in ``data``.
POWER_INPUTS = ("code", "name", "category", "legal_basis", "division", "posts", "responsibilities", "accountability",
                "accountability_basis", "channels", "rights_obligations", "remedies", "process_code", "item_code",
                "time_limit_text", "steps", "order", "citations")


class Invalid(dict):
    """Collects field errors; ``raise_if_any`` raises them as one ValidationError."""

    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


# ---- helpers ------------------------------------------------------------------------------------------------
def _locked_draft(version: PowerListVersion | int, actor: User) -> PowerListVersion:
    """The version, locked; PermissionDenied when the actor may not edit it; ValidationError when it is frozen."""
    pk = version.pk if isinstance(version, PowerListVersion) else version
    row = PowerListVersion.objects.select_for_update().select_related("agency").get(pk=pk)
    if not can_edit(actor, row.agency):
        raise PermissionDenied
    if not row.is_draft:
        raise ValidationError({"version": [_("已发布的版本不能修改；请新建草稿版本。")]})
    return row


def _text(value: Any) -> str:
    return str(value or "").strip()


def _lines(value: Any) -> list[str]:
    """A list of non-empty lines from a list or from text with one item a line."""
    if value is None:
        return []
    items = value.splitlines() if isinstance(value, str) else list(value)
    return [str(x).strip() for x in items if str(x).strip()]


def _check_list(errors: Invalid, name: str, items: list[str], *, required: bool, label: str, max_len: int = MAX_LINE):
    if required and not items:
        errors.add(name, _("请填写%(label)s（每行一项）。") % {"label": label})
    if len(items) > MAX_LIST:
        errors.add(name, _("%(label)s最多%(n)s项。") % {"label": label, "n": MAX_LIST})
    for x in items:
        if len(x) > max_len:
            errors.add(name, _("%(label)s每项不超过%(n)s字。") % {"label": label, "n": max_len})
            break


def _date(errors: Invalid, name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(name, _("日期格式应为YYYY-MM-DD。"))
        return None


# ---- versions -----------------------------------------------------------------------------------------------
def version_draft_create(*, actor: User, label: str = "", effective_on: dt.date | str | None = None,
                         note: str = "") -> PowerListVersion:
    """A new draft of the actor's agency: a copy of its latest version (powers, citations, risk points), or an
    empty list when it has none. One draft at a time."""
    agency: Agency | None = actor.agency if actor is not None and actor.is_authenticated else None
    if agency is None or not can_edit(actor, agency):
        raise PermissionDenied
    errors = Invalid()
    label = _text(label)
    if len(label) > 60:
        errors.add("label", _("版本名称不超过60字。"))
    effective = _date(errors, "effective_on", effective_on)
    errors.raise_if_any()
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)  # serialises numbering per agency
        versions = PowerListVersion.objects.filter(agency=agency)
        if versions.filter(status=PowerListVersion.Status.DRAFT).exists():
            raise ValidationError({"version": [_("已有一个草稿版本，请先发布或删除该草稿。")]})
        latest = versions.order_by("-number").first()
        draft = PowerListVersion.objects.create(
            agency=agency, number=(latest.number + 1) if latest else 1,
            label=label or zh(_lazy("%(year)s年版")) % {"year": clock.today().year}, effective_on=effective,
            note=_text(note), based_on=latest, created_by=actor)
        if latest is not None:
            _copy_powers(latest, draft)
        audit_record(actor=actor, action="powers.version_create", object_type="powers.PowerListVersion",
                     object_id=draft.pk, detail={"agency": agency.code, "number": draft.number,
                                                 "based_on": latest.number if latest else None})
    return draft


def _copy_powers(source: PowerListVersion, target: PowerListVersion) -> None:
    for power in source.powers.prefetch_related("citations", "risk_points"):
        citations, risks = list(power.citations.all()), list(power.risk_points.all())
        power.pk, power.id, power.version = None, None, target
        power._state.adding = True
        power.save()
        PowerCitation.objects.bulk_create([PowerCitation(power=power, law_id=c.law_id, articles=c.articles, note=c.note,
                                                         order=c.order) for c in citations])
        RiskPoint.objects.bulk_create([RiskPoint(power=power, post=r.post, description=r.description, level=r.level,
                                                 controls=r.controls, order=r.order) for r in risks])


def version_update(*, actor: User, version: PowerListVersion, label: str, effective_on: dt.date | str | None = None,
                   note: str = "") -> PowerListVersion:
    errors = Invalid()
    label = _text(label)
    if not label:
        errors.add("label", _("请填写版本名称。"))
    elif len(label) > 60:
        errors.add("label", _("版本名称不超过60字。"))
    effective = _date(errors, "effective_on", effective_on)
    with transaction.atomic():
        row = _locked_draft(version, actor)
        errors.raise_if_any()
        row.label, row.effective_on, row.note = label, effective, _text(note)
        row.save(update_fields=["label", "effective_on", "note"])
        audit_record(actor=actor, action="powers.version_update", object_type="powers.PowerListVersion",
                     object_id=row.pk, detail={"number": row.number, "label": label})
    return row


def version_delete(*, actor: User, version: PowerListVersion) -> None:
    """Discard a draft (a published version is never deleted)."""
    with transaction.atomic():
        row = _locked_draft(version, actor)
        number = row.number
        RiskPoint.objects.filter(power__version=row).delete()
        PowerCitation.objects.filter(power__version=row).delete()
        row.powers.all().delete()
        row.delete()
        audit_record(actor=actor, action="powers.version_delete", object_type="powers.PowerListVersion",
                     object_id=version.pk, detail={"agency": row.agency.code, "number": number})


def publish_problems(version: PowerListVersion) -> list[str]:
    """What keeps a draft from being published (empty: it can be)."""
    problems = []
    powers = list(version.powers.prefetch_related("citations", "risk_points"))
    if not powers:
        problems.append(_("清单中还没有权力事项。"))
    for p in powers:
        if not p.citations.all():
            problems.append(_("%(code)s：没有引用法律法规库中的条文。") % {"code": p.code})
        risks = list(p.risk_points.all())
        if not risks:
            problems.append(_("%(code)s：没有岗位风险点及防控措施。") % {"code": p.code})
        for r in risks:
            if r.post not in p.posts:
                problems.append(_("%(code)s：风险点的岗位“%(post)s”不在责任岗位中。") % {"code": p.code, "post": r.post})
    return problems


def version_publish(*, actor: User, version: PowerListVersion,
                    effective_on: dt.date | str | None = None) -> PowerListVersion:
    """The director publishes the draft: it is frozen from now on and becomes the agency's current list; the
    previous published version stays readable as history."""
    errors = Invalid()
    effective = _date(errors, "effective_on", effective_on)
    with transaction.atomic():
        row = PowerListVersion.objects.select_for_update().select_related("agency").get(pk=version.pk)
        if not can_publish(actor, row.agency):
            raise PermissionDenied
        if not row.is_draft:
            raise ValidationError({"version": [_("该版本已经发布。")]})
        errors.raise_if_any()
        problems = publish_problems(row)
        if problems:
            raise ValidationError({"version": problems})
        row.status = PowerListVersion.Status.PUBLISHED
        row.published_on = clock.today()
        row.published_by = actor
        row.effective_on = effective or row.effective_on or row.published_on
        row.save(update_fields=["status", "published_on", "published_by", "effective_on"])
        log_publication("powers.list", row.pk)  # the frozen edition, in the transparency log
        audit_record(actor=actor, action="powers.version_publish", object_type="powers.PowerListVersion",
                     object_id=row.pk, detail={"agency": row.agency.code, "number": row.number,
                                               "powers": row.powers.count()})
    return row


# ---- powers -------------------------------------------------------------------------------------------------
def _clean_citations(errors: Invalid, raw: Any) -> list[dict]:
    """[{"law": code, "articles": [int…], "note": str}] → checked against the law registry."""
    from fazhi.laws.models import Law, LawVersion

    out: list[dict] = []
    if raw is None:
        return out
    if not isinstance(raw, list | tuple):
        errors.add("citations", _("引用条文格式不正确。"))
        return out
    if len(raw) > MAX_LIST:
        errors.add("citations", _("引用的法律法规最多%(n)s部。") % {"n": MAX_LIST})
        return out
    seen: set[str] = set()
    for entry in raw:
        if not isinstance(entry, dict):
            errors.add("citations", _("引用条文格式不正确。"))
            continue
        code = _text(entry.get("law"))
        law = Law.objects.filter(code=code).first() if code else None
        if law is None:
            errors.add("citations", _("法律法规库中没有编码为“%(code)s”的法律法规。") % {"code": code})
            continue
        if code in seen:
            errors.add("citations", _("%(law)s重复引用，请合并为一行。") % {"law": law})
            continue
        seen.add(code)
        articles: list[int] = []
        for a in entry.get("articles") or []:
            try:
                n = int(str(a).strip())
            except ValueError:
                n = 0
            if not 1 <= n <= MAX_ARTICLE:
                errors.add("citations", _("%(law)s的条号“%(n)s”无效。") % {"law": law, "n": a})
                continue
            if n not in articles:
                articles.append(n)
        current = law.current
        if current is not None and current.event == LawVersion.Event.REPEALED:
            errors.add("citations", _("%(law)s已废止，不能作为依据。") % {"law": law})
        elif current is not None and articles:
            present = set(current.articles.values_list("number", flat=True))
            missing = [n for n in articles if n not in present]
            if present and missing:
                from fazhi.laws.services import article_label

                errors.add("citations", _("%(law)s现行文本（%(version)s）中没有%(articles)s。") % {
                    "law": law, "version": current.label, "articles": "、".join(article_label(n) for n in missing)})
        note = _text(entry.get("note"))
        if len(note) > 200:
            errors.add("citations", _("引用说明不超过200字。"))
        out.append({"law": law, "articles": articles, "note": note})
    return out


def _clean_power(version: PowerListVersion, power: Power | None, data: dict) -> tuple[dict, list[dict] | None]:
    from fazhi.licensing.models import Item
    from fazhi.process.definition import get_definition

    errors = Invalid()
    unknown = set(data) - set(POWER_INPUTS)
    if unknown:
        errors.add("_", _("未知字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    v: dict[str, Any] = {}
    v["code"] = _text(data.get("code"))
    if not v["code"]:
        errors.add("code", _("请填写权力编码。"))
    elif not CODE_RE.match(v["code"]):
        errors.add("code", _("权力编码只能由文字、字母、数字、连字符和点组成，不超过40字。"))
    elif version.powers.filter(code=v["code"]).exclude(pk=power.pk if power else None).exists():
        errors.add("code", _("本版本中已有编码为“%(code)s”的权力事项。") % {"code": v["code"]})
    v["name"] = _text(data.get("name"))
    if not v["name"]:
        errors.add("name", _("请填写权力名称。"))
    elif len(v["name"]) > 200:
        errors.add("name", _("权力名称不超过200字。"))
    v["category"] = _text(data.get("category"))
    if v["category"] not in Power.Category.values:
        errors.add("category", _("请选择权力类别。"))
    v["legal_basis"] = _text(data.get("legal_basis"))
    if not v["legal_basis"]:
        errors.add("legal_basis", _("请填写设定依据。"))
    v["division"] = _text(data.get("division"))
    if not v["division"]:
        errors.add("division", _("请填写实施科室。"))
    elif len(v["division"]) > 100:
        errors.add("division", _("实施科室不超过100字。"))
    v["posts"] = _lines(data.get("posts"))
    _check_list(errors, "posts", v["posts"], required=True, label=_("责任岗位"), max_len=60)
    v["responsibilities"] = _lines(data.get("responsibilities"))
    _check_list(errors, "responsibilities", v["responsibilities"], required=True, label=_("责任事项"))
    v["accountability"] = _lines(data.get("accountability"))
    _check_list(errors, "accountability", v["accountability"], required=True, label=_("追责情形"))
    for name in ("accountability_basis", "channels", "rights_obligations", "remedies", "time_limit_text"):
        v[name] = _text(data.get(name))
        if len(v[name]) > 5000:
            errors.add(name, _("内容不超过5000字。"))
    v["steps"] = _lines(data.get("steps"))
    _check_list(errors, "steps", v["steps"], required=False, label=_("办理流程"), max_len=200)
    try:
        v["order"] = max(0, int(data.get("order") or 0))
    except (TypeError, ValueError):
        errors.add("order", _("排序应为整数。"))
    # The process and the item: a power the system runs takes its time limits and flowchart from there.
    process_code = _text(data.get("process_code"))
    item_code = _text(data.get("item_code"))
    item = None
    if item_code:
        item = Item.objects.filter(code=item_code, agency=version.agency).first()
        if item is None:
            errors.add("item", _("本机关没有编码为“%(code)s”的许可事项。") % {"code": item_code})
        else:
            if v["category"] and v["category"] != Power.Category.LICENSING:
                errors.add("item", _("只有行政许可类权力可以关联许可事项。"))
            if process_code and process_code != item.process_code:
                errors.add("process_code", _("许可事项“%(item)s”由流程“%(code)s”办理，与所填流程不一致。") % {
                    "item": item.name, "code": item.process_code})
            process_code = item.process_code
    if process_code:
        try:
            get_definition(process_code)
        except KeyError:
            errors.add("process_code", _("系统中没有编码为“%(code)s”的流程定义。") % {"code": process_code})
        if process_code == "licensing" and item is None and not item_code:
            errors.add("item", _("由行政许可流程办理的权力须关联办事指南中的许可事项。"))
        if v["time_limit_text"]:
            errors.add("time_limit_text", _("由系统流程办理的权力，办理时限取自流程定义，不能另行填写。"))
        if v["steps"]:
            errors.add("steps", _("由系统流程办理的权力，流程图取自流程定义，不能另行填写办理流程。"))
    v["process_code"] = process_code
    v["item"] = item
    citations = _clean_citations(errors, data["citations"]) if "citations" in data else None
    errors.raise_if_any()
    return v, citations


def power_save(*, actor: User, version: PowerListVersion, data: dict, power: Power | None = None,
               risk_points: list[dict] | None = None) -> Power:
    """Create (``power`` None) or replace a power of a draft. ``data``: the keys of ``POWER_INPUTS`` (lists as
    lists or as text with one item a line; ``item_code`` for the licensing item) and ``citations``
    ([{"law": registry code, "articles": [48, 49], "note": ""}]; left as they are when absent). ``risk_points``,
    when given, replace the power's risk points ([{"post", "description", "level", "controls"}])."""
    with transaction.atomic():
        row = _locked_draft(version, actor)
        if power is not None and power.version_id != row.pk:
            raise PermissionDenied
        values, citations = _clean_power(row, power, data)
        if risk_points is not None:
            risks = _clean_risks(values["posts"], risk_points)
        target = power or Power(version=row)
        created = power is None
        for k, val in values.items():
            setattr(target, k, val)
        target.save()
        if citations is not None:
            target.citations.all().delete()
            PowerCitation.objects.bulk_create([PowerCitation(power=target, law=c["law"], articles=c["articles"],
                                                             note=c["note"], order=i) for i, c in enumerate(citations)])
        if risk_points is not None:
            target.risk_points.all().delete()
            RiskPoint.objects.bulk_create([RiskPoint(power=target, order=i, **r) for i, r in enumerate(risks)])
        audit_record(actor=actor, action="powers.power_create" if created else "powers.power_update",
                     object_type="powers.Power", object_id=target.pk,
                     detail={"version": row.number, "agency": row.agency.code, "code": target.code})
    return target


def power_delete(*, actor: User, power: Power) -> None:
    with transaction.atomic():
        row = _locked_draft(power.version_id, actor)
        code, pk = power.code, power.pk
        power.delete()
        audit_record(actor=actor, action="powers.power_delete", object_type="powers.Power", object_id=pk,
                     detail={"version": row.number, "agency": row.agency.code, "code": code})


# ---- risk points --------------------------------------------------------------------------------------------
def _clean_risk(errors: Invalid, posts: list[str], data: dict, prefix: str = "") -> dict:
    post = _text(data.get("post"))
    if not post:
        errors.add(prefix + "post", _("请填写岗位。"))
    elif post not in posts:
        errors.add(prefix + "post", _("岗位“%(post)s”不是本事项的责任岗位（%(posts)s）。") % {
            "post": post, "posts": "、".join(posts)})
    description = _text(data.get("description"))
    if not description:
        errors.add(prefix + "description", _("请填写风险点。"))
    elif len(description) > 1000:
        errors.add(prefix + "description", _("风险点不超过1000字。"))
    level = _text(data.get("level"))
    if level not in RiskPoint.Level.values:
        errors.add(prefix + "level", _("风险等级应为高、中、低之一。"))
    controls = _lines(data.get("controls"))
    _check_list(errors, prefix + "controls", controls, required=True, label=_("防控措施"))
    return {"post": post, "description": description, "level": level, "controls": controls}


def _clean_risks(posts: list[str], raw: list[dict]) -> list[dict]:
    errors = Invalid()
    if not isinstance(raw, list | tuple):
        raise ValidationError({"risk_points": [_("风险点格式不正确。")]})
    if len(raw) > MAX_LIST:
        raise ValidationError({"risk_points": [_("风险点最多%(n)s项。") % {"n": MAX_LIST}]})
    out = []
    for i, r in enumerate(raw):
        if not isinstance(r, dict):
            errors.add(f"risk_points.{i}", _("风险点格式不正确。"))
            continue
        out.append(_clean_risk(errors, posts, r, prefix=f"risk_points.{i}."))
    errors.raise_if_any()
    return out


def risk_point_save(*, actor: User, power: Power, data: dict, risk: RiskPoint | None = None) -> RiskPoint:
    """Add (``risk`` None) or change a risk point of a power of a draft: post (one of the power's posts),
    description, level (high / medium / low), controls (a list, or text with one a line)."""
    with transaction.atomic():
        row = _locked_draft(power.version_id, actor)
        if risk is not None and risk.power_id != power.pk:
            raise PermissionDenied
        errors = Invalid()
        values = _clean_risk(errors, power.posts, data)
        errors.raise_if_any()
        created = risk is None
        target = risk or RiskPoint(power=power, order=power.risk_points.count())
        for k, val in values.items():
            setattr(target, k, val)
        target.save()
        audit_record(actor=actor, action="powers.risk_create" if created else "powers.risk_update",
                     object_type="powers.RiskPoint", object_id=target.pk,
                     detail={"version": row.number, "agency": row.agency.code, "power": power.code})
    return target


def risk_point_delete(*, actor: User, risk: RiskPoint) -> None:
    with transaction.atomic():
        power = risk.power
        row = _locked_draft(power.version_id, actor)
        pk = risk.pk
        risk.delete()
        audit_record(actor=actor, action="powers.risk_delete", object_type="powers.RiskPoint", object_id=pk,
                     detail={"version": row.number, "agency": row.agency.code, "power": power.code})
