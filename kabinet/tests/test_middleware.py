"""The pages' not-found mapping: a domain NotFoundError is Django's 404, nothing else is."""

from __future__ import annotations

import pytest
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from kabinet.errors import ConflictError, NotFoundError
from kabinet.middleware import ErrorPageMiddleware


def _middleware() -> ErrorPageMiddleware:
    return ErrorPageMiddleware(lambda request: HttpResponse())


def _request() -> HttpRequest:
    return RequestFactory().get("/tickets/T-1")


def test_not_found_becomes_the_404_page() -> None:
    with pytest.raises(Http404):
        _middleware().process_exception(_request(), NotFoundError("Ticket not found."))


def test_other_errors_are_left_to_the_view_and_django() -> None:
    assert _middleware().process_exception(_request(), ConflictError("No.")) is None
    assert _middleware().process_exception(_request(), ValueError("boom")) is None
