"""The laws the agency relies on (fazhi/laws/seed.py), with their versions and the articles the code cites."""

from django.db import migrations


def forwards(apps, schema_editor):
    from fazhi.laws.seed import seed

    seed(apps.get_model("laws", "Law"), apps.get_model("laws", "LawVersion"), apps.get_model("laws", "Article"))


class Migration(migrations.Migration):
    dependencies = [("laws", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
