"""The calendar editor: bad input named in the user's language with nothing typed lost,
the month grid, and the what-if of a change checked against tickets filed at known times,
then its saving (recorded breaches stay)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from kabinet.audit.models import AuditRecord
from kabinet.cabinets.tests.setup.conftest import Admins
from kabinet.conftest import World
from kabinet.contracts.models import Contract
from kabinet.tickets.actions.recompute import RecomputeScope, recompute_open_deadlines
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

WEEK = {
    "mon": "09:30–18:00",
    "tue": "09:30–18:00",
    "wed": "09:30–18:00",
    "thu": "09:30–18:00",
    "fri": "09:30–18:00",
    "sat": "",
    "sun": "",
    "production_calendar": "on",
    "holidays": "",
    "working_days": "",
}
URL = "/setup/contracts/{}/calendar/"


def _client(person: object, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_the_editor_shows_the_contract_calendar_and_a_month_grid(
    world: World, admins: Admins
) -> None:
    page = _client(admins.partner).get(URL.format(world.contract.pk) + "?year=2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="09:30–18:00"' in html
    # 2026-05-11 is the day off moved from Saturday 9 May; 2026-11-03 is shortened.
    assert 'class="day-off" data-date="2026-05-11"' in html
    assert 'class="day-short" data-date="2026-11-03"' in html
    assert 'class="day-working" data-date="2026-05-12"' in html


def test_a_saturday_worked_by_date_shows_as_moved(world: World, admins: Admins) -> None:
    data = {**WEEK, "working_days": "2026-06-13 10:00–14:00"}
    page = _client(admins.partner).post(URL.format(world.contract.pk) + "preview/", data)
    assert page.status_code == 200
    assert 'class="day-moved" data-date="2026-06-13"' in page.content.decode()


def test_bad_hours_name_the_day_in_russian_and_keep_what_was_typed(
    world: World, admins: Admins
) -> None:
    data = {**WEEK, "tue": "9 to 6", "holidays": "2026-06-12\n31.02.2026"}
    page = _client(admins.partner, "ru").post(URL.format(world.contract.pk), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Вторник" in html and "Напишите часы" in html
    assert "не дата" in html
    assert 'value="9 to 6"' in html and "31.02.2026" in html
    assert (
        world.contract.business_calendar
        == Contract.objects.get(pk=world.contract.pk).business_calendar
    )


def test_bad_hours_in_english(world: World, admins: Admins) -> None:
    data = {**WEEK, "mon": "18:00–09:00"}
    page = _client(admins.partner).post(URL.format(world.contract.pk) + "preview/", data)
    assert page.status_code == 400
    assert "ends before it starts" in page.content.decode()


def _tickets(world: World) -> dict[str, Ticket]:
    """Level-3 tickets (8 working hours to react on seed 001's targets) at Moscow times:
    ``late`` is overdue now (Friday 16:00), ``close`` is due at 16:30 today, ``fresh`` on
    Tuesday (Monday 11 May is a day off)."""
    filed = {}
    for name, at in (
        ("late", dt.datetime(2026, 5, 7, 7, 0, tzinfo=dt.UTC)),  # Thu 10:00, due Thu 18:00
        ("close", dt.datetime(2026, 5, 7, 14, 0, tzinfo=dt.UTC)),  # Thu 17:00, due Fri 16:30
        ("fresh", dt.datetime(2026, 5, 8, 13, 0, tzinfo=dt.UTC)),  # Fri 16:00, due Tue 15:30
    ):
        with time_machine.travel(at, tick=False):
            filed[name] = file_ticket(world.contract, world.contact, criticality=3)
    # The breach of ``late`` is recorded, as the sweeper would have.
    recompute_open_deadlines(RecomputeScope(contract_id=world.contract.pk))
    return {name: Ticket.objects.get(pk=t.pk) for name, t in filed.items()}


def test_what_if_counts_the_moves_and_changes_nothing(world: World, admins: Admins) -> None:
    tickets = _tickets(world)
    assert tickets["late"].reaction_breached
    before = {t.pk: t.reaction_due_at for t in Ticket.objects.all()}
    records = AuditRecord.objects.count()  # the world's own role grants are recorded too
    data = {**WEEK, "holidays": "2026-05-07\n2026-05-12"}
    page = _client(admins.partner).post(URL.format(world.contract.pk) + "preview/", data)
    assert page.status_code == 200
    report = page.context["what_if"]
    reaction = report.rows[0]
    assert report.tickets == 3
    assert (reaction.earlier, reaction.later) == (0, 3)
    assert [t.number for t in reaction.no_longer_overdue] == [tickets["late"].number]
    assert f'href="/tickets/{tickets["late"].number}/"' in page.content.decode()
    assert {t.pk: t.reaction_due_at for t in Ticket.objects.all()} == before
    assert AuditRecord.objects.count() == records


def test_what_if_lists_tickets_that_would_become_breached(world: World, admins: Admins) -> None:
    tickets = _tickets(world)
    always = {
        **WEEK,
        **{day: "00:00–24:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    }
    always.pop("production_calendar")
    page = _client(admins.partner).post(URL.format(world.contract.pk) + "preview/", always)
    reaction = page.context["what_if"].rows[0]
    assert [t.number for t in reaction.became_breached] == [tickets["close"].number]
    # ``late`` fits in Thursday's own hours either way: its due time stays.
    assert reaction.earlier == 2


def test_saving_moves_open_deadlines_and_keeps_recorded_breaches(
    world: World, admins: Admins, django_capture_on_commit_callbacks: object, eager_tasks: None
) -> None:
    tickets = _tickets(world)
    data = {**WEEK, "holidays": "2026-05-07\n2026-05-12"}
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        page = _client(admins.partner).post(URL.format(world.contract.pk), data)
    assert page.status_code == 302
    contract = Contract.objects.get(pk=world.contract.pk)
    assert contract.business_calendar["holidays"] == ["2026-05-07", "2026-05-12"]
    late = Ticket.objects.get(pk=tickets["late"].pk)
    moved, was = late.reaction_due_at, tickets["late"].reaction_due_at
    assert moved is not None and was is not None and moved > was
    assert late.reaction_breached  # recorded before the change: never taken back
    fresh = Ticket.objects.get(pk=tickets["fresh"].pk)
    # Friday 8 May is shortened (1 h left), Monday 11 moved off, Tuesday 12 now a holiday:
    # 7 h on Wednesday, 16:30 Moscow.
    assert fresh.reaction_due_at == dt.datetime(2026, 5, 13, 13, 30, tzinfo=dt.UTC)
    record = AuditRecord.objects.get(action="calendar.changed")
    assert (record.action, record.actor, record.organisation) == (
        "calendar.changed",
        admins.partner,
        world.partner,
    )
    assert record.after["business_calendar"]["holidays"] == ["2026-05-07", "2026-05-12"]
    assert record.before["business_calendar"].get("holidays") is None
    assert record.address == "127.0.0.1"
