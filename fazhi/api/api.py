"""The HTTP API at /api/v1 (django-ninja), OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from fazhi.api.errors import ApiError, list_separator
from fazhi.core import clock
from fazhi.core.web import error_messages

log = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        from fazhi.core.models import ApiToken

        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        row = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
        if row is None or row.expires_at <= clock.now() or not row.user.is_active:
            return None
        request.user = row.user
        return row.user


bearer = BearerToken()
# Endpoints that need a user accept a bearer token or the browser session (with CSRF).
AUTH = [bearer, django_auth]


class OptionalAuth:
    """Anonymous allowed, but a token or session identifies the caller when present."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            user = bearer.authenticate(request, header[7:].strip())
            if user is None:
                return None
            return user
        return request.user if request.user.is_authenticated else _Anonymous()


class _Anonymous:
    is_authenticated = False

    def __bool__(self):
        return True


OPTIONAL = [OptionalAuth()]

api = NinjaAPI(
    title="Fazhi API",
    version="1",
    description="法治 · 依法行政综合平台 HTTP API. Errors: JSON {error, message, fields} with 4xx.",
    urls_namespace="api",
)


def _error(request, status: int, code: str, message: str, fields: dict | None = None):
    fields = {k: [str(m) for m in v] for k, v in (fields or {}).items()}
    return api.create_response(request, {"error": code, "message": str(message), "fields": fields}, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(ValidationError)
def _django_validation(request, exc: ValidationError):
    fields = exc.message_dict if hasattr(exc, "error_dict") else {}
    message = list_separator().join(error_messages(exc))
    return _error(request, 400, "invalid", message or _("输入无效。"), fields)


@api.exception_handler(NinjaValidationError)
def _ninja_validation(request, exc: NinjaValidationError):
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(loc) or "_", []).append(err.get("msg", "invalid"))
    return _error(request, 422, "invalid", _("请求格式不正确。"), fields)


@api.exception_handler(DataError)  # PostgreSQL refused a value: a NUL character in a text, an integer out of range
@api.exception_handler(OverflowError)  # SQLite: an integer beyond 64 bits; a date beyond the year 9999
def _out_of_range(request, exc):
    log.warning("input refused by the database or the date arithmetic: %s", exc)
    return _error(request, 400, "invalid", _("输入无效。"))


@api.exception_handler(AuthenticationError)
def _unauth(request, exc):
    return _error(request, 401, "unauthorized", _("需要登录或有效的令牌。"))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", _("未找到。"))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden", _("无权执行此操作。"))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "http_error", str(exc))


def register_routers() -> None:
    """Each app contributes one router; imported here so the URLconf stays one line."""
    from fazhi.advisers.api import router as advisers_router
    from fazhi.api.auth import router as auth_router
    from fazhi.archives.api import router as archives_router
    from fazhi.assessment.api import router as assessment_router
    from fazhi.complaints.api import router as complaints_router
    from fazhi.decisions.api import router as decisions_router
    from fazhi.disclosure.api import router as disclosure_router
    from fazhi.discretion.api import router as discretion_router
    from fazhi.education.api import router as education_router
    from fazhi.enforcement.api import router as enforcement_router
    from fazhi.inspection.api import router as inspection_router
    from fazhi.licensing.api import router as licensing_router
    from fazhi.norms.api import router as norms_router
    from fazhi.officers.api import router as officers_router
    from fazhi.openinfo.api import router as openinfo_router
    from fazhi.petitions.api import router as petitions_router
    from fazhi.powers.api import router as powers_router
    from fazhi.process.api import router as cases_router
    from fazhi.reconsideration.api import router as reconsideration_router
    from fazhi.reports.api import router as reports_router
    from fazhi.requests.api import router as requests_router
    from fazhi.security.api import router as security_router
    from fazhi.sysadmin.api import router as sysadmin_router
    from fazhi.tlog.api import router as tlog_router
    from fazhi.workdays.api import router as calendar_router

    api.add_router("/auth", auth_router)
    api.add_router("/calendar", calendar_router)
    api.add_router("/licensing", licensing_router)
    api.add_router("/cases", cases_router)
    api.add_router("/inspection", inspection_router)
    api.add_router("/enforcement/officers", officers_router)
    api.add_router("/enforcement/standards", discretion_router)
    api.add_router("/enforcement", enforcement_router)
    api.add_router("/powers", powers_router)
    api.add_router("/norms/decisions", decisions_router)
    api.add_router("/norms", norms_router)
    api.add_router("/requests", requests_router)
    api.add_router("/complaints", complaints_router)
    api.add_router("/petitions", petitions_router)
    api.add_router("/disclosure", disclosure_router)
    api.add_router("/reconsideration", reconsideration_router)
    api.add_router("/advisers", advisers_router)
    api.add_router("/archives", archives_router)
    api.add_router("/assessment", assessment_router)
    api.add_router("/education", education_router)
    api.add_router("/openinfo", openinfo_router)
    api.add_router("/reports", reports_router)
    api.add_router("/security", security_router)
    api.add_router("/sysadmin", sysadmin_router)
    api.add_router("/log", tlog_router)


register_routers()
