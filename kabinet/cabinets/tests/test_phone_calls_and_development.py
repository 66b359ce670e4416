"""The ticket page's phone-call and development tools: who may use them (other tenants get
404), what the timeline and the SLA panel then say, in Russian and in English."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from kabinet.conftest import World
from kabinet.lines.actions import hand_to_development
from kabinet.lines.models import DevelopmentHandover
from kabinet.tickets.actions import log_phone_call, record_public_reply
from kabinet.tickets.models import Status, Ticket
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


def login(client: Client, world: World, who: str) -> None:
    if who != ANON:
        client.force_login(getattr(world, who))


def page(world: World, ticket: Ticket, who: str, language: str = "en") -> str:
    client = Client(headers={"accept-language": language})
    login(client, world, who)
    response = client.get(f"/tickets/{ticket.number}/")
    assert response.status_code == 200
    return response.content.decode()


def release_waits(world: World) -> None:
    package = world.contract.package
    package.release_wait_pauses_resolution = True
    package.save(update_fields=["release_wait_pauses_resolution"])


# Customers who see the ticket are refused with the message, as on every supplier act (400);
# the development acts are the supplier's own: for anyone else the ticket is not there (404).
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ENGINEER, 302),
        (CONTACT, 400),
        (ADMIN, 400),
        (SIBLING, 400),
        (OUTSIDER, 404),
        (OTHER_ENGINEER, 404),
        (VENDOR, 404),
        (ANON, 302),
    ],
)
def test_log_phone_call_access(
    world: World, ticket: Ticket, client: Client, who: str, expected: int
) -> None:
    login(client, world, who)
    response = client.post(
        f"/tickets/{ticket.number}/phone-call/",
        {"direction": "outgoing", "summary": "Agreed on a remote session."},
    )
    assert response.status_code == expected
    logged = ticket.events.filter(payload__via="phone").count()
    assert logged == (1 if who == ENGINEER else 0)
    if who == ANON:
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ENGINEER, 302),
        (CONTACT, 404),
        (ADMIN, 404),
        (SIBLING, 404),
        (OUTSIDER, 404),
        (OTHER_ENGINEER, 404),
        (VENDOR, 404),
        (ANON, 302),
    ],
)
def test_development_acts_access(
    world: World, ticket: Ticket, client: Client, who: str, expected: int
) -> None:
    login(client, world, who)
    response = client.post(f"/tickets/{ticket.number}/development/", {"version": "3.1.2"})
    assert response.status_code == expected
    assert DevelopmentHandover.objects.filter(ticket=ticket).exists() is (who == ENGINEER)
    if who != ENGINEER:
        hand_to_development(ticket, author=world.engineer, version="3.1.2")
    response = client.post(f"/tickets/{ticket.number}/release/")
    assert response.status_code == expected
    waiting = DevelopmentHandover.objects.filter(ticket=ticket, released_at__isnull=True)
    assert waiting.exists() is (who != ENGINEER)


def test_logged_call_shows_in_the_timeline_for_both_sides(
    world: World, ticket: Ticket, client: Client, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to("2026-05-12T10:00:00+03:00")
    login(client, world, ENGINEER)
    response = client.post(
        f"/tickets/{ticket.number}/phone-call/",
        {
            "direction": "outgoing",
            "called_at": "2026-05-12T09:45",  # the viewer's zone: Moscow, the default
            "summary": "Agreed on a remote session at noon.",
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.reaction_met_at is not None
    assert ticket.reaction_met_at.isoformat() == "2026-05-12T07:00:00+00:00"  # logged at 10:00
    for who, language, title, direction, took_place in (
        (CONTACT, "ru", "Телефонный звонок", "клиенту", "Звонок состоялся"),
        (ENGINEER, "en", "Phone call", "to the customer", "The call took place at"),
    ):
        html = page(world, ticket, who, language)
        timeline = html[html.index('class="timeline"') :]
        assert f"<b>{title}</b>" in timeline
        assert f'<span class="badge">{direction}</span>' in timeline
        assert "Agreed on a remote session at noon." in timeline
        assert took_place in timeline
        assert 'datetime="2026-05-12T09:45:00+03:00"' in timeline


def test_call_form_errors_in_russian(world: World, ticket: Ticket) -> None:
    client = Client(headers={"accept-language": "ru"})
    login(client, world, ENGINEER)
    response = client.post(
        f"/tickets/{ticket.number}/phone-call/",
        {"direction": "outgoing", "called_at": "2026-05-08T17:30", "summary": "Called."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Звонок не может быть в будущем." in html
    assert 'id="phone-call"' in html
    response = client.post(f"/tickets/{ticket.number}/phone-call/", {"direction": "incoming"})
    assert response.status_code == 400
    assert "Обязательное поле." in response.content.decode()


def test_incoming_call_reads_from_the_customer(world: World, ticket: Ticket) -> None:
    log_phone_call(ticket, author=world.engineer, summary="Asked for news.", direction="incoming")
    html = page(world, ticket, CONTACT, "ru")
    assert '<span class="badge">от клиента</span>' in html


def test_supplier_tools_offer_the_call_and_the_handover(world: World, ticket: Ticket) -> None:
    html = page(world, ticket, ENGINEER, "ru")
    assert "Записать телефонный звонок" in html
    assert "Передать в разработку (ждать выпуска версии …)" in html
    assert 'id="release"' not in html
    customer = page(world, ticket, CONTACT, "ru")
    assert 'id="phone-call"' not in customer
    assert 'id="handover"' not in customer


def test_release_wait_reads_in_russian_and_english(
    world: World, ticket: Ticket, client: Client, frozen_time: time_machine.Traveller
) -> None:
    release_waits(world)
    frozen_time.move_to("2026-05-12T10:00:00+03:00")
    record_public_reply(ticket, author=world.engineer, body="Reproduced; a fix is needed.")
    login(client, world, ENGINEER)
    assert (
        client.post(f"/tickets/{ticket.number}/development/", {"version": "3.1.2"}).status_code
        == 302
    )
    frozen_time.move_to("2026-05-12T11:00:00+03:00")
    ru = page(world, ticket, ENGINEER, "ru")
    assert "Передано в разработку: ждёт выпуска версии 3.1.2" in ru
    assert "Сроки решения и обновления статуса приостановлены до выпуска версии." in ru
    assert "Версия выпущена" in ru
    assert 'id="handover"' not in ru
    sla = ru[ru.index('id="sla"') :]
    assert "(ожидание релиза)" in sla
    assert "awaiting_release" not in sla
    en = page(world, ticket, ENGINEER, "en")
    assert "Handed to development: waits for release 3.1.2" in en
    assert "(waiting for a release)" in en[en.index('id="sla"') :]
    # The customer sees the pause explained, not the supplier's tools.
    customer = page(world, ticket, CONTACT, "ru")
    assert "(ожидание релиза)" in customer
    assert 'id="release"' not in customer


def test_released_resumes_every_ticket_waiting_for_the_version(
    world: World, ticket: Ticket, client: Client
) -> None:
    release_waits(world)
    second = file_ticket(world.contract, world.contact)
    hand_to_development(ticket, author=world.engineer, version="3.1.2")
    hand_to_development(second, author=world.engineer, version="3.1.2")
    login(client, world, ENGINEER)
    response = client.post(f"/tickets/{ticket.number}/release/")
    assert response.status_code == 302
    assert not DevelopmentHandover.objects.filter(released_at__isnull=True).exists()
    # Nothing waits any more: a second "Released" is refused next to the form.
    response = client.post(f"/tickets/{ticket.number}/release/", headers={"accept-language": "ru"})
    assert response.status_code == 400
    assert "Обращение не ждёт выпуска версии." in response.content.decode()


def test_handover_needs_a_version_and_an_open_ticket(
    world: World, ticket: Ticket, client: Client
) -> None:
    login(client, world, ENGINEER)
    response = client.post(f"/tickets/{ticket.number}/development/", {"version": " "})
    assert response.status_code == 400
    ticket.status = Status.AWAITING_CUSTOMER  # not a state that may be handed over
    ticket.save(update_fields=["status"])
    response = client.post(f"/tickets/{ticket.number}/development/", {"version": "3.1.2"})
    assert response.status_code == 400
    assert not DevelopmentHandover.objects.exists()


def test_a_patch_is_chosen_on_the_page_and_shown_on_the_timeline(
    world: World, ticket: Ticket, client: Client
) -> None:
    hand_to_development(ticket, author=world.engineer, version="fix CRM-101")
    ru = page(world, ticket, ENGINEER, "ru")
    assert "патч (без обновления конфигурации)" in ru[ru.index('id="release"') :]
    login(client, world, ENGINEER)
    response = client.post(f"/tickets/{ticket.number}/release/", {"kind": "patch"})
    assert response.status_code == 302
    assert DevelopmentHandover.objects.get(ticket=ticket).release_kind == "patch"
    for language, note, kind in (
        ("ru", "Вышел патч, исправляющий ошибку, без обновления конфигурации.", "патч"),
        ("en", "A patch fixing the error is out, without a configuration update.", "patch"),
    ):
        html = page(world, ticket, ENGINEER, language)
        timeline = html[html.index('class="timeline"') :]
        assert note in timeline
        assert f'<span class="badge">{kind} (' in timeline


def test_a_release_of_an_unknown_kind_is_refused_next_to_the_form(
    world: World, ticket: Ticket, client: Client
) -> None:
    hand_to_development(ticket, author=world.engineer, version="3.1.2")
    login(client, world, ENGINEER)
    response = client.post(
        f"/tickets/{ticket.number}/release/", {"kind": "hotfix"}, headers={"accept-language": "ru"}
    )
    assert response.status_code == 400
    assert "Выберите корректный вариант." in response.content.decode()
    assert DevelopmentHandover.objects.get(ticket=ticket).released_at is None
