"""The ticket event as every endpoint that appends one answers with it: the tickets' acts,
the escalation chain's acts, and the timeline's pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers, status
from rest_framework.response import Response

from kabinet.api.fields import PersonRef
from kabinet.api.outputs import ModelOutput
from kabinet.tickets.models import TicketEvent


class EventOutput(ModelOutput[TicketEvent]):
    actor = PersonRef(allow_null=True)
    payload = serializers.SerializerMethodField()

    class Meta:
        model = TicketEvent
        fields = ("id", "kind", "at", "actor", "actor_side", "visibility", "payload")

    def get_payload(self, event: TicketEvent) -> dict[str, Any]:
        payload = dict(event.payload)
        if payload.get("rule") and isinstance(payload.get("reason"), str):
            payload["reason"] = gettext(payload["reason"])  # system reasons are msgids
        return payload


def event_created(event: TicketEvent) -> Response:
    """The 201 answer of an endpoint that appended ``event``."""
    return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)
