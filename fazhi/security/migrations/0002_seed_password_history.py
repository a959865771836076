"""Existing accounts: their current password enters the history, dated now, so a deployment that turns the
policy on gives every staff member the full FAZHI_PASSWORD_MAX_AGE_DAYS before the first forced change (and
the current password already counts as used)."""

from django.db import migrations
from django.utils import timezone

UNUSABLE_PREFIX = "!"  # django.contrib.auth.hashers.UNUSABLE_PASSWORD_PREFIX


def seed(apps, schema_editor):
    User = apps.get_model("core", "User")
    PasswordHistory = apps.get_model("security", "PasswordHistory")
    now = timezone.now()
    rows = [PasswordHistory(user_id=pk, password=password, created_at=now)
            for pk, password in User.objects.values_list("pk", "password")
            if password and not password.startswith(UNUSABLE_PREFIX)]
    PasswordHistory.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_totp_devices_password_history"),
        ("core", "0001_agencies_users_audit"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
