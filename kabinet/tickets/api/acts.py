"""One endpoint per ticket action: parse, access_ticket, call the action, render the event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.events import EventOutput
from kabinet.api.requests import person_of, validated
from kabinet.orgs.models import Person
from kabinet.tickets import actions
from kabinet.tickets.access import access_ticket
from kabinet.tickets.api.serializers import (
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
from kabinet.tickets.models import ResolutionClass, Ticket, TicketEvent


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


class EmptyInput(serializers.Serializer[dict[str, Any]]):
    pass


class TicketActApi(APIView):
    """Base of the action endpoints; a subclass names its input and its one action."""

    input_serializer: ClassVar[type[serializers.Serializer[Any]]] = EmptyInput
    act: Callable[[Ticket, Person, dict[str, Any]], TicketEvent]  # the subclass's action

    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        event = self.act(ticket, person, validated(self.input_serializer, request.data))
        return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Give each endpoint its own documented ``post`` (extend_schema annotates the
        function object, so subclasses must not share one)."""
        super().__init_subclass__(**kwargs)

        def post(self: TicketActApi, request: Request, number: str) -> Response:
            return TicketActApi.post(self, request, number)

        name = _snake(cls.__name__.removeprefix("Ticket").removesuffix("Api"))
        cls.post = extend_schema(  # type: ignore[method-assign]
            request=cls.input_serializer,
            responses={201: EventOutput},
            operation_id=f"tickets_{name}",
        )(post)


class TicketReplyApi(TicketActApi):
    input_serializer = PublicReplyInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.record_public_reply(ticket, author=person, **data)


class TicketCommentApi(TicketActApi):
    input_serializer = MessageInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.add_internal_comment(ticket, author=person, **data)


class TicketCustomerReplyApi(TicketActApi):
    input_serializer = MessageInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.customer_reply(ticket, author=person, **data)


class TicketCriticalityApi(TicketActApi):
    input_serializer = TicketCriticalityInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.change_criticality(ticket, author=person, **data)


class TicketReturnApi(TicketActApi):
    input_serializer = TicketReturnInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        reason = actions.ReturnReason(data["reason"])
        return actions.return_for_information(
            ticket, author=person, reason=reason, body=data["body"]
        )


class TicketSolutionApi(TicketActApi):
    input_serializer = MessageInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.propose_solution(ticket, author=person, **data)


class TicketWorkaroundApi(TicketActApi):
    input_serializer = MessageInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.propose_workaround(ticket, author=person, **data)


class TicketAcceptanceApi(TicketActApi):
    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.accept_solution(ticket, author=person)


class TicketRejectionApi(TicketActApi):
    input_serializer = RejectionInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.reject_solution(ticket, author=person, **data)


class TicketReopenApi(TicketActApi):
    input_serializer = ReopenInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.reopen_ticket(ticket, author=person, **data)


class TicketRatingApi(TicketActApi):
    input_serializer = RatingInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.rate_ticket(ticket, author=person, **data)


class TicketAssigneeApi(TicketActApi):
    input_serializer = AssigneeInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        return actions.assign(ticket, author=person, assignee_id=data["assignee"])


class TicketClassificationApi(TicketActApi):
    input_serializer = ClassificationInput

    def act(self, ticket: Ticket, person: Person, data: dict[str, Any]) -> TicketEvent:
        resolution_class = ResolutionClass(data["resolution_class"])
        return actions.classify_ticket(ticket, author=person, resolution_class=resolution_class)
