from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TlogConfig(AppConfig):
    name = "fazhi.tlog"
    label = "tlog"
    verbose_name = _("公开透明日志")
