from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NormsConfig(AppConfig):
    name = "fazhi.norms"
    label = "norms"
    verbose_name = _("规范性文件")

    def ready(self):
        from fazhi.tlog.publications import norms as publications

        publications.register()  # what the transparency log records of this area (fazhi.tlog)
        from fazhi.laws.signals import law_changed
        from fazhi.norms import process  # noqa: F401  (registers the "norm" process definition)
        from fazhi.norms.services import on_law_changed

        law_changed.connect(on_law_changed, dispatch_uid="norms.on_law_changed")
        from fazhi.process.panels import CasePanel, register_panel

        register_panel(CasePanel(template="norms/_panel.html", name="norm_panel",
                                 context="fazhi.norms.views.panel_context",
                                 kinds=("norm",), staff_only=True))
