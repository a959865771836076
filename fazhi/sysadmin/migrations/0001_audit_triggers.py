"""Database triggers on core_auditevent: UPDATE always refused, DELETE refused for records younger than the
retention period, TRUNCATE refused (PostgreSQL). See fazhi/sysadmin/triggers.py."""

from django.db import migrations


def forwards(apps, schema_editor):
    from fazhi.sysadmin import triggers

    triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from fazhi.sysadmin import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_agencies_users_audit")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
