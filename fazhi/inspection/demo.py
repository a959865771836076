"""Demo data of the inspection module: the item list, a directory of units (the 63 provincial units the letter
inspected and a few hundred enterprises), the inspector directory, the 2017 random check of enterprises and the
2017 planned inspection of the 63 provincial units. Names are invented."""

from __future__ import annotations

import datetime as dt
import random

from fazhi.core.demo.load import make_uscc
from fazhi.core.models import Agency, User
from fazhi.inspection.models import Conflict, Entity, InspectionItem, Officer

ITEMS = [
    ("dag-cc-001", "档案工作规范化管理情况检查", "key", None,
     "《中华人民共和国档案法》第四十二条、第四十三条", "机关、团体、企业事业单位和其他组织", "现场检查"),
    ("dag-cc-002", "档案安全管理情况检查", "key", None,
     "《中华人民共和国档案法》第十四条、第四十二条", "档案馆、机关、团体、企业事业单位", "现场检查"),
    ("dag-cc-003", "档案服务企业从事档案服务活动情况检查", "general", "0.2000",
     "《中华人民共和国档案法》第二十四条、第四十二条", "档案服务企业", "现场检查、书面检查"),
    ("dag-cc-004", "企业档案工作情况检查", "general", "0.1000",
     "《中华人民共和国档案法》第十三条、第四十二条", "企业", "现场检查、书面检查"),
]

REGIONS = ["230102", "230103", "230104", "230108", "230109", "230110", "230111", "230112", "230182", "230202",
           "230203", "230302", "230402", "230502", "230602", "230702", "230802", "230902", "231002", "231102"]
PREFIXES = ["龙江", "松花江", "北疆", "寒地", "冰城", "黑土", "兴安", "三江", "雪乡", "镜泊", "五大连池", "乌苏里"]
TRADES = ["档案数字化服务", "信息技术", "建筑工程", "粮食储备", "林业", "煤炭", "电力", "铁路物流", "医药", "乳业",
          "装备制造", "文化传媒", "农业发展", "水务", "石油化工", "旅游"]
PROVINCIAL_UNITS = ["水利厅", "财政厅", "教育厅", "科学技术厅", "民政厅", "司法厅", "人力资源和社会保障厅", "自然资源厅",
                    "生态环境厅", "住房和城乡建设厅", "交通运输厅", "农业农村厅", "商务厅", "文化和旅游厅", "卫生健康委员会",
                    "应急管理厅", "审计厅", "市场监督管理局", "统计局", "林业和草原局", "医疗保障局", "体育局", "粮食局",
                    "地方金融监督管理局", "机关事务管理局", "信访局", "国有资产监督管理委员会", "发展和改革委员会",
                    "工业和信息化厅", "公安厅", "退役军人事务厅", "广播电视局", "知识产权局", "气象局", "地震局",
                    "供销合作社联合社", "社会科学院", "农业科学院", "图书馆", "博物馆", "美术馆", "科学技术馆",
                    "档案馆", "地方志办公室", "总工会", "妇女联合会", "科学技术协会", "文学艺术界联合会", "红十字会",
                    "残疾人联合会", "工商业联合会", "侨务办公室", "人民防空办公室", "药品监督管理局", "测绘地理信息局",
                    "疾病预防控制中心", "人民医院", "中医医院", "农垦总局", "森工总局", "监狱管理局", "戒毒管理局",
                    "考试院"]


def _org8(n: int) -> str:
    return f"{n:08d}"


def provincial_units() -> list[Entity]:
    """The 63 provincial units (省直单位) of the letter, unsaved: organs (机构编制 1, 机关 1) and institutions."""
    out = []
    for i, unit in enumerate(PROVINCIAL_UNITS[:63]):
        kind = Entity.Kind.ORGAN if unit.endswith(("厅", "局", "委员会", "办公室")) else Entity.Kind.INSTITUTION
        authority = "11" if kind == Entity.Kind.ORGAN else "12"
        out.append(Entity(uscc=make_uscc(authority, "230000", _org8(41400000 + i)), name=f"黑龙江省{unit}",
                          kind=kind, region_code="230000", risk_class="A", address="哈尔滨市",
                          contact="办公室", phone="0451-8600" + f"{i:04d}"))
    return out


