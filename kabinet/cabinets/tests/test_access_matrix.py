"""Who may open and change what, page by page: 200, 302 (to sign-in or after an act) or 404.

Customers never receive internal comments in the HTML; other tenants see 404, not 403.
"""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.conftest import World
from kabinet.tickets.actions import add_internal_comment, propose_solution
from kabinet.tickets.models import Status, Ticket

ANON, CONTACT, ADMIN, SIBLING, OUTSIDER, ENGINEER, OTHER_ENGINEER, VENDOR = (
    "anon",
    "contact",
    "admin",
    "sibling_contact",
    "outsider",
    "engineer",
    "other_engineer",
    "vendor_engineer",
)
PEOPLE = (ANON, CONTACT, ADMIN, SIBLING, OUTSIDER, ENGINEER, OTHER_ENGINEER, VENDOR)


def login(client: Client, world: World, who: str) -> None:
    if who != ANON:
        client.force_login(getattr(world, who))


PAGES: dict[str, dict[str, int]] = {
    "/client/": {
        CONTACT: 200,
        ADMIN: 200,
        SIBLING: 200,
        OUTSIDER: 200,
        ENGINEER: 404,
        OTHER_ENGINEER: 404,
        VENDOR: 404,
    },
    "/client/new/": {
        CONTACT: 200,
        ADMIN: 200,
        SIBLING: 200,
        OUTSIDER: 200,
        ENGINEER: 404,
        OTHER_ENGINEER: 404,
        VENDOR: 404,
    },
    "/people/": {
        CONTACT: 404,
        ADMIN: 200,
        SIBLING: 404,
        OUTSIDER: 404,
        ENGINEER: 404,
        OTHER_ENGINEER: 404,
        VENDOR: 404,
    },
    "/client/contracts/{contract}/": {
        CONTACT: 200,
        ADMIN: 200,
        SIBLING: 200,
        OUTSIDER: 404,
        ENGINEER: 404,
        OTHER_ENGINEER: 404,
        VENDOR: 404,
    },
    "/partner/": {
        CONTACT: 404,
        ADMIN: 404,
        SIBLING: 404,
        OUTSIDER: 404,
        ENGINEER: 200,
        OTHER_ENGINEER: 200,
        VENDOR: 404,
    },
    "/vendor/": {
        CONTACT: 404,
        ADMIN: 404,
        SIBLING: 404,
        OUTSIDER: 404,
        ENGINEER: 404,
        OTHER_ENGINEER: 404,
        VENDOR: 200,
    },
    "/tickets/{number}/": {
        CONTACT: 200,
        ADMIN: 200,
        SIBLING: 200,
        OUTSIDER: 404,
        ENGINEER: 200,
        OTHER_ENGINEER: 404,
        VENDOR: 404,
    },
    "/account/": {who: 200 for who in PEOPLE if who != ANON},
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_access(world: World, ticket: Ticket, client: Client, page: str, who: str) -> None:
    login(client, world, who)
    url = page.format(contract=world.contract.pk, number=ticket.number)
    response = client.get(url)
    expected = 302 if who == ANON else PAGES[page][who]
    assert response.status_code == expected, url
    if who == ANON:
        assert response["Location"].startswith("/login/")


def test_home_sends_each_side_to_its_cabinet(world: World, client: Client) -> None:
    for who, target in ((CONTACT, "/client/"), (ENGINEER, "/partner/"), (VENDOR, "/vendor/")):
        login(client, world, who)
        assert client.get("/")["Location"] == target


def test_customer_never_receives_internal_comments(
    world: World, ticket: Ticket, client: Client
) -> None:
    add_internal_comment(ticket, author=world.engineer, body="INTERNAL-ONLY-NOTE")
    login(client, world, ENGINEER)
    assert b"INTERNAL-ONLY-NOTE" in client.get(f"/tickets/{ticket.number}/").content
    for who in (CONTACT, ADMIN, SIBLING):
        login(client, world, who)
        body = client.get(f"/tickets/{ticket.number}/").content
        assert b"INTERNAL-ONLY-NOTE" not in body
        assert b"internal-comment" not in body  # no supplier tools either


SUPPLIER_ACTS = {
    "public-reply/": {"body": "We are on it."},
    "internal-comment/": {"body": "note"},
    "return/": {"reason": "insufficient_diagnostics", "body": "logs please"},
    "criticality/": {"criticality": "3", "reason": "not blocking"},
    "propose-solution/": {"body": "Install the fix."},
}


@pytest.mark.parametrize("act", list(SUPPLIER_ACTS))
@pytest.mark.parametrize(
    ("who", "expected"),
    [(ENGINEER, 302), (CONTACT, 400), (OUTSIDER, 404), (OTHER_ENGINEER, 404), (ANON, 302)],
)
def test_supplier_acts(
    world: World, ticket: Ticket, client: Client, act: str, who: str, expected: int
) -> None:
    login(client, world, who)
    response = client.post(f"/tickets/{ticket.number}/{act}", SUPPLIER_ACTS[act])
    assert response.status_code == expected
    if who == ENGINEER:
        assert response["Location"] == f"/tickets/{ticket.number}/"


@pytest.mark.parametrize(
    ("who", "expected"), [(CONTACT, 302), (SIBLING, 302), (ENGINEER, 400), (OUTSIDER, 404)]
)
def test_customer_reply(
    world: World, ticket: Ticket, client: Client, who: str, expected: int
) -> None:
    login(client, world, who)
    response = client.post(f"/tickets/{ticket.number}/reply/", {"body": "More details."})
    assert response.status_code == expected


def test_refusal_is_shown_next_to_the_form(world: World, ticket: Ticket, client: Client) -> None:
    login(client, world, ENGINEER)
    response = client.post(
        f"/tickets/{ticket.number}/criticality/", {"criticality": "2", "reason": "same"}
    )
    assert response.status_code == 400
    assert "The ticket already has this criticality." in response.content.decode()


def test_accept_and_rate(world: World, ticket: Ticket, client: Client) -> None:
    propose_solution(ticket, author=world.engineer, body="Install the fix.")
    login(client, world, OUTSIDER)
    assert client.post(f"/tickets/{ticket.number}/accept/").status_code == 404
    login(client, world, CONTACT)
    assert client.post(f"/tickets/{ticket.number}/accept/").status_code == 302
    rated = {"rating": "5", "solution_rating": "4"}
    assert client.post(f"/tickets/{ticket.number}/rate/", rated).status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.rating) == (Status.CLOSED, 5)


