"""Writes of target assessment: schemes, indicators, groups, assessed units, scores with their evidence, items to
rectify.

Every write is keyword-only and runs in one transaction with the scheme row locked; the caller must manage the
scheme (``fazhi.assessment.access.can_manage``: the scheme's agency, MANAGE_ROLES) — a scheme the caller cannot
see is ``AssessmentNotFound``, one they see but may not manage ``PermissionDenied``. Bad input is a
``ValidationError`` by field with Chinese messages, and nothing is saved. Every write is in ``core.AuditEvent``.

Rules:
* the weights of a scheme's indicators add up to 100: checked when the scheme is published (印发); a published
  scheme's indicators are fixed;
* scores are entered once the scheme is published; 0 ≤ score ≤ the indicator's maximum, one decimal; a deduction
  (score below the maximum) needs its evidence (评分依据); an evidence file is a PDF, OFD or image, its type
  sniffed from the content;
* a unit may be linked to an agency below the scheme's agency (not to the agency itself, nor to another tree),
  once per scheme.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from fazhi.assessment.access import AssessmentNotFound, can_manage, may_create, sees_whole
from fazhi.assessment.models import AssessedUnit, Group, Indicator, RectificationItem, Scheme, Score, plain
from fazhi.core import cleaning as c
from fazhi.core import clock
from fazhi.core.models import Agency, User
from fazhi.core.services import audit_record
from fazhi.core.uploads import safe_filename, sniff_upload

TOTAL_WEIGHT = Decimal(100)
MAX_SCORE_LIMIT = Decimal(1000)
EVIDENCE_TYPES = ("pdf", "ofd", "jpeg", "png")


# ---- loading and checks -----------------------------------------------------------------------------------
def _scheme(actor: User, scheme_id, *, lock: bool = True) -> Scheme:
    """The scheme, locked, for a write: not found unless the actor sees it whole; PermissionDenied unless the
    actor manages it."""
    qs = Scheme.objects.select_related("agency")
    if lock:
        qs = qs.select_for_update()
    try:
        scheme = qs.get(pk=int(scheme_id))
    except (Scheme.DoesNotExist, TypeError, ValueError):
        raise AssessmentNotFound from None
    if not sees_whole(actor, scheme):
        raise AssessmentNotFound
    if not can_manage(actor, scheme):
        raise PermissionDenied
    return scheme


def _audit(actor: User, action: str, obj, detail: dict) -> None:
    audit_record(actor=actor, action=f"assessment.{action}", object_type=f"assessment.{type(obj).__name__}",
                 object_id=str(obj.pk), detail=detail)


def _draft_only(scheme: Scheme) -> None:
    if scheme.published:
        raise ValidationError({"scheme": [_("考核方案已印发，考核指标不能再修改。")]})


def weight_total(scheme: Scheme) -> Decimal:
    return scheme.indicators.aggregate(total=Sum("weight"))["total"] or Decimal(0)


def publish_problems(scheme: Scheme) -> dict[str, list[str]]:
    """What stops the scheme from being published, by field (empty: it may be published)."""
    errors: dict[str, list[str]] = {}
    if not scheme.indicators.exists():
        c.add(errors, "indicators", _("请先设置考核指标。"))
    else:
        total = weight_total(scheme)
        if total != TOTAL_WEIGHT:
            c.add(errors, "weight", _("各项考核指标的权重之和应为100，现为%(total)s。") % {"total": plain(total)})
    return errors


# ---- schemes ----------------------------------------------------------------------------------------------
def scheme_create(*, actor: User, year: object, title: object, note: object = "") -> Scheme:
    """A draft scheme of the actor's agency for a year."""
    if not may_create(actor):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    number = c.integer(year, "year", _("考核年度"), errors, low=2000, high=2100)
    name = c.text(title, "title", _("方案名称"), errors, max_length=200)
    remark = c.text(note, "note", _("说明"), errors, max_length=5000, required=False)
    if number and name and Scheme.objects.filter(agency_id=actor.agency_id, year=number, title=name).exists():
        c.add(errors, "title", _("本机关该年度已有同名的考核方案。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        scheme = Scheme.objects.create(agency=actor.agency, year=number, title=name, note=remark, created_by=actor)
        _audit(actor, "scheme_create", scheme, {"year": number, "title": name})
    return scheme


def scheme_publish(*, actor: User, scheme_id: int, published_on: object = None) -> Scheme:
    """印发: the weights must add up to 100; afterwards the indicators are fixed and scoring may start."""
    with transaction.atomic():
        scheme = _scheme(actor, scheme_id)
        if scheme.published:
            raise ValidationError({"scheme": [_("考核方案已印发。")]})
        errors = publish_problems(scheme)
        day = c.day(published_on, "published_on", _("印发日期"), errors, required=False) or clock.today()
        if day > clock.today():
            c.add(errors, "published_on", _("“%(label)s”不能晚于今天。") % {"label": _("印发日期")})
        if errors:
            raise ValidationError(errors)
        scheme.published, scheme.published_on, scheme.published_by = True, day, actor
        scheme.save(update_fields=["published", "published_on", "published_by"])
        _audit(actor, "scheme_publish", scheme, {"published_on": day.isoformat(),
                                                  "weights": str(weight_total(scheme))})
    return scheme


# ---- indicators -------------------------------------------------------------------------------------------
def indicator_save(*, actor: User, scheme_id: int, indicator_id: int | None = None, code: object, name: object,
                   weight: object, max_score: object = 100, rule: object = "", order: object = 0) -> Indicator:
    """Add or change an indicator of a draft scheme. The weight is a share of 100 (two decimals at most); the
    sum is checked when the scheme is published."""
    with transaction.atomic():
        scheme = _scheme(actor, scheme_id)
        _draft_only(scheme)
        indicator = None
        if indicator_id is not None:
            indicator = scheme.indicators.filter(pk=c.pk(indicator_id)).first()
            if indicator is None:
                raise AssessmentNotFound
        errors: dict[str, list[str]] = {}
        code_text = c.text(code, "code", _("指标编号"), errors, max_length=20)
        name_text = c.text(name, "name", _("考核指标"), errors, max_length=200)
        share = c.decimal(weight, "weight", _("权重"), errors, places=2)
        if share is not None and not Decimal(0) < share <= TOTAL_WEIGHT:
            c.add(errors, "weight", _("权重应大于0且不超过100。"))
        top = c.decimal(max_score, "max_score", _("满分"), errors, places=1)
        if top is not None and not Decimal(0) < top <= MAX_SCORE_LIMIT:
            c.add(errors, "max_score", _("满分应大于0且不超过1000。"))
        rule_text = c.text(rule, "rule", _("评分细则"), errors, max_length=5000, required=False)
        position = c.integer(order, "order", _("排序"), errors, low=0, high=999, required=False, default=0)
        if code_text and scheme.indicators.filter(code=code_text).exclude(
                pk=indicator.pk if indicator else None).exists():
            c.add(errors, "code", _("指标编号%(code)s已被本方案的其他指标使用。") % {"code": code_text})
        if errors:
            raise ValidationError(errors)
        created = indicator is None
        indicator = indicator or Indicator(scheme=scheme)
        indicator.code, indicator.name, indicator.weight, indicator.max_score = code_text, name_text, share, top
        indicator.rule, indicator.order = rule_text, position
        indicator.save()
        _audit(actor, "indicator_create" if created else "indicator_update", indicator,
               {"scheme": scheme.pk, "code": code_text, "weight": str(share), "max_score": str(top)})
    return indicator


def indicator_delete(*, actor: User, scheme_id: int, indicator_id: int) -> None:
    with transaction.atomic():
        scheme = _scheme(actor, scheme_id)
        _draft_only(scheme)
        indicator = scheme.indicators.filter(pk=c.pk(indicator_id)).first()
        if indicator is None:
            raise AssessmentNotFound
        _audit(actor, "indicator_delete", indicator, {"scheme": scheme.pk, "code": indicator.code})
        indicator.delete()


# ---- groups and units -------------------------------------------------------------------------------------
def group_save(*, actor: User, scheme_id: int, group_id: int | None = None, name: object, leader: object = "",
               order: object = 0) -> Group:
    """Add or change an assessment group (检查组) and who leads it."""
    with transaction.atomic():
        scheme = _scheme(actor, scheme_id)
        group = None
        if group_id is not None:
            group = scheme.groups.filter(pk=c.pk(group_id)).first()
            if group is None:
                raise AssessmentNotFound
        errors: dict[str, list[str]] = {}
        name_text = c.text(name, "name", _("检查组名称"), errors, max_length=100)
        leader_text = c.text(leader, "leader", _("带队领导"), errors, max_length=100, required=False)
        position = c.integer(order, "order", _("排序"), errors, low=0, high=999, required=False, default=0)
        if name_text and scheme.groups.filter(name=name_text).exclude(pk=group.pk if group else None).exists():
            c.add(errors, "name", _("本方案已有名为“%(name)s”的检查组。") % {"name": name_text})
        if errors:
            raise ValidationError(errors)
        created = group is None
        group = group or Group(scheme=scheme)
        group.name, group.leader, group.order = name_text, leader_text, position
        group.save()
        _audit(actor, "group_create" if created else "group_update", group, {"scheme": scheme.pk, "name": name_text})
    return group


def _agency(raw: object) -> Agency | None:
    if isinstance(raw, Agency):
        return raw
    text = "" if raw is None else str(raw).strip()
    return Agency.objects.filter(code=text).first() if text else None


def unit_save(*, actor: User, scheme_id: int, unit_id: int | None = None, group_id: object, name: object,
              kind: object, agency: object = None, order: object = 0) -> AssessedUnit:
    """Add or change a unit assessed by a group of the scheme. ``agency``: the code of an agency below the
    scheme's agency when the unit is one (its staff then see the unit's scores)."""
    with transaction.atomic():
        scheme = _scheme(actor, scheme_id)
        unit = None
        if unit_id is not None:
            unit = scheme.units.filter(pk=c.pk(unit_id)).first()
            if unit is None:
                raise AssessmentNotFound
        errors: dict[str, list[str]] = {}
        group = scheme.groups.filter(pk=c.pk(group_id)).first() if c.pk(group_id) else None
        if group is None:
            c.add(errors, "group", _("请选择本方案的检查组。"))
        name_text = c.text(name, "name", _("被考核单位"), errors, max_length=100)
        kind_text = str(kind or "").strip()
        if kind_text not in AssessedUnit.Kind.values:
            c.add(errors, "kind", _("请选择单位类别。"))
        linked = None
        if agency not in (None, ""):
            linked = _agency(agency)
            below = set(scheme.agency.descendants_and_self_ids()) - {scheme.agency_id}
            if linked is None:
                c.add(errors, "agency", _("没有这个机关。"))
            elif linked.pk not in below:
                c.add(errors, "agency", _("只能关联本机关的下级机关。"))
            elif scheme.units.filter(agency=linked).exclude(pk=unit.pk if unit else None).exists():
                c.add(errors, "agency", _("%(agency)s已是本方案的被考核单位。") % {"agency": linked.name})
        position = c.integer(order, "order", _("排序"), errors, low=0, high=9999, required=False, default=0)
        if name_text and scheme.units.filter(name=name_text).exclude(pk=unit.pk if unit else None).exists():
            c.add(errors, "name", _("本方案已有被考核单位“%(name)s”。") % {"name": name_text})
        if errors:
            raise ValidationError(errors)
        created = unit is None
        unit = unit or AssessedUnit(scheme=scheme)
        unit.group, unit.name, unit.kind, unit.agency, unit.order = group, name_text, kind_text, linked, position
        unit.save()
        _audit(actor, "unit_create" if created else "unit_update", unit,
               {"scheme": scheme.pk, "name": name_text, "group": group.pk, "kind": kind_text,
                "agency": linked.code if linked else ""})
    return unit


# ---- scores -----------------------------------------------------------------------------------------------
def _upload(raw) -> tuple[str, bytes] | None:
    """(name, bytes) from a tuple or a Django UploadedFile; None when there is none."""
    if raw is None:
        return None
    if isinstance(raw, tuple | list):
        name, data = raw
        return str(name), bytes(data)
    from django.conf import settings

    return raw.name, raw.read(int(settings.FAZHI_UPLOAD_MAX_BYTES) + 1)


def scores_record(*, actor: User, scheme_id: int, unit_id: int, entries: Iterable[dict],
                  scored_on: object = None) -> list[Score]:
    """Enter (or correct) a unit's scores, all or nothing. ``entries``: dicts with ``indicator`` (id),
    ``score``, ``evidence`` (text) and ``file`` (optional: an uploaded file or ``(name, bytes)``). An entry
    with no score, no evidence and no file is skipped. Errors are keyed ``score_<id>``, ``evidence_<id>`` and
    ``file_<id>``."""
    with transaction.atomic():
        scheme = _scheme(actor, scheme_id)
        unit = scheme.units.filter(pk=c.pk(unit_id)).first()
        if unit is None:
            raise AssessmentNotFound
        if not scheme.published:
            raise ValidationError({"scheme": [_("考核方案印发后才能评分。")]})
        indicators = {i.pk: i for i in scheme.indicators.all()}
        existing = {s.indicator_id: s for s in unit.scores.select_for_update()}
        errors: dict[str, list[str]] = {}
        day = c.day(scored_on, "scored_on", _("评分日期"), errors, required=False) or clock.today()
        if day > clock.today():
            c.add(errors, "scored_on", _("“%(label)s”不能晚于今天。") % {"label": _("评分日期")})
        planned: list[tuple[Indicator, Decimal, str | None, tuple[str, bytes] | None, object]] = []
        for entry in entries:
            indicator = indicators.get(c.pk(entry.get("indicator")))
            if indicator is None:
                c.add(errors, "indicator", _("请选择本方案的考核指标。"))
                continue
            raw_score, raw_note, upload = entry.get("score"), entry.get("evidence"), _upload(entry.get("file"))
            blank = raw_score in (None, "") and not str(raw_note or "").strip() and upload is None
            if blank:
                continue
            i = indicator.pk
            label = _("%(indicator)s得分") % {"indicator": indicator.name}
            points = c.decimal(raw_score, f"score_{i}", label, errors, places=1)
            if points is not None and not Decimal(0) <= points <= indicator.max_score:
                c.add(errors, f"score_{i}", _("“%(indicator)s”的得分应在0到%(max)s之间。")
                      % {"indicator": indicator.name, "max": indicator.max_text})
            note = c.text(raw_note, f"evidence_{i}", _("评分依据"), errors, max_length=5000, required=False)
            previous = existing.get(i)
            effective = note if raw_note is not None else (previous.evidence if previous else "")
            if points is not None and points < indicator.max_score and not effective:
                c.add(errors, f"evidence_{i}", _("“%(indicator)s”扣分的，请写明评分依据。")
                      % {"indicator": indicator.name})
            checked = None
            if upload is not None:
                try:
                    checked = sniff_upload(upload[1], upload[0], allowed=EVIDENCE_TYPES)
                except ValidationError as e:
                    for m in e.messages:
                        c.add(errors, f"file_{i}", m)
            planned.append((indicator, points, None if raw_note is None else note, upload, checked))
        if not planned and not errors:
            c.add(errors, "scores", _("请至少填写一项得分。"))
        if errors:
            raise ValidationError(errors)
        saved = []
        for indicator, points, note, upload, checked in planned:
            score = existing.get(indicator.pk) or Score(unit=unit, indicator=indicator)
            old = None if score.pk is None else str(score.score)
            score.score, score.scored_by, score.scored_on = points, actor, day
            if note is not None:  # None: the caller did not send the evidence; keep it
                score.evidence = note
            if upload is not None:
                digest = hashlib.sha256(upload[1]).hexdigest()
                score.evidence_file.save(f"score-{unit.pk}-{indicator.pk}-{digest[:12]}.{checked.extension}",
                                         ContentFile(upload[1]), save=False)
                score.evidence_name, score.evidence_mime, score.evidence_sha256 = (
                    safe_filename(upload[0]), checked.mime, digest)
            score.save()
            saved.append(score)
            _audit(actor, "score_record", score, {"scheme": scheme.pk, "unit": unit.pk, "indicator": indicator.code,
                                                   "old": old, "new": str(points),
                                                   "file": score.evidence_sha256 if upload is not None else ""})
    return saved


# ---- items to rectify -------------------------------------------------------------------------------------
def rectification_add(*, actor: User, scheme_id: int, unit_id: int, description: object, due: object,
                      indicator_id: object = None) -> RectificationItem:
    """An item the unit must rectify (整改事项), with its due date."""
    with transaction.atomic():
        scheme = _scheme(actor, scheme_id)
        unit = scheme.units.filter(pk=c.pk(unit_id)).first()
        if unit is None:
            raise AssessmentNotFound
        errors: dict[str, list[str]] = {}
        indicator = None
        if indicator_id not in (None, ""):
            indicator = scheme.indicators.filter(pk=c.pk(indicator_id)).first()
            if indicator is None:
                c.add(errors, "indicator", _("请选择本方案的考核指标。"))
        text = c.text(description, "description", _("整改事项"), errors, max_length=2000)
        day = c.day(due, "due", _("整改期限"), errors)
        if errors:
            raise ValidationError(errors)
        item = RectificationItem.objects.create(unit=unit, indicator=indicator, description=text, due=day,
                                                created_by=actor)
        _audit(actor, "rectification_add", item, {"scheme": scheme.pk, "unit": unit.pk, "due": day.isoformat()})
    return item


def rectification_done(*, actor: User, scheme_id: int, item_id: int, done_on: object = None,
                       note: object = "") -> RectificationItem:
    """The item is rectified: on which day (not in the future), and how."""
    with transaction.atomic():
        scheme = _scheme(actor, scheme_id)
        item = RectificationItem.objects.select_for_update().filter(pk=c.pk(item_id), unit__scheme=scheme).first()
        if item is None:
            raise AssessmentNotFound
        errors: dict[str, list[str]] = {}
        if item.done_on is not None:
            c.add(errors, "done_on", _("该整改事项已完成。"))
        day = c.day(done_on, "done_on", _("整改完成日期"), errors, required=False) or clock.today()
        if day > clock.today():
            c.add(errors, "done_on", _("“%(label)s”不能晚于今天。") % {"label": _("整改完成日期")})
        text = c.text(note, "done_note", _("整改情况"), errors, max_length=2000)
        if errors:
            raise ValidationError(errors)
        item.done_on, item.done_note = day, text
        item.save(update_fields=["done_on", "done_note"])
        _audit(actor, "rectification_done", item, {"scheme": scheme.pk, "done_on": day.isoformat()})
    return item

