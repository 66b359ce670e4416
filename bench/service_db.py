"""The PostgreSQL side of ``bench/service.py``: the bench database, its seed rows through
the project's factories, the bulk load and the query plans."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
TABLE = "tickets_ticket"
BULK_CHUNK = 100_000
# Fraction of the bulk-loaded tickets whose next SLA event has come (spread over the last
# 15 minutes, as after a short stall of the scan); the rest are due within 14 days, a few
# have none (clocks paused while awaiting the customer).
DUE_FRACTION = 0.001


@dataclass
class Seed:
    contract_id: int
    customer_id: int
    consultant_id: int
    contact_ids: list[int]
    contact_tokens: list[str]
    engineer_token: str


@dataclass
class QueryPlan:
    pages: int  # shared buffers hit + read by the whole plan
    ms: float
    lines: list[str]


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


def bulk_load(dbname: str, seed_rows: Seed, target: int) -> tuple[int, float]:
    """Insert open tickets until the table holds ``target``; returns (rows added, seconds)."""
    with psycopg.connect(pg_dsn(dbname), autocommit=True) as conn:
        row = conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()
        existing = int(row[0]) if row else 0
        missing = max(0, target - existing)
        started = time.perf_counter()
        conn.execute("SELECT setseed(0.2026)")
        # Bulk rows get no search text (as before knowledge migration 0003's trigger, which
        # writes a registered ticket's): the list benches do not search.
        conn.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
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
        conn.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
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
    idempotency_key, idempotency_fingerprint, reaction_due_at, reaction_met_at,
    reaction_breached, update_due_at, update_breached, update_breach_count,
    resolution_due_at, resolution_met_at, resolution_breached, next_sla_event_at, clock_phase,
    category
)
SELECT
    id, 'KB-' || CASE WHEN id < 100000 THEN lpad(id::text, 6, '0') ELSE id::text END,
    %(contract)s,
    (%(reporters)s::bigint[])[1 + id %% cardinality(%(reporters)s::bigint[])],
    %(consultant)s, 'Bulk ticket ' || id, 'Loaded by bench/service.py', crit,
    true, crit = 1, crit = 1, CASE WHEN crit = 3 THEN 'standard' ELSE '' END, st, 'portal',
    '{{}}'::jsonb, reg, reg + (r_upd * (now() - reg)), NULL, 1, NULL, '',
    NULL, '',
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
         ELSE now() + r_due * interval '14 days' END,
    CASE st WHEN 'awaiting_customer' THEN 'awaiting_customer'
            WHEN 'solution_proposed' THEN 'solution_pending' ELSE 'open' END,
    'support'
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
