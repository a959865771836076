"""Chinese names of the audit trail's action codes (the code itself is always shown too)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "auth.login": _("登录"),
    "auth.logout": _("退出登录"),
    "auth.login_failed": _("登录失败"),
    "account.register": _("公众注册"),
    "sysadmin.account_create": _("创建账号"),
    "sysadmin.account_deactivate": _("停用账号"),
    "sysadmin.account_reactivate": _("启用账号"),
    "sysadmin.role_grant": _("授予角色"),
    "sysadmin.role_revoke": _("撤销角色"),
    "sysadmin.audit_view": _("查阅审计记录"),
    "sysadmin.audit_export": _("导出审计记录"),
    "sysadmin.chain_verify": _("校验办件事件链"),
    "sysadmin.audit_archive": _("归档审计记录"),
    "calendar.load": _("导入工作日历"),
    "reports.dashboard_export": _("导出统计数据"),
    "assessment.rankings_export": _("导出考核排名"),
    "disclosure.statistics_export": _("导出政府信息公开统计"),
    "inspection.directory_export": _("导出名录库"),
    "complaints.export": _("导出投诉举报"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
