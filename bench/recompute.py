"""Bulk recompute of open deadlines on PostgreSQL: ``kabinet sla recompute --all`` at scale.

    .venv/bin/python bench/recompute.py [--tickets N] [--db NAME] [--pg-port PORT] [--keep-db]
                                        [--profile] [--registered in-order|random]

Creates a database of its own (named for the run unless --db is given), migrates it, seeds
one contract through the project's factories, bulk-loads N open tickets with their
timelines (registered in the order of their ids, see REGISTERED; half answered once by the
supplier; a few waiting for the customer), computes their columns once (and vacuums), adds
a holiday to the contract's calendar, recomputes everything (timed; ``--profile`` for where
the time goes), checks a random sample of 1,000 against the one-ticket path
(``deadlines.refresh``) and drops the database. The last line is
``recompute: N open tickets in S s (R tickets/s)``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import os
import pstats
import random
import secrets
import sys
import time
from collections.abc import Sequence

import psycopg
import service_db
from service_db import drop_database, migrate, pg_dsn, recreate_database, setup_django

# This tree's kabinet, not whichever the virtualenv points at.
sys.path.insert(0, str(service_db.ROOT))
CHUNK = 200_000
SAMPLE = 1_000
# Registered within the last 20 days; half answered once; this share returned for
# information (paused: the one-ticket path).
PAUSED_FRACTION = 0.0005

LOAD_SQL = """
WITH src AS (
    SELECT nextval(pg_get_serial_sequence('tickets_ticket', 'id')) AS id,
           {registered} AS reg,
           1 + floor(random() * 4)::int AS crit, random() AS r_state, random() AS r_reply
    FROM generate_series(1, %(n)s) AS g
), ins AS (
    INSERT INTO tickets_ticket (
        id, number, contract_id, reporter_id, assignee_id, subject, description, criticality,
        is_production, confirmed_phone_24x7, confirmed_email_1h, resolution_class, status,
        channel, category, intake, registered_at, updated_at, closed_at, version, rating,
        rating_comment, idempotency_key, idempotency_fingerprint, reaction_due_at,
        reaction_met_at, reaction_breached, update_due_at, update_breached,
        update_breach_count, resolution_due_at, resolution_met_at, resolution_breached,
        next_sla_event_at, clock_phase
    )
    SELECT id, 'RB-' || id, %(contract)s, %(reporter)s, NULL, 'Bulk ticket', 'bench', crit,
           true, crit = 1, crit = 1, '',
           CASE WHEN r_state < %(paused)s THEN 'awaiting_customer' ELSE 'in_progress' END,
           'portal', 'support', '{}'::jsonb, reg, reg, NULL, 1, NULL, '', NULL, '',
           NULL, NULL, false, NULL, false, 0, NULL, NULL, false, NULL,
           CASE WHEN r_state < %(paused)s THEN 'awaiting_customer' ELSE 'open' END
    FROM src
    RETURNING id
)
INSERT INTO tickets_ticketevent (ticket_id, kind, actor_id, actor_side, at, visibility, payload)
SELECT id, 'registered', %(reporter)s, 'customer', reg, 'public',
       jsonb_build_object('criticality', crit)
FROM src
UNION ALL
SELECT id, 'public_reply', %(engineer)s, 'supplier',
       reg + r_reply * (now() - reg), 'public', '{"body": "On it."}'::jsonb
FROM src WHERE r_reply < 0.5 OR r_state < %(paused)s
UNION ALL
SELECT id, 'returned_for_information', %(engineer)s, 'supplier',
       reg + (0.5 + r_reply / 2) * (now() - reg), 'public', '{"reason": "other"}'::jsonb
