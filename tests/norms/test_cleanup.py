"""Clean-up campaigns: the scope, a decision per document with its reason, publication applying them, the public
results, and the counts of valid and repealed documents always current."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.norms import selectors, services
from fazhi.norms.text import minimal_docx
from fazhi.process.services import TransitionNotAllowed

pytestmark = pytest.mark.django_db
D = dt.date


def _register(world, title, number, published_on):
    return services.norm_register(actor=world.users["legal"], title=title, number=number, drafting_division="办公室",
                                  published_on=published_on, citations=[{"law": "archives-law", "articles": "8"}],
                                  upload=("a.docx", minimal_docx([f"{title}的正文。"])))


def test_cleanup_campaign(world, today):
    old = [_register(world, f"旧文件{i}", f"黑档发〔201{i}〕{i + 1}号", D(2010 + i, 3, 1)) for i in range(4)]
    recent = _register(world, "新文件", "黑档发〔2026〕1号", D(2026, 6, 1))
    legal, director, client = world.users["legal"], world.users["director"], Client()
    assert selectors.counts(agency=world.agency) == {"valid": 5, "repealed": 0, "expired": 0, "amended": 0}

    with pytest.raises(ValidationError):
        services.cleanup_create(actor=legal, title="2026年清理", year=2026, scope_before=D(2009, 1, 1))
    with pytest.raises(PermissionDenied):
        services.cleanup_create(actor=world.users["handler"], title="x", year=2026, scope_before=D(2020, 1, 1))
    cleanup = services.cleanup_create(actor=legal, title="2026年规范性文件清理", year=2026, scope_before=D(2020, 1, 1))
    items = list(cleanup.items.order_by("document__published_on"))
    assert [i.document_id for i in items] == [d.pk for d in old]  # the recent one is out of scope
    decisions = ["continue", "repeal", "invalidate", "amend"]
    for item, decision in zip(items[:3], decisions, strict=False):
        services.cleanup_decide(actor=legal, item_id=item.pk, decision=decision, reason=f"理由：{decision}")
    with pytest.raises(ValidationError, match="还有1件"):
        services.cleanup_publish(actor=director, cleanup_id=cleanup.pk)
    services.cleanup_decide(actor=legal, item_id=items[3].pk, decision="amend", reason="需要修改")
    with pytest.raises(PermissionDenied):
        services.cleanup_publish(actor=legal, cleanup_id=cleanup.pk)
    # Not public before publication.
    assert client.get(f"/norms/cleanups/{cleanup.pk}/").status_code == 404
    assert client.get(f"/api/v1/norms/cleanups/{cleanup.pk}").status_code == 404
    sysclock.set_today(D(2026, 11, 5))
    services.cleanup_publish(actor=director, cleanup_id=cleanup.pk)
    for d in old:
        d.refresh_from_db()
    assert [d.state for d in old] == ["valid", "repealed", "expired", "valid"]
    assert old[1].repealed_on == D(2026, 11, 5) and old[3].to_amend
    assert old[1].case.events.last().data["cleanup_id"] == cleanup.pk
    assert old[0].case.events.last().transition == "cleanup_recorded"
    assert selectors.counts(agency=world.agency) == {"valid": 3, "repealed": 1, "expired": 1, "amended": 0}
    with pytest.raises(TransitionNotAllowed):
        services.cleanup_decide(actor=legal, item_id=items[0].pk, decision="repeal", reason="x")

    page = client.get(f"/norms/cleanups/{cleanup.pk}/").content.decode()
    assert "共清理4件：继续有效1件，修改1件，废止1件，宣布失效1件。" in page and "理由：repeal" in page
    assert "2026年规范性文件清理" in client.get("/norms/cleanups/").content.decode()
    api = client.get(f"/api/v1/norms/cleanups/{cleanup.pk}").json()
    assert [i["decision"] for i in api["items"]] == ["continue", "repeal", "invalidate", "amend"]
    assert client.get("/api/v1/norms/counts").json() == {"valid": 3, "repealed": 1, "expired": 1, "amended": 0}
    home = client.get("/norms/").content.decode()
    assert 'id="count-valid">3<' in home and 'id="count-repealed">1<' in home
    assert recent.title in home and old[1].title not in home
    assert old[1].title in client.get("/norms/repealed/").content.decode()


def test_cleanup_pages(world, today):
    _register(world, "旧文件", "黑档发〔2012〕1号", D(2012, 3, 1))
    legal = Client()
    legal.force_login(world.users["legal"])
    r = legal.post("/norms/staff/cleanups/", {"title": "2026年清理", "year": "2026", "scope_before": "2020-01-01"})
    assert r.status_code == 302
    url = r["Location"]
    page = legal.get(url).content.decode()
    assert "旧文件" in page and "决定并公布清理结果" not in page
    item = __import__("fazhi.norms.models", fromlist=["CleanupItem"]).CleanupItem.objects.get()
    legal.post(url, {"item": item.pk, "decision": "repeal", "reason": "已不适用"})
    item.refresh_from_db()
    assert item.decision == "repeal"
    director = Client()
    director.force_login(world.users["director"])
    assert "决定并公布清理结果" in director.get(url).content.decode()
    director.post(url, {"action": "publish"})
    item.document.refresh_from_db()
    assert item.document.state == "repealed"
    r = legal.post("/norms/staff/cleanups/", {"title": "", "year": "x", "scope_before": ""})
    assert r.status_code == 400 and "请填写清理名称" in r.content.decode()
