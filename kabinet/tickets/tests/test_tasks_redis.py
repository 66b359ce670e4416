"""The SLA scan through a real Celery worker on the real local Redis broker.

Skipped only when Redis is unreachable outside CI; with CI=true an unreachable Redis fails.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
import uuid
from collections.abc import Iterator

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import OperationalError, connections

from kabinet.celery import app
from kabinet.conftest import World
from kabinet.tickets.models import AlertKind, SlaAlert, Ticket
from kabinet.tickets.tasks import scan_sla
from kabinet.tickets.tests.factories import file_ticket

REDIS_URL = os.environ.get("KABINET_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# A queue of this test run's own: a worker of another run on the same Redis must not take
# the task and run it against its own database.
QUEUE = f"kabinet-test-{uuid.uuid4().hex}"


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_worker() -> Iterator[None]:
    if not _redis_reachable():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis at 127.0.0.1:6379 is unreachable in CI")
        pytest.skip("Redis at 127.0.0.1:6379 is unreachable")
    saved = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.update(broker_url=REDIS_URL, broker_transport_options={})
    app._pool = None  # type: ignore[attr-defined]  # connections of the previous broker must not be reused
    app.amqp._producer_pool = None  # type: ignore[attr-defined]  # nor its producers
    # The worker's thread opens its own database connection; closed after each task, it
    # does not hold the test database open when the session drops it.
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=[QUEUE]
        ):
            yield
    finally:
        task_postrun.disconnect(_close_worker_connections)
        app.conf.update(broker_url=saved[0], broker_transport_options=saved[1])
        app._pool = None  # type: ignore[attr-defined]
        app.amqp._producer_pool = None  # type: ignore[attr-defined]


def _close_worker_connections(**_: object) -> None:
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_scan_sent_through_redis_is_run_by_the_worker(
    world: World, frozen_time: time_machine.Traveller, redis_worker: None
) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=4)
    frozen_time.move_to(dt.datetime(2026, 5, 12, 13, 31, tzinfo=dt.UTC))  # after the due time
    scan_sla.apply_async(queue=QUEUE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _breach_recorded(ticket):
        time.sleep(0.1)
    assert SlaAlert.objects.filter(ticket=ticket, kind=AlertKind.BREACH).count() == 1


def _breach_recorded(ticket: Ticket) -> bool:
    # In-memory SQLite's shared cache locks the table while the worker writes: not yet.
    try:
        return SlaAlert.objects.filter(ticket=ticket, kind=AlertKind.BREACH).exists()
    except OperationalError:
        return False
