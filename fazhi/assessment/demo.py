"""Demo target assessment: the provincial bureau's 2017 scheme (黑龙江省2017年度档案工作目标考核方案) as the letter
reports it — "由局领导带队组成五个检查组……共检查市地县、社区、机关、企事业单位、乡镇村档案部门70家": five groups,
exactly 70 assessed units (13 city-level bureaus, 25 county-level, 8 communities, 8 offices, 8 enterprises, 8
townships), seven indicators whose weights add up to 100, a score for every unit on every indicator (deductions
with their evidence), and a few items to rectify. Harbin, Qiqihar and Binxian are linked to the demo agencies.

Place names are Heilongjiang's; the names of communities, offices and enterprises and every person are invented.
Idempotent: nothing is done when the scheme exists.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from fazhi.assessment.models import AssessedUnit, Group, Indicator, RectificationItem, Scheme, Score, plain
from fazhi.core.models import Agency, User

TITLE = "黑龙江省2017年度档案工作目标考核方案"
YEAR = 2017

INDICATORS = [
    # code, name, weight, rule
    ("1", "档案工作组织领导与责任落实", 15,
     "档案工作纳入本地区（单位）发展规划和目标管理得4分；机构、人员、经费落实得6分；主要领导专题研究档案工作得5分。"),
    ("2", "档案法治建设", 15,
     "贯彻“一法一例”，开展档案行政执法检查得5分；执法人员持证上岗得4分；开展普法宣传和学法活动得6分。"),
    ("3", "档案资源建设", 20,
     "按期接收进馆（归档）得8分；重大活动、重点工程建档得6分；民生档案收集齐全得6分。"),
    ("4", "档案安全保管", 15,
     "库房“八防”措施落实得6分；重点档案抢救保护得5分；安全应急预案及演练得4分。"),
    ("5", "档案信息化建设", 15,
     "馆藏档案数字化进度达标得8分；档案管理系统运行规范得4分；电子文件归档得3分。"),
    ("6", "档案利用服务", 10,
     "查档利用登记完整得4分；编研成果得3分；开展展览和档案开放得3分。"),
    ("7", "业务指导与监督检查", 10,
     "对下级和所属单位开展业务指导得5分；年度检查和整改落实得5分。"),
]

GROUPS = [("第一检查组", "刘局长"), ("第二检查组", "赵副局长"), ("第三检查组", "孙副局长"), ("第四检查组", "钱巡视员"),
          ("第五检查组", "周副巡视员")]

# city, county, community, office (F: 机关办公室), enterprise, township
C, X, S, F, E, T = "city", "county", "community", "office", "enterprise", "township"
UNITS = [
    # group 1: Harbin and Suihua
    [("哈尔滨市档案局", C, "harbin"), ("绥化市档案局", C, None), ("宾县档案局", X, "binxian"), ("尚志市档案局", X, None),
     ("五常市档案局", X, None), ("肇东市档案局", X, None), ("海伦市档案局", X, None),
     ("哈尔滨市道里区安静社区", S, None), ("绥化市北林区东兴社区", S, None),
     ("哈尔滨市发展和改革委员会办公室", F, None), ("绥化市人民政府办公室", F, None),
     ("哈尔滨松江电机有限责任公司", E, None), ("绥化北林粮食储运有限公司", E, None), ("宾县宾州镇", T, None)],
    # group 2: Qiqihar, Daqing, Heihe
    [("齐齐哈尔市档案局", C, "qiqihar"), ("大庆市档案局", C, None), ("黑河市档案局", C, None), ("讷河市档案局", X, None),
     ("龙江县档案局", X, None), ("肇源县档案局", X, None), ("北安市档案局", X, None), ("五大连池市档案局", X, None),
     ("齐齐哈尔市龙沙区五龙社区", S, None), ("大庆市萨尔图区友谊社区", S, None), ("大庆市住房和城乡建设局办公室", F, None),
     ("齐齐哈尔北方重型装备有限公司", E, None), ("大庆龙油石化服务有限公司", E, None), ("讷河市拉哈镇", T, None)],
    # group 3: Mudanjiang, Jixi, Qitaihe and Suifenhe (administered by the province)
    [("牡丹江市档案局", C, None), ("鸡西市档案局", C, None), ("七台河市档案局", C, None), ("宁安市档案局", X, None),
     ("海林市档案局", X, None), ("绥芬河市档案局", X, None), ("虎林市档案局", X, None), ("密山市档案局", X, None),
     ("牡丹江市东安区七星社区", S, None), ("牡丹江市人民政府办公室", F, None), ("鸡西市人力资源和社会保障局办公室", F, None),
     ("牡丹江镜泊湖旅游开发有限公司", E, None), ("宁安市渤海镇", T, None), ("密山市当壁镇", T, None)],
    # group 4: Jiamusi, Shuangyashan, Hegang and Fuyuan (administered by the province)
    [("佳木斯市档案局", C, None), ("双鸭山市档案局", C, None), ("鹤岗市档案局", C, None), ("富锦市档案局", X, None),
     ("桦南县档案局", X, None), ("抚远市档案局", X, None), ("宝清县档案局", X, None), ("萝北县档案局", X, None),
     ("佳木斯市向阳区西林社区", S, None), ("鹤岗市工农区红军社区", S, None), ("佳木斯市自然资源局办公室", F, None),
     ("双鸭山北大荒农机服务有限公司", E, None), ("富锦市二龙山镇", T, None), ("桦南县土龙山镇", T, None)],
    # group 5: Yichun and the Greater Khingan
    [("伊春市档案局", C, None), ("大兴安岭地区档案局", C, None), ("嘉荫县档案局", X, None), ("铁力市档案局", X, None),
     ("漠河县档案局", X, None), ("呼玛县档案局", X, None), ("塔河县档案局", X, None), ("伊春市伊春区前进社区", S, None),
     ("伊春市林业和草原局办公室", F, None), ("大兴安岭地区行政公署办公室", F, None),
     ("伊春林都木业有限公司", E, None), ("大兴安岭北极村旅游有限公司", E, None), ("铁力市桃山镇", T, None),
     ("漠河县北极镇", T, None)],
]

DEDUCTIONS = {
    "1": "档案工作未纳入年度目标责任考核",
    "2": "普法学法活动记录不完整，部分执法人员未参加年度培训",
    "3": "部分单位未按期移交进馆档案",
    "4": "库房温湿度记录不连续，防火设施年检过期",
    "5": "馆藏档案数字化进度未达到年度计划",
    "6": "利用登记信息不全，编研成果较少",
    "7": "对所属单位的业务指导记录不完整",
}

RECTIFY = [
    # unit name, indicator code, description, due, done on
    ("漠河县档案局", "5", "制定馆藏档案数字化年度计划，2018年上半年完成重点全宗数字化。", dt.date(2018, 6, 30),
     dt.date(2018, 6, 20)),
    ("绥芬河市档案局", "4", "更换过期消防器材，建立库房温湿度日记录制度。", dt.date(2018, 3, 31), dt.date(2018, 3, 15)),
    ("伊春林都木业有限公司", "3", "补齐2016—2017年度文书档案归档。", dt.date(2018, 4, 30), None),
    ("萝北县档案局", "2", "组织执法人员参加年度法律知识培训，补充学法记录。", dt.date(2018, 5, 31), dt.date(2018, 5, 10)),
    ("宁安市渤海镇", "1", "将档案工作纳入镇年度目标责任考核。", dt.date(2018, 3, 31), None),
]


def _scores(rng: random.Random, strength: float) -> list[Decimal]:
    """One score per indicator (0–100, one decimal), around the unit's strength."""
    out = []
    for _i in INDICATORS:
        value = min(100.0, max(60.0, rng.gauss(strength, 5)))
        if rng.random() < 0.25:
            value = 100.0
        out.append(Decimal(str(round(value, 1))))
    return out


