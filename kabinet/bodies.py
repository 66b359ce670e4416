"""Request bodies of unknown length (``Transfer-Encoding: chunked``, no ``Content-Length``):
which views stream them, and reading one whole without holding it in memory. Django reads
nothing of such a body, so every other view refuses it with 411 rather than see it empty."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kabinet.errors import LengthRequiredError

CHUNK = 64 * 1024


def has_unsized_body(request: HttpRequest) -> bool:
    """The request announces a body but not its length. Django's ``request.read()`` yields
    nothing for it (its stream is limited to ``CONTENT_LENGTH``, taken as 0)."""
    return not request.META.get("CONTENT_LENGTH") and "HTTP_TRANSFER_ENCODING" in request.META


def length_required() -> LengthRequiredError:
    return LengthRequiredError(
        _("A request body without Content-Length is not accepted here; send its length.")
    )


def streams_body(view_class: type[Any]) -> type[Any]:
    """Marks a view class that reads its body through ``body_chunks``: it takes a body of
    unknown length (the middleware refuses one for every other view)."""
    view_class.streams_body = True
    return view_class


def view_streams_body(view_func: Callable[..., Any]) -> bool:
    """Whether the resolved view is ``as_view()`` of a class marked by ``streams_body``."""
    return bool(getattr(getattr(view_func, "view_class", None), "streams_body", False))


def body_chunks(request: HttpRequest) -> Iterator[bytes]:
    """The whole body in chunks of at most ``CHUNK`` bytes, one in memory at a time. With a
    ``Content-Length`` through Django's stream; without one from the server's input, read to
    its end, which is the body's end only where the server says so (``wsgi.input_terminated``:
    gunicorn de-chunks; Django's development server does not). Elsewhere raises
    LengthRequiredError (411) before a byte is read."""
    stream: HttpRequest | BinaryIO = request
    if has_unsized_body(request):
        if not request.META.get("wsgi.input_terminated"):
            raise length_required()
        stream = request.META["wsgi.input"]
    return _read(stream)


def _read(stream: HttpRequest | BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk
