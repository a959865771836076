from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = _("重大行政决策")

    def ready(self):
        from fazhi.tlog.publications import decisions as publications

        publications.register()  # what the transparency log records of this area (fazhi.tlog)
        from fazhi.decisions import process  # noqa: F401  (registers the major decision process definition)
        from fazhi.process.panels import CasePanel, register_panel

        register_panel(CasePanel(template="decisions/_panel.html", name="decision_panel",
                                 context="fazhi.decisions.views.panel_context",
                                 kinds=("major_decision",), staff_only=True))
