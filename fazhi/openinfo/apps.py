from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpeninfoConfig(AppConfig):
    name = "fazhi.openinfo"
    label = "openinfo"
    verbose_name = _("政府信息主动公开目录")

    def ready(self):
        from fazhi.openinfo import publication

        publication.register()  # manual items' publications go into the transparency log (fazhi.tlog)
