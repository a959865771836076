"""The flowchart is drawn from the process definition: every state and transition, in Chinese, with the
time limits on the arrows."""

import re

from fazhi.licensing.process import LICENSING
from fazhi.process.flowchart import flowchart_svg, to_dot


def test_flowchart_has_every_state_and_time_limits():
    svg = flowchart_svg("licensing")
    assert svg.lstrip().startswith("<svg")
    text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for state in LICENSING.states:
        assert str(state.label) in text, state.label
    assert "受理审查期限5个工作日" in text
    assert "审查决定期限20个工作日" in text
    assert "审查决定期限延长10个工作日" in text
    assert "颁发证件期限10个工作日" in text


def test_every_transition_appears_in_the_dot_source():
    source = to_dot(LICENSING).source
    for t in LICENSING.transitions:
        assert str(t.label) in source, t.name


def test_highlight_marks_the_current_state():
    assert flowchart_svg("licensing", "pending_head") != flowchart_svg("licensing")
