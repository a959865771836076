from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "fazhi.licensing"
    label = "licensing"
    verbose_name = "行政许可"

    def ready(self):
        from fazhi.licensing import process  # noqa: F401  (registers the process definition)
