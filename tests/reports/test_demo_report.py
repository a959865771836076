"""Done when: the 2017 report generated from the demo states what the seed letter (黑档函〔2018〕15号) states — every
figure computed from the demo's 2017 records — with the letter's number, addressee and date; through the command
`fazhi report annual 2017 --out FILE.docx` (as issued) and the generator (from the records, now)."""

from __future__ import annotations

import io
import re

import docx
import pytest
from django.core.management import call_command

from fazhi.core.demo.load import demo_load
from fazhi.core.models import Agency
from fazhi.reports import figures, selectors
from fazhi.reports.generator import render_report_docx
from fazhi.reports.models import AnnualReport

pytestmark = pytest.mark.django_db

# What the letter says, as the generated report says it.
LETTER = {
    "2 licences": "2017年办理行政许可2项",
    "100% online": "网上审批率100%",
    "30 valid, 67 repealed": "现行有效的规范性文件30件，废止规范性文件67件",
    "3 repealed in the 2017 clean-up": "2017年开展规范性文件清理，废止规范性文件3件",
    "63 units inspected": "对63家单位档案工作开展了执法检查",
    "6 rectification orders": "下达责令整改书6份",
    "23 enterprises drawn, 2 ordered to rectify": "对23家企业开展了随机抽查，责令整改2家单位",
    "5 groups": "组成5个检查组",
    "70 units": "共检查档案部门和单位70家",
    "an 11-member committee": "主任、副主任和委员共11人组成",
    "13 teams": "共有13支代表队伍报名参赛",
    "1, 2 and 5 prizes": "一等奖1队、二等奖2队、三等奖5队",
}


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]


def test_the_2017_report_states_the_letter(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    hlj = Agency.objects.get(code="hlj")
    report = selectors.report_of(hlj, 2017)
    assert report is not None

    out = tmp_path / "2017.docx"
    call_command("report", "annual", "2017", "--out", str(out))  # the top agency by default
    printed = capsys.readouterr().out
    assert "licensing.total" in printed and "wrote" in printed
    issued = paragraphs(out.read_bytes())
    fresh = paragraphs(render_report_docx(report))
    missing = {}
    for name, text in (("issued", issued), ("fresh", fresh)):
        whole = "\n".join(text)
        gone = [what for what, phrase in LETTER.items() if phrase not in whole]
        if gone:
            missing[name] = gone

    # every figure of the demo's 2017, the other apps' summaries included: its records page lists exactly its rows
    scope = selectors.scope_for(hlj, 2017, "own")
    ev = figures.evaluate(scope)
    for key, figure in figures.registry().items():
        qs = figures.records(figure, scope)
        if qs is None or figure.kind == "sum" or not ev[key].available:
            continue
        expected = ev[key].den if figure.kind == "rate" else ev[key].value
        assert qs.count() == expected, key
    assert ev["assessment.units"].value == 70 and ev["education.contest.teams"].value == 13

    from fazhi.reconsideration.models import CommitteeMember

    terms = sorted({str(m.term_start) for m in CommitteeMember.objects.filter(agency=hlj)})
    assert not missing, (f"not stated: {missing} (reconsideration committee members of the demo start their term "
                         f"on {terms}; the letter's committee was set up in 2017)")

    # the letter's head and foot
    assert report.status == AnnualReport.Status.PUBLISHED
    assert report.number == "黑档函〔2018〕15号"
    assert re.fullmatch(r"黑档函〔2018〕[1-9]\d*号", issued[1])
    assert issued[0] == "黑龙江省档案局"  # the agency mark
    assert issued[1] == "黑档函〔2018〕15号"
    assert issued[2] == "黑龙江省档案局关于报送法治政府建设工作情况的函"
    assert issued[3] == "省政府法制办："
    assert issued[-2:] == ["黑龙江省档案局", "2018年1月22日"]
    headings = [p for p in issued if re.match(r"^[一二三四五六]、", p)]
    assert len(headings) == 6

    # loading the demo again changes nothing
    demo_load()
    assert AnnualReport.objects.filter(agency=hlj, year=2017).count() == 1
    assert AnnualReport.objects.get(agency=hlj, year=2017).number == "黑档函〔2018〕15号"
