"""The ticket event as every endpoint that appends one answers with it: the tickets' acts,
the escalation chain's acts, and the timeline's pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

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
