"""Writes of the administrators' console: accounts (system administrator), roles (security administrator), the
audit trail's exports, chain checks and archive (audit administrator, and the server's operator for the archive).

Every write is keyword-only, runs in one transaction, checks the caller through fazhi/sysadmin/access.py, refuses
bad input with a ``ValidationError`` carrying Chinese messages (nothing saved), and is itself recorded in the audit
trail (GB/T 22239-2019 (等保2.0) §8.1.4.3 a): 审计覆盖到每个用户，对重要的用户行为和重要安全事件进行审计).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.models import ADMIN_ROLES, Agency, AuditEvent, Role, User
from fazhi.core.services import audit_record
from fazhi.sysadmin import access
from fazhi.sysadmin.labels import action_label

# ---- accounts (系统管理员) --------------------------------------------------------------------------------------


def _require(actor, allowed) -> None:
    if not allowed(actor):
        raise PermissionDenied


def _ordered_roles(roles) -> list[str]:
    wanted = set(roles)
    return [r for r in Role.values if r in wanted]


def _last_active_admin(account: User, role: str) -> bool:
    """True when ``account`` is the only active holder of the administrator role ``role``."""
    others = User.objects.filter(kind=User.Kind.STAFF, is_active=True).exclude(pk=account.pk).only("roles")
    return not any(role in (u.roles or []) for u in others)


@transaction.atomic
def account_create(*, actor: User, username: str, full_name: str, agency: Agency | int | str | None, password: str,
                   ip: str | None = None) -> User:
    """A staff account of the system administrator's agency tree, with no role: the security administrator grants
    roles (三员分立: the one who creates accounts does not give them rights)."""
    _require(actor, access.can_manage_accounts)
    username = (username or "").strip()
    full_name = (full_name or "").strip()
    if any("\x00" in str(v or "") for v in (username, full_name, agency, password)):
        raise ValidationError(_("输入含有无效字符。"))
    errors: dict[str, list[str]] = {}
    allowed_ids = set(access.managed_agency_ids(actor))
    agency_obj = None
    if isinstance(agency, Agency):
        agency_obj = agency
    elif agency not in (None, ""):
        agency_obj = (Agency.objects.filter(code=str(agency)).first()
                      or (Agency.objects.filter(pk=int(agency)).first() if str(agency).isdigit() else None))
    if agency_obj is None or agency_obj.pk not in allowed_ids:
        errors.setdefault("agency", []).append(_("请选择本机关或下级机关。"))
    if not username:
        errors.setdefault("username", []).append(_("请填写用户名。"))
    elif User.objects.filter(username__iexact=username).exists():
        errors.setdefault("username", []).append(_("用户名“%(u)s”已被使用。") % {"u": username})
    if not full_name:
        errors.setdefault("full_name", []).append(_("请填写姓名。"))
    user = User(username=username, full_name=full_name, kind=User.Kind.STAFF, agency=agency_obj, roles=[])
    if password:
        try:
            validate_password(password, user=user)
        except ValidationError as e:
            errors.setdefault("password", []).extend(e.messages)
    else:
        errors.setdefault("password", []).append(_("请设置初始密码。"))
    if not errors:
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as e:
            for key, msgs in e.message_dict.items():
                errors.setdefault(key, []).extend(msgs)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    from fazhi.security.services import password_mark_initial

    password_mark_initial(user)  # changed by its holder at the first login (fazhi/security/login.py)
    audit_record(actor=actor, action="sysadmin.account_create", object_type="core.User", object_id=user.pk, ip=ip,
                 detail={"username": user.username, "full_name": user.full_name, "agency": agency_obj.code})
    return user


@transaction.atomic
def account_set_active(*, actor: User, account: User, active: bool, reason: str = "", ip: str | None = None) -> User:
    """Deactivate (停用) or reactivate (启用) a staff account. A deactivated account cannot log in; its open sessions
    and API tokens stop working at the next request. Nothing is deleted: the audit trail keeps pointing at it."""
    _require(actor, access.can_manage_accounts)
    account = access.access_account(actor, account.pk)
    account = User.objects.select_for_update().get(pk=account.pk)
    reason = (reason or "").replace("\x00", "").strip()[:200]
    if account.pk == actor.pk:
        raise ValidationError(_("不能停用或启用自己的账号。"))
    if account.is_active == active:
        raise ValidationError(_("该账号已是启用状态。") if active else _("该账号已是停用状态。"))
    if not active:
        if not reason:
            raise ValidationError({"reason": [_("请填写停用原因。")]})
        for role in account.roles or []:
            if role in ADMIN_ROLES and _last_active_admin(account, role):
                raise ValidationError(_("不能停用最后一名在用的%(role)s。") % {"role": Role(role).label})
    account.is_active = active
    account.save(update_fields=["is_active"])
    audit_record(actor=actor, action="sysadmin.account_reactivate" if active else "sysadmin.account_deactivate",
                 object_type="core.User", object_id=account.pk, ip=ip,
                 detail={"username": account.username, "reason": reason})
    return account


# ---- roles (安全管理员) -----------------------------------------------------------------------------------------
@dataclass
class RoleChange:
    account: User
    granted: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.granted or self.revoked)


@transaction.atomic
def roles_set(*, actor: User, account: User, roles: list[str], ip: str | None = None) -> RoleChange:
    """Give ``account`` exactly ``roles``: each role granted or revoked is one audit event. 三员分立 holds
    (``User.clean``): an administrator role is held alone, never with another administrator or business role."""
    _require(actor, access.can_manage_roles)
    account = access.access_account(actor, account.pk)
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.pk == actor.pk:
        raise ValidationError(_("不能变更自己的角色。"))
    roles = [str(r).replace("\x00", "") for r in (roles or [])]
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError({"roles": [_("未知角色：%(r)s") % {"r": "、".join(unknown)}]})
    before = list(account.roles or [])
    after = _ordered_roles(roles)
    change = RoleChange(account=account, granted=[r for r in after if r not in before],
                        revoked=[r for r in before if r not in after])
    if not change.changed:
        return change
    for role in change.revoked:
        if role in ADMIN_ROLES and account.is_active and _last_active_admin(account, role):
            raise ValidationError(_("不能撤销最后一名在用的%(role)s的角色。") % {"role": Role(role).label})
    account.roles = after
    account.clean()  # 三员分立 and the other invariants, in Chinese
    account.save(update_fields=["roles"])
    for action, items in (("sysadmin.role_grant", change.granted), ("sysadmin.role_revoke", change.revoked)):
        for role in items:
            audit_record(actor=actor, action=action, object_type="core.User", object_id=account.pk, ip=ip,
                         detail={"username": account.username, "role": role, "role_label": str(Role(role).label),
                                 "before": before, "after": after})
    return change


# ---- the audit trail (审计管理员) -------------------------------------------------------------------------------
EXPORT_FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _export_header() -> list[str]:
    return [_("序号"), _("时间"), _("操作人账号"), _("操作人姓名"), _("操作"), _("操作代码"), _("对象类型"),
            _("对象标识"), _("IP地址"), _("详情")]


def _safe_cell(value) -> str:
    """A text cell a spreadsheet will not run: values from outside (a username tried at the login page) may start
    with = + - @ and become a formula (CSV/formula injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _export_rows(queryset):
    tz = timezone.get_current_timezone()
    for ev in queryset.select_related("actor").order_by("at", "id").iterator(chunk_size=2000):
        actor = ev.actor
        yield [
            ev.pk,
            timezone.localtime(ev.at, tz).strftime("%Y-%m-%d %H:%M:%S"),
            _safe_cell(actor.username if actor else ""),
            _safe_cell(actor.full_name if actor else ""),
            _safe_cell(action_label(ev.action)),
            _safe_cell(ev.action),
            _safe_cell(ev.object_type),
            _safe_cell(ev.object_id),
            _safe_cell(ev.ip or ""),
            _safe_cell(json.dumps(ev.detail, ensure_ascii=False, sort_keys=True) if ev.detail else ""),
        ]


@dataclass
class Export:
    content: bytes
    filename: str
    content_type: str
    rows: int


@transaction.atomic
def audit_export(*, actor: User, queryset, fmt: str, filters: dict | None = None, ip: str | None = None) -> Export:
    """The filtered audit trail as CSV (UTF-8 with BOM, for Excel) or XLSX. The export is itself audited: who, when,
    which filters, how many records."""
    _require(actor, access.can_read_audit)
    if fmt not in EXPORT_FORMATS:
        raise ValidationError({"format": [_("导出格式只能是 CSV 或 XLSX。")]})
    rows = 0
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if fmt == "csv":
        buf = io.StringIO()
        buf.write("\ufeff")
        writer = csv.writer(buf)
        writer.writerow(_export_header())
        for row in _export_rows(queryset):
            writer.writerow(row)
            rows += 1
        content, content_type = buf.getvalue().encode("utf-8"), CSV
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("审计记录"))
        ws.append(_export_header())
        for row in _export_rows(queryset):
            ws.append(row)
            rows += 1
        out = io.BytesIO()
        wb.save(out)
        content, content_type = out.getvalue(), XLSX
    filename = f"审计记录-{stamp}.{fmt}"
    audit_record(actor=actor, action="sysadmin.audit_export", object_type="core.AuditEvent", ip=ip,
                 detail={"format": fmt, "rows": rows, "filters": filters or {},
                         "sha256": hashlib.sha256(content).hexdigest()})
    return Export(content=content, filename=filename, content_type=content_type, rows=rows)


