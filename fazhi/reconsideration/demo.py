"""Demo reconsiderations (idempotent): the committee of eleven the 2018 letter reports (invented names: six officials of
the bureau, three scholars, two lawyers), the bureau's competence (a demo assumption, see docs/reconsideration.md),
and a year of cases:

* 维持 — a company against a penalty of 哈尔滨市档案局 (the respondent's case is opened at Harbin and closed by the
  decision);
* 撤销并责令重作 — a major case against 齐齐哈尔市档案局: hearing, committee advice, decision, performance;
* 不予受理 — a letter received long after the 60 days, the claimed reason not accepted;
* 撤回 — withdrawn after a settlement (第七十四条);
* one application under admission review, and one case in which the bureau is the respondent before the provincial
  people's government (its own penalty decision, linked by the 文号).
"""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User

MEMBERS = [
    # name, position, kind, profession, affiliation
    ("高建华", "chair", "internal", "official", "省档案局局长"),
    ("孙立民", "vice_chair", "internal", "official", "省档案局副局长"),
    ("马晓燕", "vice_chair", "external", "scholar", "省内某高校法学院教授（行政法学）"),
    ("周海涛", "member", "internal", "official", "省档案局政策法规处处长"),
    ("郑丽娟", "member", "internal", "official", "省档案局监督指导处处长"),
    ("何永刚", "member", "internal", "official", "省档案局办公室主任"),
    ("彭国庆", "member", "internal", "official", "省档案馆馆藏利用部主任"),
    ("韩雪梅", "member", "external", "scholar", "省内某高校法学院副教授"),
    ("冯志远", "member", "external", "scholar", "省社会科学院研究员"),
    ("曹文博", "member", "external", "lawyer", "某律师事务所高级合伙人、律师"),
    ("邓雅琴", "member", "external", "lawyer", "某律师事务所执业律师"),
]

COMPETENCE_BASIS = ("示例配置：本局办理对市（地）档案局作出的行政行为不服的行政复议案件（部署时须替换为实际的法律依据或者"
                    "授权文件；2023年修订的行政复议法第二十四条将地方人民政府工作部门的案件交由本级人民政府管辖）")


def load_reconsideration_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.reconsideration.models import CommitteeMember, Competence, Reconsideration

    if not CommitteeMember.objects.filter(agency=agency).exists():
        for order, (name, position, kind, profession, affiliation) in enumerate(MEMBERS):
            CommitteeMember.objects.create(agency=agency, name=name, position=position, kind=kind,
                                           profession=profession, affiliation=affiliation,
                                           term_start=dt.date(2017, 3, 1), order=order)  # set up in 2017 (the letter)
    Competence.objects.get_or_create(agency=agency, scope=Competence.Scope.LOWER,
                                     defaults={"legal_basis": COMPETENCE_BASIS})
    if Reconsideration.objects.filter(case__agency=agency).exists():
        return
    _cases(agency, users)


