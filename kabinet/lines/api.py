"""Lines, handovers to development, releases and the work queue: one view per operation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet import clock
from kabinet.api.fields import StrictCharField, StrictIntegerField
from kabinet.api.outputs import ModelOutput
from kabinet.api.requests import person_of, validated
from kabinet.errors import DomainError
from kabinet.lines import actions
from kabinet.lines.access import access_line, access_supplier, access_supplier_ticket
from kabinet.lines.models import DevelopmentHandover, LineEntry, ReleaseKind
from kabinet.lines.queries import line_history, work_queue
from kabinet.orgs.models import Membership, Person
from kabinet.tickets.models import Ticket


class MoveInput(serializers.Serializer[dict[str, Any]]):
    line = StrictCharField(max_length=50)
    reason = StrictCharField(max_length=10_000, required=False, allow_blank=True, default="")
    assignee = StrictIntegerField(min_value=1, required=False, allow_null=True, default=None)


class LineStayOutput(serializers.Serializer[Any]):
    line = serializers.CharField(source="line.key")
    name = serializers.CharField(source="line.name")
    entered_at = serializers.DateTimeField()
    reaction_status = serializers.CharField(source="reaction.status")
    reaction_due_at = serializers.DateTimeField(source="reaction.due_at", allow_null=True)
    reaction_met_at = serializers.DateTimeField(source="reaction.met_at", allow_null=True)
    reaction_breached = serializers.BooleanField(source="reaction.breached")


class TicketLinesApi(APIView):
    @extend_schema(responses={200: LineStayOutput(many=True)}, operation_id="ticket_lines")
    def get(self, request: Request, number: str) -> Response:
        ticket = access_supplier_ticket(person_of(request), number)
        return Response(LineStayOutput(line_history(ticket, clock.now()), many=True).data)

    @extend_schema(request=MoveInput, responses={201: LineStayOutput}, operation_id="ticket_move")
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_supplier_ticket(person, number)
        data = validated(MoveInput, request.data)
        entry: LineEntry = actions.move_to_line(
            ticket,
            author=person,
            line=access_line(ticket, data["line"]),
            reason=data["reason"],
            assignee=_colleague(ticket, data["assignee"]),
        )
        stay = line_history(ticket, clock.now())[-1]
        assert stay.entered_at == entry.entered_at
        return Response(LineStayOutput(stay).data, status=status.HTTP_201_CREATED)


class HandoverInput(serializers.Serializer[dict[str, Any]]):
    version = StrictCharField(max_length=100)


class HandoverOutput(ModelOutput[DevelopmentHandover]):
    ticket = serializers.CharField(source="ticket.number")

    class Meta:
        model = DevelopmentHandover
        fields = (
            "ticket",
            "version",
            "handed_at",
            "pauses_resolution",
            "released_at",
            "release_kind",
        )


class TicketDevelopmentApi(APIView):
    @extend_schema(
        request=HandoverInput, responses={201: HandoverOutput}, operation_id="ticket_development"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_supplier_ticket(person, number)
        data = validated(HandoverInput, request.data)
        handover = actions.hand_to_development(ticket, author=person, version=data["version"])
        return Response(HandoverOutput(handover).data, status=status.HTTP_201_CREATED)


class ReleaseInput(serializers.Serializer[dict[str, Any]]):
    supplier = StrictIntegerField(min_value=1)
    version = StrictCharField(max_length=100)
    kind = serializers.ChoiceField(
        choices=ReleaseKind.choices, required=False, default=ReleaseKind.VERSION
    )


class ReleaseApi(APIView):
    @extend_schema(
        request=ReleaseInput, responses={201: HandoverOutput(many=True)}, operation_id="releases"
    )
    def post(self, request: Request) -> Response:
        person = person_of(request)
        data = validated(ReleaseInput, request.data)
        supplier = access_supplier(person, data["supplier"])
        released = actions.release_version(
            author=person,
            supplier=supplier,
            version=data["version"],
            kind=ReleaseKind(data["kind"]),
        )
        return Response(HandoverOutput(released, many=True).data, status=status.HTTP_201_CREATED)


class QueueItemOutput(ModelOutput[Ticket]):
    class Meta:
        model = Ticket
        fields = ("number", "subject", "criticality", "status", "registered_at")


class WorkQueueApi(APIView):
    @extend_schema(responses={200: QueueItemOutput(many=True)}, operation_id="work_queue")
    def get(self, request: Request) -> Response:
        tickets = work_queue(person_of(request))[:200]
        return Response(QueueItemOutput(tickets, many=True).data)


def _colleague(ticket: Ticket, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    membership = (
        Membership.objects.filter(person_id=person_id, organisation_id=ticket.contract.supplier_id)
        .select_related("person")
        .first()
    )
    if membership is None:
        raise DomainError(_("The assignee must work for the ticket's supplier."), field="assignee")
    return membership.person
