"""Registration under real concurrency: distinct connections, one database."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from kabinet.conftest import World
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
