"""Suite-wide guard: when CI asks for PostgreSQL, a run on anything else is a failure,
not a quiet pass on SQLite."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# CI replays a fixed set of examples so that a run is reproducible; local runs explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("KABINET_REQUIRE_POSTGRES") != "1":
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            f"KABINET_REQUIRE_POSTGRES=1 but the database engine is {engine}; "
            "set DATABASE_URL=postgres://..."
        )
    import psycopg

    params = settings.DATABASES["default"]
    try:
        psycopg.connect(
            host=params.get("HOST") or None,
            port=params.get("PORT") or None,
            user=params.get("USER") or None,
            dbname=params.get("NAME"),
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as exc:
        raise pytest.UsageError(f"PostgreSQL is required but unreachable: {exc}") from exc


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if os.environ.get("KABINET_REQUIRE_POSTGRES") != "1":
        return
    skipped = len(terminalreporter.stats.get("skipped", []))
    if skipped:
        terminalreporter.write_line(f"PostgreSQL run: {skipped} test(s) skipped", red=True)
