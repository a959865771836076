"""fazhi demo load: the demo agencies, accounts, licensing items and cases (idempotent)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "fazhi demo load: load the demo data (idempotent) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])

    def handle(self, *args, **opts):
        from fazhi.core.demo.load import demo_load

        result = demo_load()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。Demo data ready."))
        self.stdout.write(f"演示账号密码 / demo password: {result['password']}"
                          + ("（来自 FAZHI_DEMO_PASSWORD）" if result["password_from_env"] else ""))
        for username, label in result["accounts"]:
            self.stdout.write(f"  {username:<12} {label}")
