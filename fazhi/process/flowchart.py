"""The flowchart (流程图), drawn with graphviz from the process definition so it cannot drift from what
the system does. Time limits appear on the arrows that start or extend a clock."""

from __future__ import annotations

import functools
import re

import graphviz

from fazhi.process.definition import APPLICANT, SYSTEM, ProcessDefinition, get_definition

FONT = "Noto Sans CJK SC"


def _role_label(role: str) -> str:
    from fazhi.core.models import Role

    if role == APPLICANT:
        return "申请人"
    if role == SYSTEM:
        return "系统（期限届满）"
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def _wrap(text: str, width: int) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def to_dot(definition: ProcessDefinition, highlight: str | None = None) -> graphviz.Digraph:
    g = graphviz.Digraph(definition.code, format="svg")
    g.attr(rankdir="TB", fontname=FONT, fontsize="12", bgcolor="transparent")
    g.attr("node", fontname=FONT, fontsize="12", shape="box", style="rounded,filled", fillcolor="#f4f6fb",
           color="#44557a")
    g.attr("edge", fontname=FONT, fontsize="10", color="#44557a")
    g.node("__start", label="开始", shape="circle", fillcolor="#ffffff", width="0.5")
    for s in definition.states:
        attrs = {}
        if s.terminal:
            attrs.update(shape="box", style="rounded,filled,bold", fillcolor="#e8f3ea")
        if highlight == s.name:
            attrs.update(fillcolor="#fff3c4", penwidth="2")
        g.node(s.name, label=s.label, **attrs)
    start_limits = [definition.clock_effect_label(e) for e in definition.start_effects]
    g.edge("__start", definition.initial, label="提交申请" + (f"\n{'；'.join(x for x in start_limits if x)}"
                                                              if start_limits else ""))
    for t in definition.transitions:
        limits = [definition.clock_effect_label(e) for e in t.effects if e.op in ("start", "restart", "extend", "pause")]
        who = "、".join(_role_label(r) for r in t.roles)
        label = f"{t.label}（{who}）"
        if limits:
            label += "\n" + "；".join(x for x in limits if x)
        if len(t.sources) > 3 and t.target is not None:
            # A step open from many states (e.g. withdrawal) is drawn once, from a note naming them.
            note = f"__from_{t.name}"
            names = "、".join(definition.state(s).label for s in t.sources)
            g.node(note, label=f"以下任一环节：\n{_wrap(names, 18)}", shape="note", style="filled",
                   fillcolor="#ffffff", fontsize="10")
            g.edge(note, t.target, label=label)
            continue
        for src in t.sources:
            g.edge(src, t.target or src, label=label, style="dashed" if t.timer else "solid")
    return g


@functools.lru_cache(maxsize=64)
def flowchart_svg(code: str, highlight: str | None = None) -> str:
    """SVG markup ready to embed in a page (XML prolog and doctype removed)."""
    svg = to_dot(get_definition(code), highlight).pipe(format="svg").decode("utf-8")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    return svg
