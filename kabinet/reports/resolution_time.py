"""Resolution time for the report: the resolution clock's elapsed working time when it was
met, paused time ("awaiting customer", release waits) excluded.

The stored SLA columns hold when resolution was met, not how much clock time it took, so
the resolved tickets of the period are replayed through ``kabinet.sla`` with the adapters of
``tickets.deadlines``: their events in one streamed query, their contracts (with package
targets) fetched by the caller. Not for counts or breaches, which the columns hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import groupby

from django.db.models import QuerySet

from kabinet import sla
from kabinet.contracts.models import Contract
from kabinet.tickets.deadlines import calendars_for, clock_events, policy_for
from kabinet.tickets.models import Ticket, TicketEvent


def resolution_elapsed(
    resolved: QuerySet[Ticket],
    met: Mapping[int, tuple[int, dt.datetime]],
    contracts: Mapping[int, Contract],
) -> dict[int, dt.timedelta]:
    """Ticket id → elapsed resolution clock at its stored ``resolution_met_at``.

    ``resolved`` are tickets with ``resolution_met_at`` set; ``met`` maps each of their ids
    to (contract id, resolution met at); ``contracts`` holds those contracts with
    ``package__targets`` prefetched. Tickets whose level has no resolution target have no
    resolution clock and are left out.
    """
    clocks: dict[int, tuple[sla.Policy, sla.Calendars]] = {}
    elapsed: dict[int, dt.timedelta] = {}
    events = (
        TicketEvent.objects.filter(ticket__in=resolved.values("pk"))
        .order_by("ticket_id", "at", "id")
        .iterator(chunk_size=2000)
    )
    for ticket_id, timeline in groupby(events, key=lambda event: event.ticket_id):
        if ticket_id not in met:
            continue  # resolved after the caller read its tickets: not in this report
        contract_id, met_at = met[ticket_id]
        if contract_id not in clocks:
            contract = contracts[contract_id]
            clocks[contract_id] = (policy_for(contract), calendars_for(contract))
        policy, calendars = clocks[contract_id]
        state = sla.evaluate(clock_events(list(timeline)), policy, calendars, met_at)
        resolution = state.resolution
        # Without a target the clock still tells its working time, but only for information.
        targeted = resolution.target is not None
        if (
            resolution.status is sla.TargetStatus.MET
            and targeted
            and resolution.elapsed is not None
        ):
            elapsed[ticket_id] = resolution.elapsed
    return elapsed
