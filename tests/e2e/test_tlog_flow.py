"""The transparency log in the browser, as an anonymous reader meets it: a published normative document's page shows
its log badge; 核验 checks, with Web Crypto only, the checkpoint's Ed25519 signature, the entry's inclusion proof,
the content hash and the values the page shows, and says 核验通过. Someone then edits the document's title in the
database behind the log's back: the same click says 核验未通过, before and after reloading the page. On the licensing
publicity list each row is checked against its own entry (data-tlog-scope)."""

from __future__ import annotations

import pytest
from django.db import connection
from playwright.sync_api import expect

from fazhi.licensing.services import Upload, application_submit
from fazhi.norms import services as norms
from fazhi.norms.models import NormativeDocument
from fazhi.process.services import case_fire
from fazhi.tlog import services
from tests import factories as f
from tests.norms.conftest import docx_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "黑龙江省档案局关于加强档案数字化外包服务安全管理的通知"


def _result(page):
    return page.locator(".tlog-badge .tlog-result")


def test_a_reader_verifies_a_normative_document_and_sees_tampering(world, today, new_page):
    doc = norms.norm_register(actor=world.users["legal"], title=TITLE, number="黑档发〔2016〕7号",
                              drafting_division="政策法规处", published_on="2016-05-03", explanation="补录。",
                              other_bases="《中华人民共和国档案法》", upload=("通知.docx", docx_bytes()))
    entry = services.latest_entry("norms.document", doc.pk)
    assert entry is not None

    anon = new_page()
    anon.goto(f"/norms/{doc.pk}/")
    badge = anon.locator(f'.tlog-badge[data-tlog-index="{entry.index}"]')
    expect(badge).to_contain_text(f"公开日志第 {entry.index} 条（第 1 版）")
    badge.get_by_role("button", name="核验").click()
    expect(_result(anon)).to_contain_text("核验通过")
    expect(_result(anon)).to_contain_text("检查点签名（Ed25519）有效")
    expect(_result(anon)).to_contain_text("页面显示的内容与公开内容一致")
    expect(badge).to_have_attribute("data-tlog-verified", "ok")

    # The row is changed behind the log's back (raw SQL, no service, no new entry).
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {NormativeDocument._meta.db_table} SET title = %s WHERE case_id = %s",  # noqa: S608
                    [TITLE + "（已修改）", doc.pk])
    badge.get_by_role("button", name="核验").click()
    expect(_result(anon)).to_contain_text("核验未通过")
    expect(_result(anon)).not_to_contain_text("核验通过：")
    expect(badge).to_have_attribute("data-tlog-verified", "fail")
    anon.reload()
    expect(anon.locator("#doc-title")).to_have_text(TITLE + "（已修改）")
    anon.locator(".tlog-badge").get_by_role("button", name="核验").click()
    expect(_result(anon)).to_contain_text("核验未通过")


def test_each_row_of_the_publicity_list_is_checked_against_its_own_entry(world, today, new_page):
    u = world.users
    uploads = [Upload(m.code, f"{m.code}.pdf", f.pdf_bytes(m.name)) for m in world.item.materials.all() if m.required]
    numbers = []
    for who in ("citizen", "company"):
        case, _code = application_submit(item=world.item, actor=u[who], fields=f.valid_fields(world.item),
                                         uploads=uploads, channel="online")
        for name, actor, data in (("accept", "clerk", {}), ("propose", "handler", {"opinion": "grant"}),
                                  ("head_approve", "head", {}), ("grant", "director", {"licence_scope": "准予。"})):
            case_fire(case_id=case.pk, transition=name, actor=u[actor], data=data, comment="同意。")
        numbers.append(case.number)

    anon = new_page()
    anon.goto("/publicity/")
    for number in numbers:
        row = anon.locator("#publicity-table tbody tr", has_text=number)
        row.get_by_role("button", name="核验").click()
        expect(row.locator(".tlog-result")).to_contain_text("核验通过")
    expect(anon.locator("#publicity-table")).not_to_contain_text("林小民")
