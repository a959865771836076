"""Two app servers and a worker over one PostgreSQL (docs/deployment.md), as separate processes: gunicorn A and
gunicorn B (each with two worker processes) and ``fazhi worker``, all against a fresh database and one shared data
directory. The licensing flow crosses them: a citizen applies on A, a clerk logged in on A works on B with the same
session cookie, the decision goes back and forth, documents issued on one server are downloaded from the other, an
overdue clock is fired by the worker, and login failures counted on A lock the account on B."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection

from tests import factories as f

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the two-server test needs PostgreSQL (several processes on one database; SQLite is one machine's "
           "file): run with DATABASE_URL=postgres://…",
)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TODAY = "2026-11-02"  # a Monday: every process counts days from the same "today" (FAZHI_TODAY)
TIMEOUT = 30
TEMPLATE = "fazhi_multi_template"
TEMPLATE_LOCK = 727_001  # an advisory lock key of this test's own
ITEM = "dag-xk-002"  # the licensing item tests/deploy/multi_seed.py makes
# The transparency log's signing key, the same on every server (docs/deployment.md): a fixed test key.
LOG_KEY = base64.b64encode(hashlib.sha256(b"fazhi multi-server test").digest()).decode()


def _fingerprint() -> str:
    """What the template database depends on: the migrations and the seed."""
    h = hashlib.sha256()
    files = sorted((ROOT / "fazhi").glob("*/migrations/*.py")) + [ROOT / "tests/deploy/multi_seed.py",
                                                                  ROOT / "tests/factories.py"]
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin():
    import psycopg

    db = settings.DATABASES["default"]
    return psycopg.connect(host=db["HOST"] or "localhost", port=db["PORT"] or 5432, user=db["USER"],
                           password=db["PASSWORD"] or None, dbname="postgres", autocommit=True)


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


class Deployment:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.name = f"fazhi_multi_{os.getpid()}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = {k: v for k, v in os.environ.items()
                    if k not in {"FAZHI_TESTING", "FAZHI_DEMO", "DEBUG", "FAZHI_READ_REPLICA_URL", "FAZHI_REDIS_URL",
                                 "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        data = tmp / "shared-data"  # the shared file storage (uploads, issued documents, the log key)
        data.mkdir()
        self.env.update({
            "DATABASE_URL": _url(self.name), "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "FAZHI_DATA_DIR": str(data), "FAZHI_HTTPS": "0",
            "FAZHI_STAFF_TOTP": "optional", "FAZHI_TODAY": TODAY, "FAZHI_LOG_LEVEL": "WARNING",
            "FAZHI_LOG_SIGNING_KEY": LOG_KEY,
        })
        self.ports = {"A": _free_port(), "B": _free_port()}

    def base(self, server: str) -> str:
        return f"http://127.0.0.1:{self.ports[server]}"

    def start(self, name: str, argv: list[str]) -> None:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def logs(self) -> str:
        out = []
        for name in self.procs:
            text = (self.tmp / f"{name}.log").read_text(errors="replace")
            out.append(f"--- {name} ---\n{text[-3000:]}")
        return "\n".join(out)

    def _database(self) -> None:
        """Create the fresh database: a copy of a template database that holds the migrated schema and the seed
        (``python -m tests.deploy.multi_seed``, i.e. ``fazhi migrate`` and a few users). The template is made
        again whenever a migration or the seed changes (its fingerprint is the database's comment), so a run
        pays for ``migrate`` only after such a change, as pytest-django's ``--reuse-db`` does."""
        fingerprint = _fingerprint()
        with _admin() as admin:
            admin.execute("SELECT pg_advisory_lock(%s)", (TEMPLATE_LOCK,))  # one template builder at a time
            try:
                row = admin.execute(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                    (TEMPLATE,)).fetchone()
                if row is None or row[0] != fingerprint:
                    admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
                    admin.execute(f'CREATE DATABASE "{TEMPLATE}"')
                    seed = subprocess.run([sys.executable, "-m", "tests.deploy.multi_seed"], cwd=ROOT,
                                          env={**self.env, "DATABASE_URL": _url(TEMPLATE)}, capture_output=True,
                                          text=True, timeout=300)
                    assert seed.returncode == 0, seed.stderr[-3000:]
                    admin.execute(f"COMMENT ON DATABASE \"{TEMPLATE}\" IS '{fingerprint}'")
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{TEMPLATE}"')
            finally:
                admin.execute("SELECT pg_advisory_unlock(%s)", (TEMPLATE_LOCK,))

    def up(self) -> None:
        for server in ("A", "B"):  # they boot while the database is made
            conf = self.tmp / f"gunicorn-{server}.conf.py"
            conf.write_text(f"bind = '127.0.0.1:{self.ports[server]}'\nworkers = 2\npreload_app = True\n"
                            "timeout = 60\ngraceful_timeout = 5\ncontrol_socket_disable = True\n")
            self.start(server, [str(BIN / "gunicorn"), "--config", str(conf), "fazhi.config.wsgi:application"])
        self._database()
        self.start("worker", [str(BIN / "fazhi"), "worker", "--name", "worker-1", "--poll", "0.5",
                              "--tick-every", "2"])
        deadline = time.monotonic() + 60
        for server in ("A", "B"):
            while True:
                try:
                    if requests.get(self.base(server) + "/healthz", timeout=5).text == "ok":
                        break
                except requests.ConnectionError:
                    pass
                assert time.monotonic() < deadline, f"server {server} did not come up\n{self.logs()}"
                time.sleep(0.3)

    def down(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(_url(self.name).replace("postgres://", "postgresql://"), autocommit=True) as c:
            cur = c.execute(query, params)
            return cur.fetchall() if cur.description else []


@pytest.fixture
def deployment(tmp_path):
    d = Deployment(tmp_path)
    try:
        d.up()
        yield d
    except BaseException:
        print(d.logs())
        raise
    finally:
        d.down()


class Api:
    """A bearer-token API client bound to one server."""

    def __init__(self, base: str, username: str):
        r = requests.post(base + "/api/v1/auth/token", json={"username": username, "password": f.PASSWORD},
                          timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        self.base, self.headers = base, {"Authorization": f"Bearer {r.json()['token']}"}

    def on(self, base: str) -> Api:
        other = object.__new__(Api)
        other.base, other.headers = base, self.headers
        return other

    def get(self, path: str) -> requests.Response:
        return requests.get(self.base + path, headers=self.headers, timeout=TIMEOUT)

    def post(self, path: str, body: dict) -> requests.Response:
        return requests.post(self.base + path, json=body, headers=self.headers, timeout=TIMEOUT)

    def fire(self, case_id: int, name: str, comment: str = "", **data) -> dict:
        r = self.post(f"/api/v1/cases/{case_id}/transitions/{name}", {"comment": comment, "data": data})
        assert r.status_code == 200, (name, r.status_code, r.text)
        return r.json()


def _apply(api: Api, item_code: str) -> dict:
    item = api.get(f"/api/v1/licensing/items/{item_code}").json()
    fields = {fd["name"]: {"date": "2027-01-15", "int": "3"}.get(fd["kind"], "示例内容") for fd in item["form_fields"]}
    materials = [{"material": m["code"], "filename": f"{m['code']}.pdf",
                  "content_base64": base64.b64encode(f.pdf_bytes(m["name"])).decode()}
                 for m in item["materials"] if m["required"]]
    r = api.post("/api/v1/licensing/applications", {"item": item_code, "fields": fields, "materials": materials})
    assert r.status_code == 201, r.text
    return r.json()


def _web_login(session: requests.Session, base: str, username: str) -> None:
    page = session.get(base + "/login/", timeout=TIMEOUT)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    r = session.post(base + "/login/", data={"username": username, "password": f.PASSWORD,
                                             "csrfmiddlewaretoken": token},
                     headers={"Referer": base + "/login/"}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 302, r.text[-2000:]


def test_two_app_servers_and_a_worker_share_one_database(deployment):
    d = deployment
    A, B = d.base("A"), d.base("B")

    # A citizen applies online on server A.
    citizen = Api(A, "citizen")
    applied = _apply(citizen, ITEM)
    case_id = applied["id"]
    assert applied["state"] == "submitted"

    # The clerk logs in on A; the session cookie works on B (sessions live in the database).
    anonymous = requests.Session()
    assert anonymous.get(B + "/staff/inbox/", allow_redirects=False, timeout=TIMEOUT).status_code == 302
    clerk = requests.Session()
    _web_login(clerk, A, "clerk")
    inbox = clerk.get(B + "/staff/inbox/", allow_redirects=False, timeout=TIMEOUT)
    assert inbox.status_code == 200 and applied["number"] in inbox.text
    # … and accepts on B, through the API with that session (CSRF token from the cookie set on A).
    r = clerk.post(f"{B}/api/v1/cases/{case_id}/transitions/accept", json={"comment": "材料齐全"},
                   headers={"X-CSRFToken": clerk.cookies["csrftoken"]}, timeout=TIMEOUT)
    assert r.status_code == 200 and r.json()["state"] == "under_review", r.text
    again = clerk.post(f"{A}/api/v1/cases/{case_id}/transitions/accept", json={},
                       headers={"X-CSRFToken": clerk.cookies["csrftoken"]}, timeout=TIMEOUT)
    assert again.status_code == 409  # the same case, seen from A

    # The acceptance notice issued on B is downloaded from A (the shared file storage).
    docs = citizen.get(f"/api/v1/cases/{case_id}/documents").json()
    assert [doc["title"] for doc in docs] == ["受理通知书"]
    download = citizen.get(docs[0]["url"])
    assert download.status_code == 200 and download.content[:2] == b"PK"

    # The decision continues across the servers.
    Api(A, "handler").fire(case_id, "propose", "符合法定条件", opinion="grant")
    Api(B, "head").fire(case_id, "head_approve")
    granted = Api(A, "director").fire(case_id, "grant", licence_scope="准予携带档案复制件出境，有效期六个月。")
    assert granted["state"] == "granted"
    r = clerk.post(f"{B}/api/v1/cases/{case_id}/transitions/issue_certificate",
                   json={"data": {"certificate_number": "黑档证〔2026〕1号"}},
                   headers={"X-CSRFToken": clerk.cookies["csrftoken"]}, timeout=TIMEOUT)
    assert r.status_code == 200 and r.json()["state"] == "certified", r.text
    final = clerk.get(f"{B}/api/v1/cases/{case_id}", timeout=TIMEOUT).json()
    assert [e["transition"] for e in final["events"]] == [
        "open", "accept", "propose", "head_approve", "grant", "issue_certificate"]
    titles = [doc["title"] for doc in citizen.on(B).get(f"/api/v1/cases/{case_id}/documents").json()]
    assert len(titles) >= 2 and titles[0] == "受理通知书"

    # A second application, on B, whose intake clock has run out: the worker's clock tick deems it accepted.
    second = _apply(citizen.on(B), ITEM)
    d.sql("UPDATE process_clock SET due = %s WHERE case_id = %s AND name = 'intake'", ("2026-10-30", second["id"]))
    deadline = time.monotonic() + 20
    while True:  # the case moves when the transition commits, the job is done when the whole tick is
        state = citizen.get(f"/api/v1/cases/{second['id']}").json()
        ticks = d.sql("SELECT locked_by, result FROM jobs_job WHERE kind = 'clocks.tick' AND state = 'done'")
        fired_by = [by for by, result in ticks if second["number"] in json.dumps(result, ensure_ascii=False)]
        if state["state"] == "under_review" and fired_by:
            break
        assert time.monotonic() < deadline, f"the worker did not fire the overdue clock\n{d.logs()}"
        time.sleep(0.5)
    assert state["events"][-1]["transition"] == "deemed_accept"
    assert fired_by == ["worker-1"] and {by for by, _result in ticks} == {"worker-1"}

    # Login throttling is shared: five failures on A lock the account on B too (django-axes in the database).
    for _ in range(5):
        requests.post(A + "/api/v1/auth/token", json={"username": "head", "password": "wrong"}, timeout=TIMEOUT)
    r = requests.post(B + "/api/v1/auth/token", json={"username": "head", "password": f.PASSWORD}, timeout=TIMEOUT)
    assert r.status_code == 429
    assert all(p.poll() is None for p in d.procs.values()), d.logs()
