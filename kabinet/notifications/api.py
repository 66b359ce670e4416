"""Notification endpoints: a person's notices (and reading them all), a ticket's watchers.
One view per operation; parse, access, call one action or query, render."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.fields import BoundedIntegerField, StrictIntegerField
from kabinet.api.outputs import ModelOutput
from kabinet.api.requests import person_of, validated
from kabinet.errors import DomainError
from kabinet.notifications import actions, queries
from kabinet.notifications.models import Notice
from kabinet.orgs.models import Person
from kabinet.tickets.access import access_ticket


class NoticeOutput(ModelOutput[Notice]):
    ticket = serializers.CharField(source="ticket.number", read_only=True)
    subject = serializers.CharField(source="ticket.subject", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notice
        fields = ("id", "ticket", "subject", "kind", "kind_label", "created_at", "read_at")


class NoticePageOutput(serializers.Serializer[dict[str, Any]]):
    results = NoticeOutput(many=True)
    unread = serializers.IntegerField()
    next_before = serializers.IntegerField(allow_null=True)


class NoticePageInput(serializers.Serializer[dict[str, Any]]):
    before = BoundedIntegerField(min_value=1, required=False)


class NoticeListApi(APIView):
    @extend_schema(
        parameters=[NoticePageInput],
        responses={200: NoticePageOutput},
        operation_id="notifications_list",
    )
    def get(self, request: Request) -> Response:
        person = person_of(request)
        page = validated(NoticePageInput, request.query_params)
        notices = queries.notices_of(person, before=page.get("before"))
        full = len(notices) == queries.NOTICE_PAGE
        data = {
            "results": notices,
            "unread": queries.unread_count(person),
            "next_before": notices[-1].pk if full else None,
        }
        return Response(NoticePageOutput(data).data)


class ReadOutput(serializers.Serializer[dict[str, Any]]):
    read = serializers.IntegerField()


class NoticesReadApi(APIView):
    @extend_schema(request=None, responses={200: ReadOutput}, operation_id="notifications_read")
    def post(self, request: Request) -> Response:
        return Response({"read": actions.mark_all_read(person_of(request))})


class WatcherOutput(ModelOutput[Person]):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Person
        fields = ("id", "name", "email")


class WatcherInput(serializers.Serializer[dict[str, Any]]):
    person = StrictIntegerField(min_value=1)


class WatcherListApi(APIView):
    @extend_schema(responses={200: WatcherOutput(many=True)}, operation_id="watchers_list")
    def get(self, request: Request, number: str) -> Response:
        ticket = access_ticket(person_of(request), number)
        return Response(WatcherOutput(queries.watchers_of(ticket), many=True).data)

    @extend_schema(
        request=WatcherInput, responses={201: WatcherOutput}, operation_id="watchers_create"
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(WatcherInput, request.data)
        # Only the ticket's customer's people are looked at: any other id reads the same.
        contact = queries.customer_people(ticket).filter(pk=data["person"]).first()
        if contact is None:
            raise DomainError(actions.NOT_A_CONTACT, field="person")
        actions.add_watcher(ticket, actor=person, person=contact)
        return Response(WatcherOutput(contact).data, status=status.HTTP_201_CREATED)


class WatcherItemApi(APIView):
    @extend_schema(responses={204: None}, operation_id="watchers_destroy")
    def delete(self, request: Request, number: str, person_id: int) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        watching = queries.watchers_of(ticket).filter(pk=person_id).first()
        if watching is None:
            raise DomainError(actions.NOT_WATCHING, field="person")
        actions.remove_watcher(ticket, actor=person, person=watching)
        return Response(status=status.HTTP_204_NO_CONTENT)
