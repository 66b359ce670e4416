"""Escalation endpoints: one view per act; parse, access, call one action, render."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.events import EventOutput, event_created
from kabinet.api.fields import StrictBooleanField, StrictCharField, StrictIntegerField
from kabinet.api.outputs import ModelOutput
from kabinet.api.requests import person_of, validated
from kabinet.contracts.models import Criticality
from kabinet.escalations import actions, lowering_consent, plan_consent
from kabinet.escalations.access import access_escalation, access_ticket_escalation
from kabinet.escalations.models import Escalation, EscalationState, RelayAs, VendorReturnReason
from kabinet.tickets.access import access_ticket

TEXT = 100_000


class DossierInput(serializers.Serializer[dict[str, Any]]):
    """Shape only; which items are missing is the action's to say, naming the item."""

    contacts = StrictCharField(max_length=TEXT, required=False, allow_blank=True)
    critical_conditions_confirmed = StrictBooleanField(required=False)
    description = StrictCharField(max_length=TEXT, required=False, allow_blank=True)
    environment = StrictCharField(max_length=TEXT, required=False, allow_blank=True)
    recent_changes = StrictCharField(max_length=TEXT, required=False, allow_blank=True)
    performance_before_after = StrictCharField(max_length=TEXT, required=False, allow_blank=True)
    resources_consulted = StrictCharField(max_length=TEXT, required=False, allow_blank=True)
    test_scenario = StrictCharField(max_length=TEXT, required=False, allow_blank=True)
    escalation_reason = StrictCharField(max_length=TEXT, required=False, allow_blank=True)


class EscalateInput(serializers.Serializer[dict[str, Any]]):
    dossier = DossierInput()
    performance_issue = StrictBooleanField(required=False, default=False)
    criticality = StrictIntegerField(
        min_value=Criticality.CRITICAL, max_value=Criticality.LOW, required=False
    )
    # Ids of the customer ticket's files to copy onto the vendor ticket (the partner's pick).
    attachments = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=2**62),
        required=False,
        default=list,
        max_length=100,
    )


class EscalationOutput(ModelOutput[Escalation]):
    number = serializers.CharField(read_only=True)
    customer_ticket = serializers.CharField(source="customer_ticket.number", read_only=True)
    vendor_status = serializers.CharField(source="vendor_ticket.status", read_only=True)
    vendor_criticality = serializers.IntegerField(
        source="vendor_ticket.criticality", read_only=True
    )
    state = serializers.ChoiceField(choices=EscalationState.choices, read_only=True)

    class Meta:
        model = Escalation
        fields = (
            "number",
            "customer_ticket",
            "vendor_status",
            "vendor_criticality",
            "state",
            "return_reason",
            "escalated_at",
            "performance_issue",
            "dossier",
        )


