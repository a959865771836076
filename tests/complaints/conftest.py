"""Complaints and reports: a reporter with a full identity, the report's fields, and shortcuts to file and fire."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from fazhi.core.demo.load import make_uscc, resident_id_with_check
from fazhi.process.services import case_fire
from fazhi.requests.services import request_submit

BACKEND = "django.contrib.auth.backends.ModelBackend"

REPORTER = {"kind": "person", "name": "张举报", "id_number": resident_id_with_check("23010219800101123"),
            "phone": "13912345678", "address": "哈尔滨市道里区保密街1号"}
# What must never appear where the reporter is masked (the name is checked whole; "张*" is its mask).
SECRETS = (REPORTER["name"], REPORTER["id_number"], REPORTER["phone"], REPORTER["address"])
REPORT_FIELDS = {"subject": "某某档案服务有限公司", "facts": "该公司擅自复制委托保管的国有档案2卷并向第三方提供。",
                 "occurred_on": "2026-10-20", "evidence": "复制件照片3张"}
COMPLAINT_FIELDS = {"subject": "某市档案馆查档窗口", "facts": "本人依法申请查阅本人的婚姻登记档案，窗口拒绝且未说明理由。",
                    "demand": "请求依法提供查阅。"}
VIOLATOR = {"party_name": "某某档案服务有限公司", "party_type": "archives_service_enterprise",
            "party_id_number": make_uscc("91", "230102", "MA1BCDEF"), "party_address": "哈尔滨市南岗区示例路1号",
            "clue": "该公司涉嫌擅自复制委托保管的国有档案2卷并向第三方提供。"}


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def staff_report(world, *, clerk="clerk", party=None, fields=None, channel="phone", received_on=None, kind="report"):
    """A report (or complaint) registered by staff from a phone call, with the reporter's full identity."""
    return request_submit(kind=kind, actor=world.users[clerk], agency=world.agency,
                          fields=dict(fields or (REPORT_FIELDS if kind == "report" else COMPLAINT_FIELDS)),
                          party=dict(party or REPORTER), channel=channel, received_on=received_on)


def anonymous_report(world, fields=None):
    return request_submit(kind="report", actor=None, agency=world.agency, fields=dict(fields or REPORT_FIELDS),
                          anonymous=True)


def fire(case, name, user, comment="", today: dt.date | None = None, **data):
    return case_fire(case_id=case.pk, transition=name, actor=user, comment=comment, data=data, today=today)
