"""The partner's work queue at scale: the first page of the plain queue (critical first, then
first in, first out) against the first page of each ready-made view and of the "due next"
order, and the views' counts — timed in-process through the cabinet's own query code
(``cabinets.views.queue.chosen_rows`` and ``cabinets.paging``), on PostgreSQL.

Run on its own (builds and drops its database; the bulk rows are service.py's)::

    .venv/bin/python bench/service_queue.py                     # 10,000 tickets
    .venv/bin/python bench/service_queue.py --table 1000000     # the issue's size
    .venv/bin/python bench/service_queue.py --db kabinet_bench_queue_1 --keep-db
    .venv/bin/python bench/service_queue.py --db kabinet_bench_queue_1 --reuse  # no reload

``service.py`` calls ``measure_queue_views`` at each of its sizes too. A report, not a
test: it prints one line per view and one ``GOAL`` line, and exits 0.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

from service_db import (  # noqa: E402
    Seed,
    analyze,
    bulk_load,
    database_url,
    drop_database,
    migrate,
    recreate_database,
    seed,
    setup_django,
)

GOAL_RATIO = 1.5


@dataclass(frozen=True)
class ViewTiming:
    name: str
    rows: int
    p50_ms: float
    p95_ms: float


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _time(call: Callable[[], int], requests: int) -> tuple[int, float, float]:
    call()  # warm the connection and the plan cache
    samples = []
    rows = 0
    for _ in range(requests):
        started = time.perf_counter()
        rows = call()
        samples.append((time.perf_counter() - started) * 1000)
    return rows, statistics.median(samples), _p95(samples)


def measure_queue_views(consultant_id: int, requests: int) -> list[ViewTiming]:
    """First-page timings of the plain queue, the "due next" order and every ready-made
    view, as the partner's engineer ``consultant_id`` sees them; then the counts."""
    from kabinet import clock
    from kabinet.cabinets import paging, triage
    from kabinet.cabinets.queries import Cabinet
    from kabinet.cabinets.views.queue import chosen_rows
    from kabinet.orgs.models import Person
    from kabinet.orgs.queries import memoise_memberships, supplier_organisation_ids
    from kabinet.tickets.access import visible_tickets

    # As in a request: the person's memberships read once, shared by the request's queries.
    person = memoise_memberships(Person.objects.get(pk=consultant_id))
    now = clock.now()

    def first_page(data: dict[str, str]) -> Callable[[], int]:
        def call() -> int:
            form, _supplied, rows, keys = chosen_rows(person, Cabinet.PARTNER, data, now)
            narrow = triage.narrows_first(form.chosen_view())  # as the queue page does
            return len(paging.page_of(rows, keys, "", narrow_first=narrow).rows)

        return call

    cases: list[tuple[str, dict[str, str]]] = [
        ("plain queue (work order)", {"status": "open"}),
        ("due next", {"status": "open", "sort": "due"}),
        *((f"view {view.value}", {"status": "open", "view": view.value}) for view in triage.View),
    ]
    # Round-robin: each round times every case once, so that the load of a shared machine
    # falls on all of them alike and the ratios to the plain queue stay fair.
    calls = [first_page(data) for _name, data in cases]
    rows = [call() for call in calls]  # warm the connection and the plan cache
    samples: list[list[float]] = [[] for _ in cases]
    for _ in range(requests):
        for position, call in enumerate(calls):
            started = time.perf_counter()
            rows[position] = call()
            samples[position].append((time.perf_counter() - started) * 1000)
    timings = [
        ViewTiming(
            name, rows[position], statistics.median(samples[position]), _p95(samples[position])
        )
        for position, (name, _data) in enumerate(cases)
    ]
    supplied = visible_tickets(person).filter(
        contract__supplier_id__in=supplier_organisation_ids(person)
    )
    views = triage.views_for(partner=True)
    _, p50, p95 = _time(
        lambda: len(triage.view_counts(supplied, views, now)), max(3, requests // 10)
    )
    timings.append(ViewTiming("all view counts", len(views), p50, p95))
    return timings


def print_queue_views(timings: Sequence[ViewTiming], tickets: int) -> bool:
    """Print the table; True when every view's first page is within the goal ratio."""
    plain = timings[0].p95_ms
    print(f"\n== partner queue, first page (50), {tickets:,} tickets, in-process")
    worst = 0.0
    for timing in timings:
        share = timing.p95_ms / plain if plain > 0 else float("nan")
        is_page = timing.name != "all view counts"
        if is_page:
            worst = max(worst, share)
        print(
            f"  {timing.name:<28} rows {timing.rows:>3}  p50 {timing.p50_ms:8.2f} ms  "
            f"p95 {timing.p95_ms:8.2f} ms" + (f"  x{share:.2f} of plain" if is_page else "")
        )
    verdict = worst <= GOAL_RATIO
    print(
        f"GOAL each view's first page p95 within {GOAL_RATIO}x of the plain queue's "
        f"({tickets:,} tickets, worst x{worst:.2f}): {'PASS' if verdict else 'FAIL'}"
    )
    return verdict


def existing_seed() -> Seed:
    """The seed rows of a kept database (``--reuse``), found by the names ``seed`` gives."""
    from kabinet.contracts.models import Contract
    from kabinet.orgs.models import Person

    contract = Contract.objects.get(number="BENCH-0001")
    contacts = Person.objects.filter(username__startswith="bench-contact-").order_by("pk")
    engineer = Person.objects.get(username="bench-engineer")
    return Seed(contract.pk, contract.customer_id, engineer.pk, [c.pk for c in contacts], [], "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Work-queue views at scale (PostgreSQL)")
    parser.add_argument("--db", default="kabinet_bench_queue")
    parser.add_argument("--table", type=int, default=10_000, help="tickets to bulk-load")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per view")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a database left by --keep-db: migrate it, top it up to --table, measure",
    )
    args = parser.parse_args(argv)
    if not args.db.replace("_", "").isalnum():
        print(f"refusing database name {args.db!r}")
        return 0
    data_dir = Path(tempfile.mkdtemp(prefix="kabinet-bench-queue-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kabinet.settings",
        "DATABASE_URL": database_url(args.db),
        "KABINET_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
    }
    try:
        if not args.reuse:
            recreate_database(args.db)
        migrate(env)
        setup_django(env)
        seeded = existing_seed() if args.reuse else seed(2)
        added, seconds = bulk_load(args.db, seeded, args.table)
        print(f"bulk-loaded {added:,} tickets in {seconds:.1f} s")
        analyze(args.db)
        print_queue_views(measure_queue_views(seeded.consultant_id, args.requests), args.table)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            drop_database(args.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
