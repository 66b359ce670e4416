"""``POST /api/v1/mail/inbound``: raw MIME behind the shared secret; who may post (only the
holder of the secret, whoever is signed in) and what each message became."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client

from kabinet.channels.email.models import InboundMessage, Mailbox
from kabinet.channels.email.tests.test_exactly_once import request
from kabinet.conftest import World
from kabinet.tickets.models import Ticket

SECRET = "s3cret-for-the-provider"
URL = "/api/v1/mail/inbound?mailbox=support"


@pytest.fixture
def configured(settings: LazySettings, world: World) -> Mailbox:
    settings.KABINET_MAIL_INBOUND_SECRET = SECRET
    box = Mailbox.objects.create(
        name="support",
        supplier=world.partner,
        address="support@partner.test",
        host="",
        username="",
    )
    box.contracts.add(world.contract)
    return box


def post(client: Client, raw: bytes, secret: str | None = SECRET, url: str = URL) -> Any:
    headers = {"Accept-Language": "en"}
    if secret is not None:
        headers["X-Kabinet-Mail-Secret"] = secret
    return client.generic("POST", url, raw, content_type="message/rfc822", headers=headers)


def test_a_posted_message_is_taken_in_once(client: Client, configured: Mailbox) -> None:
    first = post(client, request(1))
    again = post(client, request(1))
    assert first.status_code == 202
    body = first.json()
    ticket = Ticket.objects.get()
    assert body["outcome"] == "opened" and body["ticket"] == ticket.number
    assert again.json()["outcome"] == "duplicate"
    assert InboundMessage.objects.count() == 2
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    ("secret", "url", "raw", "status", "detail"),
    [
        (None, URL, request(1), 403, "missing or wrong"),
        ("guess", URL, request(1), 403, "missing or wrong"),
        (SECRET, "/api/v1/mail/inbound?mailbox=other", request(1), 404, "No active mailbox"),
        (SECRET, "/api/v1/mail/inbound", request(1), 404, "No active mailbox"),
        (SECRET, URL, b"   ", 400, "raw message"),
    ],
)
def test_refusals(
    client: Client,
    world: World,
    configured: Mailbox,
    secret: str | None,
    url: str,
    raw: bytes,
    status: int,
    detail: str,
) -> None:
    client.force_login(world.engineer)  # a signed-in person is no provider
    response = post(client, raw, secret, url)
    assert response.status_code == status
    assert detail in response.json()["detail"]
    assert InboundMessage.objects.count() == 0


def test_without_a_configured_secret_everything_is_refused(
    client: Client, configured: Mailbox, settings: LazySettings
) -> None:
    settings.KABINET_MAIL_INBOUND_SECRET = ""
    response = post(client, request(1), secret="")
    assert response.status_code == 403
    assert "not configured" in response.json()["detail"]


def test_refusals_speak_russian_first(client: Client, configured: Mailbox) -> None:
    response = client.generic("POST", URL, request(1), content_type="message/rfc822")
    assert response.status_code == 403
    assert response.json()["detail"] == "Секрет почтового шлюза не указан или неверен."
