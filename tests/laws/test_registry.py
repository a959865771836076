"""The law registry: the seed, versions with changed articles, the signal, the API and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.laws.models import Law, LawVersion
from fazhi.laws.selectors import article_text, version_on
from fazhi.laws.services import article_label, articles_label, law_create, law_version_add
from fazhi.laws.signals import law_changed
from tests import factories as f

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_seed_holds_the_laws_the_agency_relies_on():
    codes = set(Law.objects.values_list("code", flat=True))
    assert {"archives-law", "archives-law-regulation", "licensing-law", "penalty-law", "disclosure-regulation",
            "petition-regulation", "reconsideration-law", "major-decision-regulation"} <= codes
    archives = Law.objects.get(code="archives-law")
    assert [v.label for v in archives.versions.order_by("effective_on")] == [
        "1987年9月5日公布", "1996年7月5日修正", "2016年11月7日修正", "2020年6月20日修订"]
    current = archives.current
    assert current.document_number == "中华人民共和国主席令第四十七号" and current.effective_on == D(2021, 1, 1)
    for n in (24, 42, 43, 48, 49):
        assert current.articles.filter(number=n).exists(), n
    assert "二万元以上二十万元以下" in article_text(archives, 49)
    assert version_on(archives, D(2018, 1, 1)).label == "2016年11月7日修正"
    assert Law.objects.get(code="major-decision-regulation").current.document_number.endswith("第713号")
    assert Law.objects.get(code="archives-law-regulation").current.effective_on == D(2024, 3, 1)


def test_article_labels():
    assert article_label(42) == "第四十二条"
    assert article_label(10) == "第十条" and article_label(110) == "第一百一十条" and article_label(103) == "第一百零三条"
    assert articles_label([43, 42]) == "第四十二条、第四十三条" and articles_label([]) == "全文"


def _law():
    law = law_create(code="test-law", title="《测试条例》", kind="local_regulation", issuer="某省人大常委会")
    law_version_add(law=law, event="promulgated", label="2010年公布", promulgated_on=D(2010, 1, 1),
                    effective_on=D(2010, 3, 1), articles={1: "甲", 2: "乙", 3: "丙"})
    return law


def test_changed_articles_and_the_signal():
    law = _law()
    assert law.title == "测试条例"
    received = []

    def receiver(sender, **kw):
        received.append(kw)

    law_changed.connect(receiver)
    try:
        v = law_version_add(law=law, event="amended", label="2015年修正", promulgated_on=D(2015, 1, 1),
                            effective_on=D(2015, 1, 1), articles={1: "甲", 2: "乙（修改）", 4: "丁"})
        assert v.changed_articles == [2, 3, 4]  # changed, deleted, added
        assert received[-1]["articles"] == [2, 3, 4] and received[-1]["repealed"] is False
        # Partial: only the touched articles; "" deletes one; the others carry over.
        v2 = law_version_add(law=law, event="amended", label="2018年修正", promulgated_on=D(2018, 1, 1),
                             effective_on=D(2018, 1, 1), articles={1: "甲（修改）", 4: ""}, partial=True)
        assert v2.changed_articles == [1, 4]
        assert dict(v2.articles.values_list("number", "text")) == {1: "甲（修改）", 2: "乙（修改）"}
        # A repeal is sent even when the registry held no article of the law.
        bare = law_create(code="bare-law", title="无条文的规定", kind="department_rule")
        law_version_add(law=bare, event="promulgated", label="公布", promulgated_on=D(2000, 1, 1),
                        effective_on=D(2000, 1, 1))
        law_version_add(law=bare, event="repealed", label="废止", promulgated_on=D(2020, 1, 1),
                        effective_on=D(2020, 1, 1))
        assert received[-1]["repealed"] is True and received[-1]["articles"] == []
    finally:
        law_changed.disconnect(receiver)


def test_version_checks():
    from django.core.exceptions import ValidationError

    law = _law()
    with pytest.raises(ValidationError):
        law_version_add(law=law, event="amended", label="2010年公布", promulgated_on=D(2011, 1, 1),
                        effective_on=D(2011, 1, 1), articles={})
    with pytest.raises(ValidationError):
        law_version_add(law=law, event="amended", label="更早", promulgated_on=D(2009, 1, 1),
                        effective_on=D(2009, 1, 1), articles={})
    with pytest.raises(ValidationError):
        law_version_add(law=law, event="nonsense", label="x", promulgated_on=D(2011, 1, 1), effective_on=D(2011, 1, 1))
    with pytest.raises(ValidationError):
        law_create(code="Bad Code", title="x", kind="law")


def test_api_and_pages(world):
    anon = Client()
    r = anon.get("/api/v1/norms/laws")
    assert r.status_code == 200 and any(x["code"] == "archives-law" for x in r.json())
    r = anon.get("/api/v1/norms/laws/archives-law")
    body = r.json()
    assert body["current"] == "2020年6月20日修订"
    assert any(a["number"] == 48 for a in body["versions"][0]["articles"])
    assert anon.get("/api/v1/norms/laws/nope").status_code == 404
    assert anon.get("/norms/laws/").status_code == 200
    page = anon.get("/norms/laws/archives-law/")
    assert page.status_code == 200 and "第48条" in page.content.decode() and "添加版本" not in page.content.decode()

    payload = {"event": "amended", "label": "2030年修正", "promulgated_on": "2030-01-01",
               "effective_on": "2030-01-01", "articles": {"24": "新的第二十四条"}, "partial": True}
    assert anon.post("/api/v1/norms/laws/archives-law/versions", payload,
                     content_type="application/json").status_code == 401
    handler = Client()
    handler.force_login(world.users["handler"])
    assert handler.post("/api/v1/norms/laws/archives-law/versions", payload,
                        content_type="application/json").status_code == 403
    legal = Client()
    legal.force_login(world.users["legal"])
    r = legal.post("/api/v1/norms/laws/archives-law/versions", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["changed_articles"] == [24] and r.json()["flagged_documents"] == 0
    r = legal.post("/api/v1/norms/laws/archives-law/versions", payload, content_type="application/json")
    assert r.status_code == 400 and "label" in r.json()["fields"]
    r = legal.post("/api/v1/norms/laws", {"code": "hlj-archives-regulation", "title": "黑龙江省档案管理条例",
                                          "kind": "local_regulation"}, content_type="application/json")
    assert r.status_code == 201

    # The page form for the legal division.
    assert "添加版本" in legal.get("/norms/laws/archives-law/").content.decode()
    r = legal.post("/norms/staff/laws/hlj-archives-regulation/versions/", {
        "event": "promulgated", "label": "2010年公布", "promulgated_on": "2010-01-01", "effective_on": "2010-03-01",
        "articles": "1|为了加强档案管理……\n2|本条例适用于……", "partial": "1"}, follow=True)
    assert LawVersion.objects.filter(law__code="hlj-archives-regulation").count() == 1
    assert "已添加版本" in r.content.decode()
    r = legal.post("/norms/staff/laws/hlj-archives-regulation/versions/", {
        "event": "amended", "label": "坏", "promulgated_on": "2011-01-01", "effective_on": "2011-01-01",
        "articles": "没有竖线"}, follow=True)
    assert "条号|条文" in r.content.decode()
    citizen = Client()
    citizen.force_login(f.person("reader"))
    assert citizen.post("/norms/staff/laws/archives-law/versions/", {}).status_code == 404
