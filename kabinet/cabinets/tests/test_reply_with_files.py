"""Replying with several files (issue 16, point 1): the customer's reply and the supplier's
public reply take any number of files in one multiple input (so they work without script),
send them with the message in one transaction, and a refused file sends nothing, keeps the
text typed and says which file and why at the top of the form and next to the input."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kabinet.conftest import World
from kabinet.escalations.models import Escalation
from kabinet.tickets.models import Attachment, EventKind, Ticket


def signed_in(person: object, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(person)  # type: ignore[arg-type]
    return client


def two_files() -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile("screen.png", b"\x89PNG shot", "image/png"),
        SimpleUploadedFile("log.txt", b"lock timeout", "text/plain"),
    ]


def test_the_reply_forms_take_several_files_without_script(world: World, ticket: Ticket) -> None:
    for who, form_id in (("contact", "customer-reply"), ("engineer", "public-reply")):
        page = signed_in(getattr(world, who)).get(f"/tickets/{ticket.number}/").content.decode()
        start = page.index(f'id="{form_id}"')
        form = page[page.rindex("<form", 0, start) : page.index("</form>", start)]
        assert 'enctype="multipart/form-data"' in form
        assert 'type="file" name="attachments" multiple' in form


@pytest.mark.parametrize(
    ("who", "url", "extra"),
    [("contact", "reply", {}), ("engineer", "public-reply", {"action_plan": ""})],
)
def test_a_reply_sends_its_files_with_it(
    world: World,
    ticket: Ticket,
    attachments_dir: Path,
    who: str,
    url: str,
    extra: dict[str, str],
) -> None:
    client = signed_in(getattr(world, who))
    body = {"body": "Screenshot and log attached.", "attachments": two_files(), **extra}
    response = client.post(f"/tickets/{ticket.number}/{url}/", body)
    assert response.status_code == 302
    files = Attachment.objects.filter(ticket=ticket).order_by("id")
    assert [a.filename for a in files] == ["screen.png", "log.txt"]
    assert {a.uploaded_by_id for a in files} == {getattr(world, who).pk}
    kinds = list(ticket.events.order_by("id").values_list("kind", flat=True))
    assert kinds.count(EventKind.ATTACHMENT_ADDED) == 2


def test_a_file_over_the_limit_sends_nothing_and_keeps_the_text(
    world: World, ticket: Ticket, attachments_dir: Path
) -> None:
    limit = ticket.contract.package.attachment_size_limit
    big = SimpleUploadedFile("dump.dt", b"x" * (limit + 1), "application/octet-stream")
    events_before = ticket.events.count()
    response = signed_in(world.contact, "ru").post(
        f"/tickets/{ticket.number}/reply/",
        {"body": "Мой подробный ответ", "attachments": [two_files()[0], big]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "«dump.dt» больше" in page
    assert "Мой подробный ответ</textarea>" in page
    assert 'class="error-summary"' in page and 'href="#id_reply_attachments"' in page
    assert not Attachment.objects.filter(ticket=ticket).exists()
    assert ticket.events.count() == events_before


def test_an_empty_message_with_files_is_refused_naming_the_field(
    world: World, ticket: Ticket, attachments_dir: Path
) -> None:
    response = signed_in(world.engineer).post(
        f"/tickets/{ticket.number}/public-reply/", {"body": "", "attachments": two_files()}
    )
    assert response.status_code == 400
    assert 'href="#id_public_body"' in response.content.decode()
    assert not Attachment.objects.filter(ticket=ticket).exists()


def test_who_may_reply_with_files(world: World, ticket: Ticket, attachments_dir: Path) -> None:
    # The other partner's engineer and another customer's contact do not see the ticket.
    for who, url in (("other_engineer", "public-reply"), ("outsider", "reply")):
        response = signed_in(getattr(world, who)).post(
            f"/tickets/{ticket.number}/{url}/", {"body": "x", "attachments": two_files()}
        )
        assert response.status_code == 404
    # The customer cannot send a supplier's public reply.
    response = signed_in(world.contact).post(
        f"/tickets/{ticket.number}/public-reply/", {"body": "x", "attachments": two_files()}
    )
    assert response.status_code in (400, 403)
    assert not Attachment.objects.filter(ticket=ticket).exists()


def test_the_vendor_answers_the_partner(
    world: World, escalation: Escalation, attachments_dir: Path
) -> None:
    vendor_ticket = escalation.vendor_ticket
    client = signed_in(world.vendor_engineer)
    page = client.get(f"/tickets/{vendor_ticket.number}/").content.decode()
    assert "Send to the partner" in page and "Send to the customer" not in page
    response = client.post(
        f"/tickets/{vendor_ticket.number}/public-reply/",
        {"body": "Apply the fix", "attachments": two_files()[:1]},
        follow=True,
    )
    assert "Reply sent to the partner." in response.content.decode()
    ru = signed_in(world.vendor_engineer, "ru").get(f"/tickets/{vendor_ticket.number}/")
    assert "Ответ клиенту" not in ru.content.decode()
    assert "Отправить партнёру" in ru.content.decode()
