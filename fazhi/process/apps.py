from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "fazhi.process"
    label = "process"
    verbose_name = "流程"

    def ready(self):
        from fazhi.workdays.signals import calendar_year_loaded

        def _recompute(sender, **kwargs):
            from fazhi.process.services import clocks_recompute_provisional

            clocks_recompute_provisional()

        calendar_year_loaded.connect(_recompute, dispatch_uid="process.recompute_provisional", weak=False)
