"""Registration under real concurrency: distinct connections, one database."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from kabinet.conftest import World
from kabinet.errors import ConflictError
from kabinet.tickets.actions import register_ticket_once
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="in-memory SQLite test database is per-connection"
    ),
]


def _in_thread[T](fn: Callable[[int], T]) -> Callable[[int], T]:
    """Each worker thread has its own connection; close it so the test database can go."""

    def run(i: int) -> T:
        try:
            return fn(i)
        finally:
            connections.close_all()

    return run


def test_concurrent_registrations_get_unique_numbers(world: World) -> None:
    register = _in_thread(lambda i: file_ticket(world.contract, world.contact).number)
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(register, range(40)))
    assert len(set(numbers)) == 40
    assert Ticket.objects.count() == 40


def test_concurrent_retries_with_one_idempotency_key_make_one_ticket(world: World) -> None:
    register = _in_thread(
        lambda i: file_ticket(world.contract, world.contact, idempotency_key="same").pk
    )
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(register, range(16)))
    assert len(ids) == 1
    assert Ticket.objects.count() == 1


def test_concurrent_identical_requests_make_one_ticket_and_replays(world: World) -> None:
    def register(i: int) -> tuple[int, bool]:
        made = register_ticket_once(
            contract=world.contract,
            reporter=world.contact,
            subject="Posting fails",
            description="Error 500.",
            criticality=3,
            is_production=True,
            idempotency_key="same",
        )
        return made.ticket.pk, made.replayed

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(_in_thread(register), range(16)))
    assert len({pk for pk, _ in answers}) == 1
    assert [replayed for _, replayed in answers].count(False) == 1
    assert Ticket.objects.count() == 1


def test_concurrent_different_requests_with_one_key_make_one_ticket(world: World) -> None:
    def register(i: int) -> str:
        try:
            register_ticket_once(
                contract=world.contract,
                reporter=world.contact,
                subject=f"Subject {i}",
                description="Error 500.",
                criticality=3,
                is_production=True,
                idempotency_key="same",
            )
        except ConflictError:
            return "conflict"
        return "made"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(_in_thread(register), range(16)))
    assert outcomes.count("made") == 1
    assert outcomes.count("conflict") == 15
    assert Ticket.objects.count() == 1
