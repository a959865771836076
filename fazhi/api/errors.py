"""One error shape for the whole API: ``{"error", "message", "fields"}`` with a 4xx status.

Messages are in the caller's language: Chinese unless the ``django_language`` cookie chose English (the
Accept-Language header is not consulted)."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy


def list_separator() -> str:
    """Joins several messages into one: "；" in Chinese, "; " in English."""
    # Translators: separator between several error messages shown as one line.
    return gettext("；")


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict | None = None, code: str | None = None,
                 status: int | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code
        if status:
            self.status = status


class NotFound(ApiError):
    status = 404
    code = "not_found"

    def __init__(self, message: str = gettext_lazy("未找到。"), **kw):
        super().__init__(message, **kw)


class Conflict(ApiError):
    status = 409
    code = "conflict"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"
