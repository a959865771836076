from django.core.management.base import BaseCommand, CommandError

from fazhi.process.audit import verify_all


class Command(BaseCommand):
    help = "fazhi audit verify: check every case's hash-chained events; report edited, inserted or deleted events."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **opts):
        total = 0
        bad = []
        for checked, problems in verify_all():
            total = checked
            bad.extend(problems)
        for p in bad:
            self.stderr.write(str(p))
        if bad:
            raise CommandError(f"审计校验失败：{len(bad)} 处问题，共检查 {total} 个办件。")
        self.stdout.write(f"审计校验通过：{total} 个办件的事件链完整。")
