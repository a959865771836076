"""Contests (teams, rounds, scores, prizes), public activities, the summary for the annual report, and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from fazhi.education import selectors, services
from fazhi.education.models import ContestTeam, Prize, PublicActivity, RoundScore
from tests.education.conftest import lecture, logged

pytestmark = pytest.mark.django_db


def contest_with_teams(ew, n=13, year=2026):
    legal = ew.users["legal"]
    contest = services.contest_save(actor=legal, title=f"{year}年档案法律法规知识竞赛", date=dt.date(year, 10, 26))
    teams = [services.team_save(actor=legal, contest_id=contest.pk, name=f"第{i + 1}代表队", unit=f"单位{i + 1}",
                                members="张三、李四\n王五", order=i) for i in range(n)]
    return contest, teams


def test_contest_prizes_and_standings(ew):
    legal = ew.users["legal"]
    contest, teams = contest_with_teams(ew)
    assert contest.year == 2026 and teams[0].members == ["张三", "李四", "王五"]
    first = services.round_save(actor=legal, contest_id=contest.pk, name="笔试初赛")
    final = services.round_save(actor=legal, contest_id=contest.pk, name="现场决赛", order=1)
    services.round_scores_record(actor=legal, contest_id=contest.pk, round_id=first.pk,
                                 scores={t.pk: 60 + i for i, t in enumerate(teams)})
    services.round_scores_record(actor=legal, contest_id=contest.pk, round_id=final.pk,
                                 scores={teams[0].pk: "30", teams[1].pk: "29"})
    levels = ["first", "second", "second", "third", "third", "third", "third", "third"]
    standings = selectors.standings(contest)
    for s, level in zip(standings, levels, strict=False):
        services.prize_award(actor=legal, contest_id=contest.pk, team_id=s.team.pk, level=level)
    assert selectors.prize_counts(contest) == {"first": 1, "second": 2, "third": 5, "excellence": 0}
    standings = selectors.standings(contest)
    # 第13 team: 72; 第1: 60 + 30 = 90; 第2: 61 + 29 = 90 → tie at the top
    assert [(s.team.name, s.total, s.rank) for s in standings[:3]] == [
        ("第1代表队", Decimal("90.0"), 1), ("第2代表队", Decimal("90.0"), 1), ("第13代表队", Decimal("72.0"), 3)]
    assert standings[0].cells == [Decimal("60.0"), Decimal("30.0")] and standings[2].cells == [Decimal("72.0"), None]
    assert standings[0].prize_label == "一等奖"
    # a prize is taken back with an empty level; one prize per team
    services.prize_award(actor=legal, contest_id=contest.pk, team_id=standings[0].team.pk, level="second")
    assert Prize.objects.get(team=standings[0].team).level == "second"
    services.prize_award(actor=legal, contest_id=contest.pk, team_id=standings[0].team.pk, level="")
    assert not Prize.objects.filter(team=standings[0].team).exists()


def test_contest_input_is_checked(ew):
    legal = ew.users["legal"]
    contest, teams = contest_with_teams(ew, n=2)
    with pytest.raises(ValidationError) as e:
        services.team_save(actor=legal, contest_id=contest.pk, name="第1代表队", unit="")
    assert e.value.message_dict == {"unit": ["请填写“选派单位”。"], "name": ["本竞赛已有代表队“第1代表队”。"]}
    with pytest.raises(ValidationError) as e:
        services.prize_award(actor=legal, contest_id=contest.pk, team_id=teams[0].pk, level="特等奖")
    assert e.value.message_dict == {"level": ["请选择奖项。"]}
    r = services.round_save(actor=legal, contest_id=contest.pk, name="决赛")
    with pytest.raises(ValidationError) as e:
        services.round_scores_record(actor=legal, contest_id=contest.pk, round_id=r.pk,
                                     scores={teams[0].pk: "90", teams[1].pk: "-1"})
    assert e.value.message_dict == {f"score_{teams[1].pk}": ["得分应在0到10000之间。"]}
    assert not RoundScore.objects.exists() and not Prize.objects.exists()
    with pytest.raises(ValidationError) as e:
        services.contest_save(actor=legal, title="", date="")
    assert e.value.message_dict == {"title": ["请填写“竞赛名称”。"], "date": ["请填写“竞赛日期”。"]}


def test_contest_page(ew):
    contest, teams = contest_with_teams(ew, n=3)
    legal = logged(ew.users["legal"])
    url = f"/education/contests/{contest.pk}/"
    assert legal.post(url, {"form": "round", "name": "决赛", "date": "2026-10-26"}).status_code == 302
    rnd = contest.rounds.get()
    r = legal.post(url, {"form": "scores", "round": rnd.pk, f"score_{teams[0].pk}": "abc"})
    assert r.status_code == 400 and "“第1代表队的得分”应为数字。" in r.content.decode()
    assert legal.post(url, {"form": "scores", "round": rnd.pk, f"score_{teams[0].pk}": "95",
                            f"score_{teams[1].pk}": "0"}).status_code == 302
    assert legal.post(url, {"form": "prize", "team": teams[0].pk, "level": "first"}).status_code == 302
    body = legal.get(url).content.decode()
    assert '<dd id="team-count">3</dd>' in body and "一等奖1、二等奖0、三等奖0、优秀奖0" in body
    assert logged(ew.users["clerk"]).post(url, {"form": "prize", "team": teams[1].pk, "level": "first"}
                                          ).status_code == 404
    assert logged(ew.users["other_legal"]).get(url).status_code == 404
    assert ContestTeam.objects.filter(prize__isnull=False).count() == 1


def test_public_activities(ew):
    legal = ew.users["legal"]
    with pytest.raises(ValidationError) as e:
        services.activity_save(actor=legal, date=ew.today + dt.timedelta(days=1), title="国家宪法日宣传",
                               kind="constitution_day", audience="-5")
    assert e.value.message_dict == {"date": ["“日期”不能晚于今天。"], "audience": ["“受众人数”应在0到10000000之间。"]}
    assert not PublicActivity.objects.exists()
    services.activity_save(actor=legal, date="2026-06-09", title="国际档案日开放日", kind="archives_day",
                           audience=1500, place="省档案馆")
    other = services.activity_save(actor=ew.users["other_legal"], date="2025-12-04", title="吉林宪法日宣传",
                                   kind="constitution_day", audience=300)
    body = Client().get("/education/activities/").content.decode()  # public
    assert "国际档案日开放日" in body and "吉林宪法日宣传" in body and "1500" in body
    body = Client().get("/education/activities/", {"agency": "hlj", "year": 2026}).content.decode()
    assert "国际档案日开放日" in body and "吉林宪法日宣传" not in body
    assert Client().get("/education/activities/", {"agency": "nope"}).status_code == 404
    # the edit page: the agency's legal office; another agency's activity is not found
    legal_c = logged(legal)
    assert legal_c.get(f"/education/activities/{other.pk}/edit/").status_code == 404
    mine = PublicActivity.objects.get(title="国际档案日开放日")
    r = legal_c.post(f"/education/activities/{mine.pk}/edit/", {"date": "2026-06-09", "title": "", "kind": "x"})
    assert r.status_code == 400 and "请选择活动类别。" in r.content.decode()
    r = legal_c.post(f"/education/activities/{mine.pk}/edit/", {"date": "2026-06-09", "title": "国际档案日开放日",
                                                               "kind": "archives_day", "audience": "1600"})
    assert r.status_code == 302 and PublicActivity.objects.get(pk=mine.pk).audience == 1600
    r = Client().get("/api/v1/education/activities", {"agency": "hlj"})
    assert r.status_code == 200 and [a["title"] for a in r.json()] == ["国际档案日开放日"]
    r = Client().get("/api/v1/education/activities", {"agency": "nope"})
    assert r.status_code == 422 and r.json()["fields"] == {"agency": ["没有这个机关。"]}


def test_summary_gives_the_figures_with_their_records(ew):
    legal = ew.users["legal"]
    event = lecture(ew, date=dt.date(2026, 3, 1))
    made = services.attendance_record(actor=legal, event_id=event.pk, officers=[ew.o.wang.pk, ew.o.li.pk],
                                      users=[ew.users["clerk"].pk], hours="2")
    course = services.event_save(actor=legal, title="培训班", kind="course", date="2026-04-01", hours="8")
    services.attendance_record(actor=legal, event_id=course.pk, officers=[ew.o.wang.pk])
    lecture(ew, date=dt.date(2025, 12, 1), title="去年的讲座")  # another year
    contest, teams = contest_with_teams(ew, n=4)
    services.prize_award(actor=legal, contest_id=contest.pk, team_id=teams[0].pk, level="first")
    services.prize_award(actor=legal, contest_id=contest.pk, team_id=teams[1].pk, level="third")
    a1 = services.activity_save(actor=legal, date="2026-06-09", title="国际档案日", kind="archives_day", audience=100)
    a2 = services.activity_save(actor=legal, date="2026-09-05", title="档案法宣传", kind="archives_law", audience=50)
    services.activity_save(actor=ew.users["other_legal"], date="2026-06-09", title="外省", kind="other", audience=9)
    s = selectors.education_summary(ew.agency, 2026)
    t = s["training"]
    assert t["events"] == {"value": 2, "model": "education.trainingevent", "ids": sorted([event.pk, course.pk])}
    assert t["attendance"]["value"] == 4
    assert t["hours"]["value"] == Decimal("14.0") and len(t["hours"]["ids"]) == 4
    assert t["officers"] == {"value": 2, "model": "inspection.officer", "ids": sorted([ew.o.wang.pk, ew.o.li.pk])}
    assert t["training_records"]["value"] == 3 and made[0].training_record_id in t["training_records"]["ids"]
    assert t["by_kind"]["lecture"]["ids"] == [event.pk] and t["by_kind"]["course"]["label"] == "培训班"
    k = s["contests"]
    assert k["contests"]["ids"] == [contest.pk] and k["teams"]["value"] == 4
    assert k["prizes"]["value"] == 2
    assert {lvl: f["value"] for lvl, f in k["prizes_by_level"].items()} == {
        "first": 1, "second": 0, "third": 1, "excellence": 0}
    assert k["prizes_by_level"]["first"]["ids"] == [teams[0].prize.pk]
    p = s["public_activities"]
    assert p["activities"]["ids"] == sorted([a1.pk, a2.pk]) and p["audience"]["value"] == 150
    assert p["by_kind"]["archives_day"] == {"label": "国际档案日", "value": 1, "model": "education.publicactivity",
                                            "ids": [a1.pk]}


def test_api(ew):
    legal = ew.users["legal"]
    event = lecture(ew)
    services.attendance_record(actor=legal, event_id=event.pk, officers=[ew.o.wang.pk], users=[ew.users["clerk"].pk])
    contest, teams = contest_with_teams(ew, n=2)
    services.prize_award(actor=legal, contest_id=contest.pk, team_id=teams[1].pk, level="second")
    clerk = logged(ew.users["clerk"])
    (row,) = clerk.get("/api/v1/education/events", {"year": 2026}).json()
    assert row["title"] == "《行政许可法》专题讲座" and row["attendance"] == 2 and row["total_hours"] == "6.0"
    detail = clerk.get(f"/api/v1/education/events/{event.pk}").json()
    officer_row = next(a for a in detail["attendances"] if a["officer_id"])
    assert officer_row["certificate_number"] == "黑档执-0001" and officer_row["training_record_id"]
    (c,) = clerk.get("/api/v1/education/contests").json()
    assert c["prizes"] == {"first": 0, "second": 1, "third": 0, "excellence": 0}
    assert [t["prize_label"] for t in c["teams"]] == ["二等奖", ""]  # prize breaks the tie at 0 points
    summary = clerk.get("/api/v1/education/summary", {"year": 2026}).json()
    assert summary["training"]["attendance"]["value"] == 2 and summary["contests"]["teams"]["value"] == 2
    assert Client().get("/api/v1/education/events").status_code == 401
    r = logged(ew.users["citizen"]).get("/api/v1/education/events")
    assert r.status_code == 403 and set(r.json()) == {"error", "message", "fields"}
    assert logged(ew.users["other_legal"]).get(f"/api/v1/education/events/{event.pk}").status_code == 404
    assert logged(ew.users["other_legal"]).get("/api/v1/education/contests").json() == []
