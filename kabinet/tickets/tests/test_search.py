"""Ticket text search: a typed number finds that ticket whatever its form; words find tickets
having every one of them in the subject or the description, in any case and alphabet."""

from __future__ import annotations

import pytest

from kabinet.conftest import World
from kabinet.tickets.models import Ticket
from kabinet.tickets.search import matching_text
from kabinet.tickets.tests.factories import file_ticket


def found(text: str) -> list[str]:
    return sorted(matching_text(Ticket.objects.all(), text).values_list("subject", flat=True))


@pytest.fixture
def tickets(world: World) -> list[Ticket]:
    return [
        file_ticket(world.contract, world.contact, subject="Ошибка проведения документов"),
        file_ticket(
            world.contract,
            world.contact,
            subject="Отчёт по складу",
            description="Остатки склада расходятся с учётом.",
        ),
    ]


@pytest.mark.parametrize(
    "form", ["{number}", "kb-{pk}", "KB{pk}", " kb-{number_digits} ", "{pk}", " {number_digits}"]
)
def test_a_typed_number_finds_that_ticket(tickets: list[Ticket], form: str) -> None:
    wanted = tickets[1]
    number = str(wanted.number)
    typed = form.format(number=number, pk=wanted.pk, number_digits=number[3:])

    assert list(matching_text(Ticket.objects.all(), typed)) == [wanted]


def test_words_ignore_case_in_cyrillic(tickets: list[Ticket]) -> None:
    assert found("ОШИБКА") == ["Ошибка проведения документов"]
    assert found("склада") == ["Отчёт по складу"]  # in the description only


def test_every_word_must_be_found(tickets: list[Ticket]) -> None:
    assert found("отчёт склада") == ["Отчёт по складу"]
    assert found("отчёт ошибка") == []


def test_the_callers_queryset_bounds_the_search(tickets: list[Ticket]) -> None:
    outside = Ticket.objects.exclude(pk=tickets[0].pk)

    assert list(matching_text(outside, str(tickets[0].number))) == []