def test_file_ticket_requires_package_fields(world: World, client: Client) -> None:
    world.contract.package.mandatory_intake_fields = ["product"]
    world.contract.package.save()
    login(client, world, CONTACT)
    data = {
        "contract": world.contract.pk,
        "subject": "S",
        "description": "D",
        "criticality": "2",
        "is_production": "on",
    }
    response = client.post("/client/new/", data)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post("/client/new/", {**data, "intake_product": "CRM 3.1"})
    assert response.status_code == 302
    assert Ticket.objects.get(subject="S").criticality == 2


def test_level_2_needs_production(world: World, client: Client) -> None:
    login(client, world, CONTACT)
    data = {"contract": world.contract.pk, "subject": "S", "description": "D", "criticality": "2"}
    response = client.post("/client/new/", data)
    assert "only for production systems" in response.content.decode()


def test_attachment_over_limit_points_to_large_file_place(
    world: World, ticket: Ticket, client: Client
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    world.contract.package.attachment_size_limit = 10
    world.contract.package.save()
    login(client, world, CONTACT)
    upload = SimpleUploadedFile("big.log", b"x" * 100, content_type="text/plain")
    response = client.post(f"/tickets/{ticket.number}/files/", {"file": upload})
    assert response.status_code == 400
    assert "say below that you have more diagnostic data" in response.content.decode()


def test_org_admin_grants_and_revokes(world: World, client: Client) -> None:
    login(client, world, ADMIN)
    data = {"organisation": world.customer.pk, "person": world.contact.pk, "role": "org_admin"}
    assert client.post("/people/grant/", data).status_code == 302
    assert client.post("/people/revoke/", data).status_code == 302
    login(client, world, CONTACT)
    assert client.post("/people/grant/", data).status_code == 404


# Ending a ticket (tickets.actions.closing): the customer withdraws, the supplier closes one
# withdrawn elsewhere; the other side is refused next to the form (400), strangers get 404.
ENDING_ACTS = {
    "withdraw/": (
        {"reason": "Not needed."},
        {CONTACT: 302, ADMIN: 302, SIBLING: 302, ENGINEER: 400, OUTSIDER: 404},
    ),
    "close-withdrawn/": (
        {"reason": "Withdrawn by phone."},
        {ENGINEER: 302, CONTACT: 400, OTHER_ENGINEER: 404, VENDOR: 404, OUTSIDER: 404},
    ),
}


@pytest.mark.parametrize(
    ("act", "who"), [(act, who) for act, (_, rows) in ENDING_ACTS.items() for who in rows]
)
def test_ending_acts(world: World, ticket: Ticket, client: Client, act: str, who: str) -> None:
    data, rows = ENDING_ACTS[act]
    login(client, world, who)
    response = client.post(f"/tickets/{ticket.number}/{act}", data)
    assert response.status_code == rows[who]
    ticket.refresh_from_db()
    assert ticket.is_open is (rows[who] != 302)


@pytest.mark.parametrize("act", list(ENDING_ACTS))
def test_ending_acts_need_sign_in(ticket: Ticket, client: Client, act: str) -> None:
    response = client.post(f"/tickets/{ticket.number}/{act}", ENDING_ACTS[act][0])
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    ticket.refresh_from_db()
    assert ticket.is_open


def test_the_page_offers_each_side_its_ending(world: World, ticket: Ticket, client: Client) -> None:
    login(client, world, CONTACT)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="withdraw"' in page and 'id="close-withdrawn"' not in page
    login(client, world, ENGINEER)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="close-withdrawn"' in page and 'id="withdraw"' not in page
    propose_solution(ticket, author=world.engineer, body="Install the fix.")
    login(client, world, CONTACT)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="auto-close"' in page  # told when the proposal closes by itself


POSTPONEMENT_ACTS = {
    "postpone/": (
        {"reason": "needs_development", "until": "2026-07-01T12:00"},
        {ENGINEER: 302, CONTACT: 400, OTHER_ENGINEER: 404, VENDOR: 404, OUTSIDER: 404, ANON: 302},
        False,
    ),
    "postpone/agree/": (
        {},
        {CONTACT: 302, ADMIN: 302, ENGINEER: 400, OUTSIDER: 404, OTHER_ENGINEER: 404, ANON: 302},
        True,
    ),
    "postpone/decline/": (
        {"reason": "We need it now."},
        {CONTACT: 302, SIBLING: 302, ENGINEER: 400, OUTSIDER: 404, VENDOR: 404, ANON: 302},
        True,
    ),
}


@pytest.mark.parametrize(
    ("act", "who"), [(act, who) for act, (_, rows, _p) in POSTPONEMENT_ACTS.items() for who in rows]
)
def test_postponement_acts(
    world: World, ticket: Ticket, client: Client, act: str, who: str
) -> None:
    import datetime as dt

    from kabinet.tickets.actions import propose_postponement, record_public_reply
    from kabinet.tickets.models import EventKind, PostponementReason

    data, rows, proposed = POSTPONEMENT_ACTS[act]
    record_public_reply(ticket, author=world.engineer, body="Looking.")
    if proposed:
        propose_postponement(
            ticket,
            author=world.engineer,
            reason=PostponementReason.CANNOT_REPRODUCE,
            until=dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC),
        )
    before = ticket.events.count()
    login(client, world, who)
    response = client.post(f"/tickets/{ticket.number}/{act}", data)
    assert response.status_code == rows[who]
    written = ticket.events.count() - before
    assert written == (1 if rows[who] == 302 and who != ANON else 0)
    if written and act == "postpone/agree/":
        assert ticket.events.order_by("-id")[0].kind == EventKind.POSTPONEMENT_AGREED


def test_the_customer_sees_the_postponement_to_answer(
    world: World, ticket: Ticket, client: Client
) -> None:
    import datetime as dt

    from kabinet.tickets.actions import propose_postponement, record_public_reply
    from kabinet.tickets.models import PostponementReason

    record_public_reply(ticket, author=world.engineer, body="Looking.")
    login(client, world, ENGINEER)
    assert 'id="postpone"' in client.get(f"/tickets/{ticket.number}/").content.decode()
    propose_postponement(
        ticket,
        author=world.engineer,
        reason=PostponementReason.OUT_OF_SCOPE,
        until=dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC),
        body="Needs a consultant.",
    )
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="postponement-pending"' in page and 'id="postpone"' not in page
    login(client, world, CONTACT)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="agree-postponement"' in page and "Needs a consultant." in page
    assert "outside technical support" in page
