"""The demo's histories are built at instants relative to the ``now`` the loader is given,
passed to each action; the wall clock (moved far away here) plays no part."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabinet.escalations.models import Escalation
from kabinet.presets.loading import load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.tickets.models import Ticket, TicketEvent

LOADED_AT = dt.datetime(2026, 5, 8, 13, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_demo_histories_are_built_at_instants_relative_to_the_given_now() -> None:
    with time_machine.travel(LOADED_AT + dt.timedelta(days=40), tick=False):
        load_preset(PRESETS["platform_cabinets"], now=LOADED_AT)

    breached = Ticket.objects.get(idempotency_key="demo:platform_cabinets:plat-breached")
    assert breached.registered_at == LOADED_AT - dt.timedelta(days=10)
    escalation = Escalation.objects.get()
    step = escalation.customer_ticket.registered_at + dt.timedelta(hours=3)
    assert escalation.escalated_at == step
    assert escalation.vendor_ticket.registered_at == step
    latest = TicketEvent.objects.order_by("-at").values_list("at", flat=True).first()
    assert latest is not None
    assert latest <= LOADED_AT
