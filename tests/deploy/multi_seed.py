"""``python -m tests.deploy.multi_seed``: prepare the database of the two-server test (tests/deploy/test_multi_server.py)
as an operator would: ``migrate``, then a small world (an agency, its staff, a citizen, a licensing item).
Runs in its own process against $DATABASE_URL; prints the item code as JSON."""

from __future__ import annotations

import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)

    from tests import factories as f

    agency = f.agency("hlj", short_name="黑档", name="黑龙江省档案局")
    for name, role in (("clerk", "intake_clerk"), ("handler", "case_handler"), ("head", "section_head"),
                       ("director", "director")):
        f.staff(name, agency, role)
    f.person("citizen")
    item = f.item(agency, 1, code="dag-xk-002")
    print(json.dumps({"item": item.code}))


if __name__ == "__main__":
    main()