FROM src WHERE r_state < %(paused)s
"""
# When a row was registered: as the service numbers them, in the order of their ids (one
# ticket every 20 days / N, give or take a minute), or, with --registered random, at random
# within the 20 days whatever the id, as no real table has them (every index on the
# registration time then takes each moved row at a random place).
REGISTERED = {
    "in-order": (
        "now() - interval '20 days' * (1 - (g + %(done)s)::float8 / %(total)s)"
        " - random() * interval '1 minute'"
    ),
    "random": "now() - random() * interval '20 days'",
}


def load(
    dbname: str, contract: int, reporter: int, engineer: int, n: int, registered: str = "in-order"
) -> float:
    started = time.perf_counter()
    with psycopg.connect(pg_dsn(dbname), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.15)")
        done = 0
        while done < n:
            size = min(CHUNK, n - done)
            params = {
                "n": size,
                "contract": contract,
                "reporter": reporter,
                "engineer": engineer,
                "paused": PAUSED_FRACTION,
                "done": done,
                "total": n,
            }
            conn.execute(LOAD_SQL.replace("{registered}", REGISTERED[registered]), params)
            done += size
            print(f"  loaded {done:>9,} tickets", flush=True)
        conn.execute("VACUUM (ANALYZE) tickets_ticket")
        conn.execute("VACUUM (ANALYZE) tickets_ticketevent")
    return time.perf_counter() - started


def check_sample(ids: list[int], now: dt.datetime) -> int:
    """Tickets of the sample whose stored columns differ from the one-ticket path's."""
    from kabinet.tickets import deadlines
    from kabinet.tickets.models import Ticket

    wrong = 0
    for ticket in Ticket.objects.filter(pk__in=ids).select_related("contract__package"):
        stored = [getattr(ticket, name) for name in deadlines.COLUMNS]
        deadlines.refresh(ticket, now)
        if stored != [getattr(ticket, name) for name in deadlines.COLUMNS]:
            wrong += 1
    return wrong


def run(n: int, dbname: str, profile: bool = False, registered: str = "in-order") -> str:
    env = {**os.environ, "DATABASE_URL": service_db.database_url(dbname)}
    env["PYTHONPATH"] = str(service_db.ROOT)
    env["DEBUG"] = "0"
    env["DJANGO_SETTINGS_MODULE"] = "kabinet.settings"
    env["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
    recreate_database(dbname)
    migrate(env)
    setup_django(env)
    from kabinet.contracts.models import Contract

    seed = service_db.seed(1)
    elapsed = load(dbname, seed.contract_id, seed.contact_ids[0], seed.consultant_id, n, registered)
    print(f"load: {n:,} open tickets, registered {registered}, in {elapsed:.1f} s")
    from kabinet import clock
    from kabinet.tickets.actions.recompute import RecomputeScope, recompute_open_deadlines

    # First pass: the loaded rows get real columns (as the actions would have written).
    recompute_open_deadlines(RecomputeScope())
    contract = Contract.objects.get(pk=seed.contract_id)
    today = clock.now().date()
    holidays = [str(today + dt.timedelta(days=d)) for d in (1, 2)]
    contract.business_calendar = {**contract.business_calendar, "holidays": holidays}
    contract.save(update_fields=["business_calendar"])
    # The first pass rewrote every row: vacuumed, as autovacuum keeps a live table, so that
    # the timed run does not wade through a million dead tuples and their index entries.
    with psycopg.connect(pg_dsn(dbname), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) tickets_ticket")
    now = clock.now()
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    report = recompute_open_deadlines(RecomputeScope(), now=now)
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    print(
        f"moved {report.changed:,} of {report.tickets:,} ({report.plain:,} in bulk, "
        f"{report.exact:,} one by one, {report.failed} failed)"
    )
    ids = list(Contract.objects.get(pk=seed.contract_id).tickets.values_list("pk", flat=True))
    sample = random.Random(15).sample(ids, min(SAMPLE, len(ids)))
    wrong = check_sample(sample, now)
    print(f"sample: {len(sample) - wrong} of {len(sample)} equal to the one-ticket path")
    return f"recompute: {n} open tickets in {seconds:.2f} s ({n / seconds:,.0f} tickets/s)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bulk SLA recompute benchmark (PostgreSQL)")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--db", default=f"kabinet_bench_recompute_{os.getpid()}")
    parser.add_argument("--pg-port", "--port", dest="port", type=int, default=service_db.PG_PORT)
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--profile", action="store_true", help="profile the timed recompute (slower)"
    )
    parser.add_argument(
        "--registered",
        choices=sorted(REGISTERED),
        default="in-order",
        help="registration times in id order (as the service makes them) or at random",
    )
    args = parser.parse_args(argv)
    if not args.db.replace("_", "").isalnum():
        print(f"refusing database name {args.db!r}")
        return 0
    service_db.PG_PORT = args.port
    line = "recompute: did not finish"
    try:
        line = run(args.tickets, args.db, args.profile, args.registered)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if not args.keep_db:
            drop_database(args.db)
            print(f"database {args.db} dropped")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
