"""Seed the discretion standard for the Archives Law (2020 revision) penalty provisions
(fazhi/discretion/data/archives-law-2021.json), so ``migrate`` gives every deployment a published standard.
``fazhi discretion load FILE`` loads the same file idempotently and later versions beside it."""

from django.db import migrations


def seed(apps, schema_editor):
    from fazhi.discretion.loader import SEED_FILES, Models, parse_standard, read_file, write_standard

    models = Models(
        agency=apps.get_model("core", "Agency"),
        version=apps.get_model("discretion", "StandardVersion"),
        circumstance=apps.get_model("discretion", "Circumstance"),
        rule=apps.get_model("discretion", "ViolationRule"),
        grade=apps.get_model("discretion", "Grade"),
        fine=apps.get_model("discretion", "FineRange"),
    )
    for path in SEED_FILES:
        write_standard(parse_standard(read_file(path)), models=models, using=schema_editor.connection.alias,
                       source=path.name)


def unseed(apps, schema_editor):
    from fazhi.discretion.loader import SEED_FILES, parse_standard, read_file

    StandardVersion = apps.get_model("discretion", "StandardVersion")
    codes = [parse_standard(read_file(path)).version["code"] for path in SEED_FILES]
    StandardVersion.objects.using(schema_editor.connection.alias).filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("discretion", "0001_standards")]

    operations = [migrations.RunPython(seed, unseed)]
