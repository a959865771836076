from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "fazhi.inspection"
    label = "inspection"
    verbose_name = _("双随机一公开")

    def ready(self):
        from fazhi.tlog.publications import inspection as publications

        publications.register()  # what the transparency log records of this area (fazhi.tlog)
        from fazhi.inspection import process  # noqa: F401  (registers the inspection process definition)
