"""The flowchart (流程图), drawn with graphviz from the process definition so it cannot drift from what
the system does. Time limits appear on the arrows that start or extend a clock. Labels are in the active
language; the SVG is cached per definition, highlighted state and language."""

from __future__ import annotations

import functools
import re
import textwrap

import graphviz
from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.process.definition import APPLICANT, SYSTEM, ProcessDefinition, get_definition

FONT = "Noto Sans CJK SC"


def _role_label(role: str) -> str:
    from fazhi.core.models import Role

    if role == APPLICANT:
        return _("申请人")
    if role == SYSTEM:
        return _("系统（期限届满）")
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def _wrap(text: str, width: int) -> str:
    """Chinese: ``width`` characters a line; other languages: at spaces, about twice as many."""
    if not re.search(r"[\u3400-\u9fff]", text):
        return textwrap.fill(text, width * 2, break_long_words=False)
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def to_dot(definition: ProcessDefinition, highlight: str | None = None) -> graphviz.Digraph:
    # Translators: separators of the flowchart's labels: between names, and between time limits.
    comma, semicolon = _("、"), _("；")
    g = graphviz.Digraph(definition.code, format="svg")
    g.attr(rankdir="TB", fontname=FONT, fontsize="12", bgcolor="transparent")
    g.attr("node", fontname=FONT, fontsize="12", shape="box", style="rounded,filled", fillcolor="#f4f6fb",
           color="#44557a")
    g.attr("edge", fontname=FONT, fontsize="10", color="#44557a")
    g.node("__start", label=_("开始"), shape="circle", fillcolor="#ffffff", width="0.5")
    for s in definition.states:
        attrs = {}
        if s.terminal:
            attrs.update(shape="box", style="rounded,filled,bold", fillcolor="#e8f3ea")
        if highlight == s.name:
            attrs.update(fillcolor="#fff3c4", penwidth="2")
        g.node(s.name, label=str(s.label), **attrs)
    start_limits = [x for x in (definition.clock_effect_label(e) for e in definition.start_effects) if x]
    g.edge("__start", definition.initial, label=_("提交申请") + (f"\n{semicolon.join(start_limits)}"
                                                                if start_limits else ""))
    for t in definition.transitions:
        limits = [definition.clock_effect_label(e) for e in t.effects if e.op in ("start", "restart", "extend", "pause")]
        who = comma.join(_role_label(r) for r in t.roles)
        # Translators: a step of the flowchart and who takes it, e.g. "受理（窗口受理）".
        label = _("%(step)s（%(who)s）") % {"step": t.label, "who": who}
        if limits:
            label += "\n" + semicolon.join(x for x in limits if x)
        if len(t.sources) > 3 and t.target is not None:
            # A step open from many states (e.g. withdrawal) is drawn once, from a note naming them.
            note = f"__from_{t.name}"
            names = comma.join(str(definition.state(s).label) for s in t.sources)
            g.node(note, label=_("以下任一环节：") + "\n" + _wrap(names, 18), shape="note", style="filled",
                   fillcolor="#ffffff", fontsize="10")
            g.edge(note, t.target, label=label)
            continue
        for src in t.sources:
            g.edge(src, t.target or src, label=label, style="dashed" if t.timer else "solid")
    return g


def flowchart_svg(code: str, highlight: str | None = None) -> str:
    """SVG markup ready to embed in a page (XML prolog and doctype removed), in the active language."""
    return _flowchart_svg(code, highlight, translation.get_language() or "")


@functools.lru_cache(maxsize=64)
def _flowchart_svg(code: str, highlight: str | None, language: str) -> str:
    with translation.override(language or None):
        svg = to_dot(get_definition(code), highlight).pipe(format="svg").decode("utf-8")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    return svg
