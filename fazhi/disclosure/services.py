"""Disclosure requests: what the intake calls (validation, the kind's row, the receipt date of 第三十一条) and the
hooks and guards of the "disclosure" process. Every write runs inside the intake's transaction or inside
``fazhi.process.services.case_fire`` (the case row locked).

Receipt dates (《中华人民共和国政府信息公开条例》第三十一条), see ``RECEIPT_RULES``: staff register a paper, fax or
e-mail request with the date the law names, and the clocks start from it at once; a request filed online waits
for the clerk's confirmation, whose date becomes the receipt date."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.models import User
from fazhi.core.services import document_number_next
from fazhi.disclosure import results
from fazhi.disclosure.models import DisclosureRequest, ThirdPartyConsultation
from fazhi.disclosure.process import (
    DEFAULT_CORRECTION_DAYS,
    DISCLOSURE,
    MAX_CORRECTION_DAYS,
    REPLY,
    THIRD_PARTY,
)
from fazhi.disclosure.results import REG
from fazhi.process.models import Case, CaseEvent, Clock
from fazhi.workdays.calendar import compute_deadline

# Replies of 不予处理 whose letter needs the agency's own reasons (the others are said by the ground itself).
REASON_REQUIRED = ("excessive", "reconfirm", "not_gov_info")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# 第三十一条: the receipt date by channel (stored in the case data and the event, in Chinese: citations).
RECEIPT_RULES = {
    Case.Channel.COUNTER: f"{REG}第三十一条第（一）项：当面提交的，以提交之日为收到申请之日",
    Case.Channel.VISIT: f"{REG}第三十一条第（一）项：当面提交的，以提交之日为收到申请之日",
    Case.Channel.PHONE: f"{REG}第二十九条第一款：采用书面形式确有困难、口头提出的，由本机关代为填写申请，以提出之日为收到申请之日",
    Case.Channel.POST: f"{REG}第三十一条第（二）项：以邮寄方式提交的，以本机关签收之日为收到申请之日；以平常信函等无需签收的"
                       "邮寄方式提交的，以双方确认之日为收到申请之日",
    Case.Channel.ONLINE: f"{REG}第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日",
    Case.Channel.EMAIL: f"{REG}第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日",
    Case.Channel.FAX: f"{REG}第三十一条第（三）项：通过政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日",
}


# ---- the intake ---------------------------------------------------------------------------------------------
def validate_fields(fields: dict) -> dict:
    """The kind's own checks after the FieldSpec ones: {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    email = (fields.get("email") or "").strip()
    if email and (len(email) > 254 or not EMAIL_RE.match(email)):
        errors["email"] = [_("电子邮箱格式不正确。")]
    elif fields.get("way") == "email" and not email:
        errors["email"] = [_("以电子邮件方式获取的，请填写电子邮箱。")]
    if len(fields.get("document_title") or "") > 200:
        errors["document_title"] = [_("文件名称不能超过200个字。")]
    if len(fields.get("document_number") or "") > 100:
        errors["document_number"] = [_("文号不能超过100个字。")]
    return errors


def on_submit(request, fields: dict) -> None:
    """Inside the intake's transaction: the requester's category, and for a request registered by staff the
    receipt (第三十一条) that starts the clocks."""
    from fazhi.process.services import case_fire

    case = request.case
    errors: dict[str, list[str]] = {}
    if case.party_kind == Case.PartyKind.PERSON:
        requester_type = DisclosureRequest.RequesterType.PERSON
    else:
        requester_type = fields.get("org_type") or ""
        if requester_type not in DisclosureRequest.RequesterType.values or requester_type == "person":
            errors["org_type"] = [_("法人或其他组织申请的，请选择其类别（年度报告按类别统计）。")]
    if fields.get("way") == "post" and not case.party_address:
        errors["party_address"] = [_("以邮寄方式获取的，请填写通信地址。")]
    if errors:
        raise ValidationError(errors)
    DisclosureRequest.objects.create(case=case, requester_type=requester_type)
    if case.channel != Case.Channel.ONLINE:
        case_fire(case_id=case.pk, transition="register_receipt", actor=None, today=sysclock.today())
        case.refresh_from_db()


# ---- helpers --------------------------------------------------------------------------------------------------
def _clock(case: Case, name: str) -> Clock | None:
    return case.clocks.filter(name=name).order_by("-round").first()


