"""``POST /api/v1/mail/inbound?mailbox=NAME``: raw MIME posted by a mail provider, taken in
exactly as IMAP intake takes a message (recorded once per Message-ID, then acted on).

Behind one shared secret (``KABINET_MAIL_INBOUND_SECRET``, sent as the
``X-Kabinet-Mail-Secret`` header); with none configured the endpoint refuses everything.
No session or token: the provider is no person.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.outputs import ModelOutput
from kabinet.channels.email.intake import process_message, record_message
from kabinet.channels.email.models import InboundMessage, Mailbox, Outcome
from kabinet.errors import DomainError, NotAllowedError, NotFoundError, TooLargeError

SECRET_HEADER = "HTTP_X_KABINET_MAIL_SECRET"
MAX_MESSAGE_BYTES = 50 * 1024 * 1024


class InboundOutput(ModelOutput[InboundMessage]):
    ticket = serializers.CharField(source="ticket.number", allow_null=True, default=None)

    class Meta:
        model = InboundMessage
        fields = ("id", "message_id", "outcome", "ticket")


class InboundMailApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        request={"message/rfc822": bytes},
        parameters=[OpenApiParameter("mailbox", str, required=True)],
        responses={202: InboundOutput},
        operation_id="mail_inbound",
    )
    def post(self, request: Request) -> Response:
        _check_secret(request)
        mailbox = _mailbox(str(request.query_params.get("mailbox", "")))
        raw = request._request.read(MAX_MESSAGE_BYTES + 1)
        if len(raw) > MAX_MESSAGE_BYTES:
            raise TooLargeError(_("The message is larger than 50 MB."))
        if not raw.strip():
            raise DomainError(_("The request body must be the raw message (MIME)."))
        row = record_message(mailbox=mailbox, supplier_id=mailbox.supplier_id, raw=raw)
        if row.outcome == Outcome.PENDING:
            try:
                row = process_message(row.pk)
            except Exception:
                row.refresh_from_db()
        return Response(InboundOutput(row).data, status=status.HTTP_202_ACCEPTED)


def _check_secret(request: Request) -> None:
    expected = str(getattr(settings, "KABINET_MAIL_INBOUND_SECRET", ""))
    given = str(request.META.get(SECRET_HEADER, ""))
    if not expected:
        raise NotAllowedError(_("Inbound mail over HTTP is not configured."))
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise NotAllowedError(_("The mail secret is missing or wrong."))


def _mailbox(name: str) -> Mailbox:
    mailbox = Mailbox.objects.filter(name=name, active=True).first()
    if mailbox is None:
        raise NotFoundError(_("No active mailbox of this name."), field="mailbox")
    return mailbox
