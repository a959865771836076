"""The 主动公开目录 world: the shared ``world`` (agencies hlj, harbin, other; staff in every role) on "today"
(2026-11-02, a Monday), clients and helpers that act through the staff pages as users do."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.openinfo.models import CatalogueItem

BACKEND = "django.contrib.auth.backends.ModelBackend"


def logged(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def create(client: Client, **fields):
    data = {"category": "organization", "title": "机构职能及联系方式", "document_number": "", "summary": "职责与电话。",
            "body": "正文。", "made_on": "2026-06-01", **fields}
    return client.post("/openinfo/staff/new/", data)


def edit(client: Client, item: CatalogueItem, **fields):
    data = {"form": "edit", "category": item.category, "title": item.title, "document_number": item.document_number,
            "summary": item.summary, "body": item.body, "made_on": item.made_on.isoformat(),
            "changed_on": item.changed_on.isoformat() if item.changed_on else "", **fields}
    return client.post(f"/openinfo/staff/{item.pk}/", data)


def publish(client: Client, item: CatalogueItem, published_on: str = ""):
    return client.post(f"/openinfo/staff/{item.pk}/", {"form": "publish", "published_on": published_on})


@pytest.fixture
def ow(world, today):
    world.today = today
    world.c = {name: logged(u) for name, u in world.users.items()}
    return world
