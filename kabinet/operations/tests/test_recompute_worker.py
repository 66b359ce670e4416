"""The recompute of open deadlines on its own queue, run by a real Celery worker on the
embedded filesystem broker: a committed calendar change sends it, the worker of the
``recompute`` queue moves the deadlines, and the set-up page says when it is done."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import OperationalError, connections
from django.test import Client

from kabinet.celery import RECOMPUTE_QUEUE, SLA_QUEUE, app
from kabinet.conftest import World
from kabinet.contracts.actions import ChangeAuthor, change_business_calendar
from kabinet.notifications.tests.test_queues import (  # noqa: F401  (the fixture)
    filesystem_broker,
)
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets import deadlines
from kabinet.tickets.models import DeadlineRecompute, Ticket
from kabinet.tickets.tasks import recompute_deadlines
from kabinet.tickets.tests.factories import file_ticket

NOW = dt.datetime(2026, 5, 8, 13, 0, tzinfo=dt.UTC)


def test_the_recompute_has_a_queue_of_its_own() -> None:
    route = app.amqp.router.route({}, recompute_deadlines.name)
    assert route["queue"].name == RECOMPUTE_QUEUE != SLA_QUEUE


def _finished() -> bool:
    # In-memory SQLite's shared cache locks the table while the worker writes: not yet.
    try:
        return DeadlineRecompute.objects.filter(finished_at__isnull=False).exists()
    except OperationalError:
        return False


def _close_worker_connections(**_: object) -> None:
    connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("filesystem_broker")
def test_a_saved_calendar_is_recomputed_by_the_recompute_worker(world: World) -> None:
    with time_machine.travel(NOW - dt.timedelta(hours=3), tick=False):
        tickets = [file_ticket(world.contract, world.contact, criticality=3) for _ in range(3)]
    admin = PersonFactory.create(username="calendar-admin")
    grant_role(organisation=world.partner, person=admin, role=Role.ORG_ADMIN)
    before = {t.pk: Ticket.objects.get(pk=t.pk).reaction_due_at for t in tickets}
    spec = {**world.contract.business_calendar, "holidays": ["2026-05-08", "2026-05-12"]}
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with (
            time_machine.travel(NOW, tick=True),
            start_worker(
                app,
                pool="solo",
                perform_ping_check=False,
                hostname="recompute@test",
                queues=[RECOMPUTE_QUEUE],
                shutdown_timeout=30,
            ),
        ):
            change_business_calendar(
                contract=world.contract, spec=spec, author=ChangeAuthor(person=admin, address=None)
            )
            queued = DeadlineRecompute.objects.get()
            assert queued.contract_ref == world.contract.pk
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not _finished():
                time.sleep(0.2)
            done = DeadlineRecompute.objects.get()
            assert done.started_at is not None
            for ticket in tickets:
                fresh = Ticket.objects.select_related("contract__package").get(pk=ticket.pk)
                stored = {name: getattr(fresh, name) for name in deadlines.COLUMNS}
                deadlines.refresh(fresh, done.started_at)
                assert stored == {name: getattr(fresh, name) for name in deadlines.COLUMNS}
    finally:
        task_postrun.disconnect(_close_worker_connections)

    assert done.finished_at is not None and done.attempts == 1
    assert (done.tickets, done.changed, done.failed) == (3, 3, 0)
    moved = {t.pk: t.reaction_due_at for t in Ticket.objects.filter(pk__in=list(before))}
    for pk, was in before.items():
        now_due = moved[pk]
        assert was is not None and now_due is not None and now_due > was  # a holiday today
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(admin)
    page = client.get(f"/setup/contracts/{world.contract.pk}/calendar/")
    assert page.status_code == 200
    assert "3 из 3 открытых обращений" in page.content.decode()
