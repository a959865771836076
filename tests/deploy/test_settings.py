"""Stateless app servers: nothing a second server would miss is kept in one process's memory (sessions, cache,
login failures), and the environment switches Redis and the read replica on (docs/deployment.md)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)


def test_nothing_is_kept_in_local_memory(settings):
    backends = [c["BACKEND"] for c in settings.CACHES.values()]
    assert backends == ["django.core.cache.backends.db.DatabaseCache"]
    assert not any("locmem" in b.lower() for b in backends)
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE  # each server serves the static files
    assert settings.DATABASE_ROUTERS == ["fazhi.config.routers.ReadReplicaRouter"]
    assert settings.FAZHI_READ_REPLICA is False
    assert settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"


@pytest.mark.django_db
def test_the_database_cache_table_is_made_by_migrate():
    cache.set("deploy-test", {"a": 1}, 30)
    assert cache.get("deploy-test") == {"a": 1}


def _in_a_new_process(env: dict, code: str, tmp_path) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DATABASE_URL", "DJANGO_"))}
    base.update({"SECRET_KEY": "x" * 50, "FAZHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.config.settings",
                 **env})
    prog = "import django, json; django.setup()\nfrom django.conf import settings\n" + code
    r = subprocess.run([sys.executable, "-c", prog], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_redis_and_the_replica_come_from_the_environment(tmp_path):
    out = _in_a_new_process(
        {"FAZHI_REDIS_URL": "redis://127.0.0.1:6379/15",
         "FAZHI_READ_REPLICA_URL": "postgres://reader:secret@replica.internal:5432/fazhi",
         "DATABASE_URL": "postgres://app:secret@primary.internal:5432/fazhi"},
        "print(json.dumps({'cache': settings.CACHES['default'], 'replica': settings.DATABASES['replica']['HOST'],"
        " 'default': settings.DATABASES['default']['HOST'], 'on': settings.FAZHI_READ_REPLICA,"
        " 'mirror': settings.DATABASES['replica']['TEST']['MIRROR']}))", tmp_path)
    assert out["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert out["cache"]["LOCATION"] == "redis://127.0.0.1:6379/15"
    assert out == {**out, "replica": "replica.internal", "default": "primary.internal", "on": True,
                   "mirror": "default"}
    production = _in_a_new_process({}, "print(json.dumps({'aliases': sorted(settings.DATABASES),"
                                       " 'cache': settings.CACHES['default']['BACKEND']}))", tmp_path)
    assert production == {"aliases": ["default"], "cache": "django.core.cache.backends.db.DatabaseCache"}


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def test_two_processes_share_the_redis_cache(tmp_path):
    assert _redis_up(), "Redis must answer on 127.0.0.1:6379 for this test (.ci/run starts it)"
    key = f"deploy-test-{uuid.uuid4().hex}"
    env = {"FAZHI_REDIS_URL": "redis://127.0.0.1:6379/15"}
    _in_a_new_process(env, f"from django.core.cache import cache\ncache.set({key!r}, 'from A', 60)\n"
                           "print(json.dumps({}))", tmp_path)
    seen = _in_a_new_process(env, f"from django.core.cache import cache\nprint(json.dumps({{'v': cache.get({key!r})}}))\n"
                                  f"cache.delete({key!r})", tmp_path)
    assert seen == {"v": "from A"}