def _ensure_items(agency: Agency) -> None:
    for order, (code, name, category, cap, basis, subject, method) in enumerate(ITEMS):
        InspectionItem.objects.get_or_create(code=code, defaults={
            "agency": agency, "name": name, "category": category, "ratio_cap": cap, "legal_basis": basis,
            "subject": subject, "method": method, "order": order})


def load_directory_demo(agency: Agency, officer_users: dict[str, User]) -> None:
    if Entity.objects.exists():
        return
    for order, (code, name, category, cap, basis, subject, method) in enumerate(ITEMS):
        InspectionItem.objects.update_or_create(code=code, defaults={
            "agency": agency, "name": name, "category": category, "ratio_cap": cap, "legal_basis": basis,
            "subject": subject, "method": method, "order": order})
    rng = random.Random(2017)  # fixed: the demo directory is the same on every machine
    entities = provincial_units()
    risk_weights = [("A", 25), ("B", 45), ("C", 22), ("D", 8)]
    seen: set[str] = set()
    n = 0
    while len(entities) < 63 + 320:
        n += 1
        name = f"{rng.choice(PREFIXES)}{rng.choice(TRADES)}{'集团' if rng.random() < 0.1 else ''}有限公司"
        if name in seen:
            name = name.replace("有限公司", f"第{n}分公司")
        seen.add(name)
        region = rng.choice(REGIONS)
        risk = rng.choices([r for r, _w in risk_weights], [w for _r, w in risk_weights])[0]
        entities.append(Entity(uscc=make_uscc("91", region, f"MA{n:06d}"), name=name, kind=Entity.Kind.ENTERPRISE,
                               region_code=region, risk_class=risk, address=f"黑龙江省（区划{region}）",
                               contact="档案室", phone=f"0451-8700{n:04d}", active=rng.random() > 0.03))
    Entity.objects.bulk_create(entities)
    officers = [
        ("周执法", "officer1", dt.date(2015, 3, 1), dt.date(2028, 2, 28), "valid"),
        ("吴执法", "officer2", dt.date(2015, 3, 1), dt.date(2028, 2, 28), "valid"),
        ("郑检查", None, dt.date(2016, 1, 1), dt.date(2027, 12, 31), "valid"),
        ("王监督", None, dt.date(2016, 1, 1), dt.date(2027, 12, 31), "valid"),
        ("冯规范", None, dt.date(2014, 6, 1), dt.date(2029, 5, 31), "valid"),
        ("陈安全", None, dt.date(2014, 6, 1), dt.date(2029, 5, 31), "valid"),
        ("褚过期", None, dt.date(2012, 1, 1), dt.date(2016, 12, 31), "valid"),  # expired: never in a pool after 2016
        ("卫暂扣", None, dt.date(2015, 1, 1), dt.date(2028, 12, 31), "suspended"),
    ]
    created = []
    for i, (name, username, start, end, status) in enumerate(officers, start=1):
        created.append(Officer.objects.create(
            agency=agency, user=officer_users.get(username) if username else None, name=name,
            department="监督指导处", certificate_number=f"黑档执-{i:04d}", issuing_authority="黑龙江省人民政府",
            valid_from=start, valid_until=end, status=status))
    enterprises = [e for e in Entity.objects.filter(kind=Entity.Kind.ENTERPRISE).order_by("uscc")[:3]]
    Conflict.objects.create(officer=created[1], entity=enterprises[0], reason="近亲属在该单位任职",
                            declared_on=dt.date(2017, 1, 10))
    Conflict.objects.create(officer=created[2], entity=enterprises[1], reason="曾在该单位任职",
                            declared_on=dt.date(2017, 1, 10))


def load_draw_demo(agency: Agency, users: dict[str, User]) -> None:
    """The letter's 2017 random check: 23 enterprises drawn from the directory, two ordered to rectify, the
    results published with a record anyone can verify."""
    from fazhi.core import clock as sysclock
    from fazhi.inspection.inspections import inspection_record, task_publish, task_start_inspections
    from fazhi.inspection.models import Task
    from fazhi.inspection.services import task_commit, task_create, task_draw
    from fazhi.process.services import case_fire

    if Task.objects.filter(agency=agency, year=2017, mode=Task.Mode.RANDOM).exists():
        return
    head = users["head"]
    with sysclock.frozen_today(dt.date(2017, 3, 1)):
        task = task_create(
            actor=head, title="2017年度企业档案工作“双随机、一公开”抽查", year=2017, item_codes=["dag-cc-004"],
            quota_spec={"A": {"count": 3}, "B": {"count": 10}, "C": {"count": 7}, "D": {"count": 3}},
            scope_kinds=["enterprise"], team_size=2, max_load=9, beacon_source="中国福利彩票双色球 2017025 期开奖号码")
        task_commit(task_id=task.pk, actor=head)
    with sysclock.frozen_today(dt.date(2017, 3, 5)):
        task_draw(task_id=task.pk, actor=head, beacon_value="03 08 15 21 27 30 + 11")
    with sysclock.frozen_today(dt.date(2017, 3, 10)):
        task_start_inspections(task_id=task.pk, actor=head)
    inspections = list(task.inspections.order_by("id"))
    for n, inspection in enumerate(inspections):
        day = dt.date(2017, 3, 15) + dt.timedelta(days=(n * 2) % 35)
        with sysclock.frozen_today(day + dt.timedelta(days=1)):
            if n in (3, 11):  # the two units ordered to rectify
                inspection_record(
                    inspection_id=inspection.pk, actor=head, inspected_on=day, officers_present=inspection.team,
                    findings={"dag-cc-004": {"result": "fail", "description": "文件材料未按规定归档，档案室未配备防火防潮设施"}},
                    outcome="order_rectification", data={"rectify_days": 30})
            else:
                inspection_record(
                    inspection_id=inspection.pk, actor=head, inspected_on=day, officers_present=inspection.team,
                    findings={"dag-cc-004": {"result": "pass", "description": ""}}, outcome="conclude_ok")
    for n in (3, 11):
        inspection = inspections[n]
        inspection.refresh_from_db()
        with sysclock.frozen_today(inspection.rectification_due + dt.timedelta(days=3)):
            case_fire(case_id=inspection.case_id, transition="follow_up_pass", actor=head,
                      comment="复查：已按要求整改到位")
    with sysclock.frozen_today(dt.date(2017, 5, 8)):
        task_publish(task_id=task.pk, actor=head)


# The six units of the 2017 planned inspection ordered to rectify: position in the list, item, problem, days.
PLANNED_RECTIFICATIONS = {
    5: ("dag-cc-001", "2016年度文件材料未按时归档，归档范围和文件材料保管期限表未报送档案主管部门审查", 30),
    14: ("dag-cc-002", "档案库房未配备温湿度监测设备，部分灭火器已过有效期", 60),
    23: ("dag-cc-001", "电子文件未按规定归档，未建立电子档案备份制度", 30),
    36: ("dag-cc-002", "档案库房与办公用房混用，门窗未采取防盗措施", 60),
    48: ("dag-cc-001", "案卷目录不完整，部分案卷未编制卷内目录", 30),
    57: ("dag-cc-001", "档案借阅登记制度执行不严，3卷档案逾期未归还", 30),
}
# Of those, the units whose follow-up check came after the rectification clock ran out (待复查).
PLANNED_LATE_FOLLOW_UP = (23, 48)


def _workdays(start: dt.date):
    from fazhi.workdays.calendar import day_status

    day = start
    while True:
        if day_status(day).workday:
            yield day
        day += dt.timedelta(days=1)


