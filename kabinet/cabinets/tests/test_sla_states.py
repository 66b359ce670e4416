"""The SLA panel says one state per target, from ``sla_words.target_state``: never "running"
beside "breached", never "met" where nothing was due, the working time used including the
part past due, and a target the package writes in working days shown in days."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from kabinet.accounts.actions import set_time_zone
from kabinet.cabinets import sla_words
from kabinet.cabinets.quantities import quota_amount, target_amount
from kabinet.conftest import World
from kabinet.sla.explain import DayWork, TargetExplanation
from kabinet.sla.state import Breach
from kabinet.tickets.actions import record_public_reply
from kabinet.tickets.models import Ticket

NOW = dt.datetime(2026, 5, 12, 12, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def target(
    status: str,
    *,
    duration: dt.timedelta | None = 4 * HOUR,
    due_in: dt.timedelta | None = HOUR,
    late: bool = False,
    breaches: int = 0,
    met: bool = False,
) -> TargetExplanation:
    day = NOW.date()
    due = None if due_in is None else NOW + due_in
    return TargetExplanation(
        name="reaction",
        status=status,
        calendar="business",
        duration=duration,
        anchor=NOW - 4 * HOUR,
        elapsed=3 * HOUR,
        counted=(DayWork(day, 3 * HOUR, ()),),
        projected=(),
        overtime=(DayWork(day, 2 * HOUR, ()),) if late else (),
        pauses=(),
        days_off=(),
        due_at=due,
        met_at=NOW if met else None,
        breaches=tuple(Breach(deadline=NOW - HOUR, at=NOW - HOUR) for _ in range(breaches)),
        arithmetic="",
    )


STATES = [
    (target("running"), "идёт", "ok"),
    (target("running", due_in=-HOUR, late=True, breaches=1), "просрочено", "bad"),
    (target("running", breaches=2), "идёт; ранее опоздали 2 обновления", "warn"),
    (target("running", breaches=1), "идёт; ранее опоздало 1 обновление", "warn"),
    (target("paused"), "на паузе", "warn"),
    (target("paused", due_in=None, late=True, breaches=1), "просрочено, сейчас на паузе", "bad"),
    (target("met", met=True), "выполнено в срок", "ok"),
    (target("met", met=True, late=True, breaches=1), "выполнено с опозданием", "bad"),
    (target("stopped"), "остановлено: обращение закрыто", "muted"),
    (target("stopped", late=True, breaches=1), "не выполнено, обращение закрыто", "bad"),
    (target("not_started", due_in=None), "начнётся после первого ответа", "muted"),
    (target("no_target", duration=None, due_in=None), "срок не установлен", "muted"),
    (target("met", duration=None, due_in=None, met=True), "срок не установлен", "muted"),
]


@pytest.mark.parametrize(("explained", "words", "tone"), STATES)
def test_each_combination_has_one_state_in_words(
    explained: TargetExplanation, words: str, tone: str
) -> None:
    with translation.override("ru"):
        assert sla_words.target_state(explained, NOW) == (words, tone)


def test_overdue_target_counts_the_time_past_due_in_the_time_used() -> None:
    explanation = type("E", (), {"now": NOW, "targets": (target("running", late=True),)})
    with translation.override("ru"):
        (row,) = sla_words.panel_rows(explanation, {})  # type: ignore[arg-type]
    assert (row.used, row.late, row.state) == ("5 ч", "2 ч", "просрочено")


@pytest.mark.parametrize(
    ("amount", "unit", "words"),
    [
        (1, "working_days", "1 рабочий день"),
        (3, "working_days", "3 рабочих дня"),
        (10, "working_days", "10 рабочих дней"),
        (21, "hours", "21 час"),
        (4, "hours", "4 часа"),
        (60, "minutes", "60 минут"),
        (2, "minutes", "2 минуты"),
    ],
)
def test_package_terms_take_the_russian_plural(amount: int, unit: str, words: str) -> None:
    with translation.override("ru"):
        assert target_amount(amount, unit) == words


def test_quota_units_take_the_russian_plural() -> None:
    with translation.override("ru"):
        assert [quota_amount(n, "licence") for n in (1, 3, 10)] == [
            "1 лицензия",
            "3 лицензии",
            "10 лицензий",
        ]
        assert quota_amount(20, "hour") == "20 часов"
    with translation.override("en"):
        assert quota_amount(1, "hour") == "1 hour"


def panel(world: World, ticket: Ticket, language: str) -> str:
    client = Client(headers={"accept-language": language})
    client.force_login(world.contact)
    html = client.get(f"/tickets/{ticket.number}/").content.decode()
    return html[html.index('id="sla"') : html.index("</section>", html.index('id="sla"'))]


def test_panel_says_working_days_and_one_state_per_target(
    world: World, ticket: Ticket, frozen_time: time_machine.Traveller
) -> None:
    record_public_reply(ticket, author=world.engineer, body="Looking.")
    html = panel(world, ticket, "ru")
    assert "5 рабочих дней" in html  # the level-2 update interval, never "42 ч 30 мин"
    assert "выполнено в срок" in html  # the reaction
    frozen_time.move_to("2026-06-30T12:00:00Z")  # long past every due time
    html = panel(world, ticket, "ru")
    assert html.count("просрочено") == 1  # the update; the factory's level 2 has no resolution
    assert "идёт" not in html and "нарушено" not in html
    assert "294 ч 30 мин (252 ч сверх срока)" in html  # 42 h 30 min due + 252 h late
    assert 'Решение <span class="badge state tone-muted">срок не установлен' in html
    english = panel(world, ticket, "en")
    assert "5 working days" in english and "overdue" in english


def test_times_name_their_zone_where_the_readers_differs(world: World, ticket: Ticket) -> None:
    html = panel(world, ticket, "ru")
    # Reader and contract both in Moscow: times carry no zone (the hover names it).
    assert "12:30 МСК<" not in html and "МСК." not in html and "UTC+" not in html
    set_time_zone(world.contact, "Asia/Yekaterinburg")
    html = panel(world, ticket, "ru")
    # One due time, two zones, visibly the same instant: the reader's and the contract's.
    assert "12.05.2026 14:30 UTC+5</time>" in html
    assert "срок 12.05.2026 12:30 МСК." in html
