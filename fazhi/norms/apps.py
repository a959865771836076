from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NormsConfig(AppConfig):
    name = "fazhi.norms"
    label = "norms"
    verbose_name = _("规范性文件")
