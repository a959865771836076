from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = _("行政处罚")

    def ready(self):
        from fazhi.tlog.publications import enforcement as publications

        publications.register()  # what the transparency log records of this area (fazhi.tlog)
        from fazhi.enforcement import process  # noqa: F401  (registers the penalty process definition)
        from fazhi.process.panels import CasePanel, register_panel

        register_panel(CasePanel(template="enforcement/_panel.html", name="penalty_panel",
                                 context="fazhi.enforcement.views.panel_context",
                                 kinds=("penalty",), staff_only=True))
