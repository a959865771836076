"""Demo normative documents of the provincial archives bureau, reproducing the 2018 letter's figures: 30 valid and
67 repealed documents, the 2017 clean-up of the documents published before 2017-05-31 having repealed 3.

The story, replayed through the services with the clock set to each day:

- 2017-01-03: the bureau starts keeping its documents here and registers (补录) the 95 it had published since
  1998: 31 still in force, 64 repealed over the years (each repeal recorded with its own date);
- February and April 2017: two new documents go the whole way (draft → legality review → signing → publication →
  filing with the 备案报告 → the receipt), so 33 are in force on 2017-05-31;
- June–July 2017: the clean-up of the documents published before 2017-05-31: 30 continue, 3 repealed;
- 2021: the revised 档案法 (in force 2021-01-01) and 行政处罚法 (2021-07-15) flag the documents citing changed
  articles; the legal division reviews them (one is to be amended);
- today: two drafts in progress (one in legality review, one waiting for the director's signature), and the two
  documents of 2017 with a ten-year validity are flagged six months ahead.

Titles are realistic, texts short; nothing here is a real document. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User

D = dt.date
PLATFORM_START = D(2017, 1, 3)
BODIES = "黑龙江省人民政府法制办公室"

# (subject, form): form "印发" → 关于印发《黑龙江省{subject}》的通知; "意见" → 关于{subject}的意见; "通知" → 关于{subject}的通知
SUBJECTS = [
    ("档案行政执法责任制实施办法", "印发"), ("进一步加强民生档案工作", "意见"), ("档案馆开放档案审核办法", "印发"),
    ("加强重大活动档案管理", "通知"), ("建设项目档案验收办法", "印发"), ("机关档案工作目标管理考评办法", "印发"),
    ("做好机构改革中档案处置工作", "通知"), ("企业档案工作规范", "印发"), ("加强乡镇档案工作", "意见"),
    ("档案查阅利用服务规定", "印发"), ("加强声像档案管理", "通知"), ("电子文件归档和电子档案管理办法", "印发"),
    ("档案安全风险隐患排查治理", "通知"), ("重点档案抢救保护工作", "意见"), ("档案中介服务机构管理暂行办法", "印发"),
    ("农村土地承包档案管理办法", "印发"), ("婚姻登记档案管理办法", "印发"), ("加强高等学校档案工作", "意见"),
    ("档案数字化外包服务安全管理", "通知"), ("档案鉴定销毁工作规范", "印发"), ("干部人事档案专项审核", "通知"),
    ("档案馆库建设标准", "印发"), ("加强科技档案管理", "意见"), ("档案统计年报工作", "通知"),
    ("档案工作人员岗位培训办法", "印发"), ("民生档案跨馆出具工作", "通知"), ("档案执法检查工作规程", "印发"),
    ("档案行政许可实施办法", "印发"), ("档案资料征集办法", "印发"), ("口述历史档案采集工作", "通知"),
    ("国有企业改制档案处置办法", "印发"), ("社区档案工作", "意见"), ("医疗卫生机构档案管理办法", "印发"),
    ("档案信息化建设", "意见"), ("档案信息资源共享服务", "通知"), ("名人档案征集工作", "通知"),
    ("档案库房温湿度管理规定", "印发"), ("档案工作年度检查办法", "印发"), ("涉密档案管理", "通知"),
    ("档案编研工作", "意见"), ("抗战档案整理利用", "通知"), ("城市建设档案工作", "意见"),
]
TOPIC_WORDS = ["档案开放审核", "民生档案", "电子档案管理", "重点档案抢救保护", "档案安全管理", "档案行政执法",
               "建设项目档案", "档案数字化", "档案利用服务", "档案鉴定与销毁", "声像档案管理", "档案信息化建设"]
SENTENCES = [
    "为{verb}{topic}工作，根据《中华人民共和国档案法》等有关法律法规，结合我省实际，制定本办法。",
    "各市（地）档案局、省直各单位应当{verb}{topic}，明确责任部门和责任人员。",
    "档案主管部门负责对{topic}工作进行监督和指导，定期开展检查，发现问题及时督促整改。",
    "国家档案馆应当按照规定接收进馆档案，并向社会提供利用，做到档案真实、完整、可用、安全。",
    "档案馆应当建立档案开放审核工作机制，会同档案形成单位对到期档案进行开放审核。",
    "档案库房应当配备防火、防盗、防潮、防光、防尘、防有害生物等设施设备，实行专人管理。",
    "委托档案数字化服务的，应当与符合条件的档案服务企业签订委托协议，并对受托方进行监督。",
    "对在{topic}工作中做出显著成绩的单位和个人，按照有关规定给予表彰和奖励。",
    "违反本办法规定的，由档案主管部门责令限期改正；情节严重的，依法追究责任。",
    "请各地结合实际认真贯彻执行，执行中遇到的问题及时报告省档案局。",
]
VERBS = ["加强", "规范", "推进", "做好", "完善"]
ARCHIVES_ARTICLES = [[24], [27, 28], [42, 43], [13, 14], [22, 23], [8], [37], [48, 49], [44, 45], [25]]
REASONS_OLD = ["已被新的规定替代", "调整对象已经消失", "与上位法规定不一致", "工作任务已经完成", "适用期已过"]


def _title(subject: str, form: str) -> str:
    if form == "印发":
        return f"黑龙江省档案局关于印发《黑龙江省{subject}》的通知"
    if form == "意见":
        return f"黑龙江省档案局关于{subject}的意见"
    return f"黑龙江省档案局关于{subject}的通知"


def _paragraphs(rng: random.Random, title: str) -> list[str]:
    topic = rng.choice(TOPIC_WORDS)
    body = [_s.format(verb=rng.choice(VERBS), topic=topic) for _s in rng.sample(SENTENCES, rng.randint(4, 7))]
    return [title, "各市（地）档案局，省直各单位："] + body + ["黑龙江省档案局"]


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def load_norms_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.laws.seed import seed_load
    from fazhi.norms.models import Cleanup, NormativeDocument, ReviewFlag
    from fazhi.norms.services import (
        cleanup_create,
        cleanup_decide,
        cleanup_publish,
        flag_resolve,
        flags_refresh,
        norm_create,
        norm_register,
    )
    from fazhi.norms.text import minimal_docx
    from fazhi.process.services import case_fire

    if NormativeDocument.objects.filter(agency=agency).exists():
        return
    seed_load()  # the registry the migration seeds, in case the tables were emptied since
    rng = random.Random(2017)
    legal, handler, director = users["legal"], users["handler"], users["director"]

    def fire(doc, name, actor, day, comment="", **data):
        case_fire(case_id=doc.pk, transition=name, actor=actor, comment=comment, data=data, today=day)

    # ---- 95 documents published 1998–2016, registered on the day the bureau starts (31 in force, 64 repealed) ---
    serial: dict[int, int] = {}
    specs = []
    for i in range(95):
        subject, form = SUBJECTS[i % len(SUBJECTS)]
        year = 1998 + (i * 19) // 95 if i < 64 else 2008 + ((i - 64) * 9) // 31
        serial[year] = serial.get(year, 0) + rng.randint(1, 6)
        published = _workday(D(year, 1 + (i * 5) % 12, 1 + (i * 7) % 27))
        if published >= PLATFORM_START:
            published = D(2016, 12, 20)
        if i < len(SUBJECTS):
            title = _title(subject, form)
        elif form == "印发":
            title = f"黑龙江省档案局关于印发《黑龙江省{subject}（{year}年修订）》的通知"
        else:
            title = f"黑龙江省档案局关于{year}年度{subject}的通知"
        specs.append((i, title, f"黑档发〔{year}〕{serial[year]}号", published))
    docs = []
    with sysclock.frozen_today(PLATFORM_START):
        for i, title, number, published in specs:
            cites = [{"law": "archives-law", "articles": ARCHIVES_ARTICLES[i % len(ARCHIVES_ARTICLES)]}]
            if "执法" in title or "许可" in title:
                cites.append({"law": "penalty-law" if "执法" in title else "licensing-law", "articles": ""})
            doc = norm_register(
                actor=legal, title=title, number=number, drafting_division=rng.choice(
                    ["政策法规处", "业务指导处", "档案馆业务处", "办公室"]),
                published_on=published, effective_on=published, signed_on=published - dt.timedelta(days=3),
                filed_on=published + dt.timedelta(days=rng.randint(8, 25)), filing_bodies=BODIES,
                receipt_number=f"黑府法备〔{published.year}〕{rng.randint(10, 300)}号",
                explanation="本文件于本平台启用前公布，补录纳入管理。", citations=cites,
                upload=(f"{number}.docx", minimal_docx(_paragraphs(rng, title))))
            docs.append(doc)
        for doc in docs[:64]:
            repealed_on = min(_workday(doc.published_on + dt.timedelta(days=rng.randint(700, 3500))),
                              D(2016, 12, 28))
            fire(doc, "repeal", director, PLATFORM_START, rng.choice(REASONS_OLD),
                 repealed_on=repealed_on.isoformat())

    # ---- two documents of 2017, the whole way -----------------------------------------------------------------------
    new_2017 = [("黑龙江省档案局关于印发《黑龙江省档案馆开放档案审核实施细则》的通知", D(2017, 2, 6), [27, 28, 30]),
                ("黑龙江省档案局关于加强档案数字化外包服务安全管理的通知", D(2017, 4, 10), [24])]
    for title, day, articles in new_2017:
        with sysclock.frozen_today(day):
            doc = norm_create(actor=handler, title=title, drafting_division="政策法规处",
                              explanation="根据档案法和国家档案局有关规定起草，已征求各市（地）档案局意见。",
                              citations=[{"law": "archives-law", "articles": articles}],
                              upload=("正文.docx", minimal_docx(_paragraphs(rng, title))))
        fire(doc, "submit_review", handler, day + dt.timedelta(days=1))
        fire(doc, "review_pass", legal, day + dt.timedelta(days=7), "制定主体、权限、程序和内容合法，同意提交局长办公会议审议。")
        sign = day + dt.timedelta(days=9)
        fire(doc, "sign", director, sign, meeting=f"{sign.year}年第{sign.month}次局长办公会议",
             meeting_date=sign.isoformat())
        pub = day + dt.timedelta(days=14)
        fire(doc, "publish", handler, pub, published_on=pub.isoformat(), effective_on=pub.isoformat(),
             channel="黑龙江省档案局门户网站", validity_years=10)
        fire(doc, "file", legal, pub + dt.timedelta(days=10), bodies=BODIES)
        fire(doc, "record_receipt", legal, pub + dt.timedelta(days=24),
             receipt_number=f"黑府法备〔2017〕{rng.randint(20, 90)}号",
             receipt_on=(pub + dt.timedelta(days=24)).isoformat())

    # ---- the 2017 clean-up: documents published before 2017-05-31; 30 continue, 3 repealed -----------------------
    with sysclock.frozen_today(D(2017, 6, 5)):
        cleanup = cleanup_create(actor=legal, title="2017年规范性文件清理", year=2017, scope_before=D(2017, 5, 31),
                                 scope_note="2017年5月31日以前以本局名义公布的现行有效规范性文件")
        items = list(cleanup.items.select_related("document").order_by("document__published_on", "pk"))
        to_repeal = {items[0].pk, items[3].pk, items[7].pk}
        for item in items:
            if item.pk in to_repeal:
                cleanup_decide(actor=legal, item_id=item.pk, decision="repeal",
                               reason="主要内容已被新修订的上位法和国家档案局规定替代，不再适用。")
            else:
                cleanup_decide(actor=legal, item_id=item.pk, decision="continue", reason="符合现行法律法规，继续有效。")
    with sysclock.frozen_today(D(2017, 7, 10)):
        cleanup_publish(actor=director, cleanup_id=cleanup.pk)

    # ---- 2021: the revised laws flag documents citing changed articles; the legal division reviews them ----------
    for raised, resolved in ((D(2021, 1, 4), D(2021, 3, 15)), (D(2021, 7, 19), D(2021, 9, 13))):
        with sysclock.frozen_today(raised):
            flags_refresh()
        with sysclock.frozen_today(resolved):
            for n, flag in enumerate(ReviewFlag.objects.filter(document__agency=agency, resolved_on__isnull=True,
                                                               kind=ReviewFlag.Kind.LAW_CHANGED).order_by("pk")):
                amend = n == 0 and flag.law.code == "penalty-law"
                flag_resolve(actor=legal, flag_id=flag.pk, decision="amend" if amend else "continue",
                             reason="行政处罚程序规定已修订，需按新法修改。" if amend
                             else "修订后的条文序号有调整，本文件内容与修订后的规定不冲突，继续有效。")

    # ---- today: two drafts in progress; the validity flags -------------------------------------------------------
    today = sysclock.today()
    if today > D(2021, 9, 13):
        drafts = [("黑龙江省档案局关于印发《黑龙江省电子档案单套管理实施办法》的通知", [37], today - dt.timedelta(days=20)),
                  ("黑龙江省档案局关于进一步规范档案服务外包管理的通知", [24, 49], today - dt.timedelta(days=6))]
        for n, (title, articles, day) in enumerate(drafts):
            with sysclock.frozen_today(day):
                doc = norm_create(actor=handler, title=title, drafting_division="业务指导处",
                                  explanation="落实《中华人民共和国档案法》（2020年修订）和《中华人民共和国档案法实施条例》。",
                                  citations=[{"law": "archives-law", "articles": articles},
                                             {"law": "archives-law-regulation", "articles": ""}],
                                  upload=("正文.docx", minimal_docx(_paragraphs(rng, title))))
            fire(doc, "submit_review", handler, day + dt.timedelta(days=1))
            if n == 0:
                fire(doc, "review_pass", legal, day + dt.timedelta(days=8), "内容合法，同意提请局长办公会议审议。")
        with sysclock.frozen_today(today):
            flags_refresh()
    assert Cleanup.objects.filter(agency=agency).count() == 1
