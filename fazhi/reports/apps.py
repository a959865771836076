from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = _("统计与法治政府建设年度报告")

    def ready(self):
        from fazhi.tlog.publications import reports as publications

        publications.register()  # what the transparency log records of this area (fazhi.tlog)
