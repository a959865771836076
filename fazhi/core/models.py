"""Agencies, people, roles, the audit trail and document numbers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """An administrative agency. Agencies form a tree: province > city > county."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    # 发文机关代字, the agency part of a document number: 黑档 in 黑档函〔2018〕15号 (GB/T 9704-2012 §7.2.4).
    short_name = models.CharField(_("发文机关代字"), max_length=16)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, default=Level.PROVINCE)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from fazhi.core.identifiers import validate_uscc

        if self.uscc:
            validate_uscc(self.uscc)
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("上级机关不能形成循环。")})
            node = node.parent

    def descendants_and_self_ids(self) -> list[int]:
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            ids.extend(frontier)
        return ids


class Role(models.TextChoices):
    INTAKE_CLERK = "intake_clerk", _("窗口受理")
    CASE_HANDLER = "case_handler", _("承办人")
    SECTION_HEAD = "section_head", _("科室负责人")
    DEPUTY_DIRECTOR = "deputy_director", _("分管领导")
    DIRECTOR = "director", _("局长")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("执法人员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# 三员分立 (separation of the system, security and audit administrators, GB/T 22239-2019 level 3):
# an administrator holds exactly one administrator role and no business role.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)


class FazhiUserManager(UserManager):
    pass


class User(AbstractUser):
    class Kind(models.TextChoices):
        STAFF = "staff", _("工作人员")
        PERSON = "person", _("自然人")
        LEGAL_PERSON = "legal_person", _("法人或其他组织")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    full_name = models.CharField(_("姓名或名称"), max_length=100, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("所属机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    roles = models.JSONField(_("角色"), default=list, blank=True)
    # 公民身份号码 (GB 11643-1999), natural persons only.
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    # 统一社会信用代码 (GB 32100-2015), legal persons only.
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)

    objects = FazhiUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    # ---- invariants ----------------------------------------------------------------------------
    def clean(self) -> None:
        from fazhi.core.identifiers import validate_resident_id, validate_uscc

        super().clean()
        errors: dict[str, list] = {}
        unknown = [r for r in self.roles if r not in Role.values]
        if unknown:
            errors.setdefault("roles", []).append(_("未知角色：%(r)s") % {"r": ", ".join(unknown)})
        if self.kind == self.Kind.STAFF:
            if self.agency_id is None:
                errors.setdefault("agency", []).append(_("工作人员必须属于一个机关。"))
            admin = [r for r in self.roles if r in ADMIN_ROLES]
            if admin and len(self.roles) > 1:
                errors.setdefault("roles", []).append(
                    _("系统管理员、安全管理员、审计管理员三员分立：管理员只能担任一个管理员角色，且不能兼任业务角色。")
                )
        else:
            if self.roles:
                errors.setdefault("roles", []).append(_("公众账号不能担任工作人员角色。"))
            if self.agency_id is not None:
                errors.setdefault("agency", []).append(_("公众账号不属于机关。"))
        if self.kind == self.Kind.PERSON:
            try:
                validate_resident_id(self.id_number)
            except ValidationError as e:
                errors.setdefault("id_number", []).extend(e.messages)
        if self.kind == self.Kind.LEGAL_PERSON:
            try:
                validate_uscc(self.uscc)
            except ValidationError as e:
                errors.setdefault("uscc", []).extend(e.messages)
        if errors:
            raise ValidationError(errors)

    # ---- helpers -------------------------------------------------------------------------------
    @property
    def is_public(self) -> bool:
        return self.kind != self.Kind.STAFF

    @property
    def is_agency_staff(self) -> bool:
        return self.kind == self.Kind.STAFF and self.is_active

    @property
    def is_administrator(self) -> bool:
        return any(r in ADMIN_ROLES for r in self.roles)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles if r in Role.values]


class AuditEvent(models.Model):
    """Append-only audit trail for acts outside a case: logins, calendar loads, demo loads, account changes.

    Case events live in ``process.CaseEvent`` (hash-chained per case)."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Audit events are append-only.")
        super().save(*args, **kwargs)


class DocumentType(models.Model):
    """A kind of outgoing document and its 文号 code: 许 in 黑档许〔2026〕3号. Data, per deployment."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("文种"), max_length=60)
    number_code = models.CharField(_("代字"), max_length=8)

    def __str__(self) -> str:
        return self.name


class DocumentNumberCounter(models.Model):
    """Gapless document numbers per agency, number code and year (GB/T 9704-2012 §7.2.4)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT)
    number_code = models.CharField(max_length=8)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "number_code", "year"], name="uniq_docnumber_counter")
        ]


class ApiToken(models.Model):
    """A bearer token for the HTTP API. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
