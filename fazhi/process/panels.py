"""Panels of the generic case page: what an area shows of its own cases (a penalty's evidence, a document's
review, a petition's visits …). An app registers its panel once (in its AppConfig.ready) with the case kinds it
applies to (None: every kind, e.g. "this decision was challenged in reconsideration"), the template, the name the
template reads its context under, and the dotted path of ``context(case, user) -> dict | None`` (imported when
the page is drawn, so nothing is imported at start-up; None: nothing to show)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class CasePanel:
    template: str
    name: str
    context: str  # dotted path of (case, user) -> dict | None
    kinds: tuple[str, ...] | None = None
    staff_only: bool = True


_PANELS: list[CasePanel] = []


def register_panel(panel: CasePanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def panels_for(case, user, *, is_staff: bool) -> tuple[list[str], dict]:
    """The templates to include on the case page, in registration order, and the context they read."""
    templates: list[str] = []
    context: dict = {}
    for panel in _PANELS:
        if panel.kinds is not None and case.kind not in panel.kinds:
            continue
        if panel.staff_only and not is_staff:
            continue
        value = import_string(panel.context)(case, user)
        if value is not None:
            templates.append(panel.template)
            context[panel.name] = value
    return templates, context
