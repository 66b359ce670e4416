"""Attachment endpoints: list, upload (raw body streamed to disk), download (streamed out);
the ticket's upload place (open, read, close) and files into it (``PUT`` of the raw body).

Uploads are the request body itself (``Content-Type`` of the file, name in ``?filename=`` or
in the path), so the size is checked while the bytes arrive, never after buffering them.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet import clock
from kabinet.api.fields import BoundedIntegerField, PersonRef
from kabinet.api.outputs import ModelOutput
from kabinet.api.requests import person_of, validated
from kabinet.bodies import body_chunks, streams_body
from kabinet.errors import NotFoundError
from kabinet.tickets import storage
from kabinet.tickets.access import access_attachment, access_ticket, attachments_for
from kabinet.tickets.actions import add_attachment
from kabinet.tickets.actions.upload_places import (
    MAX_UPLOAD_PLACE_DAYS,
    add_to_upload_place,
    close_upload_place,
    latest_upload_place,
    open_upload_place,
    place_too_large,
    usable_upload_place,
)
from kabinet.tickets.api.serializers import AttachmentOutput
from kabinet.tickets.filenames import without_format_characters
from kabinet.tickets.models import UploadPlace


class RawBodyParser(BaseParser):
    """Accepts any media type and leaves the stream unread for the view."""

    media_type = "*/*"


@streams_body
class TicketAttachmentsApi(APIView):
    parser_classes = (RawBodyParser,)

    @extend_schema(responses=AttachmentOutput(many=True), operation_id="tickets_attachments_list")
    def get(self, request: Request, number: str) -> Response:
        person = person_of(request)
        attachments = attachments_for(person, access_ticket(person, number))
        return Response(AttachmentOutput(attachments, many=True).data)

    @extend_schema(
        request={"application/octet-stream": OpenApiTypes.BINARY},
        responses={201: AttachmentOutput},
        parameters=[
            OpenApiParameter("filename", str, required=True),
            OpenApiParameter("internal", bool),
        ],
        operation_id="tickets_attachments_upload",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        limit = ticket.contract.package.attachment_size_limit
        declared = request.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise storage.too_large(limit)
        attachment = add_attachment(
            ticket,
            author=person,
            filename=request.query_params.get("filename", ""),
            content_type=request.content_type or "application/octet-stream",
            chunks=body_chunks(request._request),
            internal=request.query_params.get("internal") == "true",
        )
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


class TicketAttachmentDownloadApi(APIView):
    @extend_schema(responses={200: OpenApiTypes.BINARY}, operation_id="tickets_attachments_get")
    def get(self, request: Request, number: str, attachment_id: int) -> FileResponse:
        attachment = access_attachment(person_of(request), number, attachment_id)
        return FileResponse(
            storage.open_stored(attachment.storage_name),
            as_attachment=True,
            filename=without_format_characters(attachment.filename),
            content_type=attachment.content_type,
        )


class UploadPlaceOutput(ModelOutput[UploadPlace]):
    opened_by = PersonRef()
    closed_by = PersonRef(allow_null=True)
    usable = serializers.SerializerMethodField()

    class Meta:
        model = UploadPlace
        fields = (
            "id",
            "limit",
            "opened_at",
            "expires_at",
            "opened_by",
            "closed_at",
            "closed_by",
            "usable",
        )

    def get_usable(self, place: UploadPlace) -> bool:
        return place.is_usable_at(clock.now())


class UploadPlaceInput(serializers.Serializer[dict[str, Any]]):
    days = BoundedIntegerField(
        required=False, min_value=1, max_value=MAX_UPLOAD_PLACE_DAYS, allow_null=True
    )


class TicketUploadPlaceApi(APIView):
    """The ticket's upload place: the latest one (GET), a new one (POST: supplier staff, or
    the customer saying there is diagnostic data above the limit), closing it (DELETE)."""

    @extend_schema(responses=UploadPlaceOutput, operation_id="tickets_upload_place_get")
    def get(self, request: Request, number: str) -> Response:
        place = latest_upload_place(access_ticket(person_of(request), number))
        if place is None:
            raise NotFoundError(_("The ticket has no upload place."))
        return Response(UploadPlaceOutput(place).data)

    @extend_schema(
        request=UploadPlaceInput,
        responses={201: UploadPlaceOutput},
        operation_id="tickets_upload_place_open",
    )
    def post(self, request: Request, number: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        data = validated(UploadPlaceInput, request.data)
        place = open_upload_place(ticket, author=person, days=data.get("days"))
        return Response(UploadPlaceOutput(place).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=UploadPlaceOutput, operation_id="tickets_upload_place_close")
    def delete(self, request: Request, number: str) -> Response:
        person = person_of(request)
        place = close_upload_place(access_ticket(person, number), author=person)
        return Response(UploadPlaceOutput(place).data)


@streams_body
class TicketUploadPlaceFileApi(APIView):
    """``PUT`` the file as the raw body (``curl -T trace.zip URL``): a declared
    ``Content-Length`` above the place's limit is refused before a byte is read; without
    one, the limit is checked as the bytes arrive."""

    parser_classes = (RawBodyParser,)

    @extend_schema(
        request={"application/octet-stream": OpenApiTypes.BINARY},
        responses={201: AttachmentOutput},
        operation_id="tickets_upload_place_files_put",
    )
    def put(self, request: Request, number: str, filename: str) -> Response:
        person = person_of(request)
        ticket = access_ticket(person, number)
        place = usable_upload_place(ticket)
        declared = request.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > place.limit:
            raise place_too_large(place.limit)
        attachment = add_to_upload_place(
            ticket,
            author=person,
            filename=filename,
            content_type=request.content_type or "application/octet-stream",
            chunks=body_chunks(request._request),
        )
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)