def load_planned_demo(agency: Agency, users: dict[str, User]) -> None:
    """The letter's 2017 planned inspection (计划检查) of the archives work of 63 provincial units: each unit with
    a team of two certified officers, six ordered to rectify (责令整改通知书 issued through the inspection
    process, each followed up; two after the rectification clock ran out), 57 without problems, the results
    published."""
    from itertools import combinations

    from fazhi.core import clock as sysclock
    from fazhi.inspection.inspections import inspection_record, task_publish
    from fazhi.inspection.models import Task
    from fazhi.inspection.planned import planned_task_create, planned_task_start
    from fazhi.process.services import case_fire

    if Task.objects.filter(agency=agency, year=2017, mode=Task.Mode.PLANNED).exists():
        return
    head = users["head"]
    start = dt.date(2017, 5, 15)
    _ensure_items(agency)
    units = provincial_units()
    known = set(Entity.objects.filter(uscc__in=[u.uscc for u in units]).values_list("uscc", flat=True))
    Entity.objects.bulk_create([u for u in units if u.uscc not in known])
    pool = [o for o in Officer.objects.filter(agency=agency).order_by("certificate_number") if o.valid_on(start)]
    if len(pool) < 2:
        return
    conflicts = set(Conflict.objects.filter(officer__in=pool).values_list("officer__certificate_number",
                                                                          "entity__uscc"))
    pairs = [[a.certificate_number, b.certificate_number] for a, b in combinations(pool, 2)]
    targets = []
    for n, unit in enumerate(units):
        team = next((p for k in range(len(pairs)) for p in [pairs[(n + k) % len(pairs)]]
                     if not any((c, unit.uscc) in conflicts for c in p)), None)
        if team is None:
            return
        targets.append({"target": unit.uscc, "inspectors": team})
    with sysclock.frozen_today(dt.date(2017, 5, 10)):
        task = planned_task_create(
            actor=head, title="2017年度省直单位档案工作检查", year=2017, item_codes=["dag-cc-001", "dag-cc-002"],
            targets=targets, team_size=2,
            basis="《中华人民共和国档案法》第四十二条；黑龙江省档案局2017年度档案行政执法检查计划")
    with sysclock.frozen_today(start):
        planned_task_start(task_id=task.pk, actor=head)
    inspections = list(task.inspections.order_by("id"))
    visits = _workdays(start + dt.timedelta(days=1))
    visit_days = [next(visits) for _n in range((len(inspections) + 1) // 2)]  # two units a working day
    for n, inspection in enumerate(inspections):
        day = visit_days[n // 2]
        with sysclock.frozen_today(day):
            if n in PLANNED_RECTIFICATIONS:
                code, problem, period = PLANNED_RECTIFICATIONS[n]
                findings = {c: {"result": "pass"} for c in ("dag-cc-001", "dag-cc-002")}
                findings[code] = {"result": "fail", "description": problem}
                inspection_record(inspection_id=inspection.pk, actor=head, inspected_on=day,
                                  officers_present=inspection.team, findings=findings,
                                  outcome="order_rectification", data={"rectify_days": period})
            else:
                inspection_record(inspection_id=inspection.pk, actor=head, inspected_on=day,
                                  officers_present=inspection.team,
                                  findings={"dag-cc-001": {"result": "pass"}, "dag-cc-002": {"result": "pass"}},
                                  outcome="conclude_ok")
    with sysclock.frozen_today(next(_workdays(visit_days[-1] + dt.timedelta(days=14)))):
        task_publish(task_id=task.pk, actor=head)
    for n in PLANNED_RECTIFICATIONS:
        inspection = inspections[n]
        inspection.refresh_from_db()
        due = inspection.rectification_due
        if n in PLANNED_LATE_FOLLOW_UP:
            # What the clock ticker does the day after the deadline: the case waits for its follow-up check.
            with sysclock.frozen_today(due + dt.timedelta(days=1)):
                case_fire(case_id=inspection.case_id, transition="rectification_expired", actor=None,
                          today=due + dt.timedelta(days=1))
            followed = next(_workdays(due + dt.timedelta(days=4)))
        else:
            followed = next(_workdays(due - dt.timedelta(days=5)))
        with sysclock.frozen_today(followed):
            case_fire(case_id=inspection.case_id, transition="follow_up_pass", actor=head,
                      comment="复查：单位已报送整改报告，现场核实已整改到位")
