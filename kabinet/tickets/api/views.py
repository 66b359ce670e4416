"""Ticket collection and item endpoints: list, create, detail, edit, timeline, SLA."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet import clock
from kabinet.api.errors import PreconditionRequired
from kabinet.api.events import EventOutput
from kabinet.api.pagination import NewestFirstPagination, TimelinePagination
from kabinet.api.requests import person_of, validated
from kabinet.bounds import parse_id
from kabinet.contracts.access import access_contract
from kabinet.errors import DomainError, StaleVersionError
from kabinet.tickets import deadlines
from kabinet.tickets.access import access_ticket, timeline_for, visible_tickets
from kabinet.tickets.actions import register_ticket_once, update_ticket_details
from kabinet.tickets.api.serializers import (
    TicketCreateInput,
    TicketListFilter,
    TicketOutput,
    TicketPatchInput,
)
from kabinet.tickets.models import Ticket, TicketQuerySet

IDEMPOTENCY_KEY_MAX = 200
REPLAYED_HEADER = "Idempotent-Replayed"


class TicketCollectionApi(APIView):
    @extend_schema(
        parameters=[TicketListFilter],
        responses=TicketOutput(many=True),
        operation_id="tickets_list",
    )
    def get(self, request: Request) -> Response:
        filters = validated(TicketListFilter, request.query_params)
        tickets = _filtered(visible_tickets(person_of(request)), filters)
        paginator = NewestFirstPagination()
        page = paginator.paginate_queryset(
            tickets.select_related("contract", "reporter", "assignee"), request, view=self
        )
        return paginator.get_paginated_response(TicketOutput(page, many=True).data)

    @extend_schema(
        request=TicketCreateInput,
        responses={201: TicketOutput},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description=(
                    "Retrying with the same key and the same body answers the first ticket "
                    f"again (201, with `{REPLAYED_HEADER}: true`); the same key with another "
                    "body is a 409."
                ),
            )
        ],
        operation_id="tickets_create",
    )
    def post(self, request: Request) -> Response:
        person = person_of(request)
        data = validated(TicketCreateInput, request.data)
        registration = register_ticket_once(
            contract=access_contract(person, data.pop("contract"), for_filing=True),
            reporter=person,
            idempotency_key=_idempotency_key(request),
            **data,
        )
        response = _ticket_response(registration.ticket, status.HTTP_201_CREATED)
        if registration.replayed:
            response[REPLAYED_HEADER] = "true"
        return response


class TicketItemApi(APIView):
    @extend_schema(responses=TicketOutput, operation_id="tickets_retrieve")
    def get(self, request: Request, number: str) -> Response:
        return _ticket_response(access_ticket(person_of(request), number))

    @extend_schema(
        request=TicketPatchInput,
        responses=TicketOutput,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)],
        operation_id="tickets_update",
    )
    def patch(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        expected = _if_match_version(request)
        changes = validated(TicketPatchInput, request.data)
        ticket = update_ticket_details(
            ticket, author=person, expected_version=expected, changes=changes
        )
        return _ticket_response(ticket)


class TicketEventsApi(APIView):
    @extend_schema(responses=EventOutput(many=True), operation_id="tickets_events_list")
    def get(self, request: Request, number: str) -> Response:
        person = person_of(request)
        events = timeline_for(person, access_ticket(person, number))
        paginator = TimelinePagination()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(EventOutput(page, many=True).data)


class TicketSlaApi(APIView):
    @extend_schema(responses=dict[str, Any], operation_id="tickets_sla_explain")
    def get(self, request: Request, number: str) -> Response:
        ticket = access_ticket(person_of(request), number)
        return Response(deadlines.explanation(ticket, clock.now()).as_dict())


def _filtered(tickets: TicketQuerySet, filters: dict[str, Any]) -> TicketQuerySet:
    if filters.get("status"):
        tickets = tickets.filter(status__in=filters["status"])
    if filters.get("criticality"):
        tickets = tickets.filter(criticality__in=filters["criticality"])
    if filters.get("contract"):
        tickets = tickets.filter(contract_id=filters["contract"])
    if filters.get("breached") is True:
        tickets = tickets.breached()
    elif filters.get("breached") is False:
        tickets = tickets.not_breached()
    if filters.get("due_before"):
        tickets = tickets.due_before(filters["due_before"])
    return tickets


def _ticket_response(ticket: Ticket, code: int = status.HTTP_200_OK) -> Response:
    """The ticket with its version as the entity tag, for If-Match on the next PATCH."""
    return Response(TicketOutput(ticket).data, status=code, headers={"ETag": f'"{ticket.version}"'})


def _idempotency_key(request: Request) -> str | None:
    """The Idempotency-Key header: visible ASCII, at most ``IDEMPOTENCY_KEY_MAX`` long."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX or not all(" " <= c <= "~" for c in key):
        raise DomainError(
            _("The Idempotency-Key must be at most %(count)d visible ASCII characters.")
            % {"count": IDEMPOTENCY_KEY_MAX},
            field="Idempotency-Key",
        )
    return key or None


def _if_match_version(request: Request) -> int:
    """The version named by If-Match (``"7"``, ``W/"7"`` or ``7``); 428 when absent."""
    raw = request.headers.get("If-Match")
    if raw is None:
        raise PreconditionRequired()
    version = parse_id(raw.strip().removeprefix("W/").strip('"'))
    if version is None:
        raise StaleVersionError(_("If-Match does not name a version of this ticket."))
    return version
