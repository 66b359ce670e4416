"""The notification pages, person by person: the list (unread marked, the count in the
header, read once the ticket is opened), preferences, a ticket's watchers. 200, 302 (to
sign-in or after an act), 400 with the message, or 404 for another tenant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from kabinet.conftest import World
from kabinet.notifications.models import (
    ChannelChoice,
    Notice,
    NoticeKind,
    Preference,
    QuietHours,
    Watcher,
)
from kabinet.notifications.tasks import deliver_notifications
from kabinet.tickets.actions import record_public_reply
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

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
EVERYONE = {who: 200 for who in PEOPLE if who != ANON}
TICKET_SIDES = {
    CONTACT: 200,
    ADMIN: 200,
    SIBLING: 200,
    OUTSIDER: 404,
    ENGINEER: 200,
    OTHER_ENGINEER: 404,
    VENDOR: 404,
}
PAGES: dict[str, dict[str, int]] = {
    "/notifications/": EVERYONE,
    "/notifications/preferences/": EVERYONE,
    "/tickets/{number}/watchers/": TICKET_SIDES,
}


def login(client: Client, world: World, who: str) -> None:
    if who != ANON:
        client.force_login(getattr(world, who))


@pytest.fixture
def ticket(world: World) -> Ticket:
    return file_ticket(world.contract, world.contact)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_access(world: World, ticket: Ticket, client: Client, page: str, who: str) -> None:
    login(client, world, who)
    response = client.get(page.format(number=ticket.number))
    expected = 302 if who == ANON else PAGES[page][who]
    assert response.status_code == expected
    if who == ANON:
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (CONTACT, 302),
        (SIBLING, 302),  # the company group shares the ticket
        (ENGINEER, 302),  # the supplier, on the customer's request
        (OUTSIDER, 404),
        (OTHER_ENGINEER, 404),
        (VENDOR, 404),
        (ANON, 302),
    ],
)
def test_add_watcher(world: World, ticket: Ticket, client: Client, who: str, expected: int) -> None:
    login(client, world, who)
    url = f"/tickets/{ticket.number}/watchers/add/"
    response = client.post(url, {"person": world.admin.pk})
    assert response.status_code == expected
    watching = Watcher.objects.filter(ticket=ticket, person=world.admin).exists()
    assert watching is (expected == 302 and who != ANON)


@pytest.mark.parametrize(
    ("who", "expected"),
    [(CONTACT, 302), (ADMIN, 302), (ENGINEER, 302), (OUTSIDER, 404), (OTHER_ENGINEER, 404)],
)
def test_remove_watcher(
    world: World, ticket: Ticket, client: Client, who: str, expected: int
) -> None:
    Watcher.objects.create(
        ticket=ticket, person=world.admin, added_by=world.contact, added_at=ticket.registered_at
    )
    login(client, world, who)
    response = client.post(f"/tickets/{ticket.number}/watchers/remove/", {"person": world.admin.pk})
    assert response.status_code == expected
    assert Watcher.objects.filter(person=world.admin).exists() is (expected != 302)


def test_only_a_contact_of_the_customer_can_watch(
    world: World, ticket: Ticket, client: Client
) -> None:
    login(client, world, CONTACT)
    url = f"/tickets/{ticket.number}/watchers/add/"
    outsider = client.post(url, {"person": world.outsider.pk})
    assert outsider.status_code == 400  # not offered: not one of the customer's people
    assert "Выберите корректный вариант." in outsider.content.decode()  # a Russian person
    engineer = client.post(url, {"person": world.engineer.pk})
    assert engineer.status_code == 400
    filer = client.post(url, {"person": world.contact.pk})
    assert filer.status_code == 400
    assert Watcher.objects.count() == 0

    response = client.post(f"/tickets/{ticket.number}/watchers/remove/", {"person": "x"})
    assert response.status_code == 400
    assert "Этот контакт не наблюдает за обращением." in response.content.decode()


def test_the_list_marks_unread_counts_them_and_opening_the_ticket_reads_them(
    world: World, ticket: Ticket, client: Client
) -> None:
    record_public_reply(ticket, author=world.engineer, body="Try the patch.")
    other = file_ticket(world.contract, world.contact, subject="Another")
    deliver_notifications()
    login(client, world, CONTACT)

    page = client.get("/notifications/").content.decode()
    assert page.count('class="notice unread"') == 3
    assert '<span class="count" aria-label="3 непрочитанных">3</span>' in page
    assert other.subject in page

    assert client.get(f"/tickets/{ticket.number}/").status_code == 200
    page = client.get("/notifications/").content.decode()
    assert page.count('class="notice unread"') == 1
    assert '<span class="count" aria-label="1 непрочитанное">1</span>' in page
    assert Notice.objects.filter(person=world.contact, read_at__isnull=True).count() == 1

    assert client.post("/notifications/read/").status_code == 302
    page = client.get("/notifications/").content.decode()
    assert 'class="notice unread"' not in page
    assert 'class="count"' not in page


def test_the_list_shows_ones_own_notices_only(world: World, ticket: Ticket, client: Client) -> None:
    deliver_notifications()
    login(client, world, ADMIN)
    page = client.get("/notifications/").content.decode()
    assert ticket.number is not None and ticket.number not in page


def test_preferences_are_saved_and_bad_quiet_hours_are_refused(
    world: World, client: Client
) -> None:
    login(client, world, ENGINEER)
    form = {
        **{f"kind_{kind}": "email" for kind in NoticeKind.values},
        "kind_customer_reply": "cabinet",
        "kind_sla_breach": "telegram",
        "quiet_start": "22:00",
        "quiet_end": "07:30",
        "time_zone": "Asia/Yekaterinburg",
    }
    assert client.post("/notifications/preferences/", form).status_code == 302
    chosen = dict(Preference.objects.filter(person=world.engineer).values_list("kind", "channel"))
    assert chosen == {"customer_reply": ChannelChoice.CABINET, "sla_breach": "telegram"}
    quiet = QuietHours.objects.get(person=world.engineer)
    assert (quiet.start, quiet.end, quiet.time_zone) == (
        dt.time(22, 0),
        dt.time(7, 30),
        "Asia/Yekaterinburg",
    )
    page = client.get("/notifications/preferences/").content.decode()
    assert 'value="22:00"' in page or 'value="22:00:00"' in page

    half = {**form, "quiet_end": ""}
    response = client.post("/notifications/preferences/", half)
    assert response.status_code == 400
    assert "Укажите и начало, и конец тихих часов" in response.content.decode()
    same = {**form, "quiet_end": "22:00"}
    response = client.post("/notifications/preferences/", same)
    assert response.status_code == 400
    assert "Начало и конец тихих часов должны различаться." in response.content.decode()
    assert QuietHours.objects.get(person=world.engineer).end == dt.time(7, 30)  # kept