def _cases(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.process.models import CaseDocument
    from fazhi.process.services import case_fire
    from fazhi.reconsideration.models import CommitteeMember
    from fazhi.reconsideration.services import respondent_open
    from fazhi.requests.services import request_submit

    legal, director, head, clerk = users["legal"], users["director"], users["head"], users["clerk"]
    today = sysclock.today()
    harbin = Agency.objects.filter(parent=agency, name="哈尔滨市档案局").first()
    qiqihar = Agency.objects.filter(parent=agency, name="齐齐哈尔市档案局").first()
    harbin_name = harbin.name if harbin else "哈尔滨市档案局"
    qiqihar_name = qiqihar.name if qiqihar else "齐齐哈尔市档案局"

    def iso(d: dt.date) -> str:
        return d.isoformat()

    def fire(case, name, actor, day, comment="", **data):
        with sysclock.frozen_today(day):
            return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data, today=day)

    def submit(actor, day, fields, *, party=None, channel="online"):
        with sysclock.frozen_today(day):
            case, _code = request_submit(kind="reconsideration", actor=actor, agency=agency, fields=fields,
                                         party=party, channel=channel, received_on=day if channel != "online" else None,
                                         today=day)
        return case

    # 1. 维持: a penalty of 哈尔滨市档案局 (warning and fine) upheld.
    t = today - dt.timedelta(days=300)
    case = submit(users["company"], t, {
        "respondent": harbin_name, "act_title": "行政处罚决定", "act_number": "哈档罚〔2025〕7号",
        "act_date": iso(t - dt.timedelta(days=25)), "known_on": iso(t - dt.timedelta(days=20)),
        "request": "请求撤销该行政处罚决定。",
        "facts_reasons": "申请人认为，所涉档案系本公司自有档案，不属于应当向档案馆移交的档案，被申请人认定事实错误。",
    }, party={"address": "哈尔滨市南岗区示例路8号"})
    fire(case, "accept", legal, t + dt.timedelta(days=2), procedure="ordinary", major="no")
    fire(case, "send_copy", legal, t + dt.timedelta(days=4), copy_received_on=iso(t + dt.timedelta(days=4)),
         method="system")
    fire(case, "record_answer", legal, t + dt.timedelta(days=12), received_on=iso(t + dt.timedelta(days=12)),
         summary="申请人保管的档案形成于其改制前的国有企业，属于国家所有的档案；被申请人依法作出处罚，事实清楚，程序合法。",
         evidence=["现场检查笔录", "询问笔录", "企业改制批复文件", "行政处罚事先告知书及送达回证"])
    fire(case, "record_opinions", legal, t + dt.timedelta(days=18), mode="in_person",
         heard_on=iso(t + dt.timedelta(days=18)), summary="当面听取了申请人和被申请人的意见。")
    fire(case, "propose_decision", legal, t + dt.timedelta(days=30), decision_type="maintain",
         ground="认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当",
         facts="申请人所保管的档案形成于其前身某国有企业存续期间，企业改制时未依规定移交；被申请人经立案、调查、事先告知后"
               "作出处罚决定，并依法送达。",
         reasons="改制前国有企业形成的档案属于国家所有，申请人关于档案归属的主张不能成立；处罚在裁量基准范围内，内容适当。",
         basis="《中华人民共和国档案法》第二十五条、第四十八条；《中华人民共和国行政处罚法》第四十四条、第五十七条。")
    fire(case, "decide", director, t + dt.timedelta(days=33), "同意维持。", approval="head")
    fire(case, "serve_and_close", legal, t + dt.timedelta(days=35), served_on=iso(t + dt.timedelta(days=35)))

    # 2. 撤销并责令重作: a major case against 齐齐哈尔市档案局, with hearing and the committee's advice.
    t = today - dt.timedelta(days=200)
    case = submit(users["citizen"], t, {
        "respondent": qiqihar_name, "act_title": "不予提供档案查阅利用的答复", "act_number": "齐档函〔2025〕31号",
        "act_date": iso(t - dt.timedelta(days=40)), "known_on": iso(t - dt.timedelta(days=35)),
        "request": "请求撤销该答复，责令被申请人依法提供其祖父1953年土地房产登记档案的查阅利用。",
        "facts_reasons": "申请人系档案所涉当事人的直系亲属，被申请人以“涉及个人隐私”为由一概拒绝，未说明依据。",
    }, party={"address": "齐齐哈尔市龙沙区示例街12号"})
    fire(case, "accept", legal, t + dt.timedelta(days=1), procedure="ordinary", major="yes")
    fire(case, "send_copy", legal, t + dt.timedelta(days=4), copy_received_on=iso(t + dt.timedelta(days=4)),
         method="system")
    fire(case, "record_answer", legal, t + dt.timedelta(days=13), received_on=iso(t + dt.timedelta(days=13)),
         summary="所涉档案包含第三人的个人信息，依法不宜提供。", evidence=["档案目录", "答复书及送达回证"])
    hearing_on = t + dt.timedelta(days=40)
    fire(case, "schedule_hearing", legal, t + dt.timedelta(days=20), ground="major", hearing_date=iso(hearing_on),
         hearing_place="省档案局第三会议室", presiding="周海涛", officers=["陈法制", "王复议"], clerk="李记录")
    fire(case, "hold_hearing", legal, hearing_on, record="申请人出示亲属关系证明；被申请人未能说明拒绝的具体法律依据。",
         applicant_attended="yes", respondent_attendee="齐齐哈尔市档案局副局长")
    members = [str(pk) for pk in CommitteeMember.objects.filter(agency=agency).order_by("order")
               .values_list("pk", flat=True)[:7]]
    fire(case, "committee_advice", legal, t + dt.timedelta(days=44), ground="major",
         meeting_date=iso(t + dt.timedelta(days=44)), members=members,
         advice="多数委员认为：被申请人未区分档案中涉及第三人个人信息的部分与可以提供的部分，一概拒绝缺乏依据，建议撤销并责令"
                "重新答复。")
    fire(case, "propose_decision", legal, t + dt.timedelta(days=48), decision_type="revoke_redo",
         ground="第六十四条第一款第（一）项 主要事实不清、证据不足",
         facts="所涉档案为1953年土地房产登记档案，申请人为登记人的孙子；档案中另有两户邻居的登记信息。",
         reasons="被申请人未对档案内容区分处理，也未说明不予提供的具体依据，主要事实不清、证据不足。",
         basis="《中华人民共和国档案法》第二十八条；《中华人民共和国档案法实施条例》第三十二条。",
         content="由被申请人对申请人的查阅利用申请重新作出答复，可以提供的部分依法提供。", perform_days=30)
    fire(case, "decide", director, t + dt.timedelta(days=52), "经集体讨论通过。", approval="collective")
    fire(case, "serve", legal, t + dt.timedelta(days=53), served_on=iso(t + dt.timedelta(days=53)))
    fire(case, "record_performance", legal, t + dt.timedelta(days=75), performed_on=iso(t + dt.timedelta(days=74)),
         note="被申请人已重新答复，提供了登记人本人的登记档案复制件。")

    # 3. 不予受理: a letter received long after the 60 days; the claimed reason does not hold.
    t = today - dt.timedelta(days=150)
    case = submit(clerk, t, {
        "respondent": harbin_name, "act_title": "责令整改通知", "act_number": "哈档整〔2025〕3号",
        "act_date": iso(t - dt.timedelta(days=130)), "known_on": iso(t - dt.timedelta(days=125)),
        "request": "请求撤销责令整改通知。", "facts_reasons": "整改要求过高。",
        "limit_exception": "other_reason", "limit_exception_note": "申请人称一直外出，未能及时申请。",
    }, party={"kind": "legal_person", "name": "哈尔滨某档案服务有限公司", "address": "哈尔滨市道里区示例大街5号"},
        channel="post")
    fire(case, "refuse", legal, t + dt.timedelta(days=3), "外出不属于耽误申请期限的正当理由。", ground="late",
         explanation="申请人于知道该行政行为后第一百二十五日方提出申请，所称外出经营不构成不可抗力或者其他正当理由。")

    # 4. 撤回: withdrawn after a settlement.
    t = today - dt.timedelta(days=100)
    case = submit(clerk, t, {
        "respondent": harbin_name, "act_title": "档案行政检查意见书", "known_on": iso(t - dt.timedelta(days=10)),
        "request": "请求确认检查意见违法。", "facts_reasons": "检查意见未听取申请人陈述。",
    }, party={"kind": "person", "name": "赵某某", "address": "哈尔滨市香坊区示例小区3栋"}, channel="visit")
    fire(case, "accept", legal, t + dt.timedelta(days=2), procedure="ordinary", major="no")
    fire(case, "send_copy", legal, t + dt.timedelta(days=3), copy_received_on=iso(t + dt.timedelta(days=3)),
         method="system")
    fire(case, "withdraw", legal, t + dt.timedelta(days=9), "双方达成和解，申请人书面申请撤回。", reason="settlement",
         requested_on=iso(t + dt.timedelta(days=8)))

    # 5. Under admission review.
    t = today - dt.timedelta(days=1)
    submit(users["citizen"], t, {
        "respondent": qiqihar_name, "act_title": "档案行政处罚决定", "act_number": "齐档罚〔2026〕2号",
        "act_date": iso(t - dt.timedelta(days=12)), "known_on": iso(t - dt.timedelta(days=10)),
        "request": "请求变更罚款数额。", "facts_reasons": "初次违法且已及时改正，罚款数额过高。",
    }, party={"address": "齐齐哈尔市建华区示例路6号"})

    # 6. The bureau as respondent before the provincial people's government: its own penalty decision.
    doc = (CaseDocument.objects.filter(case__agency=agency, case__kind="penalty", kind="decision")
           .select_related("case").order_by("id").first())
    received = today - dt.timedelta(days=8)
    with sysclock.frozen_today(received):
        rcase = respondent_open(
            actor=legal, agency=agency, organ_name="黑龙江省人民政府",
            party={"kind": "legal_person", "name": doc.case.party_name if doc else "某数字化服务有限公司",
                   "id_number": doc.case.party_id_number if doc else "", "address": doc.case.party_address if doc else ""},
            act_title="行政处罚决定", act_number=doc.number if doc else "", act_date=doc.issued_on if doc else None,
            request_text="请求撤销罚款。", copy_received_on=received, procedure="ordinary", channel="post",
            today=received)
    fire(rcase, "submit_answer", head, today - dt.timedelta(days=3),
         answer="本局经立案、调查取证、事先告知后作出处罚决定，认定事实清楚，证据确凿，适用依据正确，程序合法，"
                "罚款数额在裁量基准范围内。请求维持。",
         evidence=["立案审批表", "现场检查笔录", "询问笔录", "行政处罚事先告知书", "行政处罚决定书及送达回证"])
