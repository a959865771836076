from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "fazhi.petitions"
    label = "petitions"
    verbose_name = _("信访")

    def ready(self):
        from fazhi.petitions import kind  # noqa: F401  (registers the request kind and its process definition)
        from fazhi.process.panels import CasePanel, register_panel

        register_panel(CasePanel(template="petitions/_panel.html", name="petition_panel",
                                 context="fazhi.petitions.views.panel_context",
                                 kinds=("petition",), staff_only=True))
