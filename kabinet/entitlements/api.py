"""REST endpoints of entitlements: a contract's quotas, its service requests, and its
responsible contacts. One thin view per operation over access_* and actions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.fields import StrictCharField, StrictIntegerField
from kabinet.api.outputs import ModelOutput
from kabinet.api.requests import person_of, validated
from kabinet.contracts import actions as contract_actions
from kabinet.contracts.access import access_contract
from kabinet.entitlements import actions
from kabinet.entitlements.access import access_booking, access_responsible_contact
from kabinet.entitlements.models import MAX_PREFERRED_DATES, ServiceBooking, ServiceRequest
from kabinet.entitlements.queries import contract_quotas, quota_for


class QuotaOutput(serializers.Serializer[Any]):
    """A quota in the current year of the contract's term (``term_end`` inclusive)."""

    service = serializers.CharField(source="service.code")
    name = serializers.CharField(source="service.name")
    unit = serializers.CharField(source="service.unit")
    term_year = serializers.IntegerField(source="term.number")
    term_start = serializers.DateField(source="term.start")
    term_end = serializers.DateField(source="term.end")
    blocks = serializers.IntegerField()
    allowance = serializers.IntegerField()
    used = serializers.IntegerField()
    billable = serializers.IntegerField()
    remaining = serializers.IntegerField()
    closed = serializers.BooleanField()
    billable_over_quota = serializers.BooleanField(source="service.billable_over_quota")


class ServiceRequestInput(serializers.Serializer[dict[str, Any]]):
    service = StrictCharField(max_length=50)
    quantity = StrictIntegerField(min_value=1, max_value=100_000)
    note = StrictCharField(max_length=10_000, required=False, default="", allow_blank=True)
    preferred_dates = serializers.ListField(
        child=serializers.DateField(),
        required=False,
        default=list,
        max_length=MAX_PREFERRED_DATES,
    )


class BookingOutput(ModelOutput[ServiceBooking]):
    """The date of a service booked by date: what the customer offered, what the supplier
    proposed and whether it is agreed (seed 000, Услуга 5)."""

    service = serializers.CharField(source="request.service.code")
    request = serializers.IntegerField(source="request_id")
    proposed_by = serializers.IntegerField(source="proposed_by_id", allow_null=True)
    agreed_by = serializers.IntegerField(source="agreed_by_id", allow_null=True)

    class Meta:
        model = ServiceBooking
        fields = (
            "id",
            "request",
            "service",
            "preferred_dates",
            "state",
            "date",
            "proposed_by",
            "agreed_by",
            "updated_at",
        )


class ServiceRequestOutput(ModelOutput[ServiceRequest]):
    service = serializers.CharField(source="service.code")
    requested_by = serializers.IntegerField(source="requested_by_id")

    class Meta:
        model = ServiceRequest
        fields = (
            "id",
            "service",
            "quantity",
            "covered",
            "billable",
            "note",
            "requested_by",
            "requested_at",
        )


class ContactInput(serializers.Serializer[dict[str, Any]]):
    person = StrictIntegerField(min_value=1)


class ContractQuotasApi(APIView):
    @extend_schema(responses=QuotaOutput(many=True), operation_id="contracts_quotas_list")
    def get(self, request: Request, contract_id: int) -> Response:
        contract = access_contract(person_of(request), contract_id)
        return Response(QuotaOutput(contract_quotas(contract), many=True).data)


class ServiceRequestCollectionApi(APIView):
    @extend_schema(
        responses=ServiceRequestOutput(many=True), operation_id="contracts_service_requests_list"
    )
    def get(self, request: Request, contract_id: int) -> Response:
        contract = access_contract(person_of(request), contract_id)
        rows = ServiceRequest.objects.filter(contract=contract).select_related("service")
        return Response(ServiceRequestOutput(rows, many=True).data)

    @extend_schema(
        request=ServiceRequestInput,
        responses={201: ServiceRequestOutput},
        operation_id="contracts_service_requests_create",
    )
    def post(self, request: Request, contract_id: int) -> Response:
        person = person_of(request)
        contract = access_contract(person, contract_id)
        data = validated(ServiceRequestInput, request.data)
        made = actions.request_service(
            contract=contract,
            service_code=data["service"],
            requested_by=person,
            quantity=data["quantity"],
            note=data["note"],
            preferred_dates=data["preferred_dates"],
        )
        booking = ServiceBooking.objects.filter(request=made).first()
        body = {
            **ServiceRequestOutput(made).data,
            "quota": QuotaOutput(quota_for(contract, made.service, made.requested_at)).data,
            "booking": BookingOutput(booking).data if booking else None,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class ResponsibleContactCollectionApi(APIView):
    @extend_schema(
        request=ContactInput, responses={204: None}, operation_id="contracts_contacts_appoint"
    )
    def post(self, request: Request, contract_id: int) -> Response:
        author = person_of(request)
        contract = access_contract(author, contract_id)
        data = validated(ContactInput, request.data)
        contract_actions.appoint_responsible_contact(
            contract=contract, person_id=data["person"], author=author
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResponsibleContactItemApi(APIView):
    @extend_schema(responses={204: None}, operation_id="contracts_contacts_withdraw")
    def delete(self, request: Request, contract_id: int, person_id: int) -> Response:
        author = person_of(request)
        contract, contact = access_responsible_contact(author, contract_id, person_id)
        contract_actions.withdraw_responsible_contact(
            contract=contract, person=contact, author=author
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class BookingDateInput(serializers.Serializer[dict[str, Any]]):
    date = serializers.DateField()


class BookingRefusalInput(serializers.Serializer[dict[str, Any]]):
    preferred_dates = serializers.ListField(
        child=serializers.DateField(), min_length=1, max_length=MAX_PREFERRED_DATES
    )


class ContractBookingsApi(APIView):
    @extend_schema(responses=BookingOutput(many=True), operation_id="contracts_bookings_list")
    def get(self, request: Request, contract_id: int) -> Response:
        contract = access_contract(person_of(request), contract_id)
        rows = ServiceBooking.objects.filter(request__contract=contract).select_related(
            "request__service"
        )
        return Response(BookingOutput(rows, many=True).data)


class BookingProposalApi(APIView):
    """The supplier names the date; one of the customer's preferred dates is agreed."""

    @extend_schema(
        request=BookingDateInput, responses={200: BookingOutput}, operation_id="bookings_propose"
    )
    def post(self, request: Request, booking_id: int) -> Response:
        person = person_of(request)
        booking = access_booking(person, booking_id)
        data = validated(BookingDateInput, request.data)
        made = actions.propose_booking_date(booking, author=person, day=data["date"])
        return Response(BookingOutput(made).data)


class BookingAgreementApi(APIView):
    @extend_schema(request=None, responses={200: BookingOutput}, operation_id="bookings_agree")
    def post(self, request: Request, booking_id: int) -> Response:
        person = person_of(request)
        booking = access_booking(person, booking_id)
        return Response(BookingOutput(actions.agree_booking_date(booking, author=person)).data)


class BookingRefusalApi(APIView):
    """The customer declines the proposed date and offers other dates."""

    @extend_schema(
        request=BookingRefusalInput, responses={200: BookingOutput}, operation_id="bookings_decline"
    )
    def post(self, request: Request, booking_id: int) -> Response:
        person = person_of(request)
        booking = access_booking(person, booking_id)
        data = validated(BookingRefusalInput, request.data)
        made = actions.decline_booking_date(
            booking, author=person, preferred_dates=data["preferred_dates"]
        )
        return Response(BookingOutput(made).data)
