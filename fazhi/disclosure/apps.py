from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "fazhi.disclosure"
    label = "disclosure"
    verbose_name = _("政府信息公开")

    def ready(self):
        from fazhi.disclosure import kind  # noqa: F401  (registers the request kind and its process definition)
        from fazhi.process.panels import CasePanel, register_panel

        register_panel(CasePanel(template="disclosure/_panel.html", name="disclosure_panel",
                                 context="fazhi.disclosure.views.panel_context",
                                 kinds=("disclosure",), staff_only=False))
        from fazhi.disclosure.report import register_publication

        register_publication()  # 政府信息公开工作年度报告 in the transparency log (fazhi.tlog)
