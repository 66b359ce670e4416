"""Logging a phone call on a ticket through the API; the rules are the action's
(``kabinet.tickets.actions.log_phone_call``), the shape is checked here."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kabinet.api.fields import AwareDateTimeField, StrictCharField
from kabinet.orgs.models import Person
from kabinet.tickets import actions
from kabinet.tickets.api.acts import TicketActApi
from kabinet.tickets.api.serializers import MAX_TEXT
from kabinet.tickets.models import CallDirection, Ticket, TicketEvent


class PhoneCallInput(serializers.Serializer[dict[str, Any]]):
    summary = StrictCharField(max_length=MAX_TEXT)
    called_at = AwareDateTimeField(required=False, allow_null=True, default=None)
    direction = serializers.ChoiceField(
        choices=CallDirection.choices, required=False, default="outgoing"
    )


class TicketPhoneCallApi(TicketActApi):
    """POST: the supplier's staff log a call; ``called_at`` (earlier than now, not before
    registration) is when it took place, and where the SLA counts it."""

    input_serializer = PhoneCallInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.log_phone_call(ticket, author=person, **data)
