"""Attachment endpoints: list, upload (raw body streamed to disk), download (streamed out).

Uploads are the request body itself (``Content-Type`` of the file, name in ``?filename=``),
so the size is checked while the bytes arrive, never after buffering them.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.requests import person_of
from kabinet.errors import TooLargeError
from kabinet.tickets import storage
from kabinet.tickets.access import access_attachment, access_ticket, attachments_for
from kabinet.tickets.actions import add_attachment
from kabinet.tickets.api.serializers import AttachmentOutput

CHUNK = 64 * 1024


class RawBodyParser(BaseParser):
    """Accepts any media type and leaves the stream unread for the view."""

    media_type = "*/*"


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
            raise TooLargeError(
                _("The file is larger than %(limit)s bytes allowed by the package.")
                % {"limit": limit},
                field="file",
            )
        attachment = add_attachment(
            ticket,
            author=person,
            filename=request.query_params.get("filename", ""),
            content_type=request.content_type or "application/octet-stream",
            chunks=_body_chunks(request._request),
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
            filename=attachment.filename,
            content_type=attachment.content_type,
        )


def _body_chunks(request: HttpRequest) -> Iterator[bytes]:
    while chunk := request.read(CHUNK):
        yield chunk
