"""The escalation chain through the cabinet pages: the dossier form and its refusals, the
partner's view of the vendor ticket, relaying, the vendor's return and resubmission, and
that nothing of the vendor side reaches the customer's HTML."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from kabinet.cabinets.tests.conftest import VENDOR_ENGINEER_NAME, certify, dossier
from kabinet.conftest import World
from kabinet.escalations.actions import (
    change_vendor_criticality,
    relay_vendor_answer,
    vendor_return_escalation,
)
from kabinet.escalations.models import Escalation, EscalationState, RelayAs, VendorReturnReason
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import PartnerStatus, Person, Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.actions import propose_solution, record_public_reply
from kabinet.tickets.models import Status, Ticket

VENDOR_REPLY = "VENDOR-ONLY: the lock comes from the managed locks of the platform."


def browser(person: Person, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(person)
    return client


def form_data(**overrides: str) -> dict[str, str]:
    items = {k: ("yes" if v is True else v) for k, v in dossier().items()}
    return {**items, "criticality": "2", **overrides}


def field_block(html: str, field_id: str) -> str:
    """The ``<div class="field">`` holding the input with this id."""
    blocks = re.split(r'(?=<div class="field)', html)
    return next(block for block in blocks if f'id="{field_id}"' in block)


def engineer_without_certificate(world: World) -> Person:
    person = PersonFactory.create(username="uncertified")
    grant_role(organisation=world.partner, person=person, role=Role.ENGINEER)
    return person


def test_dossier_form_only_for_an_engineer_who_may_escalate(
    chain_ready: World, ticket: Ticket
) -> None:
    world = chain_ready
    page = browser(world.engineer).get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="escalate"' in page
    for label in ("1. Names and contacts", "6. Performance data", "9. Why the partner"):
        assert label in page
    uncertified = browser(engineer_without_certificate(world)).get(f"/tickets/{ticket.number}/")
    assert 'id="escalate"' not in uncertified.content.decode()
    assert "certificate valid on 2026-05-08" in uncertified.content.decode()
    customer = browser(world.contact).get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="escalate"' not in customer
    assert "escalate" not in customer.lower()


def test_lapsed_partner_status_hides_the_form_and_says_why(
    chain_ready: World, ticket: Ticket
) -> None:
    PartnerStatus.objects.filter(organisation=chain_ready.partner).update(
        valid_to=dt.date(2026, 3, 31)
    )
    page = browser(chain_ready.engineer).get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="escalate"' not in page
    assert "status is not valid on 2026-05-08" in page


def test_missing_item_is_marked_next_to_its_field_and_nothing_typed_is_lost(
    chain_ready: World, ticket: Ticket
) -> None:
    data = form_data(environment="", test_scenario="")
    response = browser(chain_ready.engineer).post(f"/tickets/{ticket.number}/escalate/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Item 4 of the dossier is required" in field_block(html, "id_escalate_environment")
    assert "Item 8 of the dossier is required" in field_block(html, "id_escalate_test_scenario")
    assert "Item 3" not in field_block(html, "id_escalate_description")
    assert "Posting fails with error 500 since the platform update." in html
    assert "Reproduced outside the customer; no workaround found." in html
    assert "<details open><summary><b>Escalate to the vendor" in html
    assert not ticket.escalations.exists()


def test_performance_data_is_required_only_for_a_performance_issue(
    chain_ready: World, ticket: Ticket
) -> None:
    engineer = browser(chain_ready.engineer)
    url = f"/tickets/{ticket.number}/escalate/"
    response = engineer.post(url, form_data(performance_issue="on"))
    assert response.status_code == 400
    assert "Item 6 of the dossier is required" in field_block(
        response.content.decode(), "id_escalate_performance_before_after"
    )
    assert engineer.post(url, form_data()).status_code == 302
    assert ticket.escalations.get().performance_issue is False


def test_refusal_is_on_top_in_the_users_language(chain_ready: World, ticket: Ticket) -> None:
    # A page opened before the certificate lapsed: the action refuses on submit.
    person = engineer_without_certificate(chain_ready)
    certify(person, until=dt.date(2026, 5, 7))
    response = browser(person, "ru").post(f"/tickets/{ticket.number}/escalate/", form_data())
    assert response.status_code == 400
    html = response.content.decode()
    assert "только инженер с сертификатом, действующим на 2026-05-08" in html
    assert "Load the attached base, post invoice 42." in html


def test_partner_sees_the_vendor_ticket_its_countdown_and_messages(
    chain_ready: World, escalation: Escalation, ticket: Ticket
) -> None:
    record_public_reply(
        escalation.vendor_ticket, author=chain_ready.vendor_engineer, body=VENDOR_REPLY
    )
    html = browser(chain_ready.engineer).get(f"/tickets/{ticket.number}/").content.decode()
    number = escalation.number
    assert f'<a href="/tickets/{number}/" class="num" id="vendor-ticket">{number}</a>' in html
    panel = html[html.index('id="escalation"') :]
    assert "countdown" in panel
    assert VENDOR_ENGINEER_NAME in panel
    assert VENDOR_REPLY in field_block(panel, "id_relay_body")  # the relay form starts from it
    assert 'id="escalate"' not in html  # already with the vendor


def test_nothing_of_the_vendor_side_reaches_the_customer(
    chain_ready: World, escalation: Escalation, ticket: Ticket
) -> None:
    world = chain_ready
    vendor_ticket = escalation.vendor_ticket
    record_public_reply(vendor_ticket, author=world.vendor_engineer, body=VENDOR_REPLY)
    change_vendor_criticality(
        escalation, author=world.vendor_engineer, criticality=3, reason="VENDOR-REASON"
    )
    vendor_return_escalation(
        escalation,
        author=world.vendor_engineer,
        reason=VendorReturnReason.INSUFFICIENT_DIAGNOSTICS,
        body="VENDOR-RETURN",
    )
    relay_vendor_answer(escalation, author=world.engineer, body="Please send the tech log.")
    secrets = [
        str(vendor_ticket.number),
        vendor_ticket.contract.number,
        VENDOR_ENGINEER_NAME,
        world.vendor_engineer.username,
        VENDOR_REPLY,
        "VENDOR-REASON",
        "VENDOR-RETURN",
    ]
    for person in (world.contact, world.admin, world.sibling_contact):
        client = browser(person)
        for url in (f"/tickets/{ticket.number}/", "/client/"):
            html = client.get(url).content.decode()
            assert "Please send the tech log." in html or url == "/client/"
            for secret in secrets:
                assert secret not in html, (person, url, secret)
    partner_html = browser(world.engineer).get(f"/tickets/{ticket.number}/").content.decode()
    for shown in (str(vendor_ticket.number), VENDOR_ENGINEER_NAME, VENDOR_REPLY):
        assert shown in partner_html  # the same page for the partner has them all


@pytest.mark.parametrize(
    ("relay_as", "status"),
    [("reply", Status.IN_PROGRESS), ("solution", Status.SOLUTION_PROPOSED)],
)
def test_relay_lands_on_the_customer_ticket_as_chosen(
    chain_ready: World, escalation: Escalation, ticket: Ticket, relay_as: str, status: Status
) -> None:
    response = browser(chain_ready.engineer).post(
        f"/tickets/{ticket.number}/relay/", {"relay_as": relay_as, "body": "Install 3.1.27."}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == status
    event = ticket.events.order_by("-id").first()
    assert event is not None
    assert (event.actor, event.payload["body"]) == (chain_ready.engineer, "Install 3.1.27.")


def test_relay_without_a_message_is_refused_next_to_the_field(
    chain_ready: World, escalation: Escalation, ticket: Ticket
) -> None:
    response = browser(chain_ready.engineer).post(
        f"/tickets/{ticket.number}/relay/", {"relay_as": "reply", "body": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in field_block(response.content.decode(), "id_relay_body")


def test_vendor_returns_with_a_listed_reason_and_the_partner_resubmits(
    chain_ready: World, escalation: Escalation
) -> None:
    world = chain_ready
    url = f"/tickets/{escalation.number}/"
    vendor = browser(world.vendor_engineer)
    page = vendor.get(url).content.decode()
    assert f'action="{url}vendor-return/"' in page
    assert 'value="other"' not in page
    refused = vendor.post(url + "vendor-return/", {"reason": "other", "body": "x"})
    assert refused.status_code == 400
    returned = vendor.post(url + "vendor-return/", {"reason": "no_reproduction_scenario"})
    assert returned.status_code == 302
    partner = browser(world.engineer)
    page = partner.get(url).content.decode()
    assert 'id="resubmit"' in page
    assert "no test scenario and data set to reproduce the problem" in page
    assert 'id="reply"' not in page  # the answer to a return is the resubmission
    data = form_data(body="", test_scenario="Base attached; post invoice 42 twice.")
    assert partner.post(url + "resubmit/", data).status_code == 400
    data["body"] = "The scenario is in item 8."
    assert partner.post(url + "resubmit/", data).status_code == 302
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.ACTIVE
    assert escalation.dossier["test_scenario"] == "Base attached; post invoice 42 twice."
    assert escalation.vendor_ticket.status == Status.IN_PROGRESS


def test_vendor_changes_only_its_own_tickets_criticality(
    chain_ready: World, escalation: Escalation, ticket: Ticket
) -> None:
    response = browser(chain_ready.vendor_engineer).post(
        f"/tickets/{escalation.number}/vendor-criticality/",
        {"criticality": "3", "reason": "One user only."},
    )
    assert response.status_code == 302
    escalation.vendor_ticket.refresh_from_db()
    ticket.refresh_from_db()
    assert (escalation.vendor_ticket.criticality, ticket.criticality) == (3, 2)


def test_partner_on_the_vendor_ticket_has_the_customer_tools(
    chain_ready: World, escalation: Escalation
) -> None:
    propose_solution(escalation.vendor_ticket, author=chain_ready.vendor_engineer, body="Fix.")
    html = browser(chain_ready.engineer).get(f"/tickets/{escalation.number}/").content.decode()
    assert 'id="accept"' in html
    assert "/reject/" in html
    assert 'id="public-reply"' not in html
    assert f'href="/tickets/{escalation.customer_ticket.number}/"' in html


def test_vendor_never_reaches_the_customer_ticket(
    chain_ready: World, escalation: Escalation, ticket: Ticket
) -> None:
    vendor = browser(chain_ready.vendor_engineer)
    html = vendor.get(f"/tickets/{escalation.number}/").content.decode()
    assert str(ticket.number) not in html
    assert vendor.get(f"/tickets/{ticket.number}/").status_code == 404


def test_escalation_notes_read_in_the_users_language(
    chain_ready: World, escalation: Escalation, ticket: Ticket
) -> None:
    html = browser(chain_ready.engineer, "ru").get(f"/tickets/{ticket.number}/").content.decode()
    assert "Обращение передано вендору." in html
    assert f'<a href="/tickets/{escalation.number}/" class="num">' in html


def test_relay_is_refused_after_the_customer_ticket_closes(
    chain_ready: World, escalation: Escalation, ticket: Ticket
) -> None:
    relay_vendor_answer(
        escalation, author=chain_ready.engineer, body="Fix.", relay_as=RelayAs.SOLUTION
    )
    browser(chain_ready.contact).post(f"/tickets/{ticket.number}/accept/")
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    partner = browser(chain_ready.engineer)
    assert 'id="relay"' not in partner.get(f"/tickets/{ticket.number}/").content.decode()
    response = partner.post(f"/tickets/{ticket.number}/relay/", {"relay_as": "reply", "body": "x"})
    assert response.status_code == 400


def test_partner_answers_accepts_and_rates_on_the_vendor_ticket(
    chain_ready: World, escalation: Escalation
) -> None:
    partner = browser(chain_ready.engineer)
    url = f"/tickets/{escalation.number}/"
    assert partner.post(url + "reply/", {"body": "One more log attached."}).status_code == 302
    propose_solution(escalation.vendor_ticket, author=chain_ready.vendor_engineer, body="Fix.")
    assert partner.post(url + "reject/", {"reason": "Still fails."}).status_code == 302
    propose_solution(escalation.vendor_ticket, author=chain_ready.vendor_engineer, body="Fix 2.")
    assert partner.post(url + "accept/").status_code == 302
    assert (
        partner.post(
            url + "rate/", {"solution_rating": "4", "rating": "4", "comment": "Good."}
        ).status_code
        == 302
    )
    vendor_ticket = escalation.vendor_ticket
    vendor_ticket.refresh_from_db()
    assert (vendor_ticket.status, vendor_ticket.rating) == (Status.CLOSED, 4)
    html = partner.get(url).content.decode()
    assert 'id="reopen"' in html  # on its vendor contract the partner is the customer
    assert partner.post(url + "reopen/", {"reason": "It is back."}).status_code == 302
    vendor_ticket.refresh_from_db()
    assert vendor_ticket.status == Status.IN_PROGRESS


def test_vendor_updates_show_on_the_partners_timeline_only(
    chain_ready: World, escalation: Escalation, ticket: Ticket
) -> None:
    propose_solution(escalation.vendor_ticket, author=chain_ready.vendor_engineer, body="Fix 3.")
    partner = browser(chain_ready.engineer).get(f"/tickets/{ticket.number}/").content.decode()
    history = partner[partner.index('class="timeline"', partner.index("History")) :]
    assert "The vendor proposed a solution." in history
    assert "solution proposed" in history
    assert '<blockquote class="body">Fix 3.</blockquote>' in history
    customer = browser(chain_ready.contact).get(f"/tickets/{ticket.number}/").content.decode()
    assert "Fix 3." not in customer
    assert "The vendor proposed" not in customer


def test_the_vendor_replies_to_the_partner_not_the_customer(
    chain_ready: World, escalation: Escalation
) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(chain_ready.vendor_engineer)
    html = client.get(f"/tickets/{escalation.number}/").content.decode()
    assert "<summary>Ответ партнёру</summary>" in html and "Ответ клиенту" not in html
