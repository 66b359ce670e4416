"""The SLA panel explains itself in the reader's language: the arithmetic line and the pause
reasons come from ``kabinet.sla.explain``'s data through gettext, never its English text."""

from __future__ import annotations

import time_machine
from django.test import Client

from kabinet.conftest import World
from kabinet.tickets.actions import record_public_reply, return_for_information
from kabinet.tickets.models import ReturnReason, Ticket


def panel(world: World, ticket: Ticket, language: str) -> str:
    client = Client(headers={"accept-language": language})
    client.force_login(world.contact)
    html = client.get(f"/tickets/{ticket.number}/").content.decode()
    return html[html.index('id="sla"') : html.index("</section>", html.index('id="sla"'))]


def paused_ticket(world: World, ticket: Ticket, clock: time_machine.Traveller) -> Ticket:
    record_public_reply(ticket, author=world.engineer, body="Looking.")
    return_for_information(
        ticket, author=world.engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS
    )
    clock.move_to("2026-05-12T08:00:00Z")  # Tuesday 11:00 Moscow, after the May holidays
    return ticket


def test_panel_in_russian(
    world: World, ticket: Ticket, frozen_time: time_machine.Traveller
) -> None:
    html = panel(world, paused_ticket(world, ticket, frozen_time), "ru")
    assert "Пауза, не учитывается:" in html
    assert "(ожидание клиента)" in html
    assert "42 ч 30 мин" in html  # five working days of 8 h 30 min, in hours
    assert "пауза, осталось 42 ч 30 мин" in html
    assert "рабочего времени нет = 0 мин" in html
    for english in ("paused with", "awaiting_customer", "no working time", " on 2026"):
        assert english not in html


def test_panel_in_english(
    world: World, ticket: Ticket, frozen_time: time_machine.Traveller
) -> None:
    html = panel(world, paused_ticket(world, ticket, frozen_time), "en")
    assert "Paused, not counted:" in html
    assert "(awaiting the customer)" in html
    assert "paused with 42 h 30 min left" in html
    assert "1 d 18 h" not in html  # working time is never shown as calendar days


def test_running_target_lists_its_days_in_the_readers_language(
    world: World, ticket: Ticket
) -> None:
    html = panel(world, ticket, "ru")
    # Friday 8 May, a shortened day: one hour; then three on Tuesday 12 May (DESIGN.md).
    assert "1 ч за 08.05.2026, 3 ч за 12.05.2026 = 4 ч; срок 12.05.2026 12:30." in html
    assert "Начнётся с первого ответа поставщика." in html


def test_plain_words_are_one_sentence_set_in_the_contract_zone(
    world: World, ticket: Ticket
) -> None:
    html = panel(world, ticket, "ru")
    # Registered Friday 8 May 16:00 Moscow; level-3 reaction of the world's package.
    words = html[
        html.index('<p class="plain-words">') : html.index("</p>", html.index("plain-words"))
    ]
    assert "Часы отсчитывают" in words
    assert "с 08.05.2026 16:00." in words
    assert "Ещё осталось: 1 ч за 08.05, 3 ч за 12.05." in words
    assert "Не учитываются нерабочие дни: 09.05, 10.05, 11.05." in words
