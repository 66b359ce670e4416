"""Tickets are built by the real registration action, never by a model factory, so their
timeline, numbers and SLA columns are what production would have."""

from __future__ import annotations

from typing import Any

from kabinet.contracts.models import Contract
from kabinet.orgs.models import Person
from kabinet.tickets.actions import register_ticket
from kabinet.tickets.models import Ticket


def file_ticket(contract: Contract, reporter: Person, **overrides: Any) -> Ticket:
    fields: dict[str, Any] = {
        "subject": "Posting documents fails",
        "description": "Error 500 when posting a sales invoice.",
        "criticality": 3,
        "is_production": True,
    }
    fields.update(overrides)
    return register_ticket(contract=contract, reporter=reporter, **fields)
