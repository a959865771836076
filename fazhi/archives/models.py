"""档案公共服务 (public archive services): the catalogue of services (查档利用, 出具档案证明, 档案复制件), the reading
room's half-day slots, and the requests (bookings), each one a process Case of its service's definition
(fazhi/archives/process.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency
from fazhi.process.models import Case


class ArchiveService(models.Model):
    """A public archive service (档案公共服务事项) and its service guide. Data, per agency."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("查档利用")
        PROOF = "proof", _("出具档案证明")
        COPY = "copy", _("档案复制件")

    agency = models.ForeignKey(Agency, verbose_name=_("实施机关"), on_delete=models.PROTECT,
                               related_name="archive_services")
    code = models.SlugField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=100)
    kind = models.CharField(_("服务类别"), max_length=16, choices=Kind.choices)
    legal_basis = models.TextField(_("设定依据"))
    conditions = models.TextField(_("办理条件"), blank=True)
    materials = models.TextField(_("所需材料"), help_text=_("每行一项"))
    fee = models.CharField(_("收费"), max_length=200, default="不收费")
    fee_basis = models.CharField(_("收费依据"), max_length=300, blank=True)
    online = models.BooleanField(_("可网上办理"), default=True)
    onsite = models.BooleanField(_("可到馆办理"), default=True)
    result = models.CharField(_("办理结果"), max_length=200, blank=True)
    contact = models.CharField(_("咨询电话"), max_length=200, blank=True)
    address = models.CharField(_("办理地点"), max_length=200, blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    published = models.BooleanField(_("已公布"), default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("档案公共服务事项")
        verbose_name_plural = _("档案公共服务事项")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def process_code(self) -> str:
        from fazhi.archives.process import PROCESS_BY_KIND

        return PROCESS_BY_KIND[self.kind]

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class HalfDay(models.TextChoices):
    AM = "am", _("上午")
    PM = "pm", _("下午")


class ReadingRoomSlot(models.Model):
    """One half-day of the agency's reading room (查档接待室) with the number of visitors it takes."""

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="reading_slots")
    date = models.DateField(_("日期"))
    half_day = models.CharField(_("时段"), max_length=2, choices=HalfDay.choices)
    capacity = models.PositiveSmallIntegerField(_("可预约人数"))

    class Meta:
        verbose_name = _("阅览室预约时段")
        verbose_name_plural = _("阅览室预约时段")
        ordering = ["date", "half_day"]
        constraints = [models.UniqueConstraint(fields=["agency", "date", "half_day"], name="uniq_reading_slot")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_half_day_display()}"


class ArchiveRequest(models.Model):
    """The archives side of a Case: who asks for which archives, why, how and when; and the result."""

    class IdType(models.TextChoices):
        RESIDENT = "resident", _("居民身份证")
        PASSPORT = "passport", _("护照")
        HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
        TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
        FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")

    class Purpose(models.TextChoices):
        RESEARCH = "research", _("学术研究")
        HISTORY = "history", _("编史修志")
        RIGHTS = "rights", _("个人权益证明")
        WORK = "work", _("工作查考")
        GENEALOGY = "genealogy", _("家谱寻根")
        OTHER = "other", _("其他")

    class Access(models.TextChoices):
        OPEN = "open", _("开放档案")
        RESTRICTED = "restricted", _("未开放或限制利用档案")

    class Restriction(models.TextChoices):
        # 《中华人民共和国档案法》（2020年修订）第二十七条: archives are opened to the public 25 years after they were
        # formed; 第二十八条: unopened archives are used according to the state's rules (the agency's approval).
        UNDER_25 = "under25", _("形成未满二十五年")
        CLASSIFIED = "classified", _("涉及国家秘密")
        LIMITED = "limited", _("限制利用（涉及个人信息、商业秘密等）")

    class Mode(models.TextChoices):
        ONSITE = "onsite", _("到馆查阅")
        ONLINE = "online", _("网上查档")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="archive_request")
    service = models.ForeignKey(ArchiveService, verbose_name=_("服务事项"), on_delete=models.PROTECT,
                                related_name="requests")
    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=30)
    purpose = models.CharField(_("利用目的"), max_length=16, choices=Purpose.choices)
    purpose_detail = models.CharField(_("目的说明"), max_length=500, blank=True)
    archives_wanted = models.TextField(_("查阅档案内容"), max_length=2000)
    access = models.CharField(_("档案开放状态"), max_length=12, choices=Access.choices, default=Access.OPEN)
    restriction = models.CharField(_("限制利用原因"), max_length=12, choices=Restriction.choices, blank=True)
    mode = models.CharField(_("查档方式"), max_length=8, choices=Mode.choices)
    slot = models.ForeignKey(ReadingRoomSlot, verbose_name=_("预约时段"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="bookings")
    visit_date = models.DateField(_("预约到馆日期"), null=True, blank=True, db_index=True)
    half_day = models.CharField(_("时段"), max_length=2, choices=HalfDay.choices, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    served_on = models.DateField(_("答复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("查档利用申请")
        verbose_name_plural = _("查档利用申请")

    @property
    def kind(self) -> str:
        return self.service.kind


class ResultFile(models.Model):
    """A file given as the result (copies of archives). Never served publicly: only through the request's access."""

    request = models.ForeignKey(ArchiveRequest, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to="archives/%Y/%m/")
    original_name = models.CharField(max_length=200)
    mime = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
