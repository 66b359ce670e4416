"""The request id: returned to the client, on the request's log lines (JSON when
configured), and carried through the real Redis broker into the task the request queued."""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.db import connections
from django.test import AsyncClient, Client

from kabinet.celery import app
from kabinet.operations import requestids
from kabinet.operations.jsonlogs import JsonFormatter
from kabinet.tickets.tasks import scan_sla

REDIS_URL = os.environ.get("KABINET_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
QUEUE = f"kabinet-test-rid-{uuid.uuid4().hex}"


def test_a_request_gets_an_id_or_keeps_a_plain_one_from_the_proxy(client: Client) -> None:
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz")["X-Request-ID"] != made
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1:abc")["X-Request-ID"] == "lb-1:abc"
    # Not trusted into the logs: spaces, newlines, over-long ids are replaced.
    for hostile in ("two words", "x\ninjected", "a" * 200):
        kept = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]
        assert kept != hostile
        assert len(kept) == 32


def test_json_log_lines_carry_the_request_id() -> None:
    record = logging.LogRecord(
        "kabinet.x", logging.WARNING, __file__, 1, "ticket %s", ("A-1",), None
    )
    with requestids.bound("req-77"):
        requestids.RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-77"
    assert line["message"] == "ticket A-1"
    assert line["level"] == "WARNING"


@pytest.fixture
def redis_worker() -> Iterator[None]:
    saved = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.update(broker_url=REDIS_URL, broker_transport_options={})
    app._pool = None  # type: ignore[attr-defined]
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=[QUEUE]
        ):
            yield
    finally:
        connections.close_all()
        app.conf.update(broker_url=saved[0], broker_transport_options=saved[1])
        app._pool = None  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_under_a_request_runs_under_its_id(redis_worker: None) -> None:
    seen: list[str] = []

    def note(**_: Any) -> None:
        seen.append(requestids.current.get())

    task_prerun.connect(note, weak=False)
    try:
        with requestids.bound("req-from-web-1"):
            result = scan_sla.apply_async(queue=QUEUE)
        scan_sla.apply_async(queue=QUEUE)  # queued outside any request
        deadline = time.monotonic() + 30
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        task_prerun.disconnect(note)
    assert result.id
    assert seen == ["req-from-web-1", "-"]
    assert requestids.current.get() == "-"


def test_an_asgi_request_keeps_the_proxys_id(async_client: AsyncClient) -> None:
    response = async_to_sync(async_client.get)("/healthz", headers={"X-Request-ID": "asgi-1"})
    assert response["X-Request-ID"] == "asgi-1"
