from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "fazhi.complaints"
    label = "complaints"
    verbose_name = _("投诉举报")

    def ready(self):
        from fazhi.complaints import kind  # noqa: F401  (registers the request kind and its process definition)
        from fazhi.process.panels import CasePanel, register_panel

        register_panel(CasePanel(template="complaints/_panel.html", name="complaint_panel",
                                 context="fazhi.complaints.views.panel_context",
                                 kinds=("complaint_report",), staff_only=True))
