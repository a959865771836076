"""Demo disclosure requests: a year of them (the year before the demo's today), every kind of reply at least once
— 已主动公开, 予以公开, 部分公开 after a third-party consultation, 不予公开 on several grounds, 信息不存在, 非本机关负责
公开, 需要另行制作, 补正后仍不明确, 重复申请, 信访类, 公开出版物, 不属于政府信息 — one corrected, one extended, one
abandoned after a correction notice, one withdrawn, one carried over into this year; the channels varied (online,
counter, post, fax, e-mail, visit); and two open requests of this year for the inbox. Names are invented.
Idempotent: nothing is added once the agency has disclosure requests."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User

LAW_FIRM = {"kind": "legal_person", "name": "黑龙江省明正律师事务所", "phone": "0451-86000001",
            "address": "哈尔滨市南岗区红军街15号"}
UNIVERSITY = {"kind": "legal_person", "name": "北疆大学历史文化学院", "phone": "0451-86000002",
              "address": "哈尔滨市香坊区学院路88号"}
FOUNDATION = {"kind": "legal_person", "name": "龙江文化遗产保护基金会", "phone": "0451-86000003",
              "address": "哈尔滨市道里区中央大街66号"}
SERVICE_CO = {"kind": "legal_person", "name": "哈尔滨卷宗数字档案服务有限公司", "phone": "0451-86000004",
              "address": "哈尔滨市松北区创新路9号"}
VISITOR = {"kind": "person", "name": "赵守仁", "phone": "13945000001", "address": "哈尔滨市道外区靖宇街30号"}


def load_disclosure_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.disclosure.models import DisclosureRequest

    if not DisclosureRequest.objects.filter(case__agency=agency).exists():
        _requests(agency, users)
    _carried_in(agency, users)
    _annual_report(agency, users)


def _requests(agency: Agency, users: dict[str, User]) -> None:  # noqa: PLR0915 - one scenario after another
    from fazhi.process.services import case_fire
    from fazhi.requests.services import request_submit

    today = sysclock.today()
    y = today.year - 1
    clerk, handler, head = users["clerk"], users["handler"], users["head"]
    citizen, company = users["citizen"], users["company"]

    def d(month: int, day: int, year: int = y) -> dt.date:
        return dt.date(year, month, day)

    def online(who, day, description, *, form="electronic", way="email", **extra):
        fields = {"description": description, "form": form, "way": way, **extra}
        if way == "email":
            fields.setdefault("email", "demo@example.cn")
        if who.kind == User.Kind.LEGAL_PERSON:
            fields.setdefault("org_type", "business")
        with sysclock.frozen_today(day):
            case, _code = request_submit(kind="disclosure", actor=who, agency=agency, fields=fields,
                                         party={"address": "哈尔滨市南岗区示例路1号"})
        return case

    def paper(party, channel, day, description, *, org_type="", form="paper", way="post", **extra):
        fields = {"description": description, "form": form, "way": way, **extra}
        if org_type:
            fields["org_type"] = org_type
        if way == "email":
            fields.setdefault("email", "demo@example.cn")
        with sysclock.frozen_today(day):
            case, _code = request_submit(kind="disclosure", actor=clerk, agency=agency, fields=fields, party=party,
                                         channel=channel, received_on=day)
        return case

    def fire(case, name, actor, day, comment="", **data):
        with sysclock.frozen_today(day):
            return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data, today=day)

    # 1. Online; already published on the portal (第三十六条第（一）项).
    c1 = online(citizen, d(2, 17), f"本局{y - 1}年度部门决算及“三公”经费支出情况")
    fire(c1, "confirm_receipt", clerk, d(2, 18))
    fire(c1, "reply_disclose", handler, d(2, 20), ground="published", content=f"《黑龙江省档案局{y - 1}年度部门决算》",
         how="已在本局门户网站“政府信息公开—财政资金”栏目主动公开，可在线查阅、下载。")
    reply1 = c1.documents.get(kind="reply").number

    # 2. At the counter; disclosed on paper (第三十六条第（二）项).
    c2 = paper(VISITOR, "counter", d(3, 3), "本局档案行政许可事项的办事指南及收费依据", way="pickup")
    fire(c2, "reply_disclose", handler, d(3, 14), ground="open", content="档案行政许可事项办事指南3份（纸质）",
         how="请于收到本答复书之日起10个工作日内持身份证件到本局政务服务窗口领取。")

    # 3. Online by a company; a third party consulted (第三十二条, the reply clock paused), then 部分公开 (第三十七条).
    c3 = online(company, d(3, 10), f"{y - 1}年全省档案数字化外包服务项目的招标文件、中标结果及合同")
    fire(c3, "confirm_receipt", clerk, d(3, 11))
    fire(c3, "begin_handling", handler, d(3, 12))
    fire(c3, "consult_third_party", handler, d(3, 17), third_party=SERVICE_CO["name"],
         third_party_address=SERVICE_CO["address"], information="中标合同中的分项报价和技术方案", concern="trade_secret")
    fire(c3, "third_party_replied", handler, d(3, 28), opinion="disagree",
         reasons="分项报价和技术方案属于本公司商业秘密，公开将影响今后投标。", replied_on=d(3, 27).isoformat())
    fire(c3, "reply_partial", handler, d(4, 8), content="招标公告、中标结果公告、合同主要条款（合同金额、服务期限）",
         withheld="合同附件中的分项报价和技术方案", ground="third_party",
         reason="该部分属于第三方商业秘密，第三方不同意公开且理由合理。", how="以电子邮件发送至申请人提供的邮箱。")

    # 4. By post (the day the agency signed for it, 第三十一条第（二）项); extended once (第三十三条第二款); 不予公开.
    c4 = paper(LAW_FIRM, "post", d(4, 14), "本局2018年至今关于某档案馆馆长任免的请示、批复及会议讨论记录",
               org_type="legal_service")
    fire(c4, "begin_handling", handler, d(4, 15))
    fire(c4, "extend", head, d(5, 6), "涉及年份跨度大，需调阅多个全宗的档案逐件审查。")
    fire(c4, "reply_withhold", handler, d(5, 27), ground="process_info",
         reason="所申请的请示、会议讨论记录属于过程性信息，批复属于人事管理内部事务信息，依法不予公开。")

    # 5. By e-mail (confirmed with the requester, 第三十一条第（三）项); corrected (第三十条); 信息不存在.
    c5 = paper(UNIVERSITY, "email", d(5, 12), "有关土地改革的档案", org_type="research", form="electronic", way="email")
    fire(c5, "request_correction", clerk, d(5, 14), missing_materials=["所需档案的形成年代和地域范围", "所需档案的具体事项"],
         guidance="本局保管的是省直机关档案，县级土地改革档案由各县档案馆保管。", period_days=10)
    fire(c5, "resubmit", clerk, d(5, 20), corrected_description="1950年至1952年省土地改革委员会关于双城县土地改革的批复",
         corrected_on=d(5, 19).isoformat())
    fire(c5, "reply_unavailable", handler, d(6, 10), ground="not_exist",
         reason="经检索本局馆藏省土地改革委员会全宗目录，未发现关于双城县的批复。")

    # 6. By fax; 非本机关负责公开 (第三十六条第（五）项), the agency named.
    c6 = paper(FOUNDATION, "fax", d(6, 9), "哈尔滨市2024年度市级重点档案保护项目资金分配情况", org_type="public_interest",
               form="paper", way="post")
    fire(c6, "reply_unavailable", handler, d(6, 16), ground="not_ours",
         reason="市级重点档案保护项目资金由哈尔滨市档案局分配和管理。",
         other_agency="哈尔滨市档案局（哈尔滨市道里区档案街2号，0451-80000001）")

    # 7. Online; withdrawn by the requester.
    c7 = online(citizen, d(6, 23), "本局档案查阅利用的收费标准")
    fire(c7, "confirm_receipt", clerk, d(6, 23))
    fire(c7, "withdraw", citizen, d(6, 25), "已在网站上找到，撤回申请。")

    # 8. Online; the same as no. 1 again: 重复申请 (第三十六条第（六）项).
    c8 = online(citizen, d(7, 7), f"本局{y - 1}年度部门决算及“三公”经费支出情况")
    fire(c8, "confirm_receipt", clerk, d(7, 7))
    fire(c8, "reply_not_processed", handler, d(7, 10), ground="duplicate", reason="申请内容与前次申请相同。",
         earlier_reply=f"{reply1}，{d(2, 20).month}月{d(2, 20).day}日")

    # 9. At the counter; needs to be compiled: 没有现成信息需要另行制作 (第三十八条).
    c9 = paper(VISITOR, "counter", d(7, 21), "按县区分列的近十年全省档案馆接待查档人次统计分析报告", way="pickup")
    fire(c9, "reply_unavailable", handler, d(7, 30), ground="needs_creation",
         reason="本局未按县区制作该统计，提供需要对现有信息进行加工、分析。")

    # 10. A visit; in substance a complaint: 信访举报投诉类 (第三十九条第一款).
    c10 = paper(SERVICE_CO, "visit", d(8, 4), "要求公开并纠正某县档案馆拒绝我公司参加数字化项目投标的情况",
                org_type="business", way="pickup")
    fire(c10, "reply_not_processed", handler, d(8, 6), ground="petition",
         reason="申请内容实为对某县档案馆的投诉。", how="本局投诉举报电话0451-80000000或信访接待窗口")

    # 11. At the counter; a publication: 公开出版物 (第三十九条第二款).
    c11 = paper(VISITOR, "counter", d(9, 1), "《黑龙江档案》杂志2020年全年各期", way="pickup")
    fire(c11, "reply_not_processed", handler, d(9, 3), ground="publication", reason="",
         how="《黑龙江档案》为公开发行刊物，可通过邮局订阅或在省图书馆查阅。")

    # 12. Online by a company; correction notice, never corrected: deemed abandoned (第三十条).
    c12 = online(company, d(9, 15), "有关档案的文件")
    fire(c12, "confirm_receipt", clerk, d(9, 16))
    fire(c12, "request_correction", clerk, d(9, 18), missing_materials=["所需文件的名称、文号或者形成时间、事项"],
         period_days=10)
    period = c12.clocks.get(name="correction_period")
    fire(c12, "deemed_abandoned", None, period.due + dt.timedelta(days=1))

    # 13. Online; corrected, still unclear: 补正后申请内容仍不明确 (第三十条).
    c13 = online(citizen, d(10, 13), "我家的档案")
    fire(c13, "confirm_receipt", clerk, d(10, 13))
    fire(c13, "request_correction", clerk, d(10, 15), missing_materials=["所需档案涉及的人员、单位、年代和事项"],
         guidance="政府信息公开申请针对本局制作或者获取的政府信息；个人档案的查阅另有规定。")
    fire(c13, "resubmit", citizen, d(10, 20), corrected_description="我爷爷那一辈的档案")
    fire(c13, "reply_unavailable", handler, d(11, 5), ground="unclear",
         reason="补正后仍未说明人员姓名、单位、年代和事项。")

    # 14. A visit; 工商登记资料: 行政查询事项 (第三十六条第（七）项).
    c14 = paper(SERVICE_CO, "visit", d(10, 27), "某档案服务公司的工商登记资料", org_type="business", way="pickup")
    fire(c14, "reply_withhold", handler, d(10, 29), ground="special_registry",
         reason="企业登记资料可依照《企业信息公示暂行条例》向市场监督管理部门查询。")

    # 15. By post; 行政执法案卷 (第十六条第二款).
    c15 = paper(LAW_FIRM, "post", d(11, 3), "本局对哈尔滨卷宗数字档案服务有限公司行政处罚案件的全部案卷材料",
                org_type="legal_service")
    fire(c15, "reply_withhold", handler, d(11, 20), ground="enforcement_file",
         reason="所申请的调查笔录、证据材料属于行政执法案卷信息；处罚决定已在本局处罚公示栏目公开。")

    # 16. By e-mail; 不属于政府信息 (第二条).
    c16 = paper(UNIVERSITY, "email", d(11, 24), "请本局就某历史事件的性质出具书面意见", org_type="research",
                form="electronic", way="email")
    fire(c16, "reply_not_processed", handler, d(12, 1), ground="not_gov_info",
         reason="出具意见不属于提供已制作或者获取的政府信息。")

    # 17. Online in late December; replied in January: carried over into this year.
    c17 = online(citizen, d(12, 22), f"本局{y}年档案执法检查计划")
    fire(c17, "confirm_receipt", clerk, d(12, 23))
    if d(1, 8, y + 1) <= today:
        fire(c17, "reply_disclose", handler, d(1, 8, y + 1), ground="open", content=f"《{y}年度档案执法检查计划》",
             how="以电子邮件发送。")

    # This year, open: one waiting for the clerk's confirmation, one received by post and running.
    online(citizen, today, f"本局{today.year}年度重大行政决策事项目录")
    paper(LAW_FIRM, "post", today - dt.timedelta(days=3), "本局现行有效的规范性文件目录", org_type="legal_service")



VILLAGE = {"kind": "legal_person", "name": "双城区兰棱镇东升村民委员会", "phone": "0451-53000005",
           "address": "哈尔滨市双城区兰棱镇东升村"}
CARRIED_IN = "东升村1958年至1962年土地权属变更的批复"


def _carried_in(agency: Agency, users: dict[str, User]) -> None:
    """A request of the year before last (December), by an organisation of the "其他" column (a villagers'
    committee), replied in January of last year: 上年结转 in last year's report. Idempotent on its own."""
    from fazhi.process.models import Case
    from fazhi.process.services import case_fire
    from fazhi.requests.services import request_submit

    y = sysclock.today().year - 1
    if Case.objects.filter(kind="disclosure", agency=agency, received_on__year=y - 1,
                           public_request__fields__description=CARRIED_IN).exists():
        return
    day = dt.date(y - 1, 12, 26)
    with sysclock.frozen_today(day):
        case, _code = request_submit(kind="disclosure", actor=users["clerk"], agency=agency, party=VILLAGE,
                                     fields={"description": CARRIED_IN, "form": "paper", "way": "post",
                                             "org_type": "other"}, channel="post", received_on=day)
    reply = dt.date(y, 1, 10)
    with sysclock.frozen_today(reply):
        case_fire(case_id=case.pk, transition="reply_disclose", actor=users["handler"], today=reply,
                  data={"ground": "open", "content": "省土地改革委员会关于东升村土地权属变更的批复2件（复制件）",
                        "how": "邮寄送达。"})


