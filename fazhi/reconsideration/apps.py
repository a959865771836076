from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = _("行政复议")

    def ready(self):
        from fazhi.process.panels import CasePanel, register_panel
        from fazhi.reconsideration import kind  # noqa: F401  (registers the request kind and its process definition)

        register_panel(CasePanel(template="reconsideration/_case_panel.html", name="reconsideration_panel",
                                 context="fazhi.reconsideration.selectors.panel_context",
                                 kinds=None, staff_only=False))
