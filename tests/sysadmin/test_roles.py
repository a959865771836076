"""The security administrator's work: granting and revoking roles (三员分立 kept), and the security policy page."""

from __future__ import annotations

import pytest

from fazhi.core.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db

SEPARATION = "系统管理员、安全管理员、审计管理员三员分立：管理员只能担任一个管理员角色，且不能兼任业务角色。"


def test_grant_and_revoke_through_the_page(world, login):
    secadmin = world.users["secadmin"]
    newbie = f.staff("newbie", world.city)
    client = login(secadmin)
    page = client.get(f"/sysadmin/roles/{newbie.pk}/").content.decode()
    assert 'id="role-case_handler"' in page and 'id="role-audit_admin"' in page

    r = client.post(f"/sysadmin/roles/{newbie.pk}/", {"roles": ["case_handler", "legal_reviewer"]})
    assert r.status_code == 302
    newbie.refresh_from_db()
    assert newbie.roles == ["case_handler", "legal_reviewer"]
    grants = AuditEvent.objects.filter(action="sysadmin.role_grant").order_by("id")
    assert [(e.actor, e.object_id, e.detail["role"]) for e in grants] == [
        (secadmin, str(newbie.pk), "case_handler"), (secadmin, str(newbie.pk), "legal_reviewer")]
    assert grants[0].detail["before"] == [] and grants[0].detail["after"] == ["case_handler", "legal_reviewer"]
    assert "已更新“newbie”的角色。" in client.get(r["Location"]).content.decode()
    # the account now reaches the business pages
    assert login(newbie).get("/staff/inbox/").status_code == 200

    client.post(f"/sysadmin/roles/{newbie.pk}/", {"roles": ["legal_reviewer"]})
    newbie.refresh_from_db()
    assert newbie.roles == ["legal_reviewer"]
    revoke = AuditEvent.objects.get(action="sysadmin.role_revoke")
    assert (revoke.detail["role"], revoke.detail["role_label"]) == ("case_handler", "承办人")

    # saving the same roles again changes nothing and writes nothing
    n = AuditEvent.objects.count()
    r = client.post(f"/sysadmin/roles/{newbie.pk}/", {"roles": ["legal_reviewer"]}, follow=True)
    assert "角色没有变化。" in r.content.decode()
    assert AuditEvent.objects.count() == n


@pytest.mark.parametrize("roles", [["audit_admin", "case_handler"], ["system_admin", "security_admin"],
                                   ["security_admin", "director"]])
def test_separation_of_the_three_administrators_is_kept(world, login, roles):
    clerk = world.users["clerk"]
    r = login(world.users["secadmin"]).post(f"/sysadmin/roles/{clerk.pk}/", {"roles": roles})
    assert r.status_code == 400
    assert SEPARATION in r.content.decode()
    clerk.refresh_from_db()
    assert clerk.roles == ["intake_clerk"]
    assert not AuditEvent.objects.filter(action__startswith="sysadmin.role_").exists()


def test_an_administrator_role_alone_can_be_granted(world, login):
    clerk = world.users["clerk"]
    login(world.users["secadmin"]).post(f"/sysadmin/roles/{clerk.pk}/", {"roles": ["audit_admin"]})
    clerk.refresh_from_db()
    assert clerk.roles == ["audit_admin"]
    assert {e.detail["role"] for e in AuditEvent.objects.filter(action="sysadmin.role_revoke")} == {"intake_clerk"}
    # now an audit administrator: the trail, not the inbox
    assert login(clerk).get("/sysadmin/audit/").status_code == 200
    assert login(clerk).get("/staff/inbox/").status_code == 404


def test_no_change_of_ones_own_roles_nor_removing_the_last_auditor(world, login):
    secadmin, auditor = world.users["secadmin"], world.users["auditor"]
    client = login(secadmin)
    page = client.get(f"/sysadmin/roles/{secadmin.pk}/").content.decode()
    assert "不能变更自己的角色。" in page and 'id="roles-form"' not in page
    r = client.post(f"/sysadmin/roles/{secadmin.pk}/", {"roles": ["director"]})
    assert r.status_code == 400 and "不能变更自己的角色。" in r.content.decode()
    r = client.post(f"/sysadmin/roles/{auditor.pk}/", {"roles": []})
    assert r.status_code == 400 and "不能撤销最后一名在用的审计管理员的角色。" in r.content.decode()
    secadmin.refresh_from_db()
    auditor.refresh_from_db()
    assert secadmin.roles == ["security_admin"] and auditor.roles == ["audit_admin"]


def test_the_api(world, login):
    client = login(world.users["secadmin"])
    clerk = world.users["clerk"]
    r = client.put(f"/api/v1/sysadmin/accounts/{clerk.pk}/roles", {"roles": ["intake_clerk", "case_handler"]},
                   content_type="application/json")
    assert r.status_code == 200
    assert (r.json()["granted"], r.json()["revoked"]) == (["case_handler"], [])
    r = client.put(f"/api/v1/sysadmin/accounts/{clerk.pk}/roles", {"roles": ["system_admin", "case_handler"]},
                   content_type="application/json")
    assert r.status_code == 400 and SEPARATION in r.json()["message"]
    r = client.put(f"/api/v1/sysadmin/accounts/{clerk.pk}/roles", {"roles": ["pope"]},
                   content_type="application/json")
    assert r.status_code == 400 and "未知角色：pope" in r.json()["message"]
    # the security administrator lists accounts, but cannot create or deactivate them
    assert client.get("/api/v1/sysadmin/accounts").status_code == 200
    assert client.post(f"/api/v1/sysadmin/accounts/{clerk.pk}/deactivate", {"reason": "x"},
                       content_type="application/json").status_code == 403


def test_the_security_policy_page(world, login, settings):
    body = login(world.users["secadmin"]).get("/sysadmin/policy/").content.decode()
    for text in ("密码存储", "Argon2id", "登录失败锁定", "连续失败 5 次锁定 15 分钟", "会话空闲超时", "30 分钟",
                 "密码长度不少于 12 位", "不得与最近 5 次使用的密码相同", "工作人员密码有效期", "90 天",
                 "审计记录保存期限", "180 天", "数据库防篡改触发器", "已安装", "GB/T 22239-2019"):
        assert text in body, text
    assert "<td>审计管理员</td><td>1</td>" in body
