import json
from pathlib import Path

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Write the OpenAPI schema to docs/openapi.json (kept in the repository, checked by the tests)."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(__file__).resolve().parents[4] / "docs" / "openapi.json"))

    def handle(self, *args, **opts):
        from fazhi.api.api import api

        schema = api.get_openapi_schema()
        Path(opts["out"]).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"wrote {opts['out']}")
