from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "fazhi.complaints"
    label = "complaints"
    verbose_name = _("投诉举报")

    def ready(self):
        from fazhi.complaints import kind  # noqa: F401  (registers the request kind and its process definition)
