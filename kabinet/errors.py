"""Domain errors raised by actions and access functions; the API edge maps them to 4xx.

Messages are lazy translations so that the response language follows the request.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the request (HTTP 400 unless a subclass says otherwise)."""

    status_code = 400

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotFoundError(DomainError):
    """The object does not exist or the person may not see it; the two are indistinguishable."""

    status_code = 404


class NotAllowedError(DomainError):
    """The person sees the object but may not perform this act on it."""

    status_code = 403


class ConflictError(DomainError):
    """The act does not fit the object's current state."""

    status_code = 409


class StaleVersionError(DomainError):
    """The object changed since the version the caller based its change on."""

    status_code = 412


class TooLargeError(DomainError):
    status_code = 413


class LengthRequiredError(DomainError):
    """The request's body has no declared length and the view cannot read it whole."""

    status_code = 411
