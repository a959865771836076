"""行政许可: the item catalogue with its service guides, and applications (each one a process Case)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency
from fazhi.process.models import Case


class Item(models.Model):
    """A licensing item (行政许可事项) and its service guide (办事指南). Data, per agency."""

    agency = models.ForeignKey(Agency, verbose_name=_("实施机关"), on_delete=models.PROTECT, related_name="licensing_items")
    code = models.SlugField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=100)
    legal_basis = models.TextField(_("设定依据"))
    conditions = models.TextField(_("许可条件"))
    fee = models.CharField(_("收费"), max_length=200, default="不收费")
    channels = models.TextField(_("办理渠道"))
    contact = models.CharField(_("咨询电话"), max_length=200)
    address = models.CharField(_("办理地点"), max_length=200, blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    result = models.CharField(_("审批结果"), max_length=200, blank=True)
    # Inputs of the application form: [{"name", "label", "kind": text|textarea|date|int, "required"}]
    form_fields = models.JSONField(_("申请表字段"), default=list, blank=True)
    process_code = models.CharField(max_length=40, default="licensing")
    active = models.BooleanField(_("在办"), default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("许可事项")
        verbose_name_plural = _("许可事项")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    """A material the applicant submits (申请材料)."""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("原件")
        COPY = "copy", _("复印件")
        ORIGINAL_AND_COPY = "both", _("原件及复印件")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="materials")
    code = models.SlugField(max_length=40)
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必要"), default=True)
    form = models.CharField(_("材料形式"), max_length=16, choices=Form.choices, default=Form.ORIGINAL)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    formats = models.CharField(_("电子格式"), max_length=60, default="PDF、JPEG、PNG、OFD")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="uniq_material_code")]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """The licensing side of a Case."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="licensing")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="applications")
    decision = models.CharField(_("决定"), max_length=10, blank=True)  # grant / deny
    licence_scope = models.TextField(_("许可内容"), blank=True)
    certificate_number = models.CharField(_("许可证件编号"), max_length=60, blank=True)

    class Meta:
        indexes = [models.Index(fields=["item", "decision"], name="licapp_item_decision_idx")]


class SubmittedMaterial(models.Model):
    """One uploaded file for one material. Files are never served publicly; access goes through the case."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="files")
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="materials/%Y/%m/")
    original_name = models.CharField(max_length=200)
    mime = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    round = models.PositiveSmallIntegerField(default=1)  # 2+ for corrections
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["material__order", "round", "id"]
