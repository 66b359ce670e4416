"""One endpoint per ticket action: parse, access_ticket, call the action, render the event."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.events import EventOutput
from kabinet.api.requests import person_of, validated
from kabinet.tickets import actions
from kabinet.tickets.access import access_ticket
from kabinet.tickets.actions.agreed_deadline import agree_resolution_deadline
from kabinet.tickets.api.serializers import (
    AgreedDeadlineInput,
    AssigneeInput,
    ClassificationInput,
    MessageInput,
    PublicReplyInput,
    RatingInput,
    RejectionInput,
    ReopenInput,
    TicketCriticalityInput,
    TicketReturnInput,
)
from kabinet.tickets.models import ResolutionClass, ReturnReason, TicketEvent


class EmptyInput(serializers.Serializer[dict[str, Any]]):
    pass


def event_created(event: TicketEvent) -> Response:
    return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)


class TicketReplyApi(APIView):
    @extend_schema(
        request=PublicReplyInput, responses={201: EventOutput}, operation_id="tickets_reply"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(PublicReplyInput, request.data)
        return event_created(actions.record_public_reply(ticket, author=person, **data))


class TicketCommentApi(APIView):
    @extend_schema(
        request=MessageInput, responses={201: EventOutput}, operation_id="tickets_comment"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(MessageInput, request.data)
        return event_created(actions.add_internal_comment(ticket, author=person, **data))


class TicketCustomerReplyApi(APIView):
    @extend_schema(
        request=MessageInput, responses={201: EventOutput}, operation_id="tickets_customer_reply"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(MessageInput, request.data)
        return event_created(actions.customer_reply(ticket, author=person, **data))


class TicketCriticalityApi(APIView):
    @extend_schema(
        request=TicketCriticalityInput,
        responses={201: EventOutput},
        operation_id="tickets_criticality",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(TicketCriticalityInput, request.data)
        return event_created(actions.change_criticality(ticket, author=person, **data))


class TicketAgreedDeadlineApi(APIView):
    @extend_schema(
        request=AgreedDeadlineInput,
        responses={201: EventOutput},
        operation_id="tickets_agreed_deadline",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(AgreedDeadlineInput, request.data)
        return event_created(agree_resolution_deadline(ticket, author=person, **data))


class TicketReturnApi(APIView):
    @extend_schema(
        request=TicketReturnInput, responses={201: EventOutput}, operation_id="tickets_return"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(TicketReturnInput, request.data)
        event = actions.return_for_information(
            ticket, author=person, reason=ReturnReason(data["reason"]), body=data["body"]
        )
        return event_created(event)


class TicketSolutionApi(APIView):
    @extend_schema(
        request=MessageInput, responses={201: EventOutput}, operation_id="tickets_solution"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(MessageInput, request.data)
        return event_created(actions.propose_solution(ticket, author=person, **data))


class TicketWorkaroundApi(APIView):
    @extend_schema(
        request=MessageInput, responses={201: EventOutput}, operation_id="tickets_workaround"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(MessageInput, request.data)
        return event_created(actions.propose_workaround(ticket, author=person, **data))


class TicketAcceptanceApi(APIView):
    @extend_schema(
        request=EmptyInput, responses={201: EventOutput}, operation_id="tickets_acceptance"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        validated(EmptyInput, request.data)
        return event_created(actions.accept_solution(ticket, author=person))


class TicketRejectionApi(APIView):
    @extend_schema(
        request=RejectionInput, responses={201: EventOutput}, operation_id="tickets_rejection"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(RejectionInput, request.data)
        return event_created(actions.reject_solution(ticket, author=person, **data))


class TicketReopenApi(APIView):
    @extend_schema(request=ReopenInput, responses={201: EventOutput}, operation_id="tickets_reopen")
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(ReopenInput, request.data)
        return event_created(actions.reopen_ticket(ticket, author=person, **data))


class TicketRatingApi(APIView):
    @extend_schema(request=RatingInput, responses={201: EventOutput}, operation_id="tickets_rating")
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(RatingInput, request.data)
        return event_created(actions.rate_ticket(ticket, author=person, **data))


class TicketAssigneeApi(APIView):
    @extend_schema(
        request=AssigneeInput, responses={201: EventOutput}, operation_id="tickets_assignee"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(AssigneeInput, request.data)
        return event_created(actions.assign(ticket, author=person, assignee_id=data["assignee"]))


class TicketClassificationApi(APIView):
    @extend_schema(
        request=ClassificationInput,
        responses={201: EventOutput},
        operation_id="tickets_classification",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(ClassificationInput, request.data)
        event = actions.classify_ticket(
            ticket, author=person, resolution_class=ResolutionClass(data["resolution_class"])
        )
        return event_created(event)
