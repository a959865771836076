"""Reads of the administrators' console: accounts and the audit trail, filtered."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.models import ADMIN_ROLES, AuditEvent, Role, User
from fazhi.sysadmin import access, triggers


# ---- accounts --------------------------------------------------------------------------------------------------
def _clean(value) -> str:
    """Query text as the database takes it (PostgreSQL refuses NUL characters in a string)."""
    return str(value or "").replace("\x00", "").strip()[:100]


def accounts_filtered(user, *, q: str = "", agency: str = "", active: str = "") -> QuerySet[User]:
    qs = access.accounts_visible(user)
    q, agency = _clean(q), _clean(agency)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if agency:
        qs = qs.filter(agency__code=agency)
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs.order_by("agency_id", "username")


def role_choices() -> list[tuple[str, str, bool]]:
    """(value, label, is administrator role), business roles first."""
    return [(r.value, str(r.label), r in ADMIN_ROLES) for r in Role]


def admin_counts() -> list[tuple[str, int]]:
    """How many active accounts hold each administrator role (the policy page)."""
    active = list(User.objects.filter(kind=User.Kind.STAFF, is_active=True).only("roles"))
    return [(str(Role(r).label), sum(1 for u in active if r in (u.roles or [])))
            for r in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)]


# ---- the audit trail -------------------------------------------------------------------------------------------
@dataclass
class AuditFilters:
    date_from: str = ""
    date_to: str = ""
    actor: str = ""
    action: str = ""

    @classmethod
    def from_query(cls, data) -> AuditFilters:
        return cls(**{k: _clean(data.get(k)) for k in ("date_from", "date_to", "actor", "action")})

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}


def _parse_date(value: str, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: [_("日期格式应为 YYYY-MM-DD。")]}) from None


def audit_filtered(user, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The audit administrator's view of the trail, newest first. Dates are days in Asia/Shanghai, both ends
    included; ``actor`` matches the username or the name; ``action`` matches the code (part of it) or its Chinese
    name."""
    from fazhi.sysadmin.labels import ACTION_LABELS

    qs = access.audit_events_visible(user).select_related("actor")
    filters = AuditFilters(**{k: _clean(v) for k, v in asdict(filters).items()})
    start = _parse_date(filters.date_from, "date_from")
    end = _parse_date(filters.date_to, "date_to")
    if start and end and end < start:
        raise ValidationError({"date_to": [_("结束日期不能早于开始日期。")]})
    tz = timezone.get_default_timezone()
    if start:
        qs = qs.filter(at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min), tz))
    if end:
        qs = qs.filter(at__lt=timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), tz))
    if filters.actor:
        qs = qs.filter(Q(actor__username__icontains=filters.actor) | Q(actor__full_name__icontains=filters.actor))
    if filters.action:
        codes = [code for code, label in ACTION_LABELS.items() if filters.action in str(label)]
        qs = qs.filter(Q(action__icontains=filters.action) | Q(action__in=codes))
    return qs.order_by("-at", "-id")


def known_actions() -> list[tuple[str, str]]:
    from fazhi.sysadmin.labels import ACTION_LABELS

    return [(code, str(label)) for code, label in ACTION_LABELS.items()]


# ---- the security policy ---------------------------------------------------------------------------------------
_VALIDATORS = {
    "MinimumLengthValidator": lambda o: _("密码长度不少于 %(n)s 位") % {"n": o.get("min_length", 8)},
    "CommonPasswordValidator": lambda o: _("不得使用常见密码"),
    "NumericPasswordValidator": lambda o: _("不得全部为数字"),
    "UserAttributeSimilarityValidator": lambda o: _("不得与用户名、姓名等相似"),
    "CharacterClassesValidator": lambda o: _("须含大写字母、小写字母、数字、符号中的至少 %(n)s 类")
    % {"n": o.get("min_classes", 3)},
    "PasswordHistoryValidator": lambda o: _("不得与最近 %(n)s 次使用的密码相同") % {"n": o.get("history", 5)},
}


def _minutes(seconds: float) -> str:
    return _("%(n)s 分钟") % {"n": round(seconds / 60)}


def security_policy() -> list[dict]:
    """The security settings in force, each with its basis. Read from the settings, so what another part of the
    system adds (two-factor authentication, password age and history) shows up here when present."""
    s = settings
    rows: list[dict] = []

    def row(group, name, value, basis=""):
        rows.append({"group": group, "name": name, "value": value, "basis": basis})

    ident = _("身份鉴别")
    basis_a = "GB/T 22239-2019 §8.1.4.1 a)"
    for v in s.AUTH_PASSWORD_VALIDATORS:
        cls = v["NAME"].rsplit(".", 1)[-1]
        describe = _VALIDATORS.get(cls)
        row(ident, _("密码规则"), describe(v.get("OPTIONS", {})) if describe else cls, basis_a)
    max_age = getattr(s, "FAZHI_PASSWORD_MAX_AGE_DAYS", None)
    if max_age is not None:
        row(ident, _("工作人员密码有效期"), _("%(n)s 天") % {"n": max_age} if max_age else _("不限"), basis_a)
    hasher = s.PASSWORD_HASHERS[0].rsplit(".", 1)[-1]
    row(ident, _("密码存储"), "Argon2id" if "Argon2" in hasher else hasher, "GB/T 22239-2019 §8.1.4.7")
    if hasattr(s, "FAZHI_STAFF_TOTP"):
        row(ident, _("工作人员双因素认证（TOTP）"),
            _("必须") if s.FAZHI_STAFF_TOTP == "required" else _("可选"), "GB/T 22239-2019 §8.1.4.1 d)")
    cooloff = s.AXES_COOLOFF_TIME  # hours, a timedelta, or (django-axes allows it) a callable's path
    try:
        period = _minutes(cooloff.total_seconds() if hasattr(cooloff, "total_seconds") else float(cooloff) * 3600)
    except (TypeError, ValueError):
        period = str(cooloff)
    row(ident, _("登录失败锁定"), _("连续失败 %(n)s 次锁定 %(m)s") % {"n": s.AXES_FAILURE_LIMIT, "m": period},
        "GB/T 22239-2019 §8.1.4.1 b)")
    row(ident, _("会话空闲超时"), _minutes(s.SESSION_COOKIE_AGE), "GB/T 22239-2019 §8.1.4.1 b)")
    row(ident, _("仅通过 HTTPS 传输会话凭据"), _("是") if s.SESSION_COOKIE_SECURE else _("否（演示或测试环境）"),
        "GB/T 22239-2019 §8.1.4.1 c)")
    audit = _("安全审计")
    row(audit, _("审计记录保存期限"), _("%(n)s 天") % {"n": s.FAZHI_AUDIT_RETENTION_DAYS},
        _("网络安全法第二十一条；GB/T 22239-2019 §8.1.4.3 c)"))
    row(audit, _("数据库防篡改触发器"),
        _("已安装") if triggers.complete() else _("缺失：请运行 fazhi migrate"), "GB/T 22239-2019 §8.1.4.3 c)")
    return rows
