"""Domain errors raised by actions and access functions; the API edge maps them to 4xx.
Also the one decision which faults of the machine (the disk, the database) mean "try again
later" (503); the API and the pages each map that to their own response.

Messages are lazy translations so that the response language follows the request.
"""

from __future__ import annotations

from django import db
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# PostgreSQL's read_only_sql_transaction (default_transaction_read_only, a hot standby):
# Django passes it on as an InternalError, a class it shares with real bugs.
READ_ONLY_SQLSTATE = "25006"


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


class UnavailableError(Exception):
    """A resource the request needs fails for now (the disk is full or read-only, the
    database is read-only, locked or gone); the same request may succeed later. Not a
    DomainError: no rule refused the request, so no form shows it as the user's mistake."""

    status_code = 503

    def __init__(self, message: str | Promise, *, retry_after: int = 60) -> None:
        super().__init__(str(message))
        self.message = message
        self.retry_after = retry_after


def unavailable(exc: BaseException) -> UnavailableError | None:
    """``exc`` as a "try again later", or None when it is not a fault of that kind.
    Database errors that are the request's or the code's own (integrity, data, programming)
    are not: they stay a 4xx or a 500."""
    if isinstance(exc, UnavailableError):
        return exc
    if isinstance(exc, db.OperationalError | db.InterfaceError) or _read_only(exc):
        return UnavailableError(
            _("The database is unavailable for a moment. Try again in a minute."),
            retry_after=30,
        )
    return None


def _read_only(exc: BaseException) -> bool:
    return (
        isinstance(exc, db.InternalError)
        and getattr(exc.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE
    )
