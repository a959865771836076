from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "fazhi.licensing"
    label = "licensing"
