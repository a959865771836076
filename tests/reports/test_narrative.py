"""Placeholders, sentences, headings and the marks on sentences whose figures changed (no database)."""

from __future__ import annotations

from fazhi.reports.narrative import changes, fill, level_of, placeholders, render_html, sentences, stale

TEXT = "（一）审批。2025年办理行政许可{licensing.total}项，网上审批率{licensing.online_rate}。规范性文件{norms.valid}件；另有说明！"


def test_placeholders_and_fill():
    assert placeholders(TEXT) == ["licensing.total", "licensing.online_rate", "norms.valid"]
    assert placeholders("{year} {notakey} {a.b}{a.b}") == ["a.b"]
    assert fill(TEXT, {"licensing.total": "2", "licensing.online_rate": "100%"}) == (
        "（一）审批。2025年办理行政许可2项，网上审批率100%。规范性文件{norms.valid}件；另有说明！")


def test_sentences_and_levels():
    assert sentences(TEXT) == ["（一）审批。", "2025年办理行政许可{licensing.total}项，网上审批率{licensing.online_rate}。",
                               "规范性文件{norms.valid}件；", "另有说明！"]
    assert sentences("“好。”他说") == ["“好。”", "他说"]
    assert level_of("一、依法全面履行职责") == 1
    assert level_of("（三）深入实施") == 2
    assert level_of("1. 第一") == 3 and level_of("（2）第二") == 3
    assert level_of("按照要求") == 0


def test_only_sentences_with_changed_figures_are_stale():
    snap = {"licensing.total": "2", "licensing.online_rate": "100%", "norms.valid": "30"}
    now = {"licensing.total": "3", "licensing.online_rate": "100%", "norms.valid": "30"}
    marks = stale(TEXT, snap, now)
    assert len(marks) == 1
    sentence, found = marks[0]
    assert "{licensing.total}" in sentence
    assert [(c.key, c.old, c.new) for c in found] == [("licensing.total", "2", "3")]
    assert stale(TEXT, snap, snap) == []
    # a figure added after the text was written (not in the snapshot) is not a change
    assert changes("{norms.repealed}件。", {}, {"norms.repealed": "5"}) == []


def test_html_links_figures_marks_stale_sentences_and_escapes_text():
    snap = {"licensing.total": "2"}
    now = {"licensing.total": "3"}
    html = str(render_html("<script>x</script>办理{licensing.total}项。其他。", snap, now,
                           lambda k: f"/reports/records/{k}/?year=2025"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a class="figure" href="/reports/records/licensing.total/?year=2025" data-key="licensing.total">3</a>' in html
    assert html.count("<mark") == 1
    assert "licensing.total 原为 2，现为 3" in html
    assert html.endswith("其他。")
