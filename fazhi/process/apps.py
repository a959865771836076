from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessConfig(AppConfig):
    name = "fazhi.process"
    label = "process"
    verbose_name = _("流程")

    def ready(self):
        from fazhi.workdays.signals import calendar_year_loaded

        def _recompute(sender, **kwargs):
            from fazhi.process.services import clocks_recompute_provisional

            clocks_recompute_provisional()

        calendar_year_loaded.connect(_recompute, dispatch_uid="process.recompute_provisional", weak=False)
