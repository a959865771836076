"""Demo penalty cases: one decided, served, paid and published (2026), one under investigation (filed ten days
before the demo's today, its 90-day clock running). Idempotent."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User


def load_penalty_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.enforcement.models import PenaltyCase
    from fazhi.enforcement.services import evidence_add, penalty_register
    from fazhi.inspection.models import Entity
    from fazhi.process.services import case_fire

    if PenaltyCase.objects.filter(case__agency=agency).exists():
        return
    from fazhi.discretion.loader import seed_load

    seed_load()  # the standard the migration seeds, in case the tables were emptied since
    officer, director, head = users["officer1"], users["director"], users["head"]
    team = ["黑档执-0001", "黑档执-0002"]
    units = list(Entity.objects.filter(kind=Entity.Kind.ENTERPRISE, active=True).order_by("uscc")[10:12])

    def fire(case, name, actor, day, comment="", **data):
        with sysclock.frozen_today(day):
            return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data)

    def party(entity):
        return {"name": entity.name, "id_number": entity.uscc, "address": entity.address or "黑龙江省哈尔滨市",
                "phone": entity.phone}

    # 1. Decided, served, paid and published.
    day = dt.date(2026, 9, 1)
    with sysclock.frozen_today(day):
        case = penalty_register(actor=officer, source="complaint",
                                source_detail="群众举报：该公司在为某县档案馆提供数字化服务过程中擅自复制馆藏档案。",
                                party=party(units[0]), party_type="archives_service_enterprise")
    fire(case, "file_case", director, dt.date(2026, 9, 2), "线索具体，符合立案条件，同意立案。", investigators=team,
         party_type="archives_service_enterprise")
    with sysclock.frozen_today(dt.date(2026, 9, 4)):
        evidence_add(case_id=case.pk, actor=officer, kind="site", title="数字化加工场所现场检查",
                     recorded_on=dt.date(2026, 9, 4), place="当事人数字化加工场所",
                     content="检查发现移动硬盘一块，存有某县档案馆馆藏档案扫描件326件，未见委托方授权复制的书面文件。",
                     officers=team)
        evidence_add(case_id=case.pk, actor=officer, kind="inquiry", title="对项目负责人的询问",
                     recorded_on=dt.date(2026, 9, 4), place="本局询问室",
                     content="问：移动硬盘中的扫描件从何而来？\n答：是我们为县档案馆加工时另存的备份。\n"
                             "问：是否经档案馆同意？\n答：没有。", officers=team)
    fire(case, "conclude_investigation", officer, dt.date(2026, 9, 15), violation="da48-2-service",
         violation_date="2026-08-20",
         facts="当事人在为某县档案馆提供档案数字化服务过程中，未经委托方同意，擅自复制属于国家所有的档案326件并存储于移动硬盘。",
         kinds=["警告", "罚款"], fine="80000", serious="no")
    fire(case, "notify", officer, dt.date(2026, 9, 16))
    fire(case, "waive", officer, dt.date(2026, 9, 18), "当事人书面表示放弃陈述、申辩和听证。")
    fire(case, "no_review_needed", head, dt.date(2026, 9, 21))
    fire(case, "decide", director, dt.date(2026, 9, 22), kinds=["警告", "罚款"], fine="80000", publish="yes")
    fire(case, "serve", officer, dt.date(2026, 9, 23), served_on="2026-09-23", method="直接送达",
         recipient="法定代表人")
    fire(case, "record_payment", officer, dt.date(2026, 10, 7), paid_on="2026-10-07", amount="80000")

    # 2. Under investigation.
    today = sysclock.today()
    with sysclock.frozen_today(today - dt.timedelta(days=12)):
        case = penalty_register(actor=officer, source="own", source_detail="日常检查中发现库房内国有档案缺失。",
                                party=party(units[1]), party_type="unit")
    fire(case, "file_case", director, today - dt.timedelta(days=10), "同意立案。", investigators=team, party_type="unit")
