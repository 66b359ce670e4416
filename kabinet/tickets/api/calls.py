"""Logging a phone call on a ticket through the API; the rules are the action's
(``kabinet.tickets.actions.log_phone_call``), the shape is checked here."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.events import EventOutput, event_created
from kabinet.api.fields import AwareDateTimeField, StrictCharField
from kabinet.api.requests import person_of, validated
from kabinet.tickets import actions
from kabinet.tickets.access import access_ticket
from kabinet.tickets.api.serializers import MAX_TEXT
from kabinet.tickets.models import CallDirection


class PhoneCallInput(serializers.Serializer[dict[str, Any]]):
    summary = StrictCharField(max_length=MAX_TEXT)
    called_at = AwareDateTimeField(required=False, allow_null=True, default=None)
    direction = serializers.ChoiceField(
        choices=CallDirection.choices, required=False, default="outgoing"
    )


class TicketPhoneCallApi(APIView):
    """POST: the supplier's staff log a call; ``called_at`` (earlier than now, not before
    registration) is when it took place, and where the SLA counts it."""

    @extend_schema(
        request=PhoneCallInput, responses={201: EventOutput}, operation_id="tickets_phone_call"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(PhoneCallInput, request.data)
        return event_created(actions.log_phone_call(ticket, author=person, **data))
