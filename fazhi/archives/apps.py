from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "fazhi.archives"
    label = "archives"
    verbose_name = _("档案公共服务")

    def ready(self):
        from fazhi.archives import process  # noqa: F401  (registers the process definitions)
        from fazhi.archives.process import CODES
        from fazhi.process.panels import CasePanel, register_panel

        # The request, its answer and its files on the generic case page: for the requester and the staff.
        register_panel(CasePanel(template="archives/_panel.html", name="archives_panel",
                                 context="fazhi.archives.views.panel_context", kinds=CODES, staff_only=False))
