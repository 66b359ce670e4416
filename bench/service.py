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
5. bulk-loads tickets straight into PostgreSQL (``INSERT ... SELECT generate_series``)
   until the customer holds 1,000,000 open tickets, with realistic SLA columns, then
   repeats 3 and 4 and prints the ratios.

Only 127.0.0.1 is contacted. The server is stopped and the database dropped at the end
(``--keep-db`` keeps it). The script is a report, not a test: it always exits 0 and ends
with one ``GOAL ...: PASS|FAIL`` line per goal.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import inspect
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
TICKETS_PATH = "/api/v1/tickets"
HTTP_TIMEOUT = 30.0
SERVER_START_TIMEOUT = 60.0
TABLE = "tickets_ticket"
BULK_CHUNK = 100_000
# Fraction of the bulk-loaded tickets whose next SLA event has come (spread over the last
# 15 minutes, as after a short stall of the scan); the rest are due within 14 days, a few
# have none (clocks paused while awaiting the customer).
DUE_FRACTION = 0.001
SCAN_REPEATS = 15
# Criticality mix of the created tickets: 1 (both confirmations), 2, 3, 4.
CRITICALITY_MIX = (1,) * 1 + (2,) * 3 + (3,) * 10 + (4,) * 6


@dataclass
class Options:
    db: str
    tickets: int
    clients: int
    table: int
    list_requests: int
    workers: int
    create_budget: float
    keep_db: bool


@dataclass
class Sample:
    status: int
    seconds: float
    body: bytes


@dataclass
class Seed:
    contract_id: int
    customer_id: int
    consultant_id: int
    contact_ids: list[int]
    contact_tokens: list[str]
    engineer_token: str


@dataclass
class Stats:
    count: int
    ok: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    first_error: str = ""

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Stats:
        ms = sorted(s.seconds * 1000 for s in samples)
        ok = sum(1 for s in samples if 200 <= s.status < 300)
        bad = next((s for s in samples if not 200 <= s.status < 300), None)
        error = "" if bad is None else f"HTTP {bad.status}: {bad.body[:500]!r}"
        if len(ms) < 2:
            only = ms[0] if ms else float("nan")
            return cls(len(ms), ok, only, only, only, error)
        q = statistics.quantiles(ms, n=100, method="inclusive")
        return cls(len(ms), ok, q[49], q[94], q[98], error)


@dataclass
class ScanFigure:
    open_tickets: int
    due_total: int
    batch_limit: int
    batch_rows: int
    batch_ms: float
    all_ms: float
    plan: list[str] = field(default_factory=list)
    analyzed: list[str] = field(default_factory=list)


@dataclass
class QueryPlan:
    pages: int  # shared buffers hit + read by the whole plan
    ms: float
    lines: list[str]


@dataclass
class ScaleFigures:
    tickets: int
    first_page: Stats
    next_pages: Stats
    deep_page: Stats
    first_plan: QueryPlan
    deep_plan: QueryPlan
    scan: ScanFigure


# ------------------------------------------------------------------------------ database


def pg_dsn(dbname: str) -> str:
    return f"host={HOST} port={PG_PORT} user={PG_USER} dbname={dbname}"


def database_url(dbname: str) -> str:
    return f"postgres://{PG_USER}@{HOST}:{PG_PORT}/{dbname}"