def _date(raw, field: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise ValidationError({field: [_("日期格式应为YYYY-MM-DD。")]}) from None


def _last_event_on(case: Case) -> dt.date | None:
    return CaseEvent.objects.filter(case=case).order_by("-seq").values_list("on", flat=True).first()


def _fee(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(",", "").replace("，", "").replace("元", "").strip())
    except InvalidOperation:
        raise ValidationError({"fee": [_("信息处理费应为金额（元）。")]}) from None
    if not value.is_finite() or value < 0 or value > Decimal("100000"):
        raise ValidationError({"fee": [_("信息处理费应在0至100000元之间。")]})
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _close(case: Case, *, result: str, ground: str, outcome: str, replied_on: dt.date | None = None,
           reply: dict | None = None, fee: Decimal | None = None) -> None:
    d = case.disclosure
    d.result, d.ground, d.replied_on = result, ground, replied_on
    d.reply = reply or {}
    d.fee = fee
    d.save(update_fields=["result", "ground", "replied_on", "reply", "fee"])
    case.outcome = outcome


# ---- hooks and guards of the process ---------------------------------------------------------------------------
def hook_confirm(case, ctx):
    """第三十一条第（三）项: the day both sides confirm is the receipt date; the clocks count from it."""
    day = _date(ctx.data.get("confirmed_on"), "confirmed_on") or ctx.today
    if day > ctx.today:
        raise ValidationError({"confirmed_on": [_("确认收到日期不能晚于今天。")]})
    if day < case.received_on:
        raise ValidationError({"confirmed_on": [_("确认收到日期不能早于网上提交日期（%(day)s）。") % {
            "day": case.received_on.isoformat()}]})
    case.data = {**case.data, "submitted_online_on": case.received_on.isoformat(),
                 "receipt_rule": RECEIPT_RULES[Case.Channel.ONLINE]}
    case.received_on = case.submitted_on = day
    ctx.data["confirmed_on"] = day.isoformat()
    ctx.extra_event_data["received_on"] = day.isoformat()


def hook_register(case, ctx):
    rule = RECEIPT_RULES.get(case.channel, f"{REG}第三十一条")
    case.data = {**case.data, "receipt_rule": rule}
    ctx.extra_event_data.update({"received_on": case.received_on.isoformat(), "receipt_rule": rule})


def guard_correction(case, ctx):
    if case.data.get("correction_notified_on"):
        return _("已经一次性告知过补正，不能再次要求补正（条例第三十条）。")
    clk = _clock(case, "correction")
    today = ctx.today if ctx is not None else sysclock.today()
    if clk is None or clk.state != Clock.State.RUNNING or (clk.due and today > clk.due):
        return _("已超过自收到申请之日起7个工作日的补正告知期限（条例第三十条）。")
    return None


def hook_correction(case, ctx):
    days = ctx.data.get("period_days")
    days = DEFAULT_CORRECTION_DAYS if days is None else days
    if not 1 <= days <= MAX_CORRECTION_DAYS:
        raise ValidationError({"period_days": [_("补正期限应为1至%(max)s个工作日。") % {"max": MAX_CORRECTION_DAYS}]})
    ctx.data["period_days"] = days
    case.data = {**case.data, "correction_notified_on": ctx.today.isoformat()}


def hook_resubmit(case, ctx):
    """第三十条: the reply period counts from the day the corrected request is received — online, the day it is
    filed; on paper, the day the clerk records."""
    staff = ctx.actor is not None and ctx.actor.kind == User.Kind.STAFF
    day = (_date(ctx.data.get("corrected_on"), "corrected_on") if staff else None) or ctx.today
    notified = dt.date.fromisoformat(case.data["correction_notified_on"])
    if day > ctx.today:
        raise ValidationError({"corrected_on": [_("收到补正申请的日期不能晚于今天。")]})
    if day < notified:
        raise ValidationError({"corrected_on": [_("收到补正申请的日期不能早于补正告知日期。")]})
    ctx.data.pop("corrected_on", None)
    case.submitted_on = day
    d = case.disclosure
    d.corrected_description, d.corrected_on = ctx.data["corrected_description"], day
    d.save(update_fields=["corrected_description", "corrected_on"])
    case.data = {**case.data, "corrected_on": day.isoformat()}
    ctx.extra_event_data["corrected_on"] = day.isoformat()


def hook_back_to_due(clock_name: str):
    """A timer fires on the first tick after the due date; the step takes effect as of the due date (the day the
    period ran out), so the clock it stops is not shown overdue and a resumed clock loses no day."""

    def hook(case, ctx):
        clk = _clock(case, clock_name)
        if clk is not None and clk.due is not None and clk.due < ctx.today:
            last = _last_event_on(case)
            ctx.today = max(clk.due, last) if last else clk.due

    return hook


def hook_abandoned(case, ctx):
    _close(case, result=results.OTHER, ground="no_correction", outcome="abandoned")


def hook_withdraw(case, ctx):
    _close(case, result=results.OTHER, ground="withdrawn", outcome="withdrawn")


def hook_reply(result: str):
    def hook(case, ctx):
        ground = ctx.data["ground"]
        if ground == "unclear" and not case.data.get("corrected_on"):
            raise ValidationError({"ground": [_("只有经补正后申请内容仍不明确的，才能以此答复（条例第三十条）；"
                                                "请先一次性告知补正。")]})
        if ground in REASON_REQUIRED and not (ctx.data.get("reason") or "").strip():
            raise ValidationError({"reason": [_("请说明理由。")]})
        fee = _fee(ctx.data.get("fee"))
        if fee is not None:
            ctx.data["fee"] = str(fee)
        if result in (results.OPEN, results.PARTIAL) and case.consultations.filter(
                opinion__in=[ThirdPartyConsultation.Opinion.DISAGREE, ThirdPartyConsultation.Opinion.PARTIAL]).exists():
            # 第三十二条: disclosing against the third party's objection (公共利益) — tell the third party in writing.
            ctx.extra_event_data["third_party_notice_required"] = True
        _close(case, result=result, ground=ground, outcome=result, replied_on=ctx.today, reply=dict(ctx.data), fee=fee)
        case.decided_on = ctx.today

    return hook


def guard_consult(case, ctx):
    clk = _clock(case, "reply")
    if clk is None or clk.state != Clock.State.RUNNING:
        return _("答复期限不在计时中，不能征求第三方意见。")
    return None


def hook_consult(case, ctx):
    """第三十二条: the written consultation. Its letter is kept with the consultation (not among the case's documents,
    which the requester reads), numbered from the agency's 公开 series in this transaction."""
    from fazhi.disclosure.documents import consultation_letter
    from fazhi.documents.render import render_docx

    d = ctx.data
    for name, limit in (("third_party", 200), ("third_party_address", 200)):
        if len(d.get(name) or "") > limit:
            raise ValidationError({name: [_("不能超过%(max)s个字。") % {"max": limit}]})
    due = compute_deadline(ctx.today, THIRD_PARTY.budget, THIRD_PARTY.unit).due
    _serial, number = document_number_next(agency=case.agency, number_code=DISCLOSURE.number_code, year=ctx.today.year)
    c = ThirdPartyConsultation(case=case, third_party=d["third_party"], address=d.get("third_party_address") or "",
                               information=d["information"], concern=d["concern"], sent_on=ctx.today, due=due,
                               number=number)
    data = render_docx(consultation_letter(case, c))
    c.sha256, c.size = hashlib.sha256(data).hexdigest(), len(data)
    c.file.save(f"{case.number}-consultation-{_serial}.docx", ContentFile(data), save=False)
    c.save()
    d["pause_reason"] = "征求第三方意见"
    ctx.extra_event_data["consultation"] = number


def _open_consultation(case) -> ThirdPartyConsultation | None:
    return case.consultations.filter(opinion="").order_by("-id").first()


def hook_third_party_replied(case, ctx):
    c = _open_consultation(case)
    if c is None:
        raise ValidationError(_("没有待回复的征求意见。"))
    day = _date(ctx.data.get("replied_on"), "replied_on") or ctx.today
    if day > ctx.today:
        raise ValidationError({"replied_on": [_("收到意见日期不能晚于今天。")]})
    if day < c.sent_on:
        raise ValidationError({"replied_on": [_("收到意见日期不能早于征求意见日期。")]})
    c.opinion, c.reasons, c.replied_on = ctx.data["opinion"], ctx.data.get("reasons") or "", day
    c.save(update_fields=["opinion", "reasons", "replied_on"])
    ctx.data["replied_on"] = day.isoformat()
    # The time the consultation needed ends the day the opinion arrived: the reply clock resumes as of then.
    ctx.today = day


def hook_third_party_silent(case, ctx):
    hook_back_to_due("third_party")(case, ctx)
    c = _open_consultation(case)
    if c is not None:
        c.opinion = ThirdPartyConsultation.Opinion.NONE
        c.save(update_fields=["opinion"])


def guard_extension(case, ctx):
    clk = _clock(case, "reply")
    if clk is None or clk.state != Clock.State.RUNNING:
        return _("答复期限不在计时中，不能延长。")
    if clk.extension_days >= REPLY.max_extension:
        return _("答复期限已经延长%(days)s个工作日；条例第三十三条第二款规定延长的期限最长不得超过20个工作日。") % {
            "days": clk.extension_days}
    return None