def audit_view_record(*, actor: User, filters: dict, ip: str | None = None) -> None:
    """The audit administrator's own reading is audited too (who looked at what)."""
    _require(actor, access.can_read_audit)
    audit_record(actor=actor, action="sysadmin.audit_view", object_type="core.AuditEvent", ip=ip,
                 detail={"filters": filters})


@dataclass
class ChainReport:
    cases: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def chain_verify(*, actor: User, ip: str | None = None) -> ChainReport:
    """``fazhi audit verify`` for the audit administrator: every case's hash-chained events, read only. Only case
    numbers and event numbers are shown, never case contents."""
    from fazhi.process.audit import verify_all

    _require(actor, access.can_read_audit)
    total, problems = 0, []
    for checked, found in verify_all():
        total = checked
        problems.extend(str(p) for p in found)
    audit_record(actor=actor, action="sysadmin.chain_verify", object_type="process.CaseEvent", ip=ip,
                 detail={"cases": total, "problems": len(problems)})
    return ChainReport(cases=total, problems=problems)


# ---- archive (运维: ``fazhi audit_archive``) ---------------------------------------------------------------------
@dataclass
class Archive:
    path: Path
    count: int
    sha256: str
    before: dt.date


def retention_days() -> int:
    return int(settings.FAZHI_AUDIT_RETENTION_DAYS)


