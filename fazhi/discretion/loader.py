"""Loading a discretion standard version from a JSON file (format ``fazhi-discretion/1``, docs/discretion.md).

``parse_standard`` checks a file's content and says what is wrong with the path of each bad entry
(``rules[3].grades[1].fines.unit：…``); ``write_standard`` stores a parsed version with the model classes it is
given (the real ones, or the historical ones of the data migration); ``standard_load`` is the service (one
transaction, audited). Loading the same content twice changes nothing; a known version code with different
content is refused (a loaded version is never edited: a new standard is a new version); an unpublished
version is published by loading it again with ``"published": true``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.discretion.models import (
    FINE,
    GRADE_EFFECTS,
    LEVEL_RANK,
    PENALTY_KINDS,
    Effect,
    Level,
    PartyType,
    Sanction,
)

FORMAT = "fazhi-discretion/1"
DATA_DIR = Path(__file__).resolve().parent / "data"
# Loaded by the data migration, so every deployment has them.
SEED_FILES = (DATA_DIR / "archives-law-2021.json",)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
AGENCY_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,32}$")
MAX_AMOUNT = Decimal("9999999999.99")


@dataclass
class Parsed:
    """A checked version, ready to store."""

    version: dict
    circumstances: list[dict]
    rules: list[dict]
    digest: str = ""


@dataclass
class Models:
    """The model classes write_standard uses (the data migration passes the historical ones)."""

    agency: Any
    version: Any
    circumstance: Any
    rule: Any
    grade: Any
    fine: Any

    @classmethod
    def current(cls) -> Models:
        from fazhi.core.models import Agency
        from fazhi.discretion.models import Circumstance, FineRange, Grade, StandardVersion, ViolationRule

        return cls(Agency, StandardVersion, Circumstance, ViolationRule, Grade, FineRange)


@dataclass
class LoadResult:
    version: Any
    # "created", "published" (an unpublished version now published) or "unchanged"
    outcome: str
    counts: dict = field(default_factory=dict)


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(_("%(path)s：%(message)s") % {"path": path, "message": message})

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


# ---- reading ----------------------------------------------------------------------------------------------
def read_file(path: Path | str) -> Any:
    """The JSON content of a file; ValidationError (Chinese) when it cannot be read or is not JSON."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ValidationError(_("无法读取文件 %(path)s：%(error)s") % {"path": path, "error": e.strerror or e}) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("文件 %(path)s 不是 UTF-8 编码的文本。") % {"path": path}) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValidationError(_("文件 %(path)s 不是有效的 JSON（第%(line)d行第%(col)d列）：%(error)s")
                              % {"path": path, "line": e.lineno, "col": e.colno, "error": e.msg}) from None


# ---- checking ---------------------------------------------------------------------------------------------
def _text(errors: _Errors, obj: dict, key: str, path: str, *, required: bool = True, max_length: int = 200) -> str:
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(f"{path}.{key}", _("应为文字。"))
        return ""
    value = value.strip()
    if required and not value:
        errors.add(f"{path}.{key}", _("不能为空。"))
    elif len(value) > max_length:
        errors.add(f"{path}.{key}", _("不能超过%(n)d个字。") % {"n": max_length})
    return value


