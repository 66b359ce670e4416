"""The SLA scan and mail delivery run on queues of their own, each with its own worker, so a
mail server that hangs never delays the scan: real workers on the filesystem broker."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import LazySettings, settings
from django.db import connections

from kabinet.celery import NOTIFICATIONS_QUEUE, SLA_QUEUE, app
from kabinet.channels.email.tests.smtp import HangingServer, use_smtp
from kabinet.conftest import World
from kabinet.notifications.tasks import deliver_notifications
from kabinet.tickets.models import AlertKind, SlaAlert
from kabinet.tickets.tasks import scan_sla
from kabinet.tickets.tests.factories import file_ticket

START = Path(settings.BASE_DIR) / "scripts" / "start"


def _queue_of(task_name: str) -> str:
    return str(app.amqp.router.route({}, task_name)["queue"].name)


def test_the_scan_and_the_mail_are_routed_to_different_queues() -> None:
    assert _queue_of(scan_sla.name) == SLA_QUEUE
    assert _queue_of(deliver_notifications.name) == NOTIFICATIONS_QUEUE


def test_make_start_runs_one_worker_for_the_scan_and_another_for_the_mail() -> None:
    workers = [
        shlex.split(line)
        for line in START.read_text().splitlines()
        if re.match(r"\s*worker\s", line)
    ]
    queues = [set(args[args.index("-Q") + 1].split(",")) for args in workers]
    assert len(queues) == 2
    scan_worker, mail_worker = queues
    assert SLA_QUEUE in scan_worker and NOTIFICATIONS_QUEUE not in scan_worker
    assert NOTIFICATIONS_QUEUE in mail_worker and SLA_QUEUE not in mail_worker
    assert "celery" in mail_worker  # Celery's default queue: every unrouted task
    assert "-B" in workers[0]  # one beat, next to the scan


@pytest.fixture
def filesystem_broker(tmp_path: Path) -> Iterator[None]:
    """The embedded mode's broker, in folders of this test's own."""
    folders = {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
        "control_folder": str(tmp_path / "control"),
    }
    for folder in set(folders.values()):
        Path(folder).mkdir()
    saved = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.update(broker_url="filesystem://", broker_transport_options=folders)
    _forget_connections()
    try:
        yield
    finally:
        app.conf.update(broker_url=saved[0], broker_transport_options=saved[1])
        _forget_connections()


def _forget_connections() -> None:
    """The next send or worker connects to the broker configured now, not a previous one."""
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


class Finished:
    """The results of tasks run by the workers, by task name, as they finish."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self.changed = threading.Condition()

    def record(self, sender: Any = None, retval: Any = None, **_: Any) -> None:
        connections.close_all()  # the worker thread's own connection
        with self.changed:
            self.results[sender.name] = retval
            self.changed.notify_all()

    def wait_for(self, name: str, seconds: float) -> Any:
        with self.changed:
            self.changed.wait_for(lambda: name in self.results, timeout=seconds)
        return self.results.get(name)


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_does_not_delay_the_sla_scan(
    world: World,
    frozen_time: time_machine.Traveller,
    settings: LazySettings,
    filesystem_broker: None,
) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=4)  # its mail is due
    smtp = HangingServer()
    use_smtp(settings, smtp.port, timeout=120)
    frozen_time.move_to(dt.datetime(2026, 5, 12, 13, 31, tzinfo=dt.UTC))  # past the due time
    finished = Finished()
    task_postrun.connect(finished.record, weak=False)
    try:
        with (
            start_worker(app, perform_ping_check=False, hostname="sla@test", queues=[SLA_QUEUE]),
            start_worker(
                app,
                perform_ping_check=False,
                hostname="mail@test",
                queues=[NOTIFICATIONS_QUEUE],
                shutdown_timeout=30,
            ),
        ):
            deliver_notifications.delay()
            assert smtp.accepted.wait(30) is True  # the mail worker now waits on the server
            started = time.monotonic()
            scan_sla.delay()
            report = finished.wait_for(scan_sla.name, 30)
            waited = time.monotonic() - started
            still_hanging = deliver_notifications.name not in finished.results
            smtp.close()  # the mail worker reads EOF, records the failure and is free
            finished.wait_for(deliver_notifications.name, 30)
    finally:
        task_postrun.disconnect(finished.record)
        smtp.close()

    assert report is not None and report["alerts"] >= 1
    assert still_hanging is True
    assert waited < 20  # the broker is polled every second; the SMTP timeout is 120 s
    assert SlaAlert.objects.filter(ticket=ticket, kind=AlertKind.BREACH).count() == 1
