"""The ticket page's acts of seed issue 18, page by page: who may give, see and delete
access credentials, ask to expedite, refuse, and rate solution and support apart (the
other side is refused next to the form, 400; strangers get 404); the secret shows only in
the response of the act that shows it; and the new words read in Russian."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.cabinets.tests.conftest import intake
from kabinet.cabinets.tests.test_access_matrix import (
    ADMIN,
    ANON,
    CONTACT,
    ENGINEER,
    OTHER_ENGINEER,
    OUTSIDER,
    SIBLING,
    VENDOR,
    login,
)
from kabinet.cabinets.tests.test_page_language import english_words, findings
from kabinet.conftest import World
from kabinet.orgs.models import Organisation, Person
from kabinet.tickets import actions
from kabinet.tickets.models import EventKind, RefusalReason, Status, Ticket, TicketCredentials

SECRET = "rdp 10.1.1.5 admin / Temp-Pa55"


def _give(world: World, ticket: Ticket) -> None:
    actions.give_credentials(ticket, author=world.contact, secret=SECRET)


# act path -> (form data, setup gives credentials first, expected status per person)
ACTS: dict[str, tuple[dict[str, str], bool, dict[str, int]]] = {
    "credentials/": (
        {"secret": SECRET},
        False,
        {CONTACT: 302, ADMIN: 302, ENGINEER: 400, OUTSIDER: 404, VENDOR: 404, ANON: 302},
    ),
    # The ticket's assignee is the engineer (the contract's personal consultant).
    "credentials/show/": (
        {},
        True,
        {CONTACT: 200, ENGINEER: 200, ADMIN: 400, SIBLING: 400, OUTSIDER: 404, ANON: 302},
    ),
    "credentials/remove/": (
        {},
        True,
        {CONTACT: 302, ENGINEER: 302, OTHER_ENGINEER: 404, OUTSIDER: 404, ANON: 302},
    ),
    "expedite/": (
        {"body": "Склад стоит."},
        False,
        {CONTACT: 302, SIBLING: 302, ENGINEER: 400, OUTSIDER: 404, VENDOR: 404, ANON: 302},
    ),
    "refuse/": (
        {"reason": "third_party", "body": "Это вопрос к банку."},
        False,
        {ENGINEER: 302, CONTACT: 400, OTHER_ENGINEER: 404, OUTSIDER: 404, ANON: 302},
    ),
}


@pytest.mark.parametrize(
    ("act", "who"), [(a, w) for a, (_, _g, rows) in ACTS.items() for w in rows]
)
def test_seed_acts(world: World, ticket: Ticket, client: Client, act: str, who: str) -> None:
    data, given, rows = ACTS[act]
    if given:
        _give(world, ticket)
    before = ticket.events.count()
    login(client, world, who)
    response = client.post(f"/tickets/{ticket.number}/{act}", data)
    assert response.status_code == rows[who]
    if who == ANON:
        assert response["Location"].startswith("/login/")
    written = ticket.events.count() - before
    assert written == (1 if rows[who] in (200, 302) and who != ANON else 0)
    if act != "credentials/":  # there, a refused form keeps what its own sender typed
        shown = SECRET in response.content.decode()
        assert shown is (act == "credentials/show/" and rows[who] == 200)


def test_the_secret_shows_once_and_never_on_the_plain_page(
    world: World, ticket: Ticket, client: Client
) -> None:
    _give(world, ticket)
    login(client, world, ENGINEER)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="credentials"' in page and 'id="reveal-credentials"' in page
    assert "Temp-Pa55" not in page
    shown = client.post(f"/tickets/{ticket.number}/credentials/show/")
    assert "no-store" in shown["Cache-Control"]
    assert 'id="credentials-secret"' in shown.content.decode()
    assert "Temp-Pa55" not in client.get(f"/tickets/{ticket.number}/").content.decode()
    # The admin sees that credentials are kept, not the secret nor the button.
    login(client, world, ADMIN)
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="credentials"' in page and 'id="reveal-credentials"' not in page


def test_rating_solution_and_support_from_the_page(
    world: World, ticket: Ticket, client: Client
) -> None:
    actions.propose_solution(ticket, author=world.engineer, body="Готово.")
    actions.accept_solution(ticket, author=world.contact)
    login(client, world, CONTACT)
    url = f"/tickets/{ticket.number}/rate/"
    missing = client.post(url, {"rating": "5"})
    assert missing.status_code == 400
    assert 'id="id_rate_solution_rating_0"' in missing.content.decode()
    done = client.post(url, {"rating": "5", "solution_rating": "3", "comment": "Звоните."})
    assert done.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.solution_rating, ticket.rating_comment) == (5, 3, "Звоните.")


def test_the_new_words_read_in_russian(world: World, ticket: Ticket) -> None:
    """The customer's and the supplier's page with credentials kept and expediting asked,
    and a refused, rated ticket: no English msgid, no code."""
    _give(world, ticket)
    actions.request_expedite(ticket, author=world.contact, body="Склад стоит.")
    refused = actions.refuse_ticket(
        actions.register_ticket(
            contract=world.contract,
            reporter=world.contact,
            subject="Вопрос по сайту",
            description="Сверстать страницу.",
            criticality=4,
            is_production=False,
        ),
        author=world.engineer,
        reason=RefusalReason.OUT_OF_SCOPE,
        body="Вёрстка сайтов вне поддержки.",
    ).ticket
    actions.rate_ticket(refused, author=world.contact, rating=2, solution_rating=1, comment="Жаль.")
    assert refused.events.filter(kind=EventKind.CREDENTIALS_WIPED).count() == 0
    english = english_words()
    data = frozenset(
        [str(person) for person in Person.objects.all()]
        + [org.name for org in Organisation.objects.all()]
        + list(intake().values())  # the fixture's intake data, not words of the product
    )
    found = []
    for who in (CONTACT, ENGINEER):
        client = Client()
        login(client, world, who)
        for number in (ticket.number, refused.number):
            for language in ("ru", "en"):
                response = client.get(f"/tickets/{number}/", headers={"accept-language": language})
                assert response.status_code == 200
                found += [
                    f"{who} {language} {number}: {miss}"
                    for miss in findings(response.content.decode(), language, english, data)
                    if "other_engineer" not in miss and "vendor_engineer" not in miss
                ]
    assert "\n".join(found) == ""
    assert Status(Ticket.objects.get(pk=refused.pk).status) == Status.CLOSED
    assert TicketCredentials.objects.filter(ticket=ticket).exists()
