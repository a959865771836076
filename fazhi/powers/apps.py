from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowersConfig(AppConfig):
    name = "fazhi.powers"
    label = "powers"
    verbose_name = _("权力清单和责任清单")

    def ready(self):
        from fazhi.tlog.publications import powers as publications

        publications.register()  # what the transparency log records of this area (fazhi.tlog)
