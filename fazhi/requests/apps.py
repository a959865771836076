from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "fazhi.requests"
    label = "requests"
    verbose_name = _("群众诉求")
