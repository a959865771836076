"""Realistic Chinese text for normative documents of an archives administration: titles, numbers and bodies
built from the phrases such documents use (the bench's 100,000 documents; nothing here is shown as real).

Deterministic for a given ``random.Random``: the bench is reproducible."""

from __future__ import annotations

import random

ISSUERS = [
    ("黑龙江省档案局", "黑档"), ("黑龙江省档案馆", "黑档馆"), ("哈尔滨市档案局", "哈档"), ("齐齐哈尔市档案局", "齐档"),
    ("牡丹江市档案局", "牡档"), ("佳木斯市档案局", "佳档"), ("大庆市档案局", "庆档"), ("鸡西市档案局", "鸡档"),
    ("双鸭山市档案局", "双档"), ("伊春市档案局", "伊档"), ("七台河市档案局", "七档"), ("鹤岗市档案局", "鹤档"),
    ("黑河市档案局", "黑河档"), ("绥化市档案局", "绥档"), ("大兴安岭地区档案局", "兴档"),
]
KINDS = ["通知", "意见", "办法", "规定", "实施细则", "暂行办法", "实施意见", "工作规范", "管理办法", "指导意见"]
SERIES = ["发", "规", "办发", "字"]

TOPICS = [
    "档案开放审核", "电子档案管理", "档案数字化外包服务安全管理", "重点档案抢救保护", "档案行政执法", "档案馆建设",
    "机关档案工作", "国有企业档案工作", "科学技术档案管理", "声像档案管理", "档案安全风险防控", "涉密档案保密管理",
    "档案利用服务", "档案查阅复制收费", "档案中介服务机构监督管理", "档案移交进馆", "档案鉴定与销毁", "干部人事档案管理",
    "民生档案跨馆出具", "档案信息化建设", "档案人才队伍建设", "档案宣传与档案文化建设", "档案统计年报", "重大活动档案管理",
    "建设项目档案验收", "农村土地承包档案管理", "婚姻登记档案管理", "医疗机构病历档案管理", "高等学校档案工作",
    "社会保险业务档案管理", "档案库房温湿度管理", "档案应急处置", "档案执法检查", "档案工作年度考核", "档案行政许可",
    "档案出境审批", "家庭建档", "口述历史档案征集", "名人档案征集", "红色档案资源保护利用", "抗战档案整理",
    "档案目录数据库建设", "政务服务事项电子文件归档", "电子会计档案管理", "档案服务外包", "档案工作规范性文件清理",
]
SUBJECTS = [
    "各市（地）档案局", "省直各单位", "各县（市、区）档案局", "各级国家档案馆", "各有关单位", "中省直企事业单位",
    "省属高等学校", "各级机关档案部门", "各档案服务企业", "各级综合档案馆",
]
VERBS = ["加强", "规范", "推进", "做好", "完善", "健全", "严格落实", "深入开展", "切实抓好", "进一步强化"]
OBJECTS = [
    "档案收集整理", "档案保管保护", "档案开放利用", "档案信息化建设", "档案安全管理", "档案监督指导",
    "档案行政执法", "档案资源建设", "档案数字化", "电子文件归档", "档案鉴定工作", "档案统计工作",
    "档案编研开发", "档案库房管理", "档案利用服务", "档案业务培训",
]
LAWS = [
    "《中华人民共和国档案法》", "《中华人民共和国档案法实施条例》", "《中华人民共和国保守国家秘密法》",
    "《中华人民共和国政府信息公开条例》", "《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》",
    "《机关档案工作条例》", "《黑龙江省档案条例》", "《各级国家档案馆开放档案办法》", "《电子文件归档与电子档案管理规范》",
]
SENTENCES = [
    "为{verb}{topic}工作，根据{law}等有关法律法规，结合我省实际，制定本{kind}。",
    "本{kind}适用于本省行政区域内{subject}的{topic}工作。",
    "{subject}应当{verb}{object}，建立健全{topic}制度，明确责任部门和责任人员。",
    "档案主管部门负责对{topic}工作进行监督和指导，定期开展检查，发现问题及时督促整改。",
    "{subject}应当按照国家有关规定{verb}{object}，确保档案真实、完整、可用、安全。",
    "国家档案馆对{topic}中形成的档案，应当按照规定接收进馆，并向社会提供利用。",
    "对在{topic}工作中做出显著成绩的单位和个人，按照有关规定给予表彰和奖励。",
    "违反本{kind}规定的，由档案主管部门责令限期改正；情节严重的，依法给予处分；构成犯罪的，依法追究刑事责任。",
    "{subject}应当将{topic}纳入本单位年度工作计划和目标责任考核，所需经费列入年度预算。",
    "档案服务企业在提供{object}服务时，应当与委托方签订保密协议，不得擅自复制、留存、扩散档案信息。",
    "利用者查阅档案，应当持有效身份证件，遵守档案馆阅览规定，不得损毁、涂改、抽换档案。",
    "涉及国家秘密的档案，按照保密法律法规的规定管理，未经批准不得擅自公开。",
    "电子档案应当来源可靠、程序规范、要素合规，其真实性、完整性、可用性和安全性应当得到保障。",
    "各级国家档案馆应当建立档案开放审核工作机制，会同档案形成单位对到期档案进行开放审核。",
    "档案数字化成果应当进行质量检查，合格后方可交付使用，数字化过程中应当确保档案实体安全。",
    "档案库房应当配备防火、防盗、防潮、防光、防尘、防有害生物等设施设备，实行专人管理。",
    "{subject}在机构改革、撤销或者合并时，应当妥善处置所形成的档案，不得私自处理。",
    "重点档案应当建立抢救保护台账，优先安排修复和数字化，所需资金按照规定予以保障。",
    "档案主管部门应当依法公开行政执法信息，做到执法全过程记录，重大执法决定经法制审核。",
    "本{kind}由{issuer}负责解释。",
    "本{kind}自{date}起施行，有效期五年。",
    "请{subject}结合实际认真贯彻执行，执行中遇到的问题请及时反馈{issuer}。",
    "{subject}要高度重视{topic}工作，加强组织领导，落实工作责任，确保各项措施落到实处。",
    "各级档案馆要{verb}{object}，不断提升档案工作服务经济社会发展的能力和水平。",
    "档案鉴定工作应当由鉴定小组进行，对已到保管期限的档案提出续存或者销毁意见，销毁档案应当编制销毁清册。",
    "档案查阅复制收费标准按照价格主管部门核定的标准执行，不得擅自提高收费标准或者扩大收费范围。",
    "民生档案实行跨馆出具，利用者可以就近向任一综合档案馆提出查档申请，受理档案馆应当在规定时限内办结。",
    "建设项目竣工验收前，建设单位应当组织项目档案验收，项目档案验收不合格的，不得进行竣工验收。",
    "对档案安全风险隐患实行清单管理，定期开展排查，建立整改台账，实行销号管理。",
    "{subject}应当于每年{month}月底前将上一年度{topic}情况报送{issuer}。",
]
HEADINGS = ["总则", "职责分工", "工作要求", "管理措施", "监督检查", "保障措施", "法律责任", "附则"]
CN_NUM = "一二三四五六七八九十"


