"""Benchmark of the Kabinet service: ticket creation over HTTP, the ticket list, the SLA scan.

Run from the repository root (needs the local PostgreSQL on 127.0.0.1:5432, trust auth)::

    .venv/bin/python bench/service.py            # full run, about 5-8 minutes on 2 CPUs
    .venv/bin/python bench/service.py --quick    # 1,000 creates, 100,000-row table (~1 min)

What it does, in one run (the issue's "Figures"):

1. drops and recreates the database ``kabinet_bench`` on the local server, runs the
   project's migrations into it (``python -m kabinet migrate``), and seeds the context
   rows in-process through the project's own factories and actions: a vendor, a partner
   (with a valid partner status), a customer, a seed-001 package with its targets, a
   contract on the Moscow business calendar with the Russian production calendar, an
   engineer (the personal consultant) and 16 authorised contacts, each with an API token;
2. starts the production server configuration (gunicorn, ``kabinet.wsgi``, sync workers)
   on 127.0.0.1 and a free port, and creates 10,000 tickets through ``POST
   /api/v1/tickets`` with 16 concurrent clients (one token each): tickets per second,
   p50/p95/p99 latency, non-2xx responses;
3. times the ticket list (50 a page, with the SLA states) for the customer, which now
   holds 10,000 tickets: the first page, the following pages by their ``next`` cursor,
   and a page in the middle of the history (a cursor positioned there);
4. times the SLA scan's selection (``Ticket.objects.sla_event_due(now)``, exactly what
   ``sweep_sla`` reads) and prints its plan;
5. times the partner's work queue: the first page of the plain queue against each
   ready-made view and the "due next" order, and the views' counts (``service_queue``);
6. bulk-loads tickets straight into PostgreSQL (``INSERT ... SELECT generate_series``)
   until the customer holds 1,000,000 open tickets, with realistic SLA columns, then
   repeats 3 to 5 and prints the ratios.

Only 127.0.0.1 is contacted. The server is stopped and the database dropped at the end
(``--keep-db`` keeps it). The script is a report, not a test: it always exits 0 and ends
with one ``GOAL ...: PASS|FAIL`` line per goal.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
import service_db
from service_db import (
    HOST,
    TABLE,
    QueryPlan,
    Seed,
    analyze,
    bulk_load,
    database_url,
    drop_database,
    list_plans,
    middle_registered_at,
    migrate,
    pg_dsn,
    recreate_database,
    relation_size,
    seed,
    setup_django,
)
from service_http import (
    TICKETS_PATH,
    Client,
    Sample,
    Server,
    Stats,
    create_tickets,
    measure_list,
    tickets_path,
)
from service_queue import measure_queue_views, print_queue_views
from service_scan import ScanFigure, measure_scan, print_scan, scan_uses_index

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))


@dataclass
class Options:
    db: str
    port: int
    tickets: int
    clients: int
    table: int
    list_requests: int
    workers: int
    create_budget: float
    keep_db: bool


@dataclass
class ScaleFigures:
    tickets: int
    first_page: Stats
    next_pages: Stats
    deep_page: Stats
    first_plan: QueryPlan
    deep_plan: QueryPlan
    scan: ScanFigure


# -------------------------------------------------------------------------------- report


def measure_scale(
    client: Client, path: str, seed_rows: Seed, dbname: str, requests: int
) -> ScaleFigures:
    from kabinet.tickets.models import Ticket

    count = Ticket.objects.filter(contract__customer_id=seed_rows.customer_id).count()
    print(f"\n== ticket list and SLA scan, customer holding {count:,} tickets")
    middle = middle_registered_at(dbname)
    token = seed_rows.contact_tokens[0]
    for _ in range(10):  # warm every worker's URL resolver, serializers, connection
        client.call("GET", path, token)
    first, following, deep = measure_list(client, path, token, requests, middle)
    for label, stats in (("first page", first), ("next pages", following), ("middle", deep)):
        print(
            f"  list {label:<10} n={stats.count:<4} p50 {stats.p50_ms:7.2f} ms  "
            f"p95 {stats.p95_ms:7.2f} ms  p99 {stats.p99_ms:7.2f} ms  "
            f"non-2xx {stats.count - stats.ok}"
        )
        if stats.first_error:
            print(f"    first error: {stats.first_error}")
    first_plan, deep_plan = list_plans(seed_rows.contact_ids[0], middle)
    for label, plan in (("first page", first_plan), ("middle", deep_plan)):
        print(
            f"  list query {label:<10} {plan.pages:>5} pages read, {plan.ms:.2f} ms in "
            "PostgreSQL (EXPLAIN ANALYZE BUFFERS)"
        )
    print("  plan of the first page's query:")
    for line in first_plan.lines:
        print(f"    {line}")
    scan = measure_scan()
    print_scan(scan)
    # The partner's queue and its ready-made views (in-process, the cabinet's own queries).
    print_queue_views(measure_queue_views(seed_rows.consultant_id, min(requests, 30)), count)
    return ScaleFigures(count, first, following, deep, first_plan, deep_plan, scan)


@dataclass
class QueryCounts:
    create: int
    list_page: int


def count_queries(path: str, seed_rows: Seed) -> QueryCounts:
    """SQL statements per request, counted in-process with Django's test client (the same
    views and middleware, no HTTP); the probe ticket is created after all measurements."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(HTTP_AUTHORIZATION=f"Bearer {seed_rows.contact_tokens[1]}")
    body = {
        "contract": seed_rows.contract_id,
        "subject": "Query-count probe",
        "description": "Counted in-process.",
        "criticality": 3,
        "is_production": True,
    }
    client.get(path)  # the token's last-use stamp is written at most once a minute
    with CaptureQueriesContext(connection) as created:
        response = client.post(path, data=json.dumps(body), content_type="application/json")
    if response.status_code != 201:
        raise RuntimeError(f"probe create answered {response.status_code}")
    with CaptureQueriesContext(connection) as listed:
        client.get(path)
    return QueryCounts(len(created.captured_queries), len(listed.captured_queries))