class EscalationCreateApi(APIView):
    @extend_schema(
        request=EscalateInput, responses={201: EscalationOutput}, operation_id="escalations_create"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(EscalateInput, request.data)
        escalation = actions.escalate_to_vendor(
            ticket,
            author=person,
            dossier=data["dossier"],
            performance_issue=data["performance_issue"],
            criticality=data.get("criticality"),
            attachments=data["attachments"],
        )
        return Response(EscalationOutput(escalation).data, status=status.HTTP_201_CREATED)


class RelayInput(serializers.Serializer[dict[str, Any]]):
    body = StrictCharField(max_length=TEXT)
    relay_as = serializers.ChoiceField(
        choices=RelayAs.choices, required=False, default=RelayAs.REPLY
    )


class EscalationRelayApi(APIView):
    @extend_schema(
        request=RelayInput, responses={201: EventOutput}, operation_id="escalations_relay"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_ticket_escalation(person, number)
        data = validated(RelayInput, request.data)
        event = actions.relay_vendor_answer(
            escalation, author=person, body=data["body"], relay_as=RelayAs(data["relay_as"])
        )
        return event_created(event)


class EscalationItemApi(APIView):
    @extend_schema(responses={200: EscalationOutput}, operation_id="escalations_retrieve")
    def get(self, request: Request, number: str) -> Response:
        escalation = access_escalation(person_of(request), number)
        return Response(EscalationOutput(escalation).data)


class ReturnInput(serializers.Serializer[dict[str, Any]]):
    reason = serializers.ChoiceField(choices=VendorReturnReason.choices)
    body = StrictCharField(max_length=TEXT, required=False, allow_blank=True, default="")


class EscalationReturnApi(APIView):
    @extend_schema(
        request=ReturnInput, responses={201: EventOutput}, operation_id="escalations_return"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        data = validated(ReturnInput, request.data)
        event = actions.vendor_return_escalation(
            escalation,
            author=person,
            reason=VendorReturnReason(data["reason"]),
            body=data["body"],
        )
        return event_created(event)


class CriticalityInput(serializers.Serializer[dict[str, Any]]):
    criticality = StrictIntegerField(min_value=Criticality.CRITICAL, max_value=Criticality.LOW)
    reason = StrictCharField(max_length=TEXT)


class EscalationCriticalityApi(APIView):
    @extend_schema(
        request=CriticalityInput,
        responses={201: EventOutput},
        operation_id="escalations_criticality",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        data = validated(CriticalityInput, request.data)
        event = actions.change_vendor_criticality(escalation, author=person, **data)
        return event_created(event)


class ResubmitInput(serializers.Serializer[dict[str, Any]]):
    body = StrictCharField(max_length=TEXT)
    dossier = DossierInput(required=False, default=dict)


class EscalationResubmitApi(APIView):
    @extend_schema(
        request=ResubmitInput, responses={201: EventOutput}, operation_id="escalations_resubmit"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        data = validated(ResubmitInput, request.data)
        event = actions.resubmit_escalation(
            escalation, author=person, dossier=data["dossier"], body=data["body"]
        )
        return event_created(event)


class PlanRefusalInput(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(max_length=TEXT, required=False, allow_blank=True, default="")


class LoweringInput(serializers.Serializer[dict[str, Any]]):
    criticality = StrictIntegerField(min_value=Criticality.HIGH, max_value=Criticality.LOW)


class LoweringProposalInput(serializers.Serializer[dict[str, Any]]):
    criticality = StrictIntegerField(min_value=Criticality.HIGH, max_value=Criticality.LOW)
    reason = StrictCharField(max_length=TEXT, required=False, allow_blank=True, default="")


class LoweringRefusalInput(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(max_length=TEXT)


class EscalationLoweringProposalApi(APIView):
    """The vendor proposes to lower its critical ticket after restoration (seed 001, 4.8.2)."""

    @extend_schema(
        request=LoweringProposalInput,
        responses={201: EventOutput},
        operation_id="escalations_lowering_proposal",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        data = validated(LoweringProposalInput, request.data)
        event = lowering_consent.propose_lowering(escalation, author=person, **data)
        return event_created(event)


class EscalationLoweringAgreementApi(APIView):
    """The partner agrees; the level changes now (the criticality change is returned)."""

    @extend_schema(
        request=None,
        responses={201: EventOutput},
        operation_id="escalations_lowering_agreement",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        event = lowering_consent.agree_lowering(escalation, author=person)
        return event_created(event)


class EscalationLoweringRefusalApi(APIView):
    """The partner refuses with its reasons; the level stays."""

    @extend_schema(
        request=LoweringRefusalInput,
        responses={201: EventOutput},
        operation_id="escalations_lowering_refusal",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        data = validated(LoweringRefusalInput, request.data)
        event = lowering_consent.refuse_lowering(escalation, author=person, **data)
        return event_created(event)


class EscalationPlanAgreementApi(APIView):
    """The partner agrees to the vendor's latest action plan (seed 001, 4.8.2)."""

    @extend_schema(
        request=None, responses={201: EventOutput}, operation_id="escalations_plan_agreement"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        event = plan_consent.agree_action_plan(escalation, author=person)
        return event_created(event)


class EscalationPlanRefusalApi(APIView):
    """The partner refuses the plan, with reasons or without (which lets the vendor lower)."""

    @extend_schema(
        request=PlanRefusalInput,
        responses={201: EventOutput},
        operation_id="escalations_plan_refusal",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        data = validated(PlanRefusalInput, request.data)
        event = plan_consent.refuse_action_plan(escalation, author=person, **data)
        return event_created(event)


class EscalationPlanLoweringApi(APIView):
    """The vendor lowers its critical ticket after a refusal without reasons."""

    @extend_schema(
        request=LoweringInput, responses={201: EventOutput}, operation_id="escalations_lowering"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        escalation = access_escalation(person, number)
        data = validated(LoweringInput, request.data)
        event = plan_consent.lower_criticality_after_refusal(escalation, author=person, **data)
        return event_created(event)
