from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "fazhi.licensing"
    label = "licensing"
    verbose_name = _("行政许可")

    def ready(self):
        from fazhi.tlog.publications import licensing as publications

        publications.register()  # what the transparency log records of this area (fazhi.tlog)
        from fazhi.licensing import process  # noqa: F401  (registers the process definition)