def ratio(a: float, b: float) -> float:
    return b / a if a > 0 else float("nan")


def final_table(
    opts: Options,
    create: Stats | None,
    create_rate: float,
    small: ScaleFigures | None,
    large: ScaleFigures | None,
    bulk: tuple[int, float],
    size: str,
    queries: QueryCounts | None,
) -> None:
    print("\n== Figures")
    rows: list[tuple[str, str]] = []
    if create is not None:
        rows += [
            (
                f"create, POST {TICKETS_PATH}, {opts.clients} clients",
                f"{create_rate:,.1f} tickets/s ({create.ok:,} of {create.count:,} created)",
            ),
            (
                "  latency p50 / p95 / p99",
                f"{create.p50_ms:.0f} / {create.p95_ms:.0f} / {create.p99_ms:.0f} ms",
            ),
            ("  non-2xx responses", f"{create.count - create.ok}"),
        ]
    scales = [f for f in (small, large) if f is not None]
    if scales:
        head = " | ".join(f"{f.tickets:>9,} tickets" for f in scales)
        rows.append(("list, 50/page, SLA states (HTTP)", head + " | p95 ratio"))
    for label, attr in (
        ("first page", "first_page"),
        ("pages 2-5 by next", "next_pages"),
        ("middle of history", "deep_page"),
    ):
        stats: list[Stats] = [getattr(f, attr) for f in scales]
        if not stats:
            break
        cells = " | ".join(f"p50 {x.p50_ms:5.1f} p95 {x.p95_ms:5.1f}" for x in stats)
        if len(stats) == 2:
            cells += f" | {ratio(stats[0].p95_ms, stats[1].p95_ms):.2f}"
        rows.append((f"  {label} (ms)", cells))
    for label, attr in (("first", "first_plan"), ("middle", "deep_plan")):
        plans: list[QueryPlan] = [getattr(f, attr) for f in scales]
        if plans:
            cells = " | ".join(f"{p.pages:>4} pages {p.ms:6.2f} ms" for p in plans)
            rows.append((f"  {label} page query in PostgreSQL", cells))
    for figures in scales:
        scan = figures.scan
        rows.append(
            (
                f"SLA scan, {scan.open_tickets:,} open",
                f"sweep batch (limit {scan.batch_limit}) {scan.batch_ms:.2f} ms,"
                f" {scan.batch_rows} rows; all {scan.due_total:,} due {scan.all_ms:.2f} ms;"
                f" index {'yes' if scan_uses_index(scan) else 'NO'}",
            )
        )
    if queries is not None:
        rows.append(
            (
                "SQL statements per request",
                f"create {queries.create}, list page {queries.list_page} (in-process count)",
            )
        )
    if bulk[0]:
        rows.append(("bulk load (SQL, not the API)", f"{bulk[0]:,} rows in {bulk[1]:.0f} s"))
        rows.append((f"{TABLE} with its indexes", size))
    width = max(len(r[0]) for r in rows) if rows else 0
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  (load average at the end: {load})")
    print()
    if create is not None:
        verdict = "PASS" if create.ok == create.count else "FAIL"
        print(f"GOAL every create answered 2xx ({create.ok:,}/{create.count:,}): {verdict}")
        verdict = "PASS" if create.count >= opts.tickets else "FAIL"
        print(
            f"GOAL all {opts.tickets:,} creates within {opts.create_budget:.0f} s "
            f"({create.count:,} sent): {verdict}"
        )
    if small is not None and large is not None:
        growth = max(
            large.first_plan.pages / max(1, small.first_plan.pages),
            large.deep_plan.pages / max(1, small.deep_plan.pages),
        )
        verdict = "PASS" if growth <= 2 else "FAIL"
        print(
            f"GOAL list page query reads a bounded number of pages "
            f"({large.tickets:,} vs {small.tickets:,}: x{growth:.2f} <= 2): {verdict}"
        )
        worst = max(
            ratio(small.first_page.p95_ms, large.first_page.p95_ms),
            ratio(small.next_pages.p95_ms, large.next_pages.p95_ms),
            ratio(small.deep_page.p95_ms, large.deep_page.p95_ms),
        )
        verdict = "PASS" if worst < 1.5 else "FAIL"
        print(f"GOAL list p95 over HTTP does not grow (worst ratio {worst:.2f} < 1.5): {verdict}")
    if large is not None:
        verdict = "PASS" if scan_uses_index(large.scan) else "FAIL"
        print(f"GOAL SLA scan is an index range scan on ticket_next_sla_event: {verdict}")


