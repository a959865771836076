"""行政复议 (administrative reconsideration, 《中华人民共和国行政复议法》2023年修订, in force 2024-01-01, below "复议法")
and the reconsideration committee (行政复议委员会, art. 52).

A reconsideration is a process case of one of two kinds, each with a ``Reconsideration`` row holding what is
specific to it (docs/reconsideration.md):

* ``reconsideration`` — the agency is the **reconsideration organ** (复议机关): it receives the application through
  the one intake (fazhi/requests), reviews admission, hears the case and decides. Used where the agency has the
  competence (``Competence``: its own acts, e.g. a State Council department under art. 25, or the acts of lower
  agencies where a law or the province gives it jurisdiction).
* ``reconsideration_respondent`` — the agency is the **respondent** (被申请人): another organ (usually the people's
  government at the same level, art. 24) sent it the copy of an application; it answers within 10 working days
  (art. 48; 5 under the simple procedure, art. 54), attends the hearing, receives the decision and performs it
  (art. 77). Opened by staff, or by the organ's case when the respondent is an agency of this system.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User


class DecisionType(models.TextChoices):
    """复议决定的种类, each with its article (复议法第五章)."""

    CHANGE = "change", _("变更（第六十三条）")
    REVOKE = "revoke", _("撤销（第六十四条）")
    PARTIAL_REVOKE = "partial_revoke", _("部分撤销（第六十四条）")
    REVOKE_REDO = "revoke_redo", _("撤销并责令重新作出行政行为（第六十四条）")
    CONFIRM_ILLEGAL = "confirm_illegal", _("确认违法（第六十五条）")
    ORDER_PERFORM = "order_perform", _("责令履行（第六十六条）")
    CONFIRM_VOID = "confirm_void", _("确认无效（第六十七条）")
    MAINTAIN = "maintain", _("维持（第六十八条）")
    REJECT_REQUEST = "reject_request", _("驳回行政复议请求（第六十九条）")
    DISMISS_APPLICATION = "dismiss_application", _("驳回行政复议申请（第三十三条）")


class Reconsideration(models.Model):
    class Role(models.TextChoices):
        ORGAN = "organ", _("复议机关（本机关审理）")
        RESPONDENT = "respondent", _("被申请人（本机关答复）")

    class Procedure(models.TextChoices):
        ORDINARY = "ordinary", _("普通程序")
        SIMPLE = "simple", _("简易程序")

    class LimitException(models.TextChoices):
        FORCE_MAJEURE = "force_majeure", _("因不可抗力耽误申请期限（第二十条第二款）")
        OTHER_REASON = "other_reason", _("因其他正当理由耽误申请期限（第二十条第二款）")
        NOT_INFORMED = "not_informed", _("作出行政行为时未告知申请行政复议的权利、复议机关和期限（第二十条第三款）")

    case = models.OneToOneField("process.Case", on_delete=models.PROTECT, related_name="reconsideration")
    role = models.CharField(_("本机关的地位"), max_length=12, choices=Role.choices)
    # The organ that decides (for the respondent side; on the organ side it is the case's agency).
    organ_name = models.CharField(_("行政复议机关"), max_length=100, blank=True)

    # ---- the act challenged -------------------------------------------------------------------------------
    respondent_name = models.CharField(_("被申请人"), max_length=100)
    respondent_agency = models.ForeignKey(Agency, verbose_name=_("被申请人（本系统机关）"), null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    act_title = models.CharField(_("行政行为"), max_length=200)
    act_number = models.CharField(_("文号"), max_length=60, blank=True)
    act_date = models.DateField(_("行政行为作出日期"), null=True, blank=True)
    known_on = models.DateField(_("知道该行政行为之日"), null=True, blank=True)
    # The penalty or licensing case of this system whose decision is challenged (by its 文号 or case number).
    challenged_case = models.ForeignKey("process.Case", verbose_name=_("被申请复议的办件"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="challenges")
    request_text = models.TextField(_("行政复议请求"), blank=True)
    facts_reasons = models.TextField(_("事实和理由"), blank=True)

    # ---- the application period (art. 20, 21) ---------------------------------------------------------------
    limit_due = models.DateField(_("申请期限届满日"), null=True, blank=True)
    late = models.BooleanField(_("超过六十日申请期限"), default=False)
    limit_exception = models.CharField(_("逾期理由"), max_length=16, choices=LimitException.choices, blank=True)
    limit_exception_note = models.TextField(_("逾期理由说明"), blank=True)
    remedy_known_on = models.DateField(_("知道复议权利、复议机关和期限之日"), null=True, blank=True)
    # The organ's finding, recorded when it admits a late application (an exception accepted).
    limit_finding = models.TextField(_("对申请期限的认定"), blank=True)

    # ---- procedure ----------------------------------------------------------------------------------------
    procedure = models.CharField(_("审理程序"), max_length=10, choices=Procedure.choices, blank=True)
    simple_ground = models.CharField(_("适用简易程序的情形"), max_length=20, blank=True)
    major = models.BooleanField(_("重大、疑难、复杂案件"), default=False)

    # ---- the respondent's answer (art. 48, 54, 70) -------------------------------------------------------------
    copy_received_on = models.DateField(_("被申请人收到申请书副本之日"), null=True, blank=True)
    answer_received_on = models.DateField(_("收到书面答复之日"), null=True, blank=True)
    answer_summary = models.TextField(_("答复要点"), blank=True)
    answer_evidence = models.JSONField(_("证据、依据和其他有关材料"), default=list, blank=True)
    answer_overdue = models.BooleanField(_("被申请人逾期未答复"), default=False)

    # ---- hearing of opinions and hearing (art. 49–51) ---------------------------------------------------------
    opinions_heard_on = models.DateField(_("听取意见日期"), null=True, blank=True)
    hearing_date = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_place = models.CharField(_("听证地点"), max_length=100, blank=True)
    hearing_presiding = models.CharField(_("听证主持人"), max_length=50, blank=True)
    hearing_held_on = models.DateField(_("举行听证日期"), null=True, blank=True)
    hearing_record = models.TextField(_("听证笔录要点"), blank=True)

    # ---- decision (art. 61–69, 75) ----------------------------------------------------------------------------
    decision_type = models.CharField(_("复议决定"), max_length=20, choices=DecisionType.choices, blank=True)
    decision_ground = models.CharField(_("适用情形"), max_length=200, blank=True)
    decision_facts = models.TextField(_("审理查明的事实"), blank=True)
    decision_reasons = models.TextField(_("理由"), blank=True)
    decision_basis = models.TextField(_("依据"), blank=True)
    decision_content = models.TextField(_("决定内容"), blank=True)
    perform_days = models.PositiveIntegerField(_("履行期限（日）"), null=True, blank=True)
    decision_number = models.CharField(_("复议决定书文号"), max_length=60, blank=True)
    served_on = models.DateField(_("决定书送达日期"), null=True, blank=True)
    performed_on = models.DateField(_("履行日期"), null=True, blank=True)
    performance_note = models.TextField(_("履行情况"), blank=True)
    withdrawal_requested_on = models.DateField(_("申请撤回日期"), null=True, blank=True)

    # The case on the other side: the organ's case ↔ the respondent's case (when both agencies use the system).
    counterpart = models.OneToOneField("self", verbose_name=_("对应办件"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("行政复议案件")
        verbose_name_plural = _("行政复议案件")

    def __str__(self) -> str:
        return self.case.number

    @property
    def needs_committee(self) -> bool:
        """复议法第五十二条第二款第（一）项: a major, difficult or complex case goes to the committee."""
        return self.major


class Competence(models.Model):
    """What this agency decides as a reconsideration organ (复议法第二十四条至第二十八条): its own acts, or the acts of
    the agencies below it, with the legal basis that gives it the competence. Shown at the admission review
    (第三十条第一款第（六）项: 属于本机关的管辖范围)."""

    class Scope(models.TextChoices):
        OWN = "own", _("本机关作出的行政行为")
        LOWER = "lower", _("下级机关作出的行政行为")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("管辖范围"), max_length=8, choices=Scope.choices)
    legal_basis = models.CharField(_("依据"), max_length=300)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("行政复议管辖")
        verbose_name_plural = _("行政复议管辖")
        constraints = [models.UniqueConstraint(fields=["agency", "scope"], name="uniq_recon_competence")]


class CommitteeMember(models.Model):
    """A member of the agency's reconsideration committee (行政复议委员会, 复议法第五十二条第一款: 相关政府部门、专家、
    学者等参与): internal officials and external scholars and lawyers."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("内部委员")
        EXTERNAL = "external", _("外部委员")

    class Profession(models.TextChoices):
        OFFICIAL = "official", _("机关工作人员")
        SCHOLAR = "scholar", _("学者")
        LAWYER = "lawyer", _("律师")
        OTHER = "other", _("其他专业人员")

    class Position(models.TextChoices):
        CHAIR = "chair", _("主任")
        VICE_CHAIR = "vice_chair", _("副主任")
        MEMBER = "member", _("委员")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=12, choices=Position.choices, default=Position.MEMBER)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    profession = models.CharField(_("身份"), max_length=10, choices=Profession.choices)
    affiliation = models.CharField(_("工作单位及职务（职称）"), max_length=150)
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期届满"), null=True, blank=True)
    active = models.BooleanField(_("在任"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("行政复议委员会委员")
        verbose_name_plural = _("行政复议委员会委员")
        ordering = ["agency_id", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def serving_on(self, day) -> bool:
        return self.active and self.term_start <= day and (self.term_end is None or day <= self.term_end)


class CommitteeAdvice(models.Model):
    """The committee's advice on a case (咨询意见, 复议法第五十二条第二款、第三款), recorded by the reconsideration
    division; the organ takes it as an important reference for its decision (第六十一条第三款)."""

    reconsideration = models.ForeignKey(Reconsideration, on_delete=models.PROTECT, related_name="advices")
    meeting_date = models.DateField(_("会议日期"))
    ground = models.CharField(_("提请咨询的情形"), max_length=20)
    members = models.ManyToManyField(CommitteeMember, verbose_name=_("参加委员"), related_name="advices")
    advice = models.TextField(_("咨询意见"))
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(_("记录日期"))

    class Meta:
        verbose_name = _("行政复议委员会咨询意见")
        verbose_name_plural = _("行政复议委员会咨询意见")
        ordering = ["meeting_date", "id"]
