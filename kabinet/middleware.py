"""The pages' one mapping of errors to responses: a domain NotFoundError is the 404 page, a
fault of the disk or the database (``kabinet.errors.unavailable``) the 503 page, anything
else that escapes the 500 page (``server_error``, Django's ``handler500``). Error pages are
rendered without the request's context: they must not touch the database that failed. The
API maps the same errors in ``kabinet.api.errors``; DRF handles them before they reach a
middleware, and ``server_error`` hands API paths to it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader

from kabinet.api.errors import uncaught_error_response
from kabinet.errors import NotFoundError, unavailable

log = logging.getLogger(__name__)
API_PREFIX = "/api/"


class ErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Raising Http404 here hands it to Django's 404 handling (``handler404``),
        exactly as if the view had raised it. A fault is answered here, whatever DEBUG
        says; anything else goes on to Django (and ``server_error``)."""
        if isinstance(exception, NotFoundError):
            raise Http404 from exception
        if unavailable(exception) is not None:
            log.warning("answered 503: %s", exception, exc_info=exception)
            return error_page(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's ``handler500``: Django has logged the exception already."""
    return error_page(request, sys.exc_info()[1])


def error_page(request: HttpRequest, exception: BaseException | None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return uncaught_error_response(exception)
    fault = unavailable(exception) if exception is not None else None
    status = 503 if fault is not None else 500
    response = HttpResponse(loader.render_to_string(f"{status}.html"), status=status)
    if fault is not None:
        response["Retry-After"] = str(fault.retry_after)
    return response
