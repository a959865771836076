"""``flush`` with the audit trail's triggers in mind.

``flush`` empties every table, the audit trail included. In production the triggers refuse that (audit records are
kept for the retention period, 网络安全法 第二十一条), so ``fazhi flush`` fails while the trail holds younger records:
that is intended. The test suite flushes the database after every transactional test (pytest-django's live server,
``TransactionTestCase``): only there (settings.TESTING) the triggers are lifted for the flush and put back after it.
"""

from django.conf import settings
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from fazhi.sysadmin import triggers


class Command(FlushCommand):
    def handle(self, **options):
        if not getattr(settings, "TESTING", False):
            return super().handle(**options)
        connection = connections[options["database"]]
        present = bool(triggers.installed(connection))
        if present:
            triggers.uninstall(connection)
        try:
            return super().handle(**options)
        finally:
            if present:
                triggers.install(connection)