def _slug(errors: _Errors, obj: dict, key: str, path: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not SLUG.match(value):
        errors.add(f"{path}.{key}", _("编码应为1至60个小写字母、数字或连字符，以字母或数字开头。"))
        return ""
    return value


def _date(errors: _Errors, obj: dict, key: str, path: str, *, required: bool) -> dt.date | None:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            errors.add(f"{path}.{key}", _("请填写日期（YYYY-MM-DD）。"))
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.add(f"{path}.{key}", _("日期格式应为 YYYY-MM-DD。"))
        return None


def _bool(errors: _Errors, obj: dict, key: str, path: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        errors.add(f"{path}.{key}", _("应为 true 或 false。"))
        return False
    return value


def _list(errors: _Errors, obj: dict, key: str, path: str, *, allowed=None, required: bool = False) -> list[str]:
    value = obj.get(key, [])
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.add(f"{path}.{key}", _("应为文字列表。"))
        return []
    if len(set(value)) != len(value):
        errors.add(f"{path}.{key}", _("有重复的项。"))
    if allowed is not None:
        bad = [v for v in value if v not in allowed]
        if bad:
            errors.add(f"{path}.{key}", _("无效的值：%(values)s。") % {"values": "、".join(bad)})
    if required and not value:
        errors.add(f"{path}.{key}", _("不能为空。"))
    return list(value)


def _amount(errors: _Errors, value: Any, path: str) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors.add(path, _("金额应为整数或写成文字的数，如 \"10000\" 或 \"500.50\"（单位：元）。"))
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or amount != amount.quantize(
            Decimal("0.01")):
        errors.add(path, _("金额应为不小于0、最多两位小数的数（单位：元）。"))
        return None
    return amount.quantize(Decimal("0.01"))


def _fines(errors: _Errors, obj: dict, key: str, path: str, party_types: list[str]) -> dict[str, tuple]:
    value = obj.get(key)
    path = f"{path}.{key}"
    if not isinstance(value, dict):
        errors.add(path, _("应为按当事人类型给出的罚款幅度，如 {\"unit\": [\"10000\", \"100000\"]}。"))
        return {}
    out = {}
    for party in value:
        if party not in party_types:
            errors.add(f"{path}.{party}", _("当事人类型不在本规则适用的当事人类型中。"))
    for party in party_types:
        bounds = value.get(party)
        if bounds is None:
            errors.add(f"{path}.{party}", _("缺少该当事人类型的罚款幅度。"))
            continue
        if not isinstance(bounds, list) or len(bounds) != 2:
            errors.add(f"{path}.{party}", _("应为 [最低, 最高] 两个金额。"))
            continue
        low = _amount(errors, bounds[0], f"{path}.{party}[0]")
        high = _amount(errors, bounds[1], f"{path}.{party}[1]")
        if low is not None and high is not None:
            if low > high:
                errors.add(f"{path}.{party}", _("最低罚款不能高于最高罚款。"))
            else:
                out[party] = (low, high)
    return out


def parse_standard(data: Any) -> Parsed:
    """Check a version file's content. Raises ValidationError listing every problem with its path."""
    errors = _Errors()
    if not isinstance(data, dict):
        raise ValidationError(_("文件内容应为 JSON 对象。"))
    if data.get("format") != FORMAT:
        errors.add("format", _("格式应为 \"%(format)s\"。") % {"format": FORMAT})
    v = data.get("version")
    if not isinstance(v, dict):
        errors.add("version", _("缺少版本信息（对象）。"))
        errors.raise_if_any()
    levels = Level.values
    parties = PartyType.values
    version = {
        "code": _slug(errors, v, "code", "version"),
        "title": _text(errors, v, "title", "version"),
        "issuer": _text(errors, v, "issuer", "version", required=False, max_length=100),
        "document_number": _text(errors, v, "document_number", "version", required=False, max_length=60),
        "effective_from": _date(errors, v, "effective_from", "version", required=True),
        "effective_until": _date(errors, v, "effective_until", "version", required=False),
        "published": _bool(errors, v, "published", "version"),
        "note": _text(errors, v, "note", "version", required=False, max_length=5000),
        "agency": None,
        "precedence": [],
    }
    if version["effective_from"] and version["effective_until"] and version["effective_until"] < version[
            "effective_from"]:
        errors.add("version.effective_until", _("有效期至不能早于施行日期。"))
    agency = v.get("agency")
    if agency is not None and not (isinstance(agency, str) and AGENCY_CODE.match(agency.strip())):
        errors.add("version.agency", _("应为机关代码，或 null（适用于所有机关）。"))
    else:
        version["agency"] = agency.strip() if agency else None
    precedence = v.get("precedence", [])
    if not isinstance(precedence, list):
        errors.add("version.precedence", _("应为 [[优先的档次, 被优先的档次], …] 列表。"))
        precedence = []
    for i, pair in enumerate(precedence):
        if not (isinstance(pair, list) and len(pair) == 2 and all(p in levels for p in pair) and pair[0] != pair[1]):
            errors.add(f"version.precedence[{i}]", _("应为两个不同的档次编码（minor、general、heavy、serious）。"))
        else:
            version["precedence"].append(list(pair))
    grade_circumstances = v.get("grade_circumstances", {})
    if not isinstance(grade_circumstances, dict) or any(k not in levels for k in grade_circumstances):
        errors.add("version.grade_circumstances", _("应为按档次编码（minor、general、heavy、serious）给出的情节编码列表。"))
        grade_circumstances = {}

    # circumstances
    circumstances: list[dict] = []
    raw_c = data.get("circumstances")
    if not isinstance(raw_c, list) or not raw_c:
        errors.add("circumstances", _("应为情节列表（至少一项）。"))
        raw_c = []
    seen: set[str] = set()
    for i, c in enumerate(raw_c):
        path = f"circumstances[{i}]"
        if not isinstance(c, dict):
            errors.add(path, _("应为对象。"))
            continue
        code = _slug(errors, c, "code", path)
        if code and code in seen:
            errors.add(f"{path}.code", _("情节编码“%(code)s”重复。") % {"code": code})
        seen.add(code)
        effect = c.get("effect")
        if effect not in Effect.values:
            errors.add(f"{path}.effect", _("效果应为 mitigating、aggravating、no_penalty 或 may_not_penalize。"))
        circumstances.append({
            "code": code, "label": _text(errors, c, "label", path), "effect": effect,
            "discretionary": _bool(errors, c, "discretionary", path) or effect == Effect.MAY_NOT_PENALIZE,
            "citation": _text(errors, c, "citation", path),
            "party_types": _list(errors, c, "party_types", path, allowed=parties),
            "excludes": _list(errors, c, "excludes", path),
            "in_force_from": _date(errors, c, "in_force_from", path, required=False),
            "path": path,
        })
    by_code = {c["code"]: c for c in circumstances if c["code"]}
    for c in circumstances:
        for other in c["excludes"]:
            if other not in by_code or other == c["code"]:
                errors.add(f"{c['path']}.excludes", _("情节编码“%(code)s”不存在。") % {"code": other})
    for level, codes in grade_circumstances.items():
        if not isinstance(codes, list):
            errors.add(f"version.grade_circumstances.{level}", _("应为情节编码列表。"))
            grade_circumstances[level] = []

    # rules
    rules: list[dict] = []
    raw_r = data.get("rules")
    if not isinstance(raw_r, list) or not raw_r:
        errors.add("rules", _("应为规则列表（至少一项）。"))
        raw_r = []
    seen = set()
    covered: dict[tuple[str, str], str] = {}
    for i, r in enumerate(raw_r):
        path = f"rules[{i}]"
        if not isinstance(r, dict):
            errors.add(path, _("应为对象。"))
            continue
        code = _slug(errors, r, "code", path)
        if code and code in seen:
            errors.add(f"{path}.code", _("规则编码“%(code)s”重复。") % {"code": code})
        seen.add(code)
        sanction = r.get("sanction", Sanction.PENALTY)
        if sanction not in Sanction.values:
            errors.add(f"{path}.sanction", _("责任形式应为 penalty（行政处罚）或 discipline（处分）。"))
        rule = {
            "code": code, "violation": _slug(errors, r, "violation", path),
            "description": _text(errors, r, "description", path, max_length=1000),
            "violated_article": _text(errors, r, "violated_article", path),
            "penalty_article": _text(errors, r, "penalty_article", path, required=sanction == Sanction.PENALTY),
            "sanction": sanction,
            "party_types": _list(errors, r, "party_types", path, allowed=parties, required=True),
            "kinds": _list(errors, r, "kinds", path, allowed=PENALTY_KINDS, required=sanction == Sanction.PENALTY),
            "default_grade": r.get("default_grade") or "",
            "notes": _list(errors, r, "notes", path),
            "statutory_fines": {},
            "grades": [],
        }
        for party in rule["party_types"]:
            if rule["violation"] and party in parties:
                other = covered.get((rule["violation"], party))
                if other is not None:
                    errors.add(f"{path}.party_types", _("违法行为“%(violation)s”对当事人类型“%(party)s”已有规则“%(other)s”，"
                                                        "同一版本中两条规则不能冲突。")
                               % {"violation": rule["violation"], "party": party, "other": other})
                covered[(rule["violation"], party)] = code
        if sanction == Sanction.DISCIPLINE:
            for key in ("kinds", "grades", "statutory_fines", "default_grade"):
                if r.get(key):
                    errors.add(f"{path}.{key}", _("处分不是行政处罚，规则中不应有处罚种类、档次或罚款幅度。"))
            rules.append(rule)
            continue
        fined = FINE in rule["kinds"]
        if fined:
            rule["statutory_fines"] = _fines(errors, r, "statutory_fines", path, rule["party_types"])
        elif r.get("statutory_fines"):
            errors.add(f"{path}.statutory_fines", _("处罚种类中没有罚款，不应有罚款幅度。"))
        raw_g = r.get("grades")
        if not isinstance(raw_g, list) or not raw_g:
            errors.add(f"{path}.grades", _("应为档次列表（至少一项）。"))
            raw_g = []
        selected_by: dict[str, str] = {}
        for j, g in enumerate(raw_g):
            gpath = f"{path}.grades[{j}]"
            if not isinstance(g, dict):
                errors.add(gpath, _("应为对象。"))
                continue
            level = g.get("level")
            if level not in levels:
                errors.add(f"{gpath}.level", _("档次应为 minor（轻微）、general（一般）、heavy（较重）或 serious（严重）。"))
                continue
            if any(x["level"] == level for x in rule["grades"]):
                errors.add(f"{gpath}.level", _("档次重复。"))
                continue
            if "circumstances" in g:
                codes = _list(errors, g, "circumstances", gpath)
            else:
                codes = [c for c in grade_circumstances.get(level, []) if isinstance(c, str)]
            for c in codes:
                known = by_code.get(c)
                if known is None:
                    errors.add(f"{gpath}.circumstances", _("情节编码“%(code)s”不存在。") % {"code": c})
                elif known["effect"] not in GRADE_EFFECTS:
                    errors.add(f"{gpath}.circumstances", _("情节“%(code)s”是不予处罚情节，不选择档次。") % {"code": c})
                elif c in selected_by:
                    errors.add(f"{gpath}.circumstances", _("情节“%(code)s”已选择了档次“%(level)s”，一个情节只能选择一个档次。")
                               % {"code": c, "level": selected_by[c]})
                else:
                    selected_by[c] = level
            kinds = _list(errors, g, "kinds", gpath, allowed=PENALTY_KINDS)
            effective_kinds = kinds or rule["kinds"]
            grade = {"level": level, "rank": LEVEL_RANK[level],
                     "description": _text(errors, g, "description", gpath, required=False, max_length=1000),
                     "kinds": kinds, "circumstances": codes, "fines": {}}
            if FINE in effective_kinds:
                if not fined:
                    errors.add(f"{gpath}.kinds", _("规则的处罚种类中没有罚款，档次不能有罚款。"))
                grade["fines"] = _fines(errors, g, "fines", gpath, rule["party_types"])
                for party, (low, high) in grade["fines"].items():
                    legal = rule["statutory_fines"].get(party)
                    if legal and (low < legal[0] or high > legal[1]):
                        errors.add(f"{gpath}.fines.{party}", _("档次幅度 %(low)s–%(high)s 元超出法定幅度 %(min)s–%(max)s 元。")
                                   % {"low": low, "high": high, "min": legal[0], "max": legal[1]})
            elif g.get("fines"):
                errors.add(f"{gpath}.fines", _("该档次的处罚种类中没有罚款，不应有罚款幅度。"))
            rule["grades"].append(grade)
        if rule["default_grade"] and rule["default_grade"] not in {g["level"] for g in rule["grades"]}:
            errors.add(f"{path}.default_grade", _("默认档次应为本规则的一个档次。"))
        for c in by_code.values():
            if c["effect"] in GRADE_EFFECTS and c["code"] not in selected_by:
                errors.add(f"{path}.grades", _("从轻或从重情节“%(code)s”在本规则中没有对应的档次。") % {"code": c["code"]})
        rules.append(rule)
    errors.raise_if_any()
    for c in circumstances:
        c.pop("path")
    parsed = Parsed(version=version, circumstances=circumstances, rules=rules)
    parsed.digest = digest(parsed)
    return parsed


def digest(parsed: Parsed) -> str:
    """SHA-256 of the checked content without the published flag (so publishing is not a change of content)."""
    version = {k: v for k, v in parsed.version.items() if k != "published"}
    canonical = json.dumps({"version": version, "circumstances": parsed.circumstances, "rules": parsed.rules},
                           sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---- writing ----------------------------------------------------------------------------------------------
def write_standard(parsed: Parsed, *, models: Models, using: str = "default", source: str = "") -> LoadResult:
    """Store a parsed version (inside the caller's transaction). ValidationError when the agency is unknown, the
    code is taken by different content, or another published version of the same agency starts the same day."""
    v = parsed.version
    agency = None
    if v["agency"]:
        agency = models.agency.objects.using(using).filter(code=v["agency"]).first()
        if agency is None:
            raise ValidationError(_("version.agency：机关“%(code)s”不存在。") % {"code": v["agency"]})
    existing = models.version.objects.using(using).filter(code=v["code"]).first()
    if existing is not None:
        if existing.digest != parsed.digest:
            raise ValidationError(_("version.code：版本“%(code)s”已经加载，内容与本文件不同。已加载的裁量基准版本不能修改，"
                                    "请以新的版本编码加载新版本。") % {"code": v["code"]})
        if existing.published and not v["published"]:
            raise ValidationError(_("version.published：版本“%(code)s”已经公布，不能撤回公布。") % {"code": v["code"]})
        if v["published"] and not existing.published:
            _check_same_day(models, using, agency, v, exclude=existing.pk)
            existing.published = True
            existing.save(update_fields=["published"])
            return LoadResult(existing, "published")
        return LoadResult(existing, "unchanged")
    if v["published"]:
        _check_same_day(models, using, agency, v, exclude=None)
    version = models.version.objects.using(using).create(
        agency=agency, code=v["code"], title=v["title"], issuer=v["issuer"], document_number=v["document_number"],
        effective_from=v["effective_from"], effective_until=v["effective_until"], published=v["published"],
        note=v["note"], precedence=v["precedence"], digest=parsed.digest, source=source[:200])
    models.circumstance.objects.using(using).bulk_create([
        models.circumstance(version=version, order=i, code=c["code"], label=c["label"], effect=c["effect"],
                            discretionary=c["discretionary"], citation=c["citation"], party_types=c["party_types"],
                            excludes=c["excludes"], in_force_from=c["in_force_from"])
        for i, c in enumerate(parsed.circumstances)])
    grades = fines = 0
    for i, r in enumerate(parsed.rules):
        rule = models.rule.objects.using(using).create(
            version=version, order=i, code=r["code"], violation=r["violation"], description=r["description"],
            violated_article=r["violated_article"], penalty_article=r["penalty_article"], sanction=r["sanction"],
            party_types=r["party_types"], kinds=r["kinds"], default_grade=r["default_grade"], notes=r["notes"])
        rows = [models.fine(rule=rule, grade=None, party_type=p, minimum=lo, maximum=hi)
                for p, (lo, hi) in r["statutory_fines"].items()]
        for g in r["grades"]:
            grade = models.grade.objects.using(using).create(
                rule=rule, level=g["level"], rank=g["rank"], description=g["description"], kinds=g["kinds"],
                circumstances=g["circumstances"])
            grades += 1
            rows += [models.fine(rule=rule, grade=grade, party_type=p, minimum=lo, maximum=hi)
                     for p, (lo, hi) in g["fines"].items()]
        models.fine.objects.using(using).bulk_create(rows)
        fines += len(rows)
    counts = {"circumstances": len(parsed.circumstances), "rules": len(parsed.rules), "grades": grades,
              "fines": fines}
    return LoadResult(version, "created", counts)


def _check_same_day(models: Models, using: str, agency, v: dict, *, exclude) -> None:
    qs = models.version.objects.using(using).filter(published=True, effective_from=v["effective_from"],
                                                    agency=agency)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    other = qs.first()
    if other is not None:
        raise ValidationError(_("version.effective_from：已公布的版本“%(other)s”也自同一天施行，两个版本将相互冲突。"
                                "请调整施行日期，或不公布其中一个。") % {"other": other.code})


def standard_load(*, data: Any, actor=None, source: str = "") -> LoadResult:
    """Check and store one version (one transaction). The audit trail records each creation or publication."""
    from fazhi.core.services import audit_record

    parsed = parse_standard(data)
    with transaction.atomic():
        result = write_standard(parsed, models=Models.current(), source=source)
        from fazhi.tlog import registry

        if result.version.published and registry.get("discretion.standard") is not None:
            # The transparency log (no new entry when it is logged already). Inside the data migration that loads
            # the seed the log does not exist yet: fazhi/discretion/apps.py logs it after migrate.
            from fazhi.tlog.services import log_publication

            log_publication("discretion.standard", result.version.code)
        if result.outcome != "unchanged":
            audit_record(actor=actor, action=f"discretion.{result.outcome}", object_type="discretion.StandardVersion",
                         object_id=result.version.code, detail={"source": source, "digest": parsed.digest,
                                                                **result.counts})
    return result


def standard_load_file(*, path: Path | str, actor=None) -> LoadResult:
    return standard_load(data=read_file(path), actor=actor, source=Path(path).name)


def seed_load() -> list[LoadResult]:
    """Load the bundled seed standards (idempotent): what the data migration does, for a database whose tables
    were emptied since (the demo loader; tests that flush the database)."""
    return [standard_load_file(path=path) for path in SEED_FILES]
