"""Every API error as JSON ``{"detail": message, "field": name-or-null, "errors": {...}}``.

Domain errors from actions and access functions map to their status; bad input never
becomes a 500 (oversized bodies, malformed JSON and parse errors are 4xx here). Faults of
the disk or the database are a 503 with ``Retry-After``; anything that escapes DRF is
answered in the same format by ``uncaught_error_response`` (through Django's handler500,
``kabinet.middleware.server_error``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kabinet.errors import DomainError, unavailable

log = logging.getLogger(__name__)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    fault = unavailable(exc)
    if fault is not None:
        log.warning("answered 503: %s: %s", type(exc).__name__, exc, exc_info=exc)
        later = error_response(str(fault.message), fault.status_code)
        later["Retry-After"] = str(fault.retry_after)
        return later
    if isinstance(exc, DomainError):
        return error_response(str(exc.message), exc.status_code, field=exc.field)
    if isinstance(exc, RequestDataTooBig):
        return error_response(_("The request body is too large."), 413)
    if isinstance(exc, Http404):
        return error_response(_("Not found."), 404)
    if isinstance(exc, exceptions.ValidationError):
        field, message, errors = _first_error(exc.detail)
        return error_response(message, 400, field=field, errors=errors)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "field": None}
    return response


def uncaught_error_response(exc: BaseException | None) -> JsonResponse:
    """The answer to an API request whose exception escaped DRF (raised in a middleware, or
    one this handler left to Django): a 503 for a fault, else a 500 that tells nothing of
    the failure; both in the format above, never Django's HTML page."""
    fault = unavailable(exc) if exc is not None else None
    body = {"detail": str(fault.message) if fault else _("Internal server error."), "field": None}
    response = JsonResponse(
        body, status=fault.status_code if fault else 500, json_dumps_params={"ensure_ascii": False}
    )
    if fault is not None:
        response["Retry-After"] = str(fault.retry_after)
    return response


def error_response(
    message: str, status_code: int, *, field: str | None = None, errors: Any = None
) -> Response:
    body: dict[str, Any] = {"detail": message, "field": field}
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code)


def _first_error(detail: Any) -> tuple[str | None, str, Any]:
    """The first (dotted field path, message) of a nested DRF error structure, and the whole."""
    node, path = detail, []
    while True:
        if isinstance(node, dict) and node:
            key, node = next(iter(node.items()))
            path.append(str(key))
        elif isinstance(node, list) and node:
            node = node[0]
        else:
            break
    field = ".".join(p for p in path if p != "non_field_errors") or None
    return field, str(node), detail if isinstance(detail, dict) else None


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _lazy("The If-Match header with the ticket's version is required.")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's ``handler404``: a URL that matches nothing (an unknown path, an id beyond
    64 bits, NUL in a segment) answers in the error format under /api/, with the
    cabinet's page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"detail": _("Not found."), "field": None}
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)
