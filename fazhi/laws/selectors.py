"""Reads of the law registry."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from fazhi.laws.models import Article, Law, LawVersion


def laws_all() -> QuerySet[Law]:
    versions = LawVersion.objects.order_by("effective_on", "id")
    return Law.objects.prefetch_related(Prefetch("versions", queryset=versions))


def law_by_code(code: str) -> Law | None:
    return Law.objects.filter(code=(code or "").strip()).first()


def version_on(law: Law, day: dt.date | None) -> LawVersion | None:
    """The version in force on ``day`` (the latest one taking effect on or before it); without a day, or before the
    first version took effect, the current one (a draft citing a law promulgated but not yet in force)."""
    qs = law.versions.order_by("-effective_on", "-id")
    if day is not None:
        found = qs.filter(effective_on__lte=day).first()
        if found is not None:
            return found
    return qs.first()


def versions_with_articles(law: Law) -> list[LawVersion]:
    return list(law.versions.order_by("-effective_on", "-id").prefetch_related(
        Prefetch("articles", queryset=Article.objects.order_by("number"))))


def article_text(law: Law, number: int, *, on: dt.date | None = None) -> str | None:
    version = version_on(law, on)
    if version is None:
        return None
    return version.articles.filter(number=number).values_list("text", flat=True).first()


def law_view(law: Law) -> dict:
    current = law.current
    return {"code": law.code, "title": law.title, "kind": law.kind, "kind_label": str(law.get_kind_display()),
            "issuer": law.issuer, "current": current.label if current else "",
            "repealed": bool(current and current.event == LawVersion.Event.REPEALED)}
