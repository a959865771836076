"""The load scenario (locust): the public browsing, citizens applying online, staff working their inbox.

Run by ``python -m bench.load.run`` against gunicorn over a fresh database with the demo data; it can also be
pointed at any running demo (``locust -f bench/load/locustfile.py --host http://127.0.0.1:8000``) with
``FAZHI_LOAD_PASSWORD`` set to the demo accounts' password (``fazhi demo load`` prints it).

Three kinds of users, weighted 6 : 2 : 2 (of 50 users: 30, 10, 10), each waiting 1–3 s between two steps
(``FAZHI_LOAD_WAIT="1,3"``):

* a visitor: the home page, the service guides and one guide (time limits, flowchart), the publicity of
  enforcement decisions, the published inspection results and the list of normative documents;
* a citizen (``citizen``): logs in once, then opens the application form of 携带、运输或者邮寄档案出境审批 and
  submits it with its three required materials (small PDFs), sees the receipt, and now and then the list of
  their applications;
* an intake clerk (``clerk``): logs in once, then opens the inbox, a case page, and accepts (受理) a licensing
  application that waits for intake — the citizens keep the inbox filled. Two clerks may pick the same case: the
  loser is told so on the case page (a normal answer, not a failure).

A request fails when it answers 4xx/5xx, or when a page is not the one expected (a login that did not log in, an
application that was not received).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("FAZHI_LOAD_PASSWORD", "")
ITEM = os.environ.get("FAZHI_LOAD_ITEM", "dag-xk-002")  # the demo's item with five form fields
GUIDES = ("dag-xk-001", "dag-xk-002", "dag-xk-003")
_wait = [float(x) for x in os.environ.get("FAZHI_LOAD_WAIT", "1,3").split(",")]
WAIT = between(_wait[0], _wait[-1])

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INBOX_ROW = re.compile(r'<a href="/cases/(\d+)/">([^<]+)</a></td><td class="party">.*?</td><td>([^<]+)</td>')
PDF = b"%PDF-1.4\n% fazhi load test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def csrf_of(html: str) -> str:
    m = CSRF.search(html)
    return m.group(1) if m else ""


class LoggedIn(HttpUser):
    abstract = True
    username = ""

    def on_start(self):
        page = self.client.get("/login/", name="/login/")
        with self.client.post("/login/", data={"username": self.username, "password": PASSWORD,
                                               "csrfmiddlewaretoken": csrf_of(page.text), "next": ""},
                              name="/login/", catch_response=True) as r:
            if "/login/" in r.url:
                r.failure(f"{self.username} was not logged in (is FAZHI_LOAD_PASSWORD the demo password?)")


class Visitor(HttpUser):
    """The public: nothing to log in for."""

    weight = 6
    wait_time = WAIT

    @task(3)
    def home(self):
        self.client.get("/", name="/")

    @task(2)
    def guides(self):
        self.client.get("/guides/", name="/guides/")

    @task(3)
    def guide(self):
        self.client.get(f"/guides/{random.choice(GUIDES)}/", name="/guides/[code]/")

    @task(2)
    def publicity(self):
        self.client.get("/publicity/", name="/publicity/")

    @task(1)
    def inspection_results(self):
        self.client.get("/inspection/public/results/", name="/inspection/public/results/")

    @task(2)
    def norms(self):
        self.client.get("/norms/", name="/norms/")


class Citizen(LoggedIn):
    """A public account applying online (行政许可法第二十九条第三款: 数据电文方式提出申请)."""

    weight = 2
    wait_time = WAIT
    username = "citizen"

    @task(4)
    def apply(self):
        url = f"/guides/{ITEM}/apply/"
        form = self.client.get(url, name="/guides/[code]/apply/")
        fields = {
            "csrfmiddlewaretoken": csrf_of(form.text),
            "archives": "抗战时期报刊档案复制件5件（1937—1945）",
            "manner": "携带",
            "destination": "新加坡",
            "exit_date": (dt.date.today() + dt.timedelta(days=60)).isoformat(),
            "purpose": "参加学术展览",
        }
        files = {f"material_{code}": (f"{code}.pdf", PDF, "application/pdf")
                 for code in ("application", "catalogue", "identity")}
        with self.client.post(url, data=fields, files=files, name="/guides/[code]/apply/",
                              catch_response=True) as r:
            if r.ok and "/receipt/" not in r.url:
                r.failure("the application was not received (no receipt page)")

    @task(1)
    def my_cases(self):
        self.client.get("/my/", name="/my/")


class Clerk(LoggedIn):
    """The intake clerk of the provincial bureau."""

    weight = 2
    wait_time = WAIT
    username = "clerk"

    @task
    def work(self):
        inbox = self.client.get("/staff/inbox/", name="/staff/inbox/")
        rows = INBOX_ROW.findall(inbox.text)
        if not rows:
            return
        waiting = [(pk, number) for pk, number, state in rows if "-XK" in number and state.strip() == "待受理"]
        pk = random.choice(waiting)[0] if waiting else random.choice(rows)[0]
        page = self.client.get(f"/cases/{pk}/", name="/cases/[id]/")
        if not waiting or 'data-transition="accept"' not in page.text:
            return
        # 受理 (行政许可法第三十二条): the notice of acceptance is issued and numbered in the same transaction.
        self.client.post(f"/cases/{pk}/", data={"csrfmiddlewaretoken": csrf_of(page.text), "transition": "accept",
                                                 "comment": ""}, name="/cases/[id]/ (accept)")
