"""Shared fixtures: one small world of organisations, people and contracts, frozen time.

The people follow the three-person shape per side: an owner, a colleague with access and an
outsider without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.conf import LazySettings
from django.db import connection
from django.utils import translation

from kabinet.contracts.models import Contract
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Organisation, OrganisationKind, Person, Role
from kabinet.orgs.tests.factories import CompanyGroupFactory, OrganisationFactory, PersonFactory

# Friday 2026-05-08 16:00 Moscow: the worked example of DESIGN.md.
NOW = dt.datetime(2026, 5, 8, 13, 0, tzinfo=dt.UTC)


@dataclass
class World:
    vendor: Organisation
    partner: Organisation
    other_partner: Organisation
    customer: Organisation
    sibling: Organisation  # same company group as customer
    other_customer: Organisation
    contract: Contract
    sibling_contract: Contract
    other_contract: Contract
    contact: Person  # customer's authorised contact
    admin: Person  # customer's organisation admin
    sibling_contact: Person
    outsider: Person  # another customer's authorised contact
    engineer: Person  # partner's engineer
    other_engineer: Person  # another partner's engineer
    vendor_engineer: Person


def _person(org: Organisation, role: Role, name: str) -> Person:
    person = PersonFactory.create(username=name)
    grant_role(organisation=org, person=person, role=role)
    return person


@pytest.fixture
def frozen_time() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks sent with ``delay`` run at once, in the sender: for tests of what a page or an
    action queues, without a worker (the queues' own tests start real workers)."""
    from kabinet.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages read in English unless a test (or a request's Accept-Language) says otherwise."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: LazySettings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def attachments_dir(settings: LazySettings, tmp_path: Path) -> Path:
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
    return tmp_path / "attachments"


@contextmanager
def read_only_database() -> Iterator[None]:
    """Inside, every write fails as on a read-only database: SQLite's ``query_only``
    ("attempt to write a readonly database"), PostgreSQL's read-only transaction (what
    ``default_transaction_read_only`` or a hot standby gives). Both are set on the driver's
    connection, past Django: the test's transaction may be broken by the time they end."""
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "sqlite":
        raw.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:
            raw.execute("PRAGMA query_only = OFF")
        return
    # Rolling back to a savepoint undoes a SET made after it, and the failed statements.
    raw.execute("SAVEPOINT read_only_database")
    raw.execute("SET LOCAL transaction_read_only = on")
    try:
        yield
    finally:
        raw.execute("ROLLBACK TO SAVEPOINT read_only_database")
        raw.execute("RELEASE SAVEPOINT read_only_database")


@pytest.fixture
def world(db: None, frozen_time: time_machine.Traveller) -> World:
    group = CompanyGroupFactory.create()
    vendor = OrganisationFactory.create(name="Vendor", kind=OrganisationKind.VENDOR)
    partner = OrganisationFactory.create(name="Partner", kind=OrganisationKind.PARTNER)
    other_partner = OrganisationFactory.create(name="Other partner", kind=OrganisationKind.PARTNER)
    customer = OrganisationFactory.create(name="Customer", group=group)
    sibling = OrganisationFactory.create(name="Sibling", group=group)
    other_customer = OrganisationFactory.create(name="Other customer")
    engineer = _person(partner, Role.ENGINEER, "engineer")
    return World(
        vendor=vendor,
        partner=partner,
        other_partner=other_partner,
        customer=customer,
        sibling=sibling,
        other_customer=other_customer,
        contract=ContractFactory.create(
            supplier=partner, customer=customer, personal_consultant=engineer
        ),
        sibling_contract=ContractFactory.create(supplier=partner, customer=sibling),
        other_contract=ContractFactory.create(supplier=other_partner, customer=other_customer),
        contact=_person(customer, Role.AUTHORISED_CONTACT, "contact"),
        admin=_person(customer, Role.ORG_ADMIN, "admin"),
        sibling_contact=_person(sibling, Role.AUTHORISED_CONTACT, "sibling"),
        outsider=_person(other_customer, Role.AUTHORISED_CONTACT, "outsider"),
        engineer=engineer,
        other_engineer=_person(other_partner, Role.ENGINEER, "other_engineer"),
        vendor_engineer=_person(vendor, Role.ENGINEER, "vendor_engineer"),
    )
