from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "fazhi.petitions"
    label = "petitions"
    verbose_name = _("信访")

    def ready(self):
        from fazhi.petitions import kind  # noqa: F401  (registers the request kind and its process definition)
