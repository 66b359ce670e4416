"""Project-wide middleware. The pages' one mapping of errors to responses: a domain
NotFoundError is the 404 page, a fault of the disk or the database
(``kabinet.errors.unavailable``) the 503 page, anything else that escapes the 500 page
(``server_error``, Django's ``handler500``); error pages are rendered without the request's
context, as they must not touch the database that failed. The API maps the same errors in
``kabinet.api.errors``; DRF handles them before they reach a middleware, and
``server_error`` hands API paths to it. Also: the refusal of bodies without a length that a
view cannot read, and no caching of what a signed-in person is shown."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import patch_cache_control
from rest_framework.views import APIView

from kabinet.api.errors import uncaught_error_response
from kabinet.bodies import has_unsized_body, length_required, view_streams_body
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


class UnsizedBodyMiddleware:
    """A body without ``Content-Length`` reaches only the views that stream it
    (``kabinet.bodies.streams_body``); any other view would see it empty (a form without its
    fields, JSON without its keys), so it is refused with 411, in JSON for the API. Must run
    before anything reads ``request.POST`` (the CSRF check)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not has_unsized_body(request) or view_streams_body(view_func):
            return None
        message = str(length_required().message)
        view_class = getattr(view_func, "view_class", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return JsonResponse({"detail": message, "field": None}, status=411)
        return HttpResponse(message, status=411, content_type="text/plain; charset=utf-8")


class PrivateCacheMiddleware:
    """Every answer to a signed-in request (pages, API answers, file downloads) carries
    ``Cache-Control: private, no-store``, added to the view's own directives (a stricter
    ``no-cache`` or ``max-age=0`` stays; ``public`` goes). Runs after authentication; the API's
    token sign-in happens in the view, so the person is read once the response is made.
    Anonymous answers (the sign-in page) and static files (served before it) are untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


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