def header(opts: Options) -> None:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    with psycopg.connect(pg_dsn("postgres"), autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    print(
        f"kabinet service benchmark — Python {platform.python_version()}, "
        f"PostgreSQL {row[0] if row else '?'}, {os.cpu_count()} CPUs, load {load}"
    )
    print(
        f"gunicorn sync workers: {opts.workers}; clients: {opts.clients}; "
        f"creates: {opts.tickets:,}; table: {opts.table:,}; list requests: {opts.list_requests}"
    )


@contextlib.contextmanager
def running(server: Server, probe: Callable[[], Sample]) -> Iterator[Server]:
    try:
        server.start(probe)
        yield server
    finally:
        server.stop()


def run(opts: Options) -> None:
    header(opts)
    data_dir = Path(tempfile.mkdtemp(prefix="kabinet-bench-"))
    (data_dir / "static").mkdir()  # whitenoise warns on every process start without it
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kabinet.settings",
        "DATABASE_URL": database_url(opts.db),
        "KABINET_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        # Production mode refuses the development key: the run gets a key of its own.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "LOG_LEVEL": "WARNING",
    }
    server: Server | None = None
    create: Stats | None = None
    create_rate = 0.0
    small: ScaleFigures | None = None
    large: ScaleFigures | None = None
    bulk: tuple[int, float] = (0, 0.0)
    size = "?"
    queries: QueryCounts | None = None
    try:
        started = time.perf_counter()
        recreate_database(opts.db)
        migrate(env)
        print(f"database {opts.db} created and migrated ({time.perf_counter() - started:.1f} s)")
        setup_django(env)
        seed_rows = seed(opts.clients)
        path = tickets_path()
        print(f"seeded: contract {seed_rows.contract_id}, {opts.clients} contacts with tokens")

        server = Server(env, opts.workers, data_dir / "gunicorn.log", opts.port)
        client = Client(server.port)
        probe_token = seed_rows.contact_tokens[0]
        with running(server, lambda: client.call("GET", path, probe_token)):
            print(f"gunicorn on {HOST}:{server.port}")
            for _ in range(opts.workers * 4):  # every worker imports and connects first
                client.call("GET", path, probe_token)

            print(f"\n== create {opts.tickets:,} tickets, {opts.clients} concurrent clients")
            samples, wall = create_tickets(
                client, path, seed_rows, opts.tickets, opts.clients, opts.create_budget
            )
            create = Stats.of(samples)
            create_rate = create.ok / wall if wall > 0 else 0.0
            print(
                f"  {create.ok:,} created of {create.count:,} sent in {wall:.1f} s: "
                f"{create_rate:,.0f} tickets/s; p50 {create.p50_ms:.1f} ms, "
                f"p95 {create.p95_ms:.1f} ms, p99 {create.p99_ms:.1f} ms; "
                f"non-2xx {create.count - create.ok}"
            )
            if create.first_error:
                print(f"  first error: {create.first_error}")
            if create.count < opts.tickets:
                print(f"  stopped by the time budget ({opts.create_budget:.0f} s)")

            if create.ok < opts.tickets:
                added, _ = bulk_load(opts.db, seed_rows, opts.tickets)
                print(f"  topped up with {added:,} bulk-loaded tickets to {opts.tickets:,}")
            analyze(opts.db)
            small = measure_scale(client, path, seed_rows, opts.db, opts.list_requests)

            print(f"\n== bulk load to {opts.table:,} tickets (INSERT ... SELECT generate_series)")
            bulk = bulk_load(opts.db, seed_rows, opts.table)
            size = relation_size(opts.db)
            print(f"  {bulk[0]:,} rows in {bulk[1]:.1f} s; {TABLE} with indexes: {size}")
            large = measure_scale(client, path, seed_rows, opts.db, opts.list_requests)
        queries = count_queries(path, seed_rows)
    except Exception:
        print("ERROR: the benchmark stopped early:")
        traceback.print_exc(file=sys.stdout)
        if server is not None and server.log_tail():
            print(f"gunicorn log tail:\n{server.log_tail()}")
    finally:
        if server is not None:
            server.stop()
        final_table(opts, create, create_rate, small, large, bulk, size, queries)
        _cleanup(opts, data_dir)


