"""Every password set is kept in the history (fazhi.security.models.PasswordHistory).

``AbstractBaseUser.set_password`` keeps the raw password in ``_password`` until the next save, which then
clears it: a save that still carries it stores a newly set password. A rehash of the same password when the
hasher's parameters change (``check_password``'s setter) clears ``_password`` first and is not a new
password, so it neither enters the history nor restarts the password's age.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="security.password_history")
def _password_set(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or getattr(instance, "_password", None) is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    if not instance.has_usable_password():
        return
    from fazhi.security.services import password_history_record

    password_history_record(instance)
