"""The public full-text search in Chinese: phrases found inside words, the same on SQLite and PostgreSQL
(run this file with DATABASE_URL=postgres://…), ranked, filtered by status, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.norms import search, selectors
from fazhi.norms.models import SearchEntry
from tests.norms.conftest import draft, fire, to_valid

pytestmark = pytest.mark.django_db


def test_normalize_and_phrases():
    assert search.normalize("档案馆（2015年）ABC，ｄｏｃｘ") == "档 案 馆 2015 年 abc docx"
    assert search.normalize("黑档发〔2015〕12号") == "黑 档 发 2015 12 号"
    assert search.phrases(' 档案馆  "开放"  档案馆 ') == ["档 案 馆", "开 放"]
    assert search.phrases("!!! ''' ***") == []
    assert search.lexemes("档 案 馆") == ["案", "案馆", "档", "档案", "馆"]


def _docs(world, today):
    a = to_valid(world, draft(world, title="黑龙江省档案局关于加强档案馆建设的通知", paragraphs=[
        "各级国家档案馆应当按照标准建设馆库。", "档案馆库房应当配备温湿度调控设备。"]), today)
    b = to_valid(world, draft(world, title="黑龙江省档案局关于做好民生档案工作的意见", paragraphs=[
        "民生档案实行跨馆出具，利用者可以就近向综合档案馆提出查档申请。", "本意见自2015年1月1日起施行。"]), today)
    c = draft(world, title="起草中的文件", paragraphs=["起草中的正文也提到档案馆和独特词语甲乙丙丁。"])
    return a, b, c


def test_phrases_inside_words(world, today):
    a, b, c = _docs(world, today)

    def ids(q, status="valid"):
        return search.search(q, statuses=selectors.STATUS_ENTRIES[status]).ids

    assert set(ids("档案")) == {a.pk, b.pk}
    assert set(ids("案馆")) == {a.pk, b.pk}  # 案馆 inside 档案馆
    assert ids("库房") == [a.pk]
    assert ids("跨馆出具") == [b.pk]
    assert ids("跨馆 查档") == [b.pk]  # every phrase must occur
    assert ids("跨馆 库房") == []
    assert ids("馆出具跨") == []  # the characters in another order are not the phrase
    assert ids("2015") == [b.pk] and ids("201") == []  # numbers are whole words
    assert ids("甲乙丙丁") == []  # drafts are never searchable
    # Title matches rank first.
    assert ids("档案馆")[0] == a.pk
    assert ids("民生档案") == [b.pk]
    # Status: a repealed document moves to the repealed list.
    fire(b, "repeal", world.users["director"], "不再适用。", repealed_on=today.isoformat())
    assert ids("跨馆出具") == [] and ids("跨馆出具", "repealed") == [b.pk] and ids("跨馆出具", "invalid") == [b.pk]
    assert SearchEntry.objects.get(pk=b.pk).status == "repealed"


@pytest.mark.parametrize("query", [
    '"', '""', "'", "\\", "档案\" OR \"x", "NEAR(档 案)", "档案 AND", "OR", "*", "档*", "^档", "{title_n}:档案",
    "档案'; DROP TABLE norms_searchentry; --", "(档案", "档案)", ":", "-档案", "档" * 500, "\x00档案", "🙂档案",
])
def test_hostile_queries_are_never_a_500(world, today, query):
    _docs(world, today)
    client = Client()
    assert client.get("/norms/search/", {"q": query}).status_code == 200
    r = client.get("/api/v1/norms/documents", {"q": query, "status": "valid"})
    assert r.status_code == 200, r.content


def test_search_api_and_page(world, today):
    a, b, _c = _docs(world, today)
    client = Client()
    r = client.get("/api/v1/norms/documents", {"q": "案馆库", "status": "valid"})
    body = r.json()
    assert body["count"] == 1 and body["count_exact"] and body["results"][0]["id"] == a.pk
    assert "档案馆库房" in body["results"][0]["snippet"]
    page = client.get("/norms/search/", {"q": "跨馆出具"}).content.decode()
    assert b.title in page and "<mark>跨馆出具</mark>" in page and "找到1件" in page


def test_broad_queries_rank_titles_first_then_newest(world, today, monkeypatch):
    monkeypatch.setattr(search, "EXACT_LIMIT", 2)
    older = to_valid(world, draft(world, title="正文提到档案的通知一", paragraphs=["档案工作。"]), today)
    in_title = to_valid(world, draft(world, title="档案工作规定", paragraphs=["本规定。"]), today)
    newer = to_valid(world, draft(world, title="正文提到的通知二", paragraphs=["档案工作。"]), today)
    # Make "newer" the most recently published.
    from fazhi.norms.services import index_document

    newer.published_on = today + dt.timedelta(days=1)
    newer.save(update_fields=["published_on"])
    index_document(newer)
    hits = search.search("档案工作", statuses=("valid",))
    assert not hits.count_exact and hits.count == 3
    assert hits.ids[0] == in_title.pk and hits.ids[1:] == [newer.pk, older.pk]
    assert search.search("档案工作", statuses=("valid",), offset=2, limit=5).ids == [older.pk]


def test_snippet_is_cut_from_the_original_text():
    text = "各市（地）档案局，省直各单位：\n国家档案馆应当ＡＢＣ接收进馆档案。"
    assert search.snippet(text, search.phrases("案馆")) == ("各市（地）档案局，省直各单位： 国家档", "案馆", "应当ＡＢＣ接收进馆档案。")
    assert search.snippet(text, search.phrases("abc"))[1] == "ＡＢＣ"
    assert search.snippet(text, search.phrases("市地"))[1] == "市（地"
    assert search.snippet(text, search.phrases("没有"))[1] == ""
