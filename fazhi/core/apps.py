from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self):
        import tqdm

        from fazhi.core import signals  # noqa: F401  (audit of logins)

        # No tqdm monitor thread: a thread holding a lock while the draw forks its children can leave a child
        # waiting on that lock forever (fazhi/inspection/draw.py forks; progress bars are in backup, seed, import).
        tqdm.tqdm.monitor_interval = 0
