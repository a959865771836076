"""Demo petitions: the bureau's year 2017 (the letter, 黑档函〔2018〕15号, reports a petition system — 信访工作制度 and
the leaders' reception of letters and visits — without figures): letters, visits (one collective visit of twelve
with three representatives, visited again later), a call, an online petition; accepted, refused with the right
channel, transferred, extended once, answered, one taken through review (复查) with the second-review window
left to run out. Names, matters and dates are invented. Idempotent: nothing is added once the agency has a
petition received in 2017."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User

D = dt.date


def _fire(case, name, actor, day, comment="", **data):
    from fazhi.process.services import case_fire

    with sysclock.frozen_today(day):
        return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data, today=day)


def _close_window(case, clock: str, transition: str):
    """The request window ran out: what the daily tick does, on the day after the due date."""
    from fazhi.process.models import Clock

    clk = Clock.objects.filter(case=case, name=clock).order_by("-round").first()
    return _fire(case, transition, None, clk.due + dt.timedelta(days=1))


def _submit(agency, actor, day, channel, party, fields):
    from fazhi.requests.services import request_submit

    with sysclock.frozen_today(day):
        if actor.kind == User.Kind.STAFF:
            case, _code = request_submit(kind="petition", actor=actor, agency=agency, fields=fields, party=party,
                                         channel=channel, received_on=day, today=day)
        else:
            case, _code = request_submit(kind="petition", actor=actor, agency=agency, fields=fields, party=party,
                                         today=day)
    return case


def _answer(case, users, *, accepted, category, opinion_on, result, findings, opinion, basis, served_on,
            method="post", extend_on=None, extend_reason=""):
    handler, head, director = users["handler"], users["head"], users["director"]
    _fire(case, "accept", handler, accepted, category=category)
    if extend_on:
        _fire(case, "extend_handling", director, extend_on, extend_reason)
    _fire(case, "issue_opinion", head, opinion_on, findings=findings, result=result, opinion=opinion, basis=basis)
    _fire(case, "serve_opinion", users["clerk"], served_on, served_on=served_on.isoformat(), method=method)


def load_petitions_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.petitions.models import Petition
    from fazhi.petitions.services import visit_record

    if Petition.objects.filter(case__agency=agency, case__received_on__year=2017).exists():
        return
    clerk, head, director = users["clerk"], users["head"], users["director"]
    archives_law = "《中华人民共和国档案法》第十九条；《中华人民共和国档案法实施办法》第二十二条"

    # 1. A letter: a former sent-down youth asks for copies of his file; accepted, supported, window ran out.
    c1 = _submit(agency, clerk, D(2017, 2, 20), "post",
                 {"name": "高德昌", "address": "哈尔滨市香坊区和平路18号", "phone": "13904510101"},
                 {"matter": "查阅本人知青档案", "request": "请求查阅并复制本人1969年至1978年下乡期间的知青档案。",
                  "facts": "本人办理退休需要下乡期间的档案材料，原单位告知档案已移交省档案馆。"})
    _answer(c1, users, accepted=D(2017, 2, 27), category="claim", opinion_on=D(2017, 3, 30), result="support",
            findings="经查，信访人的知青档案于1985年随原省知青办档案移交本馆，现存于馆藏知青档案全宗。",
            opinion="同意信访人凭本人身份证件到本馆查阅利用服务窗口查阅，并提供复制件。", basis=archives_law,
            served_on=D(2017, 4, 5))
    _close_window(c1, "review_request", "review_window_over")

    # 2. A visit: the birth date in a personnel file; explained; reviewed by the superior, upheld; the second-review
    #    window ran out (the reviewed one).
    c2 = _submit(agency, clerk, D(2017, 3, 14), "visit",
                 {"name": "罗秀英", "address": "哈尔滨市南岗区学府路52号", "phone": "13804510202"},
                 {"matter": "更正档案中的出生日期", "request": "请求将本人档案中记载的出生日期更正为1962年5月3日。",
                  "facts": "本人户口簿记载的出生日期与档案不一致，影响退休年龄认定。", "persons": 1})
    _answer(c2, users, accepted=D(2017, 3, 20), category="claim", opinion_on=D(2017, 5, 12), result="explain",
            findings="经查，信访人档案中最早形成的招工登记表记载出生日期为1961年5月3日，本馆为档案保管机构，"
                     "无权改动档案原件记载内容。",
            opinion="出生日期的认定由信访人所在单位和人事主管部门依据最先记载的档案材料作出，本馆可以出具档案证明。",
            basis=archives_law + "；《关于制止违规篡改档案的通知》", served_on=D(2017, 5, 16), method="direct")
    _fire(c2, "review_requested", clerk, D(2017, 6, 8), requested_on="2017-06-05", review_body="黑龙江省人民政府")
    _fire(c2, "review_decided", clerk, D(2017, 7, 4), review_result="upheld",
          review_opinion="原处理意见认定事实清楚，适用依据正确，予以维持。", review_served_on="2017-07-04")
    _close_window(c2, "second_request", "second_window_over")

    # 3. A collective visit: twelve former employees of a bankrupt state enterprise, three representatives; visited
    #    again; the handling period extended once; supported.
    c3 = _submit(agency, clerk, D(2017, 5, 9), "visit",
                 {"name": "马德胜等12人", "address": "哈尔滨市平房区友协大街9号", "phone": "13604510303"},
                 {"matter": "原破产企业职工档案下落", "request": "请求查明原省属某机械厂破产后职工人事档案的保管单位，"
                  "并为职工办理档案查阅。", "facts": "该厂2003年破产，职工办理退休时找不到人事档案。",
                  "persons": 12, "representatives": ["马德胜", "孙玉兰", "赵长林"]})
    _fire(c3, "accept", users["handler"], D(2017, 5, 12), category="claim")
    with sysclock.frozen_today(D(2017, 6, 20)):
        visit_record(actor=director, case_id=c3.pk, visited_on=D(2017, 6, 20), persons=2,
                     representatives=["马德胜", "孙玉兰"], leader_received=True, today=D(2017, 6, 20),
                     summary="局长接待来访代表，通报与破产清算组、原主管部门协调查找档案的进展。")
    _fire(c3, "extend_handling", director, D(2017, 7, 5), "涉及破产清算组、原主管部门和两个区档案馆，需逐一核查档案移交记录")
    _fire(c3, "issue_opinion", head, D(2017, 8, 3), findings="经核查，该厂职工人事档案于2004年由破产清算组移交"
          "平房区档案馆集中保管，共1126卷。", result="support",
          opinion="已协调平房区档案馆为该厂职工开设查阅专窗，职工凭身份证件即可查阅和复制本人档案。",
          basis=archives_law + "；《国有企业破产中档案处置办法》")
    _fire(c3, "serve_opinion", clerk, D(2017, 8, 7), served_on="2017-08-07", method="direct")
    _close_window(c3, "review_request", "review_window_over")

    # 4. A call: a suggestion about opening hours; supported.
    c4 = _submit(agency, clerk, D(2017, 6, 19), "phone", {"name": "邵文静", "phone": "13704510404"},
                 {"matter": "建议周末开放查档服务", "request": "建议档案馆查档窗口周六上午开放。",
                  "facts": "在职人员工作日难以请假查档。"})
    _answer(c4, users, accepted=D(2017, 6, 22), category="suggestion", opinion_on=D(2017, 7, 20), result="support",
            findings="经研究，周六上午开放查档窗口具备条件。", opinion="自2017年9月起，查档窗口每周六上午开放。",
            basis="《档案馆开放档案暂行办法》；本馆利用服务工作制度", served_on=D(2017, 7, 24), method="electronic")
    _close_window(c4, "review_request", "review_window_over")

    # 5. A letter against a court judgment: not accepted, told to go to the court.
    c5 = _submit(agency, clerk, D(2017, 7, 11), "post", {"name": "郑国华", "address": "齐齐哈尔市龙沙区建华路7号"},
                 {"matter": "不服房屋继承纠纷判决", "request": "请求档案局撤销法院的继承判决。",
                  "facts": "法院依据的房产档案复印件与原件不符。"})
    _fire(c5, "not_accept", head, D(2017, 7, 18), "该事项系对人民法院生效判决不服，属于诉讼程序处理的事项。",
          ground="litigation", channel="依法向作出判决的人民法院或其上一级人民法院申请再审。")

    # 6. A letter about a county archives' service: transferred to the competent agency.
    c6 = _submit(agency, clerk, D(2017, 9, 4), "post", {"name": "杜春梅", "address": "宾县宾州镇东大街3号"},
                 {"matter": "反映宾县档案馆查档收费问题", "request": "请求查处违规收取查档费用的行为。",
                  "facts": "2017年8月在宾县档案馆查阅婚姻档案被收取费用50元。"})
    _fire(c6, "transfer", users["handler"], D(2017, 9, 8), to_agency="哈尔滨市档案局",
          reason="宾县档案馆由哈尔滨市档案局、宾县档案局管理，收费问题属其监督检查职权")

    # 7. Online, by the demo citizen: a question about archives of land contracts; accepted and answered.
    citizen = users.get("citizen")
    if citizen is not None:
        c7 = _submit(agency, citizen, D(2017, 10, 16), "online", {"address": "哈尔滨市南岗区档案路100号"},
                     {"matter": "查询土地承包合同档案", "request": "请求告知1998年二轮土地承包合同档案的保管单位。",
                      "facts": "村委会称合同档案已上交，乡政府称未接收。"})
        _answer(c7, users, accepted=D(2017, 10, 19), category="claim", opinion_on=D(2017, 11, 10),
                result="explain", findings="经查，二轮土地承包合同档案由县级农村经营管理部门和乡镇人民政府保管，"
                                           "不属于本馆接收范围。",
                opinion="请信访人向所在县农村经营管理部门查询，本馆已电话告知该部门联系方式。",
                basis="《农村土地承包经营权证管理办法》；《中华人民共和国档案法》", served_on=D(2017, 11, 14),
                method="electronic")
        _close_window(c7, "review_request", "review_window_over")
