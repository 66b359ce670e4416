"""What /readyz checks: the database answers, every migration is applied, the broker and the
attachment store are reachable, and the SLA scan finished recently. Each check is cheap (one
query, one connection); the migration check loads the migration graph only until it has once
found everything applied, as applied migrations do not come undone under a running process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from kabinet.celery import app
from kabinet.operations import heartbeats
from kabinet.tickets import storage


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


_migrations_applied = False


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return ""


def check_migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise RuntimeError(_("%(count)d migrations are not applied.") % {"count": len(pending)})
        _migrations_applied = True
    return ""


def check_broker() -> str:
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=2)
    return ""


def check_storage() -> str:
    storage.check()
    return ""


def check_sla_scan(now: dt.datetime) -> str:
    last = heartbeats.last_run(heartbeats.SLA_SCAN)
    if last is None:
        raise RuntimeError(_("The SLA scan has not run yet."))
    lag = (now - last.finished_at).total_seconds()
    if lag > settings.KABINET_READY_SCAN_SECONDS:
        raise RuntimeError(
            _("The SLA scan last finished %(seconds)d seconds ago.") % {"seconds": lag}
        )
    return _("finished %(seconds)d seconds ago") % {"seconds": lag}


def run_checks(now: dt.datetime) -> list[Check]:
    checks: list[tuple[str, Callable[[], str]]] = [
        ("database", check_database),
        ("migrations", check_migrations),
        ("broker", check_broker),
        ("storage", check_storage),
        ("sla_scan", lambda: check_sla_scan(now)),
    ]
    results = []
    for name, check in checks:
        try:
            results.append(Check(name, True, check()))
        except Exception as exc:  # a probe reports every failure, whatever its kind
            results.append(Check(name, False, str(exc) or type(exc).__name__))
            if name == "database":
                # Without a database the checks after it would only repeat its failure.
                break
    return results
