"""Adapts a ticket's rows to the pure SLA clock (``kabinet.sla``) and writes the derived columns.

UNFINISHED: waits for ``kabinet.sla``; until then ``refresh`` leaves the SLA columns alone.
"""

from __future__ import annotations

import datetime as dt

from kabinet.tickets.models import Ticket


def refresh(ticket: Ticket, now: dt.datetime) -> None:
    """Recompute the ticket's SLA columns from its timeline (in memory; the caller saves)."""