def _fill(rng: random.Random, template: str, ctx: dict) -> str:
    return template.format(
        verb=rng.choice(VERBS), object=rng.choice(OBJECTS), subject=rng.choice(SUBJECTS), law=rng.choice(LAWS),
        **ctx)


def document(rng: random.Random, year: int | None = None, serial: int | None = None) -> dict:
    """One document: {title, number, issuer, short, kind, topic, text, year}. Bodies run from about 400 to about
    3,000 characters (short notices to full rules)."""
    issuer, short = ISSUERS[0] if rng.random() < 0.6 else rng.choice(ISSUERS)
    kind = rng.choice(KINDS)
    topic = rng.choice(TOPICS)
    year = year or rng.randint(2000, 2026)
    serial = serial or rng.randint(1, 180)
    number = f"{short}{rng.choice(SERIES)}〔{year}〕{serial}号"
    if kind in ("通知", "意见", "实施意见", "指导意见"):
        title = f"{issuer}关于{rng.choice(VERBS)}{topic}工作的{kind}"
    else:
        title = f"{issuer}{topic}{kind}"
    ctx = {"topic": topic, "kind": kind, "issuer": issuer, "month": rng.randint(1, 12),
           "date": f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"}
    paragraphs: list[str] = []
    sections = rng.randint(1, 6)
    for s in range(sections):
        if sections > 1:
            paragraphs.append(f"{CN_NUM[s]}、{HEADINGS[min(s, len(HEADINGS) - 1)]}")
        for _ in range(rng.randint(1, 5)):
            paragraphs.append("".join(_fill(rng, rng.choice(SENTENCES), ctx) for _ in range(rng.randint(1, 4))))
    return {"title": title, "number": number, "issuer": issuer, "short": short, "kind": kind, "topic": topic,
            "text": "\n".join(paragraphs), "year": year}


# Queries a visitor types: whole terms, words inside words (案馆 in 档案馆), rare phrases, numbers, misses.
BENCH_QUERIES = [
    "档案", "档案馆", "案馆", "开放审核", "电子档案", "数字化", "字化外包", "收费标准", "民生档案", "跨馆出具",
    "声像档案", "抢救保护", "保密协议", "行政执法", "销毁清册", "温湿度", "口述历史", "名人档案", "红色档案",
    "婚姻登记", "病历", "会计档案", "高等学校", "2015", "黑档发", "有效期五年", "竣工验收", "风险隐患",
    "量子计算", "区块链存证", "档案 开放", "法制审核", "家庭建档", "抗战", "目录数据库", "应急处置",
    "黑档发〔2015〕12号", "齐档规〔2016〕", "名人档案 2019", "会计档案 高等学校",
]