def load_assessment_demo(agency: Agency, users: dict[str, User]) -> Scheme:
    existing = Scheme.objects.filter(agency=agency, year=YEAR, title=TITLE).first()
    if existing is not None:
        return existing
    director = users.get("director")
    scorers = [u for u in (users.get("director"), users.get("deputy"), users.get("head"), users.get("legal")) if u]
    scheme = Scheme.objects.create(
        agency=agency, year=YEAR, title=TITLE, published=True, published_on=dt.date(2017, 3, 15),
        published_by=director, created_by=director,
        note="依据《黑龙江省2017年度法治政府建设考核方案》和全省档案工作目标管理要求制定。年底由局领导带队组成五个检查组，"
             "对各市（地）、省管县（市）及社区、机关、企事业单位、乡镇村档案部门进行考核。")
    indicators = [Indicator.objects.create(scheme=scheme, code=code, name=name, weight=Decimal(weight), rule=rule,
                                           max_score=Decimal(100), order=n)
                  for n, (code, name, weight, rule) in enumerate(INDICATORS)]
    agencies = {a.code: a for a in Agency.objects.filter(code__in=["harbin", "qiqihar", "binxian"])}
    rng = random.Random(2017)  # fixed: the demo is the same on every machine
    scores: list[Score] = []
    units: dict[str, AssessedUnit] = {}
    order = 0
    for g, ((group_name, leader), members) in enumerate(zip(GROUPS, UNITS, strict=True)):
        group = Group.objects.create(scheme=scheme, name=group_name, leader=leader, order=g)
        for name, kind, code in members:
            unit = AssessedUnit.objects.create(scheme=scheme, group=group, name=name, kind=kind,
                                               agency=agencies.get(code) if code else None, order=order)
            units[name] = unit
            order += 1
            strength = rng.uniform(84, 96)
            day = dt.date(2017, 12, 4) + dt.timedelta(days=g * 2 + rng.randint(0, 1))
            scorer = scorers[g % len(scorers)] if scorers else None
            for indicator, value in zip(indicators, _scores(rng, strength), strict=True):
                note = "" if value == indicator.max_score else (
                    f"现场检查：{DEDUCTIONS[indicator.code]}，扣{plain(indicator.max_score - value)}分。")
                scores.append(Score(unit=unit, indicator=indicator, score=value, evidence=note, scored_by=scorer,
                                    scored_on=day))
    Score.objects.bulk_create(scores)
    by_code = {i.code: i for i in indicators}
    for name, code, text, due, done in RECTIFY:
        RectificationItem.objects.create(unit=units[name], indicator=by_code[code], description=text, due=due,
                                         done_on=done, done_note="已按期完成整改并报送整改报告。" if done else "",
                                         created_by=director)
    return scheme
