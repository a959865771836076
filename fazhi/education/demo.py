"""Demo legal education of the provincial bureau in 2017, as the letter reports it:

* training events — the legal adviser's lecture on 行政许可法 and 行政处罚法 (《行政许可“一法一例”》专题辅导), a
  training course for the 30th anniversary of the 档案法, the 国家宪法日 study, attending a court hearing — with
  the attendance of the demo officers and staff, recorded through the services, so each officer's attendance
  created their training record (fazhi.officers);
* the 全省档案法律法规知识竞赛: exactly 13 teams, two rounds, 1 first, 2 second and 5 third prizes;
* public activities: 国际档案日 (6月9日), 档案法 publicity and its 30th anniversary, 送法进社区, 国家宪法日 (12月4日)…

Every person's name is invented. Idempotent: nothing is done when the lecture exists.
"""

from __future__ import annotations

import datetime as dt
import random

from fazhi.core.models import Agency, User
from fazhi.education import services
from fazhi.education.models import TrainingEvent
from fazhi.inspection.models import Officer

LECTURE = "《行政许可“一法一例”》专题辅导（行政许可法、行政处罚法）"

EVENTS = [
    # title, kind, date, hours, lecturer, place, who ("all": officers and staff; "officers"; n first officers)
    (LECTURE, "lecture", dt.date(2017, 6, 20), "3", "本局法律顾问（律师）", "省档案局三楼会议室",
     "为全局干部职工作专题辅导，围绕行政许可法和行政处罚法，结合档案行政许可和执法实践解读。", "all"),
    ("纪念《档案法》颁布30周年档案法律法规培训班", "course", dt.date(2017, 9, 5), "8", "教育宣传法制处",
     "省档案局培训中心", "《中华人民共和国档案法》《黑龙江省档案管理条例》及档案行政执法程序。", "officers"),
    ("旁听行政诉讼案件庭审", "trial", dt.date(2017, 11, 16), "4", "", "哈尔滨市中级人民法院",
     "组织执法人员旁听一起行政诉讼案件庭审。", 4),
    ("国家宪法日《中华人民共和国宪法》专题学习", "online", dt.date(2017, 12, 4), "2", "",
     "网上学法平台", "国家宪法日集中学习宪法。", "all"),
]

CONTEST = "2017年全省档案法律法规知识竞赛"
CITIES = ["哈尔滨", "齐齐哈尔", "牡丹江", "佳木斯", "大庆", "鸡西", "双鸭山", "伊春", "七台河", "鹤岗", "黑河", "绥化",
          "大兴安岭"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩曹许邓冯"
GIVEN = ["晓明", "丽华", "建国", "秀梅", "志刚", "海燕", "文博", "雪莹", "国庆", "春燕", "立新", "淑芬", "宏伟",
         "玉兰", "德胜", "静怡", "子涵", "明轩", "欣然", "浩然", "思远", "佳琪", "俊杰", "婷婷"]
# standing (1-based) -> prize level: the letter's 1 first, 2 second, 5 third prizes
PRIZES = {1: "first", 2: "second", 3: "second", 4: "third", 5: "third", 6: "third", 7: "third", 8: "third"}

ACTIVITIES = [
    (dt.date(2017, 5, 18), "送法进社区：档案法律知识讲座", "community", 120, "哈尔滨市南岗区文化社区",
     "向社区居民讲解档案法、家庭建档和民生档案查询。"),
    (dt.date(2017, 6, 9), "“档案与民生”国际档案日开放日暨馆藏珍品展", "archives_day", 1500, "黑龙江省档案馆",
     "邀请社会各界走进档案馆参观展览。"),
    (dt.date(2017, 6, 9), "国际档案日档案法治街头宣传", "archives_law", 800, "哈尔滨市中央大街",
     "发放档案法律法规宣传材料，现场解答群众咨询。"),
    (dt.date(2017, 9, 5), "纪念《档案法》颁布30周年宣传活动", "archives_law", 300, "黑龙江省档案馆",
     "座谈会、知识展板和媒体宣传。"),
    (dt.date(2017, 11, 9), "法治进机关：省直单位档案人员学法活动", "agency", 200, "省档案局报告厅",
     "省直单位档案工作人员集中学习档案法律法规。"),
    (dt.date(2017, 12, 4), "国家宪法日宪法宣传", "constitution_day", 400, "哈尔滨市南岗区",
     "国家宪法日宪法宣传，同时宣传档案法律法规。"),
]


def _attendees(agency: Agency, users: dict[str, User], who) -> tuple[list[int], list[int]]:
    officers = list(Officer.objects.filter(agency=agency).order_by("certificate_number").values_list("id", flat=True))
    if isinstance(who, int):
        return officers[:who], []
    staff = []
    if who == "all":
        staff = [u.pk for u in users.values()
                 if u.kind == User.Kind.STAFF and u.agency_id == agency.pk and not u.is_administrator]
    return officers, staff


def load_education_demo(agency: Agency, users: dict[str, User]) -> None:
    if TrainingEvent.objects.filter(agency=agency, title=LECTURE).exists():
        return
    actor = users["legal"]
    for title, kind, day, hours, lecturer, place, note, who in EVENTS:
        event = services.event_save(actor=actor, title=title, kind=kind, date=day, hours=hours, lecturer=lecturer,
                                    place=place, note=note)
        officers, staff = _attendees(agency, users, who)
        if officers or staff:
            services.attendance_record(actor=actor, event_id=event.pk, officers=officers, users=staff)

    contest = services.contest_save(actor=actor, title=CONTEST, date=dt.date(2017, 10, 26), year=2017,
                                    place="黑龙江省档案馆报告厅",
                                    note="各地档案部门选派代表队参赛，共13支代表队报名参赛。")
    rng = random.Random(2017)
    names = iter(rng.sample([s + g for s in SURNAMES for g in GIVEN], 3 * len(CITIES)))
    teams = []
    for n, city in enumerate(CITIES):
        unit = f"{city}{'地区' if city == '大兴安岭' else '市'}档案局"
        teams.append(services.team_save(actor=actor, contest_id=contest.pk, name=f"{city}代表队", unit=unit,
                                        members=[next(names) for _i in range(3)], order=n))
    first = services.round_save(actor=actor, contest_id=contest.pk, name="笔试初赛", date=dt.date(2017, 10, 25), order=0)
    final = services.round_save(actor=actor, contest_id=contest.pk, name="现场决赛", date=dt.date(2017, 10, 26), order=1)
    totals = rng.sample(range(120, 190), len(teams))  # distinct totals: no tie decides a prize
    written, oral = {}, {}
    for team, total in zip(teams, totals, strict=True):
        part = rng.randint(55, min(95, total - 25))
        written[team.pk], oral[team.pk] = part, total - part
    services.round_scores_record(actor=actor, contest_id=contest.pk, round_id=first.pk, scores=written)
    services.round_scores_record(actor=actor, contest_id=contest.pk, round_id=final.pk, scores=oral)
    ranked = sorted(teams, key=lambda t: -(written[t.pk] + oral[t.pk]))
    for place, team in enumerate(ranked, start=1):
        if place in PRIZES:
            services.prize_award(actor=actor, contest_id=contest.pk, team_id=team.pk, level=PRIZES[place])

    for day, title, kind, audience, place, text in ACTIVITIES:
        services.activity_save(actor=actor, date=day, title=title, kind=kind, audience=audience, place=place,
                               description=text)