OVERVIEW = (
    "{year}年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，围绕档案行政许可、"
    "档案行政执法、规范性文件和重大行政决策等事项做好主动公开，依法办理政府信息公开申请。",
    "（一）主动公开。通过本局门户网站“政府信息公开”栏目及时公开机构职能、行政许可办事指南、行政处罚决定和规范性文件，"
    "行政许可、行政处罚决定在作出后7个工作日内公开。",
    "（二）依申请公开。申请通过网上平台、窗口、邮寄、传真和电子邮件受理，收到日期按条例第三十一条确定，"
    "答复期限由系统计算并提醒，全年申请均在法定期限内答复。",
    "（三）政府信息管理。建立政府信息公开属性源头认定机制，公文拟制时同步确定公开属性。",
    "（四）平台建设。政府信息公开申请、答复和年度报告的数据均由法治业务平台的办件记录生成。",
    "（五）监督保障。将政府信息公开工作纳入年度法治政府建设考核，组织业务培训1次。",
)
PROBLEMS = (
    "一是部分申请内容描述不清，补正告知的指引还不够具体；二是个别答复对不予公开理由的说明不够充分。",
    "下一步，本局将完善补正告知书的指引内容，加强答复书说理，定期分析申请办理情况，提升依申请公开工作质量。",
)
OTHER_MATTERS = ("本年度无其他需要报告的事项。",)


def _annual_report(agency: Agency, users: dict[str, User]) -> None:
    """Last year's 政府信息公开工作年度报告 (条例第四十九条): drafted by the legal officer with its narrative and
    published by the director on 20 January of this year, over the requests above. Idempotent; left as a draft when
    this year's 20 January is still ahead."""
    from fazhi.disclosure import report as annual

    y = sysclock.today().year - 1
    published_on = dt.date(y + 1, 1, 20)
    report = annual.report_of(agency, y)
    if report is None:
        with sysclock.frozen_today(published_on):
            report = annual.report_create(actor=users.get("legal"), agency=agency, year=y)
            annual.report_write(actor=users.get("legal"), report_id=report.pk, texts={
                "overview": "\n".join(OVERVIEW).format(year=y), "problems": "\n".join(PROBLEMS),
                "other_matters": "\n".join(OTHER_MATTERS)})
    if not report.is_published and sysclock.today() >= published_on:
        with sysclock.frozen_today(published_on):
            annual.report_publish(actor=users.get("director"), report_id=report.pk)
