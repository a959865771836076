from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self):
        from fazhi.core import signals  # noqa: F401  (audit of logins)
