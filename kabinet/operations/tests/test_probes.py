"""/healthz, /readyz and /metrics through the real stack: who may read them (anyone for the
probes, only the token's holder for the metrics), and what they say when the SLA scan lags,
the store is unreachable, or tickets wait unprocessed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import LazySettings
from django.test import Client

from kabinet.conftest import World
from kabinet.tickets.tasks import scan_sla
from kabinet.tickets.tests.factories import file_ticket

TOKEN = "scrape-token-0123456789"


def test_healthz_answers_anyone_without_touching_the_database(client: Client) -> None:
    # No django_db mark: any query on the way would raise.
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-probe-7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["X-Request-ID"] == "lb-probe-7"


@pytest.mark.django_db
def test_readyz_is_unready_until_the_sla_scan_has_run(
    client: Client, frozen_time: time_machine.Traveller
) -> None:
    before = client.get("/readyz", HTTP_ACCEPT_LANGUAGE="en")
    assert before.status_code == 503
    body = before.json()
    assert body["status"] == "unready"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["storage"]["ok"] is True
    assert body["checks"]["sla_scan"] == {"ok": False, "detail": "The SLA scan has not run yet."}

    scan_sla.apply()
    ready = client.get("/readyz", HTTP_ACCEPT_LANGUAGE="en")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"

    frozen_time.shift(dt.timedelta(seconds=121))
    late = client.get("/readyz", HTTP_ACCEPT_LANGUAGE="en")
    assert late.status_code == 503
    assert late.json()["checks"]["sla_scan"] == {
        "ok": False,
        "detail": "The SLA scan last finished 121 seconds ago.",
    }


@pytest.mark.django_db
def test_readyz_names_an_unwritable_store(
    client: Client, attachments_dir: Path, frozen_time: time_machine.Traveller
) -> None:
    scan_sla.apply()
    attachments_dir.parent.mkdir(parents=True, exist_ok=True)
    attachments_dir.write_text("a file where the folder should be")
    response = client.get("/readyz", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
    assert response.json()["checks"]["sla_scan"]["ok"] is True


@pytest.mark.django_db
def test_readyz_speaks_russian_to_a_russian_client(client: Client) -> None:
    response = client.get("/readyz", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["checks"]["sla_scan"]["detail"] == "Проверка SLA ещё не запускалась."


@pytest.mark.parametrize(
    ("configured", "authorization", "status"),
    [
        ("", f"Bearer {TOKEN}", 404),  # metrics off: nothing to find
        (TOKEN, "", 401),
        (TOKEN, "Bearer wrong-token", 401),
        (TOKEN, f"Basic {TOKEN}", 401),
        (TOKEN, f"Bearer {TOKEN}", 200),
    ],
)
@pytest.mark.django_db
def test_metrics_only_for_the_token(
    client: Client, settings: LazySettings, configured: str, authorization: str, status: int
) -> None:
    settings.KABINET_METRICS_TOKEN = configured
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.get("/metrics", HTTP_ACCEPT_LANGUAGE="en", **headers)  # type: ignore[arg-type]
    assert response.status_code == status
    if status == 401:
        assert "Bearer" in response.json()["detail"]
    if status == 200:
        assert b"kabinet_sla_due_unprocessed" in response.content


def _scrape(client: Client) -> dict[str, float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    values = {}
    for line in response.content.decode().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def test_metrics_report_due_tickets_scan_lag_outbox_and_breaches(
    world: World, client: Client, settings: LazySettings, frozen_time: time_machine.Traveller
) -> None:
    settings.KABINET_METRICS_TOKEN = TOKEN
    file_ticket(world.contract, world.contact, criticality=4)
    frozen_time.move_to(dt.datetime(2026, 5, 12, 13, 31, tzinfo=dt.UTC))  # past its reaction
    waiting = _scrape(client)
    assert waiting["kabinet_sla_due_unprocessed"] == 1
    assert waiting["kabinet_sla_due_oldest_age_seconds"] > 0
    assert "kabinet_sla_scan_lag_seconds" not in waiting  # never ran: no invented figure
    assert waiting["kabinet_outbox_depth"] >= 1

    scan_sla.apply()
    frozen_time.shift(dt.timedelta(seconds=30))
    scanned = _scrape(client)
    assert scanned["kabinet_sla_due_unprocessed"] == 0
    assert scanned["kabinet_sla_scan_lag_seconds"] == 30
    assert scanned["kabinet_sla_scan_duration_seconds"] >= 0
    assert scanned['kabinet_sla_alerts_recorded_total{kind="breach"}'] >= 1
    assert scanned['kabinet_task_lag_seconds{task="kabinet.tickets.tasks.scan_sla"}'] == 30
    assert scanned["kabinet_delivery_failures_total"] == 0
    assert "kabinet_mail_intake_lag_seconds" not in scanned  # no mail intake task here
    assert any(
        name.startswith("kabinet_request_duration_seconds_count{")
        and 'view="operations:metrics"' in name
        for name in scanned
    )


@pytest.mark.django_db
def test_a_signed_in_superuser_still_needs_the_metrics_token(
    client: Client, settings: LazySettings
) -> None:
    from kabinet.orgs.tests.factories import PersonFactory

    settings.KABINET_METRICS_TOKEN = TOKEN
    admin = PersonFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/metrics").status_code == 401
    assert client.get("/healthz").status_code == 200


def test_the_mail_intake_lag_appears_once_a_task_on_the_mail_queue_has_run(
    world: World, client: Client, settings: LazySettings, frozen_time: time_machine.Traveller
) -> None:
    from kabinet.celery import app
    from kabinet.tickets.tasks import remove_partial_uploads

    settings.KABINET_METRICS_TOKEN = TOKEN
    saved = dict(app.conf.task_routes)
    # A task of this codebase stands in for the intake's poller: routed to the mail queue.
    app.conf.task_routes = {**saved, remove_partial_uploads.name: {"queue": "mail"}}
    try:
        assert "kabinet_mail_intake_lag_seconds" not in _scrape(client)  # never polled yet
        remove_partial_uploads.apply()
        frozen_time.shift(dt.timedelta(seconds=42))
        assert _scrape(client)["kabinet_mail_intake_lag_seconds"] == 42
    finally:
        app.conf.task_routes = saved


def test_metrics_report_the_recompute_lag_and_the_last_duration(
    world: World, client: Client, settings: LazySettings, frozen_time: time_machine.Traveller
) -> None:
    from kabinet.tickets.actions.recompute import RecomputeScope
    from kabinet.tickets.actions.recompute_queue import queue_recompute
    from kabinet.tickets.tasks import recompute_deadlines

    settings.KABINET_METRICS_TOKEN = TOKEN
    idle = _scrape(client)
    assert (idle["kabinet_recompute_pending"], idle["kabinet_recompute_lag_seconds"]) == (0, 0)
    assert "kabinet_recompute_duration_seconds" not in idle  # never ran: no invented figure
    file_ticket(world.contract, world.contact, criticality=3)
    queue_recompute(RecomputeScope(contract_id=world.contract.pk))
    frozen_time.shift(dt.timedelta(seconds=45))
    waiting = _scrape(client)
    assert waiting["kabinet_recompute_pending"] == 1
    assert waiting["kabinet_recompute_lag_seconds"] == 45

    recompute_deadlines.apply()
    done = _scrape(client)
    assert (done["kabinet_recompute_pending"], done["kabinet_recompute_lag_seconds"]) == (0, 0)
    assert done["kabinet_recompute_duration_seconds"] == 0  # frozen time
    assert done["kabinet_recompute_tickets"] == 1
    assert done['kabinet_task_lag_seconds{task="kabinet.tickets.tasks.recompute_deadlines"}'] == 0
