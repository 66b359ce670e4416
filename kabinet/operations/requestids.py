"""The request id: taken from ``X-Request-ID`` (a proxy's) or made, returned in the response,
put on every log line of the request (``RequestIdFilter``), and carried in the message
headers of every Celery task the request queues, so the task's log lines carry it too."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from celery import signals
from django.core.signals import request_finished, request_started
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
TASK_HEADER = "kabinet_request_id"
# A proxy's id is kept only if it is short and plain: it goes into every log line.
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def new_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def bound(request_id: str) -> Iterator[None]:
    """Inside, log lines and queued tasks carry ``request_id`` (a command, a test)."""
    token = current.set(request_id)
    try:
        yield
    finally:
        current.reset(token)


def _on_request_started(
    environ: dict[str, Any] | None = None, scope: dict[str, Any] | None = None, **_: Any
) -> None:
    """Django's ``request_started`` (WSGI gives the environ, ASGI the scope), so that the
    id is set before any middleware and still set when Django logs the response (after
    every middleware has returned)."""
    given = str((environ or {}).get("HTTP_X_REQUEST_ID", ""))
    for name, value in (scope or {}).get("headers", []):
        if name.lower() == b"x-request-id":
            given = value.decode("latin-1")
    current.set(given if ACCEPTED.fullmatch(given) else new_id())


def _on_request_finished(**_: Any) -> None:
    current.set("-")


class RequestIdMiddleware:
    """Returns the request's id in the response (and sets one for a request that did not
    come through a handler that sends ``request_started``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if current.get() == "-":
            _on_request_started(request.META)
        response = self.get_response(request)
        response[HEADER] = current.get()
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record ("-" outside a request or a task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True


def _on_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    request_id = current.get()
    if headers is not None and request_id != "-":
        headers.setdefault(TASK_HEADER, request_id)


_tokens: dict[str, contextvars.Token[str]] = {}


def _on_prerun(task_id: str = "", task: Any = None, **_: Any) -> None:
    request_id = getattr(task.request, TASK_HEADER, None) if task is not None else None
    if isinstance(request_id, str) and ACCEPTED.fullmatch(request_id):
        _tokens[task_id] = current.set(request_id)


def _on_postrun(task_id: str = "", **_: Any) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        current.reset(token)


def connect() -> None:
    request_started.connect(_on_request_started, dispatch_uid="kabinet-rid-start")
    request_finished.connect(_on_request_finished, dispatch_uid="kabinet-rid-finish")
    signals.before_task_publish.connect(_on_publish, weak=False, dispatch_uid="kabinet-rid-pub")
    signals.task_prerun.connect(_on_prerun, weak=False, dispatch_uid="kabinet-rid-pre")
    signals.task_postrun.connect(_on_postrun, weak=False, dispatch_uid="kabinet-rid-post")
