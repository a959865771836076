from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SysadminConfig(AppConfig):
    name = "fazhi.sysadmin"
    label = "sysadmin"
    verbose_name = _("系统管理（三员）")
