"""Demo complaints and reports of the provincial bureau over the last year: thirteen requests through every channel
and outcome — answered, not accepted, transferred to a city bureau, a duplicate, one extended, some still open —
and one anonymous report that became a penalty case. People are invented. Idempotent (a demo marker in the case
data)."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User

TEAM = ["黑档执-0001", "黑档执-0002"]


def _person(name: str, body17: str, phone: str, address: str) -> dict:
    from fazhi.core.demo.load import resident_id_with_check

    return {"kind": "person", "name": name, "id_number": resident_id_with_check(body17), "phone": phone,
            "address": address}


REPORTERS = {
    "sun": _person("孙明远", "23010219760315201", "13904510001", "哈尔滨市道里区安静街12号"),
    "zhou": _person("周雅琴", "23010319880921302", "13904510002", "哈尔滨市南岗区学府路88号"),
    "wu": _person("吴建国", "23010419650504403", "13904510003", "哈尔滨市道外区北十道街6号"),
    "zheng": _person("郑晓东", "23020219900130104", "13904520004", "齐齐哈尔市龙沙区卜奎大街9号"),
    "qian": _person("钱玉兰", "23012519700811205", "13904510005", "宾县宾州镇和平路3号"),
}


def load_complaints_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.complaints.models import Complaint
    from fazhi.process.services import case_fire
    from fazhi.requests.services import request_submit

    if Complaint.objects.filter(case__agency=agency, case__data__demo=True).exists():
        return
    today = sysclock.today()
    clerk, handler, head = users["clerk"], users["handler"], users["head"]
    director, deputy, officer1 = users["director"], users["deputy"], users["officer1"]

    def day(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    def submit(kind, n, fields, *, actor=None, party=None, channel="online", anonymous=False):
        with sysclock.frozen_today(day(n)):
            case, _code = request_submit(kind=kind, actor=actor, agency=agency, fields=fields, party=party,
                                         anonymous=anonymous, channel=channel, received_on=day(n) if actor and
                                         actor.kind == User.Kind.STAFF else None)
        case.data = {**case.data, "demo": True}
        case.save(update_fields=["data"])
        return case

    def fire(case, name, actor, n, comment="", **data):
        with sysclock.frozen_today(day(n)):
            return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data)

    def answer(case, n, result, findings, reply, *, by=handler):
        fire(case, "record_findings", by, n, result=result, findings=findings)
        fire(case, "reply", head, n - 2, reply=reply)

    # 1. A report by phone, checked and not substantiated.
    c1 = submit("report", 330, {"subject": "某区档案馆", "facts": "该馆将到期应开放的档案长期不予开放。",
                                "letter_ref": "来电2025-031"}, actor=clerk, party=REPORTERS["sun"], channel="phone")
    fire(c1, "accept", head, 326, handlers=["handler"])
    answer(c1, 300, "unsubstantiated", "经查，所涉档案已于本年度按计划开放，并在馆网站公布开放目录。",
           "经核查，你反映的档案已按开放计划向社会开放，开放目录可在该馆网站查询。")

    # 2. A complaint online by an account: the reading room refused a request without a reason.
    c2 = submit("complaint", 300, {"subject": "某市档案馆查档窗口", "facts": "本人申请查阅本人父亲的工作档案，窗口工作人员拒绝且未说明理由。",
                                   "demand": "请求依法提供查阅，并说明拒绝理由。"},
                actor=users["citizen"], party={"address": "哈尔滨市南岗区和兴路20号"})
    fire(c2, "accept", head, 298, handlers=["handler"])
    answer(c2, 280, "substantiated", "经调查，窗口人员未按规定一次性告知所需材料。已责令该馆整改并对相关人员批评教育。",
           "经核查，你反映的问题属实。本机关已责令该馆整改，你可携带身份证明和亲属关系证明前往查阅。")

    # 3. A complaint by letter about a city archives: transferred to the city bureau.
    c3 = submit("complaint", 200, {"subject": "哈尔滨市某区档案馆", "facts": "该馆复制档案收费明显高于公示标准。",
                                   "demand": "请求退还多收费用。"}, actor=clerk, party=REPORTERS["zhou"], channel="post")
    fire(c3, "transfer", deputy, 196, "所反映事项属市级档案主管部门管辖，依规转送。", to_agency="哈尔滨市档案局")

    # 4. A report in person about the same unit as no. 1, no new facts: a duplicate.
    c4 = submit("report", 190, {"subject": "某区档案馆", "facts": "该馆到期档案不开放。"}, actor=clerk,
                party=REPORTERS["wu"], channel="visit")
    fire(c4, "mark_duplicate", head, 188, "与此前举报为同一事项，已办结。", earlier=c1.number)

    # 5. A complaint by e-mail about a labour dispute: not accepted.
    c5 = submit("complaint", 150, {"subject": "某公司人事部门", "facts": "公司解除劳动合同后未转移本人档案。",
                                   "demand": "请求责令公司赔偿损失。"}, actor=clerk, party=REPORTERS["zheng"],
                channel="email")
    fire(c5, "refuse", head, 146, "赔偿损失属劳动争议，应通过劳动争议仲裁解决；档案转递问题可另行向本机关提出。",
         ground="other_channel")

    # 6. A report online by a company account, partly substantiated.
    c6 = submit("report", 120, {"subject": "某数字化外包公司", "facts": "该公司在某单位档案数字化项目中使用未经审查的临时人员。"},
                actor=users["company"], party={"address": "哈尔滨市松北区创新路1号"})
    fire(c6, "accept", head, 118, handlers=["handler", "officer1"])
    answer(c6, 100, "partly", "临时人员未经保密审查属实；涉密档案外泄未查实。已责令委托单位整改。",
           "经核查，你反映的部分问题属实，本机关已责令有关单位整改。", by=officer1)

    # 7. A complaint in person, extended with the director's approval, answered.
    c7 = submit("complaint", 90, {"subject": "某县档案馆", "facts": "本人捐赠的家谱原件未按协议返还复制件。",
                                  "demand": "请求按协议返还复制件。"}, actor=clerk, party=REPORTERS["qian"],
                channel="visit")
    fire(c7, "accept", head, 88, handlers=["handler"])
    fire(c7, "extend_handling", director, 40, "涉及县级档案馆和捐赠协议的核实，情况复杂，同意延长30日。")
    answer(c7, 12, "substantiated", "协议约定三个月内返还复制件，县档案馆逾期未返还。已督促返还。",
           "经核查，你反映的问题属实，县档案馆已于近日将复制件寄还。")

    # 8. An anonymous report online that became a penalty case.
    violator = _violator()
    c8 = submit("report", 60, {"subject": violator["name"], "subject_address": violator["address"],
                               "facts": "该公司为某县档案馆整理档案期间，将部分档案扫描件拷贝带离工作场所。",
                               "occurred_on": day(70).isoformat()}, anonymous=True)
    fire(c8, "accept", head, 58, handlers=["officer1", "officer2"])
    fire(c8, "open_penalty", officer1, 50, party_name=violator["name"], party_type="archives_service_enterprise",
         party_id_number=violator["uscc"], party_address=violator["address"],
         clue="匿名举报：该公司在为某县档案馆整理档案期间，将档案扫描件拷贝带离工作场所。")
    c8.refresh_from_db()
    penalty = Complaint.objects.get(case=c8).penalty_case
    from fazhi.inspection.models import Officer

    if Officer.objects.filter(agency=agency, certificate_number__in=TEAM).count() == len(TEAM):
        fire(penalty, "file_case", director, 48, "举报线索具体，初步核实存在违法嫌疑，同意立案。", investigators=TEAM,
             party_type="archives_service_enterprise")
    answer(c8, 40, "substantiated", "经现场检查，举报反映的问题基本属实，已登记立案查处。",
           "经核查，你反映的问题基本属实，本机关已依法立案查处，处理结果将依法公示。", by=officer1)

    # 9–13. Still open: handling, waiting for the reply, waiting for the intake decision.
    c9 = submit("report", 30, {"subject": "某国有企业档案室", "facts": "企业改制中拟将会计档案作为废纸出售。"}, actor=clerk,
                party=REPORTERS["sun"], channel="fax")
    fire(c9, "accept", head, 27, handlers=["handler", "officer2"])
    c10 = submit("complaint", 20, {"subject": "某市城建档案馆", "facts": "申请查阅房屋原始档案被要求提供不必要的证明。",
                                   "demand": "请求按规定提供查阅。"}, actor=clerk, party=REPORTERS["zhou"], channel="post")
    fire(c10, "accept", head, 18, handlers=["handler"])
    fire(c10, "record_findings", handler, 5, result="partly", findings="该馆要求的证明中有一项无依据，已要求取消。")
    c11 = submit("complaint", 10, {"subject": "省档案馆利用服务大厅", "facts": "网上预约查档后现场被告知需重新排号。",
                                   "demand": "请求改进预约服务。"}, actor=users["citizen"],
                 party={"address": "哈尔滨市南岗区和兴路20号"})
    fire(c11, "accept", head, 8, handlers=["handler"])
    submit("report", 3, {"subject": "某区档案馆", "facts": "馆库漏雨，档案受潮未及时处置。"}, actor=clerk,
           party=REPORTERS["wu"], channel="phone")
    submit("report", 1, {"subject": "某街道办事处", "facts": "拆迁过程中将大量文书档案随意堆放在走廊。"}, anonymous=True)


def _violator() -> dict:
    """A unit of the inspection directory (or an invented one when the directory is empty)."""
    from fazhi.core.demo.load import make_uscc
    from fazhi.inspection.models import Entity

    e = Entity.objects.filter(kind=Entity.Kind.ENTERPRISE, active=True).order_by("uscc")[12:13].first()
    if e is not None:
        return {"name": e.name, "uscc": e.uscc, "address": e.address or "哈尔滨市香坊区示例路18号"}
    return {"name": "黑龙江某档案服务有限公司", "uscc": make_uscc("91", "230110", "MA1B2C9K"),
            "address": "哈尔滨市香坊区示例路18号"}