def recreate_database(dbname: str) -> None:
    with psycopg.connect(pg_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')


def drop_database(dbname: str) -> None:
    with psycopg.connect(pg_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def migrate(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kabinet", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"migrate failed:\n{result.stdout}\n{result.stderr}")


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def seed(n_contacts: int) -> Seed:
    """Context rows through the project's factories and actions (no ticket rows)."""
    import datetime as dt

    from django.utils import timezone

    from kabinet.contracts.calendars import MOSCOW_BUSINESS_HOURS
    from kabinet.contracts.tests.factories import ContractFactory, PackageFactory
    from kabinet.orgs.actions import grant_role, issue_api_token
    from kabinet.orgs.models import OrganisationKind, PartnerStatus, Role
    from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory

    today = timezone.now().date()
    year = dt.timedelta(days=366)
    OrganisationFactory.create(name="Bench vendor", kind=OrganisationKind.VENDOR)
    partner = OrganisationFactory.create(name="Bench partner", kind=OrganisationKind.PARTNER)
    customer = OrganisationFactory.create(name="Bench customer", kind=OrganisationKind.CUSTOMER)
    PartnerStatus.objects.create(
        organisation=partner, level="ЦК КОРП", valid_from=today - year, valid_to=today + year
    )
    # Passwords are not used (tokens are); an unusable one skips the costly hashing.
    consultant = PersonFactory.create(username="bench-engineer", password="!")
    grant_role(organisation=partner, person=consultant, role=Role.ENGINEER)
    package = PackageFactory.create(name="Bench corporate support (seed 001)", supplier=partner)
    contract = ContractFactory.create(
        supplier=partner,
        customer=customer,
        package=package,
        number="BENCH-0001",
        valid_from=today - year,
        valid_to=today + year,
        seats=500,
        time_zone="Europe/Moscow",
        business_calendar=dict(MOSCOW_BUSINESS_HOURS),
        personal_consultant=consultant,
    )
    contacts = [
        PersonFactory.create(username=f"bench-contact-{i:02d}", password="!")
        for i in range(n_contacts)
    ]
    for person in contacts:
        grant_role(organisation=customer, person=person, role=Role.AUTHORISED_CONTACT)
    tokens = [issue_api_token(person, "bench")[1] for person in contacts]
    return Seed(
        contract_id=contract.pk,
        customer_id=customer.pk,
        consultant_id=consultant.pk,
        contact_ids=[p.pk for p in contacts],
        contact_tokens=tokens,
        engineer_token=issue_api_token(consultant, "bench")[1],
    )


def tickets_path() -> str:
    """The collection URL as the project routes it (with or without a trailing slash)."""
    from django.urls import Resolver404, resolve

    for path in (TICKETS_PATH, TICKETS_PATH + "/"):
        with contextlib.suppress(Resolver404):
            resolve(path)
            return path
    raise RuntimeError(f"{TICKETS_PATH} is not routed by kabinet.urls")


def bulk_load(dbname: str, seed_rows: Seed, target: int) -> tuple[int, float]:
    """Insert open tickets until the table holds ``target``; returns (rows added, seconds)."""
    with psycopg.connect(pg_dsn(dbname), autocommit=True) as conn:
        row = conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()
        existing = int(row[0]) if row else 0
        missing = max(0, target - existing)
        started = time.perf_counter()
        conn.execute("SELECT setseed(0.2026)")
        done = 0
        while done < missing:
            n = min(BULK_CHUNK, missing - done)
            conn.execute(
                BULK_SQL,
                {
                    "n": n,
                    "contract": seed_rows.contract_id,
                    "reporters": seed_rows.contact_ids,
                    "consultant": seed_rows.consultant_id,
                    "due_fraction": DUE_FRACTION,
                },
            )
            done += n
            rate = done / (time.perf_counter() - started)
            print(f"  bulk load: {existing + done:>9,} tickets ({rate:,.0f} rows/s)", flush=True)
        conn.execute(f"VACUUM (ANALYZE) {TABLE}")
        return missing, time.perf_counter() - started


# One chunk of bulk tickets. Registration times spread over the past year; SLA columns
# follow the seed-001 package roughly (business hours approximated in calendar time):
# reaction 2 h / 1 d / 2 d / 2 d by criticality, met for all but "registered" tickets
# (late for ~1 in 6), updates due within their interval, standard resolution for level 3.
BULK_SQL = f"""
WITH src AS (
    SELECT nextval(pg_get_serial_sequence('{TABLE}', 'id')) AS id,
           now() - random() * interval '365 days' AS reg,
           random() AS r_crit, random() AS r_status, random() AS r_late,
           random() AS r_next, random() AS r_due, random() AS r_upd
    FROM generate_series(1, %(n)s)
), t AS (
    SELECT *,
        CASE WHEN r_crit < 0.05 THEN 1 WHEN r_crit < 0.20 THEN 2
             WHEN r_crit < 0.70 THEN 3 ELSE 4 END AS crit,
        CASE WHEN r_status < 0.10 THEN 'registered' WHEN r_status < 0.80 THEN 'in_progress'
             WHEN r_status < 0.95 THEN 'awaiting_customer'
             ELSE 'solution_proposed' END AS st
    FROM src
), d AS (
    SELECT *,
        CASE crit WHEN 1 THEN interval '2 hours' WHEN 2 THEN interval '1 day'
             ELSE interval '2 days' END AS reaction_iv,
        CASE crit WHEN 1 THEN interval '12 hours' WHEN 2 THEN interval '7 days'
             ELSE interval '14 days' END AS update_iv
    FROM t
)
INSERT INTO {TABLE} (
    id, number, contract_id, reporter_id, assignee_id, subject, description, criticality,
    is_production, confirmed_phone_24x7, confirmed_email_1h, resolution_class, status, channel,
    intake, registered_at, updated_at, closed_at, version, rating, rating_comment,
    idempotency_key, reaction_due_at, reaction_met_at, reaction_breached, update_due_at,
    update_breached, update_breach_count, resolution_due_at, resolution_met_at,
    resolution_breached, next_sla_event_at
)
SELECT
    id, 'KB-' || CASE WHEN id < 100000 THEN lpad(id::text, 6, '0') ELSE id::text END,
    %(contract)s,
    (%(reporters)s::bigint[])[1 + id %% cardinality(%(reporters)s::bigint[])],
    %(consultant)s, 'Bulk ticket ' || id, 'Loaded by bench/service.py', crit,
    true, crit = 1, crit = 1, CASE WHEN crit = 3 THEN 'standard' ELSE '' END, st, 'portal',
    '{{}}'::jsonb, reg, reg + (r_upd * (now() - reg)), NULL, 1, NULL, '',
    NULL,
    reg + reaction_iv,
    CASE WHEN st <> 'registered' THEN reg + reaction_iv * (0.2 + r_late) END,
    CASE WHEN st <> 'registered' THEN r_late > 0.8 ELSE reg + reaction_iv < now() END,
    CASE WHEN st <> 'registered' THEN now() + r_upd * update_iv END,
    r_upd < 0.03,
    CASE WHEN r_upd < 0.03 THEN 1 + (r_upd * 100)::int ELSE 0 END,
    CASE WHEN crit = 3 THEN reg + interval '1 day' END,
    NULL,
    crit = 3 AND reg + interval '1 day' < now() AND st <> 'awaiting_customer',
    CASE WHEN r_next < %(due_fraction)s THEN now() - r_due * interval '15 minutes'
         WHEN st = 'awaiting_customer' AND crit > 1 THEN NULL
         ELSE now() + r_due * interval '14 days' END
FROM d
"""


def relation_size(dbname: str) -> str:
    with psycopg.connect(pg_dsn(dbname), autocommit=True) as conn:
        row = conn.execute(f"SELECT pg_size_pretty(pg_total_relation_size('{TABLE}'))").fetchone()
        return str(row[0]) if row else "?"


def analyze(dbname: str) -> None:
    with psycopg.connect(pg_dsn(dbname), autocommit=True) as conn:
        conn.execute(f"VACUUM (ANALYZE) {TABLE}")


def middle_registered_at(dbname: str) -> str:
    """The median registration time, as DRF's cursor stores a position (``str(value)``)."""
    import datetime as dt

    with psycopg.connect(pg_dsn(dbname), autocommit=True) as conn:
        row = conn.execute(
            f"SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY registered_at) FROM {TABLE}"
        ).fetchone()
    value = row[0] if row else None
    if not isinstance(value, dt.datetime):
        raise RuntimeError("no tickets")
    return str(value.astimezone(dt.UTC))


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """gunicorn serving kabinet.wsgi on 127.0.0.1; a ``gunicorn.conf.py`` in the repository
    root (the production configuration, if the project has one) is read by gunicorn itself;
    bind and worker count given here win over it."""

    def __init__(self, env: dict[str, str], workers: int, log_path: Path) -> None:
        self.port = free_port()
        self.log_path = log_path
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "kabinet.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--log-level",
            "warning",
            "--error-logfile",
            str(log_path),
        ]
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, probe: Callable[[], Sample]) -> None:
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_tail()}")
            if probe().status != 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {SERVER_START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # our own session: master + workers
            process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# ------------------------------------------------------------------------------- client


class Client:
    """One HTTP/1.1 request per connection (gunicorn's sync workers close after each)."""

    def __init__(self, port: int) -> None:
        self.port = port

    def call(
        self,
        method: str,
        path: str,
        token: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Sample:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=HTTP_TIMEOUT)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            status, payload = 0, repr(exc).encode()
        finally:
            conn.close()
        return Sample(status, time.perf_counter() - started, payload)


def local_path(url: str) -> str:
    """Path and query of a ``next`` link; refuses anything but this loopback server."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in (None, "", HOST, "localhost"):
        raise RuntimeError(f"refusing to follow a link off 127.0.0.1: {url}")
    return parts.path + ("?" + parts.query if parts.query else "")


def drf_cursor(position: str) -> str:
    """A cursor positioned at ``position`` going forward (DRF CursorPagination's format)."""
    query = urllib.parse.urlencode({"p": position}, doseq=True)
    return base64.b64encode(query.encode("ascii")).decode("ascii")


def create_tickets(
    client: Client, path: str, seed_rows: Seed, total: int, clients: int, budget: float
) -> tuple[list[Sample], float]:
    """``total`` creates from ``clients`` threads, each with its own contact's token."""
    samples: list[Sample] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + budget

    def next_index() -> int | None:
        nonlocal issued
        with lock:
            if issued >= total or time.monotonic() > deadline:
                return None
            issued += 1
            return issued - 1

    def worker(slot: int) -> None:
        token = seed_rows.contact_tokens[slot % len(seed_rows.contact_tokens)]
        while (i := next_index()) is not None:
            criticality = CRITICALITY_MIX[i % len(CRITICALITY_MIX)]
            body = {
                "contract": seed_rows.contract_id,
                "subject": f"Bench ticket {i}: posting documents fails",
                "description": "Error 500 when posting a sales invoice. " * 4,
                "criticality": criticality,
                "is_production": True,
                "confirmed_phone_24x7": criticality == 1,
                "confirmed_email_1h": criticality == 1,
                "intake": {"product": "1C:ERP 2.5.17", "business_impact": "Invoices blocked"},
            }
            sample = client.call(
                "POST", path, token, body, headers={"Idempotency-Key": f"bench-{i}"}
            )
            with lock:
                samples.append(sample)

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def measure_list(
    client: Client, path: str, token: str, requests: int, middle: str
) -> tuple[Stats, Stats, Stats]:
    """One client, one request at a time, the three kinds interleaved (so that load drift
    hits them alike): the first page; pages 2-5 by their ``next`` links; a page in the
    middle of the history."""
    first: list[Sample] = []
    following: list[Sample] = []
    deep: list[Sample] = []
    deep_path = f"{path}?cursor={urllib.parse.quote(drf_cursor(middle))}"
    link: str | None = None
    depth = 0
    for _ in range(requests):
        sample = client.call("GET", path, token)
        first.append(sample)
        if link is None or depth >= 4:
            link, depth = _next_link(sample), 0
        if link is not None:
            sample = client.call("GET", local_path(link), token)
            following.append(sample)
            link, depth = _next_link(sample), depth + 1
        sample = client.call("GET", deep_path, token)
        if 200 <= sample.status < 300 and not json.loads(sample.body).get("results"):
            sample = Sample(599, sample.seconds, b"empty page at the middle cursor")
        deep.append(sample)
    return Stats.of(first), Stats.of(following), Stats.of(deep)


def list_plans(contact_id: int, middle: str) -> tuple[QueryPlan, QueryPlan]:
    """EXPLAIN (ANALYZE, BUFFERS) of the list's page query as the view builds it (the
    person's visible tickets, the paginator's ordering, page size + 1): first and middle."""
    import datetime as dt

    from kabinet.api.pagination import NewestFirstPagination
    from kabinet.orgs.models import Person
    from kabinet.tickets.access import visible_tickets

    person = Person.objects.get(pk=contact_id)
    ordering = NewestFirstPagination.ordering
    size = int(NewestFirstPagination.page_size or 50) + 1
    base = visible_tickets(person).select_related("contract", "reporter", "assignee")
    field_name = ordering[0].lstrip("-")
    position = dt.datetime.fromisoformat(middle)
    pages = (
        base.order_by(*ordering)[:size],
        base.filter(**{f"{field_name}__lt": position}).order_by(*ordering)[:size],
    )
    plans = []
    for page in pages:
        text = page.explain(analyze=True, buffers=True)
        plans.append(_parse_plan(text))
    return plans[0], plans[1]


def _parse_plan(text: str) -> QueryPlan:
    lines = text.splitlines()
    pages = 0
    for line in lines:
        if line.strip().startswith("Buffers:"):  # the first one is the top node's total
            for part in line.split():
                key, _, value = part.partition("=")
                if key in ("hit", "read") and value.isdigit():
                    pages += int(value)
            break
    ms = next(
        (float(ln.split(":")[1].split()[0]) for ln in lines if ln.startswith("Execution Time")),
        float("nan"),
    )
    return QueryPlan(pages, ms, lines)


def _next_link(sample: Sample) -> str | None:
    if not 200 <= sample.status < 300:
        return None
    link = json.loads(sample.body).get("next")
    return link if isinstance(link, str) else None


# ----------------------------------------------------------------------------- SLA scan


def measure_scan() -> ScanFigure:
    """The sweep's selection, timed in-process against PostgreSQL (what each scan reads)."""
    from django.utils import timezone

    from kabinet.tickets.actions.sla_sweep import sweep_sla
    from kabinet.tickets.models import Ticket

    limit_default = inspect.signature(sweep_sla).parameters["limit"].default
    limit = int(limit_default) if isinstance(limit_default, int) else 1000
    now = timezone.now()

    def due() -> Any:  # a fresh queryset each time: an evaluated one would cache its rows
        return Ticket.objects.sla_event_due(now).values_list("pk", flat=True)

    batch_times, all_times = [], []
    batch_rows = due_total = 0
    for _ in range(SCAN_REPEATS):
        started = time.perf_counter()
        batch_rows = len(list(due()[:limit]))
        batch_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        due_total = len(list(due()))
        all_times.append(time.perf_counter() - started)
    plan = due()[:limit].explain().splitlines()
    analyzed = due()[:limit].explain(analyze=True, buffers=True).splitlines()
    return ScanFigure(
        open_tickets=Ticket.objects.open().count(),
        due_total=due_total,
        batch_limit=limit,
        batch_rows=batch_rows,
        batch_ms=statistics.median(batch_times) * 1000,
        all_ms=statistics.median(all_times) * 1000,
        plan=plan,
        analyzed=analyzed,
    )


def print_scan(scan: ScanFigure) -> None:
    print(
        f"  SLA scan: {scan.due_total:,} due among {scan.open_tickets:,} open tickets; "
        f"the sweep's batch (limit {scan.batch_limit}) {scan.batch_ms:.2f} ms "
        f"({scan.batch_rows} rows), all due {scan.all_ms:.2f} ms "
        f"(median of {SCAN_REPEATS})"
    )
    print("  plan (EXPLAIN ANALYZE of the sweep's batch):")
    for line in scan.analyzed:
        print(f"    {line}")


def scan_uses_index(scan: ScanFigure) -> bool:
    return any("ticket_next_sla_event" in line for line in scan.plan)


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

        server = Server(env, opts.workers, data_dir / "gunicorn.log")
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
    parser.add_argument("--db", default="kabinet_bench", help="database to drop and recreate")
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
    opts = Options(
        db=args.db,
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