def earliest_archivable_before(now: dt.datetime | None = None) -> dt.date:
    """The latest ``--before`` date allowed now: midnight (Asia/Shanghai) of that day is at least the retention period
    ago."""
    now = now or timezone.now()
    limit = timezone.localtime(now - dt.timedelta(days=retention_days()))
    return limit.date()


def _event_line(ev: AuditEvent) -> str:
    return json.dumps({
        "id": ev.pk, "at": ev.at.astimezone(dt.UTC).isoformat(), "actor": ev.actor_id,
        "actor_username": ev.actor.username if ev.actor_id else None, "action": ev.action,
        "object_type": ev.object_type, "object_id": ev.object_id, "detail": ev.detail, "ip": ev.ip,
    }, ensure_ascii=False, sort_keys=True)


def audit_archive(*, before: dt.date, out: Path | str) -> Archive:
    """Write the audit records older than ``before`` (midnight, Asia/Shanghai) to ``out`` as JSON lines, write its
    SHA-256 next to it (``out.sha256``, sha256sum's format), then delete them from the database. Refuses a date that
    would take records younger than the retention period (网络安全法 第二十一条: 不少于六个月); the database's trigger
    refuses them too (fazhi/sysadmin/triggers.py). The archive itself is recorded in the audit trail."""
    out = Path(out)
    latest = earliest_archivable_before()
    if before > latest:
        raise ValidationError(
            _("审计记录至少保存 %(days)s 天（网络安全法第二十一条）：归档截止日期不得晚于 %(date)s。")
            % {"days": retention_days(), "date": latest.isoformat()})
    if out.exists():
        raise ValidationError(_("文件 %(path)s 已存在，不会覆盖。") % {"path": out})
    if not out.parent.is_dir():
        raise ValidationError(_("目录 %(path)s 不存在。") % {"path": out.parent})
    cutoff = timezone.make_aware(dt.datetime.combine(before, dt.time.min), timezone.get_default_timezone())
    digest = hashlib.sha256()
    ids: list[int] = []
    tmp = out.with_name(out.name + ".part")
    try:
        with transaction.atomic():
            qs = AuditEvent.objects.filter(at__lt=cutoff).select_related("actor").order_by("id")
            with open(tmp, "xb") as fh:
                for ev in qs.iterator(chunk_size=2000):
                    line = (_event_line(ev) + "\n").encode("utf-8")
                    fh.write(line)
                    digest.update(line)
                    ids.append(ev.pk)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
            sha = digest.hexdigest()
            Path(f"{out}.sha256").write_text(f"{sha}  {out.name}\n", encoding="utf-8")
            for start in range(0, len(ids), 500):
                AuditEvent.objects.filter(pk__in=ids[start:start + 500]).delete()
            audit_record(actor=None, action="sysadmin.audit_archive", object_type="core.AuditEvent",
                         detail={"before": before.isoformat(), "count": len(ids), "sha256": sha, "file": out.name,
                                 "first_id": ids[0] if ids else None, "last_id": ids[-1] if ids else None})
    except BaseException:
        # Nothing was deleted: leave no file that claims otherwise.
        for p in (tmp, out, Path(f"{out}.sha256")):
            p.unlink(missing_ok=True)
        raise
    return Archive(path=out, count=len(ids), sha256=sha, before=before)
