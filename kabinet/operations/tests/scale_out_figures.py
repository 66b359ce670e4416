"""The scale-out test's figures and verdict: what the database, the SMTP server and
/metrics hold once the load has drained, against what the clients were told was accepted
(``kabinet.operations.tests.scale_out`` runs the cluster and calls ``verify``)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:
    from kabinet.operations.tests.scale_out import Load, Mailbox


def wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"scale-out: timed out waiting for {what}")
        time.sleep(0.5)


def _scrape(web: str, token: str) -> dict[str, float]:
    response = requests.get(
        f"{web}/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    response.raise_for_status()
    values: dict[str, float] = {}
    for line in response.text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = values.get(name, 0.0) + float(value)
    return values


def verify(
    load: Load,
    kills: list[str],
    mailbox: Mailbox,
    started: float,
    load_end: float,
    web: str,
    token: str,
) -> int:
    """Print the figures; 0 when nothing is duplicated or missing, else 1."""
    from django.db.models import Count

    from kabinet import clock
    from kabinet.notifications.models import Delivery
    from kabinet.tickets.models import (
        AlertKind,
        DeadlineRecompute,
        EventKind,
        OutboxMessage,
        SlaAlert,
        Ticket,
        TicketEvent,
    )

    last_due = Ticket.objects.filter(reaction_met_at__isnull=True).order_by("-reaction_due_at")
    latest = last_due.values_list("reaction_due_at", flat=True).first()
    if latest is not None:
        wait(lambda: clock.now() > latest + dt.timedelta(seconds=2), 150, "the last breach")
    wait(
        lambda: not Ticket.objects.filter(next_sla_event_at__lte=clock.now()).exists(),
        60,
        "the scan to process every due ticket",
    )

    def drained() -> bool:
        return not (
            OutboxMessage.objects.filter(sent_at__isnull=True).exists()
            or Delivery.objects.filter(sent_at__isnull=True, failed_at__isnull=True).exists()
        )

    wait(drained, 60, "every notification to be sent")
    wait(
        lambda: not DeadlineRecompute.objects.filter(finished_at__isnull=True).exists(),
        60,
        "every queued recompute to finish",
    )
    time.sleep(2)  # the last messages' SMTP transactions end

    failures: list[str] = []
    keys = Counter(Ticket.objects.values_list("idempotency_key", flat=True))
    created_twice = sum(1 for key in load.accepted_creates if keys[key] > 1)
    created_missing = sum(1 for key in load.accepted_creates if keys[key] == 0)
    bodies = Counter(
        str(payload.get("body"))
        for payload in TicketEvent.objects.filter(kind=EventKind.PUBLIC_REPLY).values_list(
            "payload", flat=True
        )
    )
    replies_twice = sum(1 for token in load.accepted_replies if bodies[token] > 1)
    replies_missing = sum(1 for token in load.accepted_replies if bodies[token] == 0)

    alerts = Counter(
        (row["ticket_id"], row["kind"])
        for row in SlaAlert.objects.filter(target="reaction").values("ticket_id", "kind")
    )
    expected = missing_alerts = unexpected_alerts = 0
    for ticket in Ticket.objects.all():
        due, met = ticket.reaction_due_at, ticket.reaction_met_at
        assert due is not None
        warn = ticket.registered_at + (due - ticket.registered_at) * 0.75
        for kind, moment in ((AlertKind.WARNING, warn), (AlertKind.BREACH, due)):
            if met is not None and abs((met - moment).total_seconds()) < 2:
                continue  # a reply at the very instant: either answer is right
            should = met is None or met > moment
            expected += should
            count = alerts[(ticket.pk, kind)]
            missing_alerts += should and count == 0
            unexpected_alerts += not should and count > 0
    alerts_twice = sum(1 for count in alerts.values() if count > 1)
    duplicates_by_constraint = (
        SlaAlert.objects.values("ticket_id", "target", "kind", "deadline")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )

    sent = list(Delivery.objects.values_list("message_id", "sent_at", "failed_at"))
    expected_ids = {message_id for message_id, _, _ in sent}
    undelivered = sum(1 for _, sent_at, _ in sent if sent_at is None)
    not_received = len(expected_ids - set(mailbox.received))
    delivered_twice = sum(1 for count in mailbox.received.values() if count > 1)

    recomputes = list(DeadlineRecompute.objects.values_list("finished_at", "attempts", "tickets"))

    metrics = _scrape(web, token)
    served_creates = sum(
        value
        for name, value in metrics.items()
        if name.startswith("kabinet_request_duration_seconds_count{")
        and 'view="tickets"' in name
        and 'method="POST"' in name
    )
    metric_faults = [
        name
        for name in (
            "kabinet_sla_due_unprocessed",
            "kabinet_outbox_depth",
            "kabinet_recompute_pending",
        )
        if metrics.get(name) != 0
    ]
    if served_creates == 0:
        metric_faults.append("no create counted in the request histogram")
    figures = {
        "web processes": 2,
        "workers per queue": 2,
        "beats": 2,
        "requests accepted": len(load.accepted_creates) + len(load.accepted_replies),
        "creates accepted": len(load.accepted_creates),
        "replies accepted": len(load.accepted_replies),
        "requests unanswered (connection lost, not counted as accepted)": load.unanswered,
        "creates retried on the other web process": load.retries,
        "kills (SIGKILL)": f"{len(kills)}: {', '.join(kills)}",
        "tickets in the database": sum(keys.values()),
        "SLA warnings and breaches expected": expected,
        "SLA alerts recorded": sum(alerts.values()),
        "deliveries": len(sent),
        "messages received by SMTP": sum(mailbox.received.values()),
        "duplicates: tickets": created_twice,
        "duplicates: replies": replies_twice,
        "duplicates: SLA alerts": alerts_twice + duplicates_by_constraint,
        "duplicates: messages delivered twice": delivered_twice,
        "missing: tickets": created_missing,
        "missing: replies": replies_missing,
        "missing: SLA alerts": missing_alerts,
        "unexpected SLA alerts": unexpected_alerts,
        "missing: deliveries not sent": undelivered,
        "missing: deliveries not received": not_received,
        "deadline recomputes queued (two calendar saves)": len(recomputes),
        "deadline recomputes: open tickets gone through": sum(r[2] for r in recomputes),
        "missing: recomputes unfinished": sum(1 for r in recomputes if r[0] is None),
        "metrics (one scrape, both web processes): creates timed": int(served_creates),
        "metrics: SLA scan lag seconds": metrics.get("kabinet_sla_scan_lag_seconds"),
        "metrics: breaches recorded": metrics.get(
            'kabinet_sla_alerts_recorded_total{kind="breach"}'
        ),
        "unexpected metrics": ", ".join(metric_faults),
        "seconds (whole run)": round(time.monotonic() - started),
        "seconds (drain after the load)": round(time.monotonic() - load_end),
    }
    print("== scale-out figures ==")
    for name, value in figures.items():
        print(f"  {name}: {value}")
    for name, value in figures.items():
        if (name.startswith(("duplicates", "missing", "unexpected"))) and value:
            failures.append(name)
    if len(load.accepted_creates) < 20 or expected == 0 or not sent or len(recomputes) != 2:
        failures.append("too little load to show anything")
    if failures:
        print("scale-out FAILED: " + ", ".join(failures))
        return 1
    print("scale-out passed")
    return 0
