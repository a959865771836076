"""The annual report: the draft with its default paragraphs, editing with snapshots, stale sentences after the
records change, permissions, publication (gapless 函 number, frozen DOCX) and the generator's DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import DocumentNumberCounter
from fazhi.reports import selectors, services
from fazhi.reports.generator import render_report_docx, report_docx
from fazhi.reports.models import AnnualReport
from fazhi.reports.narrative import stale
from tests.reports.conftest import YEAR, case

pytestmark = pytest.mark.django_db
D = dt.date


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


@pytest.fixture
def report(records):
    return services.report_create(actor=records.world.users["legal"], agency=records.world.agency, year=YEAR)


def _para(report, needle):
    return next(p for p in selectors.paragraphs(report) if needle in p.text)


def test_the_draft_reads_like_the_letter(report):
    assert report.addressee == "省政府法制办公室"  # the top agency has no superior
    assert report.title == "黑龙江省档案局关于2025年度法治政府建设工作情况的报告"
    assert report.status == AnnualReport.Status.DRAFT and report.number == ""
    texts = [p.text for p in selectors.paragraphs(report)]
    headings = [t for t in texts if re.match(r"^[一二三四五六]、", t)]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert texts[0].startswith("按照2025年度")
    assert any("{licensing.total}" in t for t in texts)
    lic = _para(report, "{licensing.total}")
    assert lic.snapshot["licensing.total"] == "4"


def test_city_report_is_addressed_to_its_superior(records):
    city = records.world.city
    r = services.report_create(actor=None, agency=city, year=YEAR)
    assert r.addressee == "黑龙江省档案局"


def test_docx_states_the_current_figures(report):
    text = docx_text(report_docx(report))
    assert "黑龙江省档案局" in text.splitlines()[0]
    assert "省政府法制办公室：" in text
    assert "2025年办理行政许可4项，网上审批率75%" in text
    assert "现行有效的规范性文件3件，废止规范性文件1件" in text
    assert "{" not in text


def test_editing_keeps_a_snapshot_and_changed_figures_mark_the_sentence(report, records):
    legal = records.world.users["legal"]
    para = _para(report, "{licensing.total}")
    para = services.paragraph_save(actor=legal, report_id=report.pk, paragraph_id=para.pk,
                                   text="（一）审批。全年办理行政许可{licensing.total}项。网上审批率{licensing.online_rate}。")
    assert para.snapshot == {"licensing.total": "4", "licensing.online_rate": "75%"}
    current = selectors.report_values(report).display()
    assert stale(para.text, para.snapshot, current) == []
    # a licensing application of the year is registered after the text was written
    case(records.world.agency, "licensing", D(2025, 12, 1), channel="counter")
    current = selectors.report_values(report).display()
    marks = stale(para.text, para.snapshot, current)
    assert [s for s, _c in marks] == ["全年办理行政许可{licensing.total}项。", "网上审批率{licensing.online_rate}。"]
    assert [(c.old, c.new) for _s, cs in marks for c in cs] == [("4", "5"), ("75%", "60%")]
    # the DOCX carries the current figures
    assert "全年办理行政许可5项" in docx_text(report_docx(report))
    # saved again: the writer has seen the new figures
    para = services.paragraph_save(actor=legal, report_id=report.pk, paragraph_id=para.pk, text=para.text)
    assert stale(para.text, para.snapshot, selectors.report_values(report).display()) == []


def test_paragraph_validation(report, records):
    legal = records.world.users["legal"]
    with pytest.raises(ValidationError) as e:
        services.paragraph_save(actor=legal, report_id=report.pk, text="共{licensing.nothing}件", section="duties")
    assert "未知的数据项：licensing.nothing" in e.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as e:
        services.paragraph_save(actor=legal, report_id=report.pk, text="   ", section="duties")
    assert "text" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.paragraph_save(actor=legal, report_id=report.pk, text="新段落", section="nowhere")
    assert "section" in e.value.message_dict
    p = services.paragraph_save(actor=legal, report_id=report.pk, text="（五）新增一段。", section="administration")
    rows = [x.pk for x in selectors.paragraphs(report) if x.section == "administration"]
    assert rows[-1] == p.pk
    services.paragraph_delete(actor=legal, report_id=report.pk, paragraph_id=p.pk)
    assert p.pk not in [x.pk for x in selectors.paragraphs(report)]


def test_who_may_write_and_publish(report, records):
    u = records.world.users
    for name in ("clerk", "handler", "officer1", "sysadmin", "city_clerk", "other_handler"):
        with pytest.raises(PermissionDenied):
            services.paragraph_save(actor=u[name], report_id=report.pk, text="改写", section="intro")
    for name in ("head", "legal", "deputy", "director"):
        services.paragraph_save(actor=u[name], report_id=report.pk, text=f"{name}写的段落。", section="intro")
    for name in ("head", "legal", "deputy"):
        with pytest.raises(PermissionDenied):
            services.report_publish(actor=u[name], report_id=report.pk, date=D(2026, 1, 20))
    with pytest.raises(PermissionDenied):
        services.report_create(actor=u["clerk"], agency=records.world.agency, year=2024)
    with pytest.raises(ValidationError):
        services.report_create(actor=u["legal"], agency=records.world.agency, year=YEAR)  # exists
    with pytest.raises(ValidationError):
        services.report_create(actor=u["legal"], agency=records.world.agency, year=2027)  # not begun


def test_publish_numbers_from_the_letter_series_and_freezes_the_report(report, records):
    director = records.world.users["director"]
    with pytest.raises(ValidationError) as e:
        services.report_publish(actor=director, report_id=report.pk, date=D(2025, 12, 31))
    assert "date" in e.value.message_dict
    services.report_update(actor=director, report_id=report.pk, addressee="省司法厅", title=report.title,
                           date=D(2026, 1, 20))
    DocumentNumberCounter.objects.create(agency=records.world.agency, number_code="函", year=2026, last=4)
    published = services.report_publish(actor=director, report_id=report.pk)
    assert published.number == "黑档函〔2026〕5号" and published.serial == 5
    assert published.date == D(2026, 1, 20)
    assert re.fullmatch(r"黑档函〔\d{4}〕[1-9]\d*号", published.number)
    frozen = report_docx(published)
    assert len(frozen) == published.size
    text = docx_text(frozen)
    assert "黑档函〔2026〕5号" in text and "省司法厅：" in text and "2026年1月20日" in text
    assert published.figures["licensing.total"] == "4"
    assert any("网上审批率75%" in b["text"] for b in published.body)
    # the records change: the issued report does not
    case(records.world.agency, "licensing", D(2025, 12, 1))
    assert report_docx(AnnualReport.objects.get(pk=report.pk)) == frozen
    assert "办理行政许可5项" in docx_text(render_report_docx(AnnualReport.objects.get(pk=report.pk)))
    with pytest.raises(ValidationError):
        services.paragraph_save(actor=director, report_id=report.pk, text="改写", section="intro")
    with pytest.raises(ValidationError):
        services.report_publish(actor=director, report_id=report.pk)
    assert list(selectors.published_reports()) == [published]
    # the next letter of the year takes the next number: the series is gapless
    other = services.report_create(actor=director, agency=records.world.agency, year=2024)
    again = services.report_publish(actor=director, report_id=other.pk, date=D(2026, 1, 21))
    assert again.number == "黑档函〔2026〕6号"