def _cleanup(opts: Options, data_dir: Path) -> None:
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()
    if not opts.keep_db:
        try:
            drop_database(opts.db)
            print(f"database {opts.db} dropped")
        except Exception as exc:  # a report: say so and go on
            print(f"could not drop {opts.db}: {exc}")
    else:
        print(f"database {opts.db} kept ({database_url(opts.db)})")
    shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kabinet service benchmark (PostgreSQL, HTTP)")
    parser.add_argument(
        "--db",
        default=f"kabinet_bench_{os.getpid()}",
        help="database to create and drop (default: one unique to this run)",
    )
    parser.add_argument("--port", type=int, default=0, help="HTTP port (default: a free one)")
    parser.add_argument("--pg-port", type=int, default=service_db.PG_PORT, help="PostgreSQL port")
    parser.add_argument("--tickets", type=int, default=10_000, help="tickets created over HTTP")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients")
    parser.add_argument("--table", type=int, default=1_000_000, help="tickets after bulk load")
    parser.add_argument("--list-requests", type=int, default=200, help="requests per list row")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers"
    )
    parser.add_argument(
        "--create-budget", type=float, default=360.0, help="seconds allowed for the creates"
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument("--quick", action="store_true", help="1,000 creates, 100,000-row table")
    args = parser.parse_args(argv)
    service_db.PG_PORT = args.pg_port
    opts = Options(
        db=args.db,
        port=args.port,
        tickets=1_000 if args.quick else args.tickets,
        clients=args.clients,
        table=100_000 if args.quick else args.table,
        list_requests=50 if args.quick else args.list_requests,
        workers=args.workers,
        create_budget=args.create_budget,
        keep_db=args.keep_db,
    )
    if not opts.db.replace("_", "").isalnum():
        print(f"refusing database name {opts.db!r}")
        return 0
    run(opts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
