"""The SLA sweep: acts on tickets whose indexed ``next_sla_event_at`` has come.

For each due ticket, claimed so that two sweepers never act on it both: record the
automatic criticality changes, record each warning and breach once (and queue its
announcement in the outbox; a warning whose window no scan saw comes late, before its
breach), and write the next SLA event time. Not the clock itself
(``kabinet.sla``), nor who is told (``notifications`` drains the outbox).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from kabinet import sla
from kabinet.tickets import deadlines
from kabinet.tickets.actions.criticality import apply_automatic_changes
from kabinet.tickets.models import AlertKind, SlaAlert, Ticket
from kabinet.tickets.outbox import announce_alert

log = logging.getLogger(__name__)

# A ticket whose processing raised is looked at again after this, not on the next scan.
ERROR_PUSH = dt.timedelta(hours=1)


@dataclass
class SweepReport:
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    alerts: list[SlaAlert] = field(default_factory=list)


def sweep_sla(*, now: dt.datetime, limit: int = 1000) -> SweepReport:
    """Act on up to ``limit`` due tickets, oldest event first. Idempotent: a second run at
    the same instant finds nothing due, and alerts are unique per deadline anyway."""
    report = SweepReport()
    due = Ticket.objects.sla_event_due(now).values_list("pk", flat=True)[:limit]
    for ticket_id in list(due):
        try:
            alerts = process_due_ticket(ticket_id, now=now)
        except Exception:
            log.exception("SLA sweep failed on ticket %s; pushed forward", ticket_id)
            _push_forward(ticket_id, now)
            report.failed += 1
            continue
        if alerts is None:
            report.skipped += 1
        else:
            report.processed += 1
            report.alerts.extend(alerts)
    return report


def process_due_ticket(ticket_id: int, *, now: dt.datetime) -> list[SlaAlert] | None:
    """Act on one ticket if it is still due and no other sweeper holds it; None otherwise."""
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("contract__package", "assignee", "reporter")
            .filter(pk=ticket_id, next_sla_event_at__lte=now)
            .first()
        )
        if ticket is None:
            return None
        state = deadlines.evaluate(ticket, now)
        if state.automatic_changes:
            apply_automatic_changes(ticket, now=now)
            ticket.refresh_from_db()
            state = deadlines.evaluate(ticket, now)
        alerts = [
            alert
            for target in state.targets
            for alert in _record_target(ticket, target, now)
            if alert is not None
        ]
        deadlines.refresh(ticket, now)
        if ticket.next_sla_event_at is not None and ticket.next_sla_event_at <= now:
            # The clock should always point past now; never let a row spin every scan.
            ticket.next_sla_event_at = now + ERROR_PUSH
        ticket.save(update_fields=deadlines.COLUMNS)
        return alerts


def _record_target(
    ticket: Ticket, target: sla.TargetState, now: dt.datetime
) -> list[SlaAlert | None]:
    """Each breach come by ``now`` that is not recorded yet, preceded by its warning when no
    scan gave that in its window (marked late); then the running target's warning."""
    alerts: list[SlaAlert | None] = []
    breaches = [breach for breach in target.breaches if breach.at <= now]
    recorded = _recorded_alerts(ticket, target.name.value) if breaches else set()
    for breach in breaches:
        if (AlertKind.BREACH, breach.deadline) in recorded:
            continue
        warned = breach.warning_at
        owed = (AlertKind.WARNING, breach.deadline) not in recorded
        if owed and warned is not None and warned < breach.deadline:
            alerts.append(
                record_sla_alert(
                    ticket=ticket,
                    target=target.name.value,
                    kind=AlertKind.WARNING,
                    deadline=breach.deadline,
                    at=warned,
                    now=now,
                    late=True,
                )
            )
        alerts.append(
            record_sla_alert(
                ticket=ticket,
                target=target.name.value,
                kind=AlertKind.BREACH,
                deadline=breach.deadline,
                at=breach.at,
                now=now,
            )
        )
    running = target.status in (sla.TargetStatus.RUNNING,)
    due_at, warning_at = target.due_at, target.warning_at
    if running and due_at and warning_at and warning_at <= now < due_at:
        alerts.append(
            record_sla_alert(
                ticket=ticket,
                target=target.name.value,
                kind=AlertKind.WARNING,
                deadline=due_at,
                at=warning_at,
                now=now,
            )
        )
    return alerts


def _recorded_alerts(ticket: Ticket, target: str) -> set[tuple[str, dt.datetime]]:
    """(kind, deadline) of the alerts already recorded for one of the ticket's targets."""
    rows = SlaAlert.objects.filter(ticket=ticket, target=target).values_list("kind", "deadline")
    return set(rows)


def record_sla_alert(
    *,
    ticket: Ticket,
    target: str,
    kind: AlertKind,
    deadline: dt.datetime,
    at: dt.datetime,
    now: dt.datetime,
    late: bool = False,
) -> SlaAlert | None:
    """Record a warning or breach of one deadline and queue its announcement; ``late``
    marks a warning recorded only after its deadline had passed (no scan ran in its window).

    Returns None when this alert was already recorded: a second sweep announces nothing
    twice. Call inside the transaction that holds the ticket's claim.
    """
    try:
        with transaction.atomic():
            alert = SlaAlert.objects.create(
                ticket=ticket,
                target=target,
                kind=kind,
                deadline=deadline,
                at=at,
                recorded_at=now,
                late=late,
            )
    except IntegrityError:
        return None
    announce_alert(alert.pk)
    return alert


def _push_forward(ticket_id: int, now: dt.datetime) -> None:
    # A conditional update: only if no action moved the ticket's next event meanwhile.
    Ticket.objects.filter(pk=ticket_id, next_sla_event_at__lte=now).update(
        next_sla_event_at=now + ERROR_PUSH
    )
