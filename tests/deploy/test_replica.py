"""Read replicas: with FAZHI_READ_REPLICA_URL set, the heavy read pages read through the router from the
``replica`` alias (here a test mirror of the default database: the same PostgreSQL or SQLite database over a
second connection), and nothing is written there; everything else stays on ``default``."""

from __future__ import annotations

import re

import pytest
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.config.routers import REPLICA_VIEWS, ReadReplicaRouter, reads_from_replica, replica_reads
from fazhi.core.models import User
from fazhi.licensing.models import Item
from fazhi.process.models import Case

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)
PRIMARY_ONLY_TABLES = ("django_session", "core_user", "core_apitoken", "axes_")


@pytest.fixture
def replica_on(settings):
    settings.FAZHI_READ_REPLICA = True


def test_the_router_chooses_the_replica_only_for_marked_reads(settings):
    router = ReadReplicaRouter()
    settings.FAZHI_READ_REPLICA = True
    assert router.db_for_read(Case) == "default"  # not marked
    with replica_reads():
        assert router.db_for_read(Case) == "replica"
        assert router.db_for_read(Item) == "replica"
        assert router.db_for_read(User) == "default"  # who is logged in: always the primary
        assert router.db_for_write(Case) == "default"
    assert router.db_for_read(Case) == "default"
    settings.FAZHI_READ_REPLICA = False  # no replica configured: everything on default
    with replica_reads():
        assert router.db_for_read(Case) == "default"
    assert router.allow_migrate("replica", "process") is False
    assert router.allow_migrate("default", "process") is None


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(settings):
    settings.FAZHI_READ_REPLICA = True
    with replica_reads(), transaction.atomic():
        assert ReadReplicaRouter().db_for_read(Case) == "default"


def test_the_heavy_read_pages_are_the_ones_marked():
    for name in ("portal:guides", "portal:guide", "portal:publicity", "norms:search", "portal:statistics",
                 "reports:dashboard", "enforcement:public_decisions", "inspection:public_tasks"):
        assert name in REPLICA_VIEWS
    for name in ("portal:inbox", "portal:case", "portal:login", "portal:apply", "api:fire"):
        assert name not in REPLICA_VIEWS


def _replica_reads(client, url, *, status=200):
    with CaptureQueriesContext(connections["replica"]) as replica, \
            CaptureQueriesContext(connections["default"]) as default:
        r = client.get(url)
    assert r.status_code == status, (url, r.status_code)
    on_replica = [q["sql"] for q in replica.captured_queries]
    assert not [sql for sql in on_replica if WRITE.match(sql)], url  # nothing written to the replica
    assert not [sql for sql in on_replica if any(t in sql for t in PRIMARY_ONLY_TABLES)], url
    return on_replica, [q["sql"] for q in default.captured_queries]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_heavy_read_pages_read_from_the_replica(world, today, replica_on):
    anonymous = Client()
    pages = [reverse("portal:guides"), reverse("portal:guide", args=[world.item.code]), reverse("portal:publicity"),
             reverse("norms:search") + "?q=档案", reverse("inspection:public_items"), reverse("officers:public")]
    for url in pages:
        on_replica, _ = _replica_reads(anonymous, url)
        assert on_replica, f"{url} read nothing from the replica"
    head = Client()
    head.force_login(world.users["head"])
    on_replica, on_default = _replica_reads(head, reverse("portal:statistics"))
    assert on_replica
    assert any("django_session" in sql for sql in on_default)  # the session: read and saved on the primary
    on_replica, _ = _replica_reads(head, reverse("reports:dashboard"))
    assert on_replica
    # Other pages, and writes, stay on the primary.
    on_replica, on_default = _replica_reads(head, reverse("portal:inbox"))
    assert on_replica == [] and on_default
    citizen = Client()
    citizen.force_login(world.users["citizen"])
    on_replica, _ = _replica_reads(citizen, reverse("portal:apply", args=[world.item.code]))
    assert on_replica == []


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_without_a_replica_configured_every_page_reads_the_primary(world):
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert Client().get(reverse("portal:guides")).status_code == 200
    assert replica.captured_queries == []


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_view_decorator_reads_from_the_replica(world, replica_on):
    @reads_from_replica
    def view():
        return list(Item.objects.values_list("code", flat=True)), User.objects.count()

    with CaptureQueriesContext(connections["replica"]) as replica:
        codes, users = view()
    assert codes == [world.item.code] and users == User.objects.count()
    assert len(replica.captured_queries) == 1 and "licensing_item" in replica.captured_queries[0]["sql"]
