"""Demo major decisions: the three the 2018 letter (黑档函〔2018〕15号) reports — the 13th five-year archives plan, the
implementing opinions on archives work, and the management of the key-archives rescue funds — each through the
legality review and the director's meeting (局长办公会), published and being implemented; and the legislative project
the letter reports (《黑龙江省重大事项档案管理办法》, a research project of the provincial government's 2017
legislative plan). Dates the letter does not give are invented (within the months it names); people's names are
invented. Idempotent."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User

LEADERS = ["刘局长", "赵分管", "钱副局长", "孙副局长"]
REVIEW_BASIS = ("《中华人民共和国档案法》；《中华人民共和国档案法实施办法》；《黑龙江省档案管理条例》；"
                "《黑龙江省规范性文件管理办法》")
MEETING = {"meeting_type": "directors_office", "chaired_by": "刘局长", "attendees": LEADERS}

PLAN_DRAFT = """黑龙江省档案事业发展十三五规划（征求意见稿）
一、发展基础和面临的形势
二、指导思想、基本原则和发展目标
三、主要任务：（一）推进档案治理体系建设；（二）加强档案资源建设；（三）提升档案利用服务能力；（四）加强档案安全体系建设；（五）推进档案信息化建设；（六）加强档案人才队伍建设
四、保障措施"""

OPINION_DRAFT = """黑龙江省关于加强和改进新形势下档案工作的实施意见（送审稿）
一、总体要求
二、加强档案资源建设，建立覆盖人民群众的档案资源体系
三、创新档案利用服务，建立方便人民群众的档案利用体系
四、筑牢档案安全防线，建立确保档案安全的保障体系
五、加强组织领导，落实档案工作责任"""

FUNDS_DRAFT = """重点档案保护抢救资金管理（2017年度资金分配方案和管理办法）
一、资金使用范围：馆藏重点档案的修复、数字化、缩微和异地备份
二、项目申报和评审：市（地）档案局组织申报，省档案局组织专家评审
三、资金分配原则：突出重点、统筹兼顾、专款专用
四、监督管理和绩效评价：项目验收、资金审计、绩效评价结果与下年度分配挂钩"""


def _fire(case, name, actor, day, comment="", **data):
    from fazhi.process.services import case_fire

    with sysclock.frozen_today(day):
        return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data, today=day)


def _catalogue(agency, users, year, title, category, unit, note=""):
    from fazhi.decisions.models import CatalogueItem
    from fazhi.decisions.services import catalogue_item_add

    item = CatalogueItem.objects.filter(agency=agency, year=year, title=title).first()
    return item or catalogue_item_add(actor=users["head"], year=year, title=title, category=category,
                                      drafting_unit=unit, note=note)


def _review_and_meeting(case, users, *, submitted, passed, meeting, procedure_note, opinion, minutes, chief):
    handler, legal, director = users["handler"], users["legal"], users["director"]
    _fire(case, "submit_review", handler, submitted, basis=REVIEW_BASIS, procedure_note=procedure_note)
    _fire(case, "review_pass", legal, passed, "经审查，符合法定权限和程序，内容合法。", opinion=opinion,
          adviser_opinion="本局法律顾问（律师）提出书面法律意见：未发现与上位法相抵触的内容。")
    _fire(case, "discussion_adopt", director, meeting, meeting_date=meeting.isoformat(), minutes=minutes,
          differing_opinions="", chief_opinion=chief, **MEETING)


def load_decisions_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.decisions.models import Decision

    if not Decision.objects.filter(case__agency=agency).exists():
        _decisions(agency, users)
    _legislation(agency, users)


def _decisions(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.decisions.services import decision_create, decision_revise_draft

    handler, head = users["handler"], users["head"]

    # 1. 《黑龙江省档案事业发展十三五规划》: a plan (第三条第一款第（二）项), public comment for 30 days, expert argument.
    item = _catalogue(agency, users, 2016, "黑龙江省档案事业发展十三五规划", "plan", "办公室",
                      "依据《全国档案事业发展“十三五”规划》编制本省规划。")
    day = dt.date(2016, 9, 5)
    with sysclock.frozen_today(day):
        case = decision_create(actor=handler, title="黑龙江省档案事业发展十三五规划", category="plan",
                               drafting_unit="办公室", catalogue_item_id=item.pk, draft_text=PLAN_DRAFT,
                               description="编制全省档案事业发展第十三个五年规划，明确2016—2020年的发展目标、主要任务和保障措施。",
                               started_on=day, today=day)
    _fire(case, "start_consultation", handler, dt.date(2016, 10, 10), published_via="黑龙江档案信息网",
          how_to_comment="通过电子邮件或信函向省档案局办公室提出意见，注明“十三五规划意见”。")
    _fire(case, "consultation_over", None, dt.date(2016, 11, 10))
    _fire(case, "record_feedback", handler, dt.date(2016, 11, 14), comments_count=37,
          summary="共收到意见37条，主要涉及档案信息化建设目标、县级综合档案馆建设和档案人才培养；采纳29条，"
                  "未采纳的8条已说明理由。")
    with sysclock.frozen_today(dt.date(2016, 11, 21)):
        decision_revise_draft(actor=handler, case_id=case.pk, text=PLAN_DRAFT.replace("征求意见稿", "修改稿"),
                              note="根据公众意见修改", today=dt.date(2016, 11, 21))
    _fire(case, "record_expert_argument", head, dt.date(2016, 12, 6), argued_on="2016-12-06",
          experts=["高校档案学专家（黑龙江大学）", "省档案馆研究馆员", "市档案局业务骨干"],
          opinion="规划目标明确、任务可行，建议细化档案信息化建设的量化指标。",
          adoption="已采纳，补充了数字档案馆建设和馆藏档案数字化比例等指标。")
    _fire(case, "skip_risk_assessment", head, dt.date(2016, 12, 8), ground="no_adverse_impact",
          skip_reason="本规划为行业发展规划，不直接涉及群众切身利益，实施不会对社会稳定、公共安全等造成不利影响。")
    _review_and_meeting(
        case, users, submitted=dt.date(2017, 1, 20), passed=dt.date(2017, 2, 7), meeting=dt.date(2017, 2, 14),
        procedure_note="已公开征求意见30日、组织专家论证；经评估不涉及社会稳定风险。",
        opinion="规划草案符合《中华人民共和国档案法》和国家档案局规划要求，未设定行政许可、行政处罚等事项，同意提交局长办公会讨论。",
        minutes="会议听取了办公室关于规划编制情况的汇报，逐章讨论了规划草案。",
        chief="同意印发实施，由办公室会同各处室分解任务。")
    _fire(case, "publish", handler, dt.date(2017, 2, 28), published_on="2017-02-28", channel="黑龙江档案信息网",
          interpretation="公开征求意见收到37条，采纳29条；专家论证意见已采纳。")
    _fire(case, "record_progress", handler, dt.date(2017, 12, 20), progress_on="2017-12-20", unit="各处室、各市（地）档案局",
          progress="2017年度任务已分解落实，数字档案馆建设和县级综合档案馆建设按计划推进。")

    # 2. 《黑龙江省关于加强和改进新形势下档案工作的实施意见》: drafted for the two general offices of the provincial
    # party committee and government; opinions asked in writing from the city archives bureaus and provincial units.
    item = _catalogue(agency, users, 2017, "黑龙江省关于加强和改进新形势下档案工作的实施意见", "public_policy",
                      "业务指导处", "代省委办公厅、省政府办公厅起草。")
    day = dt.date(2017, 1, 9)
    with sysclock.frozen_today(day):
        case = decision_create(actor=handler, title="黑龙江省关于加强和改进新形势下档案工作的实施意见",
                               category="public_policy", drafting_unit="业务指导处", catalogue_item_id=item.pk,
                               draft_text=OPINION_DRAFT.replace("送审稿", "征求意见稿"),
                               description="代“两办”起草，结合我省档案工作实际并借鉴兄弟省份做法。", started_on=day,
                               today=day)
    _fire(case, "record_participation", handler, dt.date(2017, 3, 10),
          methods=["书面征求各市（地）档案局意见", "书面征求省直有关部门意见",
                   "吸纳省人大常委会档案“一法一例”实施情况检查组的建议"],
          comments_count=52, summary="共收到意见建议52条，经研究采纳41条，对《实施意见》进行了多次修改完善。")
    with sysclock.frozen_today(dt.date(2017, 3, 17)):
        decision_revise_draft(actor=handler, case_id=case.pk, text=OPINION_DRAFT, note="根据反馈意见修改",
                              today=dt.date(2017, 3, 17))
    _fire(case, "skip_expert_argument", head, dt.date(2017, 3, 20), ground="not_technical",
          skip_reason="本意见为档案工作政策性文件，不属于专业性、技术性较强的决策事项；已广泛征求业务部门意见。")
    _fire(case, "skip_risk_assessment", head, dt.date(2017, 3, 20), ground="no_adverse_impact",
          skip_reason="不直接涉及群众切身利益，实施不会对社会稳定、公共安全等造成不利影响。")
    _review_and_meeting(
        case, users, submitted=dt.date(2017, 3, 27), passed=dt.date(2017, 4, 7), meeting=dt.date(2017, 4, 18),
        procedure_note="已书面征求市（地）档案部门和省直部门意见并研究采纳；不属于专业性、技术性较强事项，未组织专家论证；"
                       "经分析不涉及社会稳定风险。",
        opinion="送审稿符合《中华人民共和国档案法》及中共中央办公厅、国务院办公厅有关意见精神，同意提交局长办公会讨论。",
        minutes="会议审议了《实施意见》送审稿，同意以省委办公厅、省政府办公厅名义报请印发。",
        chief="同意报请“两办”印发。")
    _fire(case, "publish", handler, dt.date(2017, 5, 16), published_on="2017-05-16",
          channel="以中共黑龙江省委办公厅、黑龙江省人民政府办公厅名义印发；黑龙江档案信息网",
          interpretation="起草过程中广泛征求了市地档案部门和省直部门的意见，采纳41条。")
    _fire(case, "record_progress", handler, dt.date(2017, 11, 30), progress_on="2017-11-30", unit="业务指导处",
          progress="已召开全省贯彻落实会议，各市（地）结合实际制定落实措施。")

    # 3. 重点档案保护抢救资金管理: cultural resources (第三条第一款第（三）项); expert argument and risk assessment.
    item = _catalogue(agency, users, 2017, "重点档案保护抢救资金管理", "resources", "计划财务处",
                      "2017年度重点档案保护抢救资金的分配方案和管理办法。")
    day = dt.date(2017, 5, 8)
    with sysclock.frozen_today(day):
        case = decision_create(actor=handler, title="重点档案保护抢救资金管理", category="resources",
                               drafting_unit="计划财务处", catalogue_item_id=item.pk, draft_text=FUNDS_DRAFT,
                               description="确定2017年度重点档案保护抢救资金的使用范围、分配方案和监督管理措施。",
                               started_on=day, today=day)
    _fire(case, "record_participation", handler, dt.date(2017, 6, 9),
          methods=["书面征求各市（地）档案局意见", "座谈会（项目申报单位）"], comments_count=18,
          summary="共收到意见18条，主要涉及项目申报条件和配套资金比例，采纳12条。")
    _fire(case, "record_expert_argument", head, dt.date(2017, 6, 20), argued_on="2017-06-20",
          experts=["档案保护技术专家（省档案馆）", "财务专家（会计师事务所）", "高校档案学专家"],
          opinion="分配原则合理，建议对濒危档案修复项目优先安排。", adoption="已采纳，调整了项目排序规则。")
    _fire(case, "record_risk_assessment", head, dt.date(2017, 6, 26), assessed_on="2017-06-26",
          method="会商分析、重点走访", risk_level="low",
          report="资金使用的廉政风险和项目实施风险可控。", measures="专款专用，项目验收和资金审计，绩效评价结果与下年度分配挂钩。")
    _review_and_meeting(
        case, users, submitted=dt.date(2017, 7, 3), passed=dt.date(2017, 7, 12), meeting=dt.date(2017, 7, 18),
        procedure_note="已征求意见并召开座谈会，组织专家论证和风险评估。",
        opinion="资金分配方案和管理办法符合财政专项资金管理规定，同意提交局长办公会讨论。",
        minutes="会议听取了计划财务处的汇报，审议了资金分配方案和管理办法。",
        chief="同意按方案下达资金，计划财务处负责跟踪问效。")
    _fire(case, "publish", handler, dt.date(2017, 7, 28), published_on="2017-07-28",
          channel="黑龙江档案信息网（资金分配结果公示）")
    _fire(case, "record_progress", handler, dt.date(2017, 12, 15), progress_on="2017-12-15", unit="计划财务处",
          progress="资金已全部下达项目单位，完成濒危档案修复和数字化项目的中期检查。")


def _legislation(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.decisions.models import LegislativeProject
    from fazhi.decisions.services import project_create

    title = "黑龙江省重大事项档案管理办法"
    if LegislativeProject.objects.filter(agency=agency, title=title).exists():
        return
    project_create(
        actor=users["legal"], title=title, kind="government_rule", plan="省政府2017年立法调研计划（调研项目）",
        drafting_unit="教育宣传法制处", status="research",
        description="认真反复修改《黑龙江省重大事项档案管理办法（草稿）》，及时向省法制办报送立法必要性和进展情况，"
                    "确定为省政府立法调研项目。",
        milestones=[
            {"name": "修改完善《黑龙江省重大事项档案管理办法（草稿）》", "due": "2017-03-31", "done_on": "2017-03-28",
             "note": "演示日期"},
            {"name": "向省法制办报送立法必要性说明和进展情况", "due": "2017-04-30", "done_on": "2017-04-20",
             "note": "演示日期"},
            {"name": "列入省政府2017年立法调研计划", "due": None, "done_on": "2017-05-15", "note": "演示日期"},
            {"name": "主管领导带队赴浙江、山东两省调研", "due": "2017-09-30", "done_on": "2017-09-22",
             "note": "2017年9月（来函）"},
            {"name": "形成调研报告，修改草稿", "due": "2017-12-31", "done_on": "2017-12-20", "note": "演示日期"},
            {"name": "争取列入省政府年度立法计划（正式项目）", "due": "2018-12-31", "done_on": None, "note": ""},
        ])
