"""Which faults mean "try again later" (503): one decision for the API and the pages."""

from __future__ import annotations

import pytest
from django import db

from kabinet.errors import ConflictError, UnavailableError, unavailable


class _ReadOnlyError(Exception):
    sqlstate = "25006"  # what psycopg's ReadOnlySqlTransaction carries


def _wrapped(exc: Exception, cause: Exception) -> Exception:
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize(
    "exc",
    [
        db.OperationalError("database is locked"),
        db.OperationalError("attempt to write a readonly database"),
        db.InterfaceError("connection already closed"),
        _wrapped(db.InternalError("read-only transaction"), _ReadOnlyError()),
        UnavailableError("disk full"),
    ],
    ids=["locked", "sqlite-read-only", "connection-gone", "postgres-read-only", "storage"],
)
def test_a_fault_of_the_database_or_the_disk_is_unavailable(exc: Exception) -> None:
    fault = unavailable(exc)
    assert fault is not None
    assert fault.status_code == 503
    assert fault.retry_after > 0


@pytest.mark.parametrize(
    "exc",
    [
        db.IntegrityError("duplicate key"),
        db.DataError("value too long"),
        db.ProgrammingError("syntax error"),
        db.InternalError("current transaction is aborted"),
        ConflictError("No."),
        ValueError("boom"),
    ],
)
def test_errors_of_the_request_or_the_code_are_not_unavailable(exc: Exception) -> None:
    assert unavailable(exc) is None
