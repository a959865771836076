"""Helpers every app's pages share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from fazhi.core.access import is_business_staff


def error_messages(e: ValidationError) -> list[str]:
    """Every message of a ValidationError, field errors included, in order."""
    if hasattr(e, "error_dict"):
        return [m for msgs in e.message_dict.values() for m in msgs]
    return list(e.messages)


def staff_gate(request):
    """Staff pages: anonymous users go to the login page; public users and the three administrators get the
    same 404 as a page that does not exist. Returns a redirect to send, or None to go on."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={request.get_full_path()}")
    if not is_business_staff(request.user):
        raise Http404
    return None
