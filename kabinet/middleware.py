"""The pages' one mapping of a domain refusal to HTTP: an object a person may not see, or
that does not exist (``NotFoundError``), is the 404 page. The API maps the same errors in
``kabinet.api.errors``; DRF handles them before they reach a middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from kabinet.errors import NotFoundError


class NotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Raising Http404 here hands it to Django's 404 handling (``handler404``),
        exactly as if the view had raised it."""
        if isinstance(exception, NotFoundError):
            raise Http404 from exception
        return None
