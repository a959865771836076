"""Who is who, for the access layers of every app."""

from __future__ import annotations

from fazhi.core.models import User


def is_business_staff(user) -> bool:
    """An active officer holding at least one business role. The three administrators are not: they
    manage the system but never read or act on case contents (三员分立)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.kind == User.Kind.STAFF
        and user.roles
        and not user.is_administrator
    )
