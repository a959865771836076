"""Writes of the law registry. ``law_version_add`` computes which articles changed against the previous version
and sends ``law_changed`` so that documents citing them are flagged for review."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.laws.models import Article, Law, LawVersion
from fazhi.laws.signals import law_changed


def article_label(number: int) -> str:
    """42 → 第四十二条 (Chinese numerals as the laws write them)."""
    digits = "零一二三四五六七八九"

    def cn(n: int) -> str:
        if n < 10:
            return digits[n]
        if n < 20:
            return "十" + (digits[n % 10] if n % 10 else "")
        if n < 100:
            return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
        rest = n % 100
        head = digits[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + digits[rest]
        return head + (("一" + cn(rest)) if rest < 20 else cn(rest))

    return f"第{cn(number)}条"


def law_version_add(*, law: Law, event: str, label: str, promulgated_on: dt.date, effective_on: dt.date,
                    articles: dict[int, str] | None = None, document_number: str = "", note: str = "",
                    partial: bool = False) -> LawVersion:
    """Add a version. ``articles``: {number: text} of the full text (None for a repeal); with ``partial`` only the
    articles the amendment touches (an empty text deletes one), the others carried over from the previous
    version. Changed articles are those whose text differs from the previous version's, or that were added or
    removed. ``law_changed`` is sent (inside the transaction) when articles changed or the law is repealed."""
    if event not in LawVersion.Event.values:
        raise ValidationError({"event": [_("版本事项无效。")]})
    if effective_on < promulgated_on and event != LawVersion.Event.REPEALED:
        raise ValidationError({"effective_on": [_("施行日期不能早于公布日期。")]})
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": [_("请填写版本名称，如“2020年6月20日修订”。")]})
    if law.versions.filter(label=label).exists():
        raise ValidationError({"label": [_("该法律已有名为“%(label)s”的版本。") % {"label": label}]})
    try:
        articles = {int(n): str(t or "").strip() for n, t in (articles or {}).items()} if articles is not None else None
    except (TypeError, ValueError):
        raise ValidationError({"articles": [_("条文序号应为正整数。")]}) from None
    if articles and min(articles) < 1:
        raise ValidationError({"articles": [_("条文序号应为正整数。")]})
    with transaction.atomic():
        previous = law.versions.select_for_update().order_by("-effective_on", "-id").first()
        if previous is not None and effective_on < previous.effective_on:
            raise ValidationError({"effective_on": [_("新版本的施行日期不能早于现行版本（%(label)s）。") % {
                "label": previous.label}]})
        before = dict(previous.articles.values_list("number", "text")) if previous else {}
        if event == LawVersion.Event.REPEALED:
            changed = sorted(before)
            articles = {}
        else:
            articles = articles or {}
            if partial:
                articles = {**before, **articles}
            articles = {n: t for n, t in articles.items() if t}
            changed = sorted(n for n in set(before) | set(articles) if before.get(n) != articles.get(n)) if previous \
                else []
        version = LawVersion.objects.create(law=law, event=event, label=label, promulgated_on=promulgated_on,
                                            effective_on=effective_on, document_number=document_number,
                                            changed_articles=changed, note=note)
        Article.objects.bulk_create([Article(version=version, number=n, text=t) for n, t in sorted(articles.items())])
        repealed = event == LawVersion.Event.REPEALED
        # A repeal is always news to whoever cites the law, even when the registry holds none of its articles.
        if previous is not None and (changed or repealed):
            law_changed.send(sender=Law, law=law, version=version, articles=changed, repealed=repealed)
    return version


def articles_label(numbers) -> str:
    """[42, 43] → 第四十二条、第四十三条; [] → 全文."""
    numbers = sorted({int(n) for n in numbers or []})
    return "、".join(article_label(n) for n in numbers) if numbers else _("全文")


def law_create(*, code: str, title: str, kind: str, issuer: str = "") -> Law:
    """A law, regulation or rule added to the registry (its versions follow with ``law_version_add``)."""
    from django.utils.text import slugify

    errors: dict[str, list[str]] = {}
    code = (code or "").strip()
    if not code or slugify(code) != code:
        errors["code"] = [_("编码只能包含小写字母、数字和连字符。")]
    elif Law.objects.filter(code=code).exists():
        errors["code"] = [_("编码已被使用。")]
    title = (title or "").strip().strip("《》")
    if not title:
        errors["title"] = [_("请填写名称。")]
    if kind not in Law.Kind.values:
        errors["kind"] = [_("请选择效力级别。")]
    if errors:
        raise ValidationError(errors)
    return Law.objects.create(code=code, title=title[:200], kind=kind, issuer=(issuer or "").strip()[:200])
