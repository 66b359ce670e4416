"""A resolution term agreed with the customer for one ticket (seed 000: "время решения
согласовывается с пользователем отдельно"; seed 002, P3: "срок может определяться
индивидуально"), worked by hand on the Moscow calendar of the `world` contract: 09:30-18:00
on weekdays, Friday 8 May 2026 shortened to 17:00, Monday 11 May a day off. The package gives
level 3 eight working hours to resolve."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets import actions, deadlines
from kabinet.tickets.models import EventKind, Ticket
from kabinet.tickets.tests.factories import file_ticket

MSK = ZoneInfo("Europe/Moscow")


def msk(day: int, clock: str) -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    return dt.datetime(2026, 5, day, hour, minute, tzinfo=MSK)


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


@pytest.fixture
def ticket(world: World) -> Ticket:
    # Registered Friday 8 May 16:00 Moscow (the world's frozen NOW).
    return file_ticket(world.contract, world.contact, criticality=3)


def test_package_target_before_any_agreement(ticket: Ticket) -> None:
    # Friday 16:00-17:00 is 1 h; Tuesday 09:30 + 7 h = 16:30.
    assert ticket.registered_at == msk(8, "16:00")
    assert ticket.resolution_due_at == msk(12, "16:30")


def test_an_agreed_amount_replaces_the_package_target(world: World, ticket: Ticket) -> None:
    # 24 working hours: Friday 1, Tuesday 8.5, Wednesday 8.5, Thursday 6 -> Thursday 15:30.
    event = actions.agree_resolution_deadline(
        ticket, author=world.engineer, amount=24, unit="hours", reason="Report rebuilt from scratch"
    )
    assert event.kind == EventKind.DEADLINE_AGREED
    assert event.visibility == "public"
    assert event.payload == {
        "reason": "Report rebuilt from scratch",
        "seconds": 24 * 3600,
        "calendar": "business",
        "amount": 24,
        "unit": "hours",
    }
    assert fresh(ticket).resolution_due_at == msk(14, "15:30")
    assert fresh(ticket).resolution_breached is False


def test_working_days_are_normal_working_days_of_the_contract(world: World, ticket: Ticket) -> None:
    # 3 working days of 8.5 h = 25.5 h: Friday 1, Tuesday 8.5, Wednesday 8.5, Thursday 7.5.
    actions.agree_resolution_deadline(
        ticket, author=world.engineer, amount=3, unit="working_days", reason="Agreed by phone"
    )
    assert fresh(ticket).resolution_due_at == msk(14, "17:00")


def test_an_agreed_date_is_the_due_time(world: World, ticket: Ticket) -> None:
    actions.agree_resolution_deadline(
        ticket, author=world.engineer, due=msk(13, "12:00"), reason="Customer asked for Wednesday"
    )
    assert fresh(ticket).resolution_due_at == msk(13, "12:00")


def test_a_breach_recorded_before_the_agreement_stays(
    world: World, ticket: Ticket, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to(msk(12, "17:00"))  # half an hour past Tuesday 16:30
    actions.agree_resolution_deadline(
        ticket, author=world.engineer, amount=24, unit="hours", reason="Complex task"
    )
    after = fresh(ticket)
    assert after.resolution_due_at == msk(14, "15:30")
    assert after.resolution_breached is True
    state = deadlines.evaluate(after, msk(12, "17:00"))
    assert state.resolution.breaches[0].deadline == msk(12, "16:30")


def test_a_term_that_has_already_run_out_is_refused(
    world: World, ticket: Ticket, frozen_time: time_machine.Traveller
) -> None:
    frozen_time.move_to(msk(12, "17:00"))
    with pytest.raises(DomainError, match="already run out") as info:
        actions.agree_resolution_deadline(
            ticket, author=world.engineer, amount=8, unit="hours", reason="x"
        )
    assert info.value.field == "amount"
    with pytest.raises(DomainError, match="in the future"):
        actions.agree_resolution_deadline(
            ticket, author=world.engineer, due=msk(12, "16:00"), reason="x"
        )
    assert not fresh(ticket).events.filter(kind=EventKind.DEADLINE_AGREED).exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": 8, "reason": " "}, "reason", "what was agreed"),
        ({"reason": "x"}, "due", "either"),
        ({"reason": "x", "amount": 8, "due": msk(20, "12:00")}, "due", "either"),
        ({"reason": "x", "amount": 0}, "amount", "between 1 and"),
        ({"reason": "x", "amount": 8, "unit": "minutes"}, "unit", "hours or working days"),
        ({"reason": "x", "due": dt.datetime(2026, 5, 20, 12)}, "due", "time zone"),
    ],
)
def test_bad_input_is_refused_by_field(
    world: World, ticket: Ticket, fields: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(DomainError, match=message) as info:
        actions.agree_resolution_deadline(ticket, author=world.engineer, **fields)  # type: ignore[arg-type]
    assert info.value.field == field


def test_only_the_supplier_agrees_and_only_while_the_ticket_is_open(
    world: World, ticket: Ticket
) -> None:
    with pytest.raises(NotAllowedError):
        actions.agree_resolution_deadline(ticket, author=world.contact, amount=8, reason="x")
    actions.propose_solution(ticket, author=world.engineer, body="Done")
    actions.accept_solution(fresh(ticket), author=world.contact)
    with pytest.raises(ConflictError):
        actions.agree_resolution_deadline(
            fresh(ticket), author=world.engineer, amount=8, reason="x"
        )


def test_the_api_records_it_and_the_sla_shows_the_new_due_time(
    world: World, ticket: Ticket
) -> None:
    url = f"/api/v1/tickets/{ticket.number}/agreed-deadline"
    body = {"amount": 24, "unit": "hours", "reason": "Complex task"}
    refused = client_for(world.contact).post(url, body, format="json")
    assert refused.status_code == 403, refused.content
    assert client_for(world.outsider).post(url, body, format="json").status_code == 404
    missing = client_for(world.engineer).post(url, {"reason": "x"}, format="json")
    assert missing.status_code == 400
    assert "either" in missing.content.decode()
    created = client_for(world.engineer).post(url, body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "deadline_agreed"
    sla = client_for(world.contact).get(f"/api/v1/tickets/{ticket.number}").json()["sla"]
    due = dt.datetime.fromisoformat(sla["resolution"]["due_at"])
    assert due == msk(14, "15:30")


def test_the_ticket_page_offers_it_to_the_supplier_and_shows_it_to_the_customer(
    world: World, ticket: Ticket
) -> None:
    supplier = Client(headers={"accept-language": "ru"})
    supplier.force_login(world.engineer)
    assert 'id="agree_deadline"' in supplier.get(f"/tickets/{ticket.number}/").content.decode()
    posted = supplier.post(
        f"/tickets/{ticket.number}/agreed-deadline/",
        {"due": "2026-05-13T12:00", "unit": "hours", "reason": "Договорились на среду"},
    )
    assert posted.status_code == 302
    assert fresh(ticket).resolution_due_at == msk(13, "12:00")
    customer = Client(headers={"accept-language": "ru"})
    customer.force_login(world.contact)
    html = customer.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'id="agree_deadline"' not in html
    assert "Договорились на среду" in html
    assert "Срок решения согласован" in html
    both = supplier.post(
        f"/tickets/{ticket.number}/agreed-deadline/",
        {"due": "2026-05-13T12:00", "amount": "8", "unit": "hours", "reason": "x"},
    )
    assert both.status_code == 400
    assert "Укажите либо согласованную дату" in both.content.decode()
