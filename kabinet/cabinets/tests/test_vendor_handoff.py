"""The hand-off to the vendor (issue 16, point 7): the dossier starts from what the
customer's ticket says and marks its required items; the partner picks which of the
ticket's files travel, and those (only those) arrive on the vendor ticket, readable by the
vendor and never by anyone who does not see that ticket."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from kabinet.cabinets.tests.test_chain_pages import browser, field_block, form_data
from kabinet.conftest import World
from kabinet.escalations.models import Escalation
from kabinet.tickets.actions import add_attachment
from kabinet.tickets.models import Attachment, Ticket


def attach(ticket: Ticket, person: object, name: str, content: bytes) -> Attachment:
    return add_attachment(
        ticket,
        author=person,  # type: ignore[arg-type]
        filename=name,
        content_type="text/plain",
        chunks=[content],
    )


def test_the_dossier_starts_from_the_ticket(chain_ready: World, ticket: Ticket) -> None:
    chain_ready.engineer.phone = "+7 495 000-11-22"
    chain_ready.engineer.save()
    html = browser(chain_ready.engineer).get(f"/tickets/{ticket.number}/").content.decode()
    contacts = field_block(html, "id_escalate_contacts")
    assert "Customer: company value, contact_name value, contact_phone value" in contacts
    assert "+7 495 000-11-22" in contacts
    description = field_block(html, "id_escalate_description")
    assert "Orders do not post" in description and "Posting an order fails" in description
    assert "Business impact: business_impact value" in description
    environment = field_block(html, "id_escalate_environment")
    assert "Product and versions: product value" in environment
    assert "Server environment: server_environment value" in environment
    scenario = field_block(html, "id_escalate_test_scenario")
    assert "steps_to_reproduce value" in scenario
    assert "recent_changes value" in field_block(html, "id_escalate_recent_changes")
    # The reason is the partner's own words; the ticket has no confirmation of item 2.
    assert re.search(r"id_escalate_escalation_reason\"[^>]*>\s*</textarea>", html)
    no = r'value="no"[^>]*id="id_escalate_critical_conditions_confirmed_1"[^>]*checked'
    assert re.search(no, html)


def test_required_items_are_marked(chain_ready: World, ticket: Ticket) -> None:
    html = browser(chain_ready.engineer).get(f"/tickets/{ticket.number}/").content.decode()
    for name in ("contacts", "description", "environment", "escalation_reason"):
        block = field_block(html, f"id_escalate_{name}")
        assert '<span class="req" aria-hidden="true">*</span>' in block
        assert 'aria-required="true"' in block
    assert 'id="dossier-required"' in html


def test_the_russian_draft_reads_russian(chain_ready: World, ticket: Ticket) -> None:
    html = browser(chain_ready.engineer, "ru").get(f"/tickets/{ticket.number}/").content.decode()
    contacts = field_block(html, "id_escalate_contacts")
    assert "Клиент: company value" in contacts and "Партнёр: Partner" in contacts
    # The intake's own labels, in the reader's language.
    assert "Продукт и версии: product value" in field_block(html, "id_escalate_environment")


def test_the_chosen_files_travel_to_the_vendor(
    chain_ready: World, ticket: Ticket, attachments_dir: Path
) -> None:
    log = attach(ticket, chain_ready.contact, "log.txt", b"lock timeout")
    attach(ticket, chain_ready.contact, "private.txt", b"customer only")
    page = browser(chain_ready.engineer).get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="dossier-files"' in page and "private.txt" in page
    response = browser(chain_ready.engineer).post(
        f"/tickets/{ticket.number}/escalate/", {**form_data(), "attachments": [str(log.pk)]}
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    copies = Attachment.objects.filter(ticket=escalation.vendor_ticket)
    assert [a.filename for a in copies] == ["log.txt"]
    copy = copies.get()
    assert copy.sha256 == log.sha256 and copy.storage_name != log.storage_name
    assert copy.uploaded_by_id == chain_ready.engineer.pk
    vendor = browser(chain_ready.vendor_engineer)
    url = f"/tickets/{escalation.vendor_ticket.number}/files/{copy.pk}/"
    download = vendor.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"lock timeout"  # type: ignore[attr-defined]
    vendor_page = vendor.get(f"/tickets/{escalation.vendor_ticket.number}/").content.decode()
    assert "log.txt" in vendor_page and "private.txt" not in vendor_page
    # The customer and another partner never reach the vendor ticket's copy.
    for who in ("contact", "other_engineer"):
        assert browser(getattr(chain_ready, who)).get(url).status_code == 404
    # The vendor does not reach the customer's original.
    original = f"/tickets/{ticket.number}/files/{log.pk}/"
    assert vendor.get(original).status_code == 404


def test_a_file_of_another_ticket_is_refused_and_nothing_is_escalated(
    chain_ready: World, ticket: Ticket, attachments_dir: Path
) -> None:
    from kabinet.tickets.tests.factories import file_ticket

    other = file_ticket(chain_ready.other_contract, chain_ready.outsider)
    foreign = attach(other, chain_ready.outsider, "foreign.txt", b"not yours")
    response = browser(chain_ready.engineer).post(
        f"/tickets/{ticket.number}/escalate/", {**form_data(), "attachments": [str(foreign.pk)]}
    )
    assert response.status_code == 400
    assert "Choose the files to send among this ticket" in response.content.decode()
    assert "Posting fails with error 500" in response.content.decode()  # nothing lost
    assert not Escalation.objects.exists()


def test_the_action_refuses_a_foreign_file(
    chain_ready: World, ticket: Ticket, attachments_dir: Path
) -> None:
    import pytest

    from kabinet.cabinets.tests.conftest import dossier
    from kabinet.errors import DomainError
    from kabinet.escalations.actions import escalate_to_vendor
    from kabinet.tickets.tests.factories import file_ticket

    other = file_ticket(chain_ready.other_contract, chain_ready.outsider)
    foreign = attach(other, chain_ready.outsider, "foreign.txt", b"not yours")
    with pytest.raises(DomainError) as refused:
        escalate_to_vendor(
            ticket, author=chain_ready.engineer, dossier=dossier(), attachments=[foreign.pk]
        )
    assert refused.value.field == "attachments"
    assert not Escalation.objects.exists()
    assert Attachment.objects.count() == 1


def test_the_vendor_reads_its_answer_goes_to_the_partner(
    world: World, escalation: Escalation, client: Client
) -> None:
    client.force_login(world.vendor_engineer)
    page = client.get(f"/tickets/{escalation.vendor_ticket.number}/").content.decode()
    assert "Reply to the partner" in page
    assert "Public reply" not in page and "Send to the customer" not in page
