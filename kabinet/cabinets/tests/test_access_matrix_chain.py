"""Who may open and act on the escalation chain's pages, the support lines and reopening:
200, 302 (to sign-in, or back to the ticket after an act), 400 (a party refused by the
action, with its message) or 404 (not a party: exactly like a missing ticket)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from kabinet.cabinets.tests.conftest import dossier
from kabinet.cabinets.tests.test_access_matrix import (
    ADMIN,
    ANON,
    CONTACT,
    ENGINEER,
    OTHER_ENGINEER,
    OUTSIDER,
    PEOPLE,
    SIBLING,
    VENDOR,
    login,
)
from kabinet.conftest import World
from kabinet.contracts.models import CalendarKey
from kabinet.escalations.actions import vendor_return_escalation
from kabinet.escalations.models import Escalation, EscalationState, VendorReturnReason
from kabinet.lines.models import SupportLine
from kabinet.lines.queries import current_line
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.actions import accept_solution, propose_solution
from kabinet.tickets.models import Status, Ticket


def form_data(**overrides: str) -> dict[str, str]:
    items = {k: ("yes" if v is True else v) for k, v in dossier().items()}
    return {**items, "criticality": "2", **overrides}


def expect(who: str, table: dict[str, int], response_code: int, response_location: str) -> None:
    if who == ANON:
        assert response_code == 302
        assert response_location.startswith("/login/")
    else:
        assert response_code == table[who]


VENDOR_TICKET_PAGE = {
    CONTACT: 404,
    ADMIN: 404,
    SIBLING: 404,
    OUTSIDER: 404,
    ENGINEER: 200,  # the partner is the vendor ticket's customer
    OTHER_ENGINEER: 404,
    VENDOR: 200,
}


@pytest.mark.parametrize("who", PEOPLE)
def test_vendor_ticket_page(world: World, escalation: Escalation, client: Client, who: str) -> None:
    login(client, world, who)
    response = client.get(f"/tickets/{escalation.number}/")
    expect(who, VENDOR_TICKET_PAGE, response.status_code, response.get("Location", ""))


ESCALATE = {
    CONTACT: 400,  # a party to the ticket, refused by the action with its message
    ADMIN: 400,
    SIBLING: 400,
    OUTSIDER: 404,
    ENGINEER: 302,
    OTHER_ENGINEER: 404,
    VENDOR: 404,
}


@pytest.mark.parametrize("who", PEOPLE)
def test_escalate(chain_ready: World, ticket: Ticket, client: Client, who: str) -> None:
    login(client, chain_ready, who)
    response = client.post(f"/tickets/{ticket.number}/escalate/", form_data())
    expect(who, ESCALATE, response.status_code, response.get("Location", ""))
    assert ticket.escalations.exists() is (who == ENGINEER)


RELAY = {
    CONTACT: 404,  # the customer is answered as if there were no escalation
    ADMIN: 404,
    SIBLING: 404,
    OUTSIDER: 404,
    ENGINEER: 302,
    OTHER_ENGINEER: 404,
    VENDOR: 404,
}


@pytest.mark.parametrize("who", PEOPLE)
def test_relay(
    world: World, escalation: Escalation, ticket: Ticket, client: Client, who: str
) -> None:
    login(client, world, who)
    data = {"relay_as": "reply", "body": "The vendor confirms the error."}
    response = client.post(f"/tickets/{ticket.number}/relay/", data)
    expect(who, RELAY, response.status_code, response.get("Location", ""))


VENDOR_ACTS = {
    CONTACT: 404,
    ADMIN: 404,
    SIBLING: 404,
    OUTSIDER: 404,
    ENGINEER: 400,  # the partner sees the escalation but is not the vendor ticket's supplier
    OTHER_ENGINEER: 404,
    VENDOR: 302,
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(
    ("act", "data"),
    [
        ("vendor-return/", {"reason": "insufficient_diagnostics", "body": "Logs, please."}),
        ("vendor-criticality/", {"criticality": "3", "reason": "Not blocking."}),
        ("public-reply/", {"body": "We reproduce it."}),
        ("propose-solution/", {"body": "Install the fix."}),
    ],
)
def test_vendor_acts(
    world: World, escalation: Escalation, client: Client, who: str, act: str, data: dict[str, str]
) -> None:
    login(client, world, who)
    response = client.post(f"/tickets/{escalation.number}/{act}", data)
    expect(who, VENDOR_ACTS, response.status_code, response.get("Location", ""))


RESUBMIT = {
    CONTACT: 404,
    ADMIN: 404,
    SIBLING: 404,
    OUTSIDER: 404,
    ENGINEER: 302,
    OTHER_ENGINEER: 404,
    VENDOR: 400,  # sees the escalation, but only the partner's staff may resubmit
}


@pytest.mark.parametrize("who", PEOPLE)
def test_resubmit(world: World, escalation: Escalation, client: Client, who: str) -> None:
    vendor_return_escalation(
        escalation,
        author=world.vendor_engineer,
        reason=VendorReturnReason.NO_ENVIRONMENT_DESCRIPTION,
    )
    login(client, world, who)
    data = form_data(body="The environment is in item 4 now.", environment="Linux, 128 GB")
    response = client.post(f"/tickets/{escalation.number}/resubmit/", data)
    expect(who, RESUBMIT, response.status_code, response.get("Location", ""))
    escalation.refresh_from_db()
    expected = EscalationState.ACTIVE if who == ENGINEER else EscalationState.RETURNED
    assert escalation.state == expected


MOVE_LINE = {
    CONTACT: 404,
    ADMIN: 404,
    SIBLING: 404,
    OUTSIDER: 404,
    ENGINEER: 302,
    OTHER_ENGINEER: 404,
    VENDOR: 404,
}


@pytest.fixture
def lines(world: World) -> list[SupportLine]:
    return [
        SupportLine.objects.create(
            supplier=world.partner,
            key=key,
            name=key.title(),
            position=position,
            reaction_amount=hours,
            reaction_calendar=CalendarKey.BUSINESS,
        )
        for position, (key, hours) in enumerate([("consultant", 2), ("engineer", 4)], start=1)
    ]


@pytest.mark.parametrize("who", PEOPLE)
def test_move_line(
    world: World, ticket: Ticket, lines: list[SupportLine], client: Client, who: str
) -> None:
    login(client, world, who)
    data = {"line": "engineer", "reason": "Needs an engineer.", "assignee": world.engineer.pk}
    response = client.post(f"/tickets/{ticket.number}/line/", data)
    expect(who, MOVE_LINE, response.status_code, response.get("Location", ""))
    expected = "engineer" if who == ENGINEER else "consultant"
    line = current_line(ticket)
    assert line is not None
    assert line.key == expected


LINE_PANEL = {
    CONTACT: False,
    ADMIN: False,
    SIBLING: False,
    OUTSIDER: False,
    ENGINEER: True,
    OTHER_ENGINEER: False,
    VENDOR: False,
}


@pytest.mark.parametrize("who", [w for w in PEOPLE if w != ANON])
def test_only_the_supplier_sees_the_line_panel(
    world: World, ticket: Ticket, lines: list[SupportLine], client: Client, who: str
) -> None:
    login(client, world, who)
    body = client.get(f"/tickets/{ticket.number}/").content
    assert (b'id="lines"' in body) is LINE_PANEL[who]
    assert (b"Consultant" in body) is LINE_PANEL[who]


REOPEN = {
    CONTACT: 302,
    ADMIN: 302,
    SIBLING: 302,  # an authorised contact of the same company group
    OUTSIDER: 404,
    ENGINEER: 400,  # the supplier: refused by the action, with its message
    OTHER_ENGINEER: 404,
    VENDOR: 404,
}


@pytest.fixture
def closed(world: World, ticket: Ticket) -> Ticket:
    propose_solution(ticket, author=world.engineer, body="Install the fix.")
    accept_solution(ticket, author=world.contact)
    ticket.refresh_from_db()
    return ticket


@pytest.mark.parametrize("who", PEOPLE)
def test_reopen(world: World, closed: Ticket, client: Client, who: str) -> None:
    login(client, world, who)
    response = client.post(f"/tickets/{closed.number}/reopen/", {"reason": "It came back."})
    expect(who, REOPEN, response.status_code, response.get("Location", ""))
    closed.refresh_from_db()
    expected = Status.IN_PROGRESS if REOPEN.get(who) == 302 else Status.CLOSED
    assert closed.status == expected


def test_reopen_needs_a_reason_next_to_the_field(
    world: World, closed: Ticket, client: Client
) -> None:
    login(client, world, CONTACT)
    page = client.get(f"/tickets/{closed.number}/").content.decode()
    assert 'id="reopen"' in page
    response = client.post(f"/tickets/{closed.number}/reopen/", {"reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    reason_field = html[html.index('id="reopen"') :]
    assert "This field is required." in reason_field


def test_reopen_after_the_window_says_to_file_a_new_ticket(
    world: World, closed: Ticket, client: Client, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.shift(dt.timedelta(days=world.contract.package.reopen_days + 1))
    login(client, world, CONTACT)
    response = client.post(f"/tickets/{closed.number}/reopen/", {"reason": "Again."})
    assert response.status_code == 400
    assert "new ticket" in response.content.decode()


NEW_TICKET_ON_VENDOR_CONTRACT = {
    CONTACT: 400,  # the page offers a customer only its own contracts: the form refuses
    ADMIN: 400,
    SIBLING: 400,
    OUTSIDER: 400,
    ENGINEER: 404,  # partner staff have no client cabinet
    OTHER_ENGINEER: 404,
    VENDOR: 404,
}


@pytest.mark.parametrize("who", PEOPLE)
def test_nobody_files_on_the_vendor_contract_from_the_new_ticket_page(
    chain_ready: World, client: Client, who: str
) -> None:
    world = chain_ready
    contract = world.vendor.supplied_contracts.get(customer=world.partner)
    login(client, world, who)
    data = {
        "contract": str(contract.pk),
        "subject": "Платформа",
        "description": "Подробности",
        "criticality": "4",
    }
    response = client.post("/client/new/", data)
    expect(who, NEW_TICKET_ON_VENDOR_CONTRACT, response.status_code, response.get("Location", ""))
    assert Ticket.objects.filter(contract=contract).exists() is False


def test_partner_staff_with_a_client_cabinet_are_sent_to_escalation(
    chain_ready: World, client: Client
) -> None:
    # A partner's manager who is also a customer's authorised contact reaches the page, and
    # the partner's contract with the vendor is among "their" contracts: registration
    # refuses it, pointing to escalation.
    world = chain_ready
    contract = world.vendor.supplied_contracts.get(customer=world.partner)
    manager = PersonFactory.create(username="partner_manager")
    grant_role(organisation=world.partner, person=manager, role=Role.MANAGER)
    grant_role(organisation=world.customer, person=manager, role=Role.AUTHORISED_CONTACT)
    client.force_login(manager)
    data = {
        "contract": str(contract.pk),
        "subject": "Платформа",
        "description": "Подробности",
        "criticality": "4",
    }
    response = client.post("/client/new/", data, headers={"accept-language": "ru"})
    assert response.status_code == 400
    assert "Обращения попадают к вендору только эскалацией" in response.content.decode()
    assert Ticket.objects.filter(contract=contract).exists() is False
