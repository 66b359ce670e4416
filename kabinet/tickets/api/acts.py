"""One endpoint per ticket action: parse, access_ticket, call the action, render the event."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.events import EventOutput, event_created
from kabinet.api.requests import person_of, validated
from kabinet.tickets import actions
from kabinet.tickets.access import access_ticket
from kabinet.tickets.actions.agreed_deadline import agree_resolution_deadline
from kabinet.tickets.api.serializers import (
    AgreedDeadlineInput,
    AssigneeInput,
    ClassificationInput,
    ClosingAsWithdrawnInput,
    CredentialsInput,
    CredentialsOutput,
    ExpediteInput,
    LinkInput,
    MergeInput,
    MessageInput,
    PostponementInput,
    PublicReplyInput,
    RatingInput,
    RefusalInput,
    RejectionInput,
    ReopenInput,
    TicketCriticalityInput,
    TicketReturnInput,
    WithdrawalInput,
)
from kabinet.tickets.models import PostponementReason, ResolutionClass, ReturnReason


class EmptyInput(serializers.Serializer[dict[str, Any]]):
    pass


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


class TicketWithdrawalApi(APIView):
    """The customer withdraws the ticket: it closes and its clocks stop."""

    @extend_schema(
        request=WithdrawalInput, responses={201: EventOutput}, operation_id="tickets_withdrawal"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(WithdrawalInput, request.data)
        return event_created(actions.withdraw_ticket(ticket, author=person, **data))


class TicketClosingAsWithdrawnApi(APIView):
    """The supplier closes a ticket the customer withdrew elsewhere, saying how."""

    @extend_schema(
        request=ClosingAsWithdrawnInput,
        responses={201: EventOutput},
        operation_id="tickets_closing_as_withdrawn",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(ClosingAsWithdrawnInput, request.data)
        return event_created(actions.close_withdrawn_ticket(ticket, author=person, **data))


class TicketPostponementApi(APIView):
    """The supplier proposes to postpone the resolution; it moves once the customer agrees."""

    @extend_schema(
        request=PostponementInput, responses={201: EventOutput}, operation_id="tickets_postponement"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(PostponementInput, request.data)
        return event_created(
            actions.propose_postponement(
                ticket,
                author=person,
                reason=PostponementReason(data["reason"]),
                until=data["until"],
                body=data["body"],
            )
        )


class TicketPostponementAgreementApi(APIView):
    @extend_schema(
        request=EmptyInput,
        responses={201: EventOutput},
        operation_id="tickets_postponement_agreement",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        return event_created(actions.agree_postponement(ticket, author=person))


class TicketPostponementRefusalApi(APIView):
    @extend_schema(
        request=RejectionInput,
        responses={201: EventOutput},
        operation_id="tickets_postponement_refusal",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(RejectionInput, request.data)
        return event_created(actions.decline_postponement(ticket, author=person, **data))


class TicketMergeApi(APIView):
    """Close this ticket as a duplicate of ``into`` (same customer, open)."""

    @extend_schema(request=MergeInput, responses={201: EventOutput}, operation_id="tickets_merge")
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(MergeInput, request.data)
        into = access_ticket(person, data["into"])
        return event_created(
            actions.merge_ticket(ticket, into=into, author=person, reason=data["reason"])
        )


class TicketLinkApi(APIView):
    @extend_schema(request=LinkInput, responses={201: EventOutput}, operation_id="tickets_link")
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(LinkInput, request.data)
        other = access_ticket(person, data["other"])
        return event_created(actions.link_tickets(ticket, other=other, author=person))


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


class TicketCredentialsApi(APIView):
    """The customer gives temporary access credentials for the ticket (kept encrypted,
    replacing any given before); no response, list or event ever carries them back except
    ``credentials/reveal``."""

    @extend_schema(
        request=CredentialsInput, responses={201: EventOutput}, operation_id="tickets_credentials"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(CredentialsInput, request.data)
        return event_created(actions.give_credentials(ticket, author=person, **data))


class TicketCredentialsRevealApi(APIView):
    """The secret, for the ticket's assignee or the person who gave it; a POST, since each
    showing is recorded in the timeline; never cached."""

    @extend_schema(
        request=EmptyInput,
        responses={200: CredentialsOutput},
        operation_id="tickets_credentials_reveal",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        secret = actions.reveal_credentials(ticket, viewer=person)
        return Response({"secret": secret}, headers={"Cache-Control": "no-store"})


class TicketCredentialsRemovalApi(APIView):
    @extend_schema(
        request=EmptyInput,
        responses={201: EventOutput},
        operation_id="tickets_credentials_removal",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        return event_created(actions.remove_credentials(ticket, author=person))


class TicketExpediteApi(APIView):
    """The customer asks the supplier's management to expedite (once a day per ticket)."""

    @extend_schema(
        request=ExpediteInput, responses={201: EventOutput}, operation_id="tickets_expedite"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(ExpediteInput, request.data)
        return event_created(actions.request_expedite(ticket, author=person, **data))


class TicketRefusalApi(APIView):
    """The supplier refuses to handle the ticket for a listed reason: it closes."""

    @extend_schema(
        request=RefusalInput, responses={201: EventOutput}, operation_id="tickets_refusal"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(RefusalInput, request.data)
        return event_created(actions.refuse_ticket(ticket, author=person, **data))
