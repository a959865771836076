from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _log_seed_standards(sender, using="default", **kwargs):
    """The seed standard is published by a data migration (discretion/0002), before the transparency log's tables
    exist; once every migration has run, log each published version that is not in the log yet (no new entry for
    one that is). Cheap: a handful of versions."""
    from django.db import connections

    from fazhi.discretion.models import StandardVersion
    from fazhi.tlog.models import LogEntry
    from fazhi.tlog.publications.discretion import KIND
    from fazhi.tlog.services import sync

    if using != "default":
        return
    tables = set(connections[using].introspection.table_names())
    if not {StandardVersion._meta.db_table, LogEntry._meta.db_table} <= tables:
        return  # a partial migrate (``migrate sessions``): not every table exists yet
    sync(kinds=[KIND])


class DiscretionConfig(AppConfig):
    name = "fazhi.discretion"
    label = "discretion"
    verbose_name = _("行政处罚裁量基准")

    def ready(self):
        from fazhi.tlog.publications import discretion as publications

        publications.register()  # what the transparency log records of this area (fazhi.tlog)
        post_migrate.connect(_log_seed_standards, sender=self, dispatch_uid="discretion-log-seed")
