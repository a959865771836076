from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SysadminConfig(AppConfig):
    name = "fazhi.sysadmin"
    label = "sysadmin"
    verbose_name = _("系统管理（三员）")

    def ready(self):
        post_migrate.connect(_reinstall_triggers, sender=self, dispatch_uid="sysadmin.audit_triggers")


def _reinstall_triggers(sender, using="default", **kwargs):
    """After every ``migrate`` (and every test flush): the audit trail's triggers carry the current retention, and
    come back if SQLite rebuilt ``core_auditevent`` (fazhi/sysadmin/triggers.py)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from fazhi.sysadmin import triggers

    connection = connections[using]
    if ("sysadmin", "0001_audit_triggers") not in MigrationRecorder(connection).applied_migrations():
        return
    triggers.install(connection)
