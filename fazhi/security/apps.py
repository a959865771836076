from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "fazhi.security"
    label = "security"
    verbose_name = _("安全（身份鉴别）")

    def ready(self):
        from fazhi.security import signals  # noqa: F401  (password history)
