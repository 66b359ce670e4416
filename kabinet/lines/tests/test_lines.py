"""Support lines (OLA, moves), personal consultant, the work queue, release waits."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.contracts.models import CalendarKey
from kabinet.errors import ConflictError
from kabinet.lines.actions import hand_to_development, move_to_line, release_version
from kabinet.lines.models import DevelopmentHandover, ReleaseKind, SupportLine
from kabinet.lines.queries import line_history, work_queue
from kabinet.sla import TargetStatus
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets.deadlines import evaluate
from kabinet.tickets.models import EventKind, Visibility
from kabinet.tickets.tests.factories import file_ticket

MSK = dt.timezone(dt.timedelta(hours=3))


def at(day: str, clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=MSK)


@pytest.fixture
def lines(world: World) -> dict[str, SupportLine]:
    made = {}
    for position, (key, hours) in enumerate([("consultant", 2), ("manager", 4), ("engineer", 4)]):
        made[key] = SupportLine.objects.create(
            supplier=world.partner,
            key=key,
            name=key.title(),
            position=position + 1,
            reaction_amount=hours,
            reaction_calendar=CalendarKey.BUSINESS,
        )
    return made


def test_new_tickets_go_to_the_personal_consultant_first(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    assert ticket.assignee == world.engineer  # core's register_ticket assigns the consultant
    assert list(work_queue(world.engineer)) == [ticket]
    assert list(work_queue(world.other_engineer)) == []


def test_moving_starts_the_line_ola_and_leaves_the_contract_sla_alone(
    world: World, lines: dict[str, SupportLine], frozen_time: time_machine.Traveller
) -> None:
    # Friday 2026-05-08 16:00 Moscow (a shortened day to 17:00); Monday 11th is a holiday.
    ticket = file_ticket(world.contract, world.contact)
    reaction_due = ticket.reaction_due_at
    frozen_time.move_to(at("2026-05-08", "16:30"))
    ticket_actions.record_public_reply(ticket, author=world.engineer, body="Looking.")
    move_to_line(ticket, author=world.engineer, line=lines["engineer"], reason="Needs a DBA.")
    ticket.refresh_from_db()
    assert ticket.reaction_due_at == reaction_due  # the contract's SLA is not restarted
    assert ticket.reaction_met_at == at("2026-05-08", "16:30")
    assert ticket.assignee is None  # the ticket goes to the line's pool
    history = line_history(ticket, at("2026-05-08", "16:45"))
    assert [stay.line.key for stay in history] == ["consultant", "engineer"]
    assert history[0].reaction.status is TargetStatus.MET
    engineer_line = history[1].reaction
    assert engineer_line.status is TargetStatus.RUNNING
    # 30 min left on Friday, 3 h 30 min from Tuesday 09:30: due Tuesday 13:00.
    assert engineer_line.due_at == at("2026-05-12", "13:00")
    moved = ticket.events.get(kind=EventKind.LINE_MOVED)
    assert moved.visibility == Visibility.INTERNAL
    assert (moved.payload["from"], moved.payload["to"]) == ("consultant", "engineer")


def test_moving_to_the_current_line_is_refused(world: World, lines: dict[str, SupportLine]) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(ConflictError):
        move_to_line(ticket, author=world.engineer, line=lines["consultant"])


def test_queue_is_first_in_first_out_with_critical_tickets_out_of_turn(
    world: World, lines: dict[str, SupportLine], frozen_time: time_machine.Traveller
) -> None:
    lines["consultant"].members.add(world.engineer)
    world.contract.personal_consultant = None
    world.contract.save()
    first = file_ticket(world.contract, world.contact)
    frozen_time.shift(60)
    second = file_ticket(world.contract, world.contact, criticality=4)
    frozen_time.shift(60)
    critical = file_ticket(
        world.contract,
        world.contact,
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
    )
    assert list(work_queue(world.engineer)) == [critical, first, second]
    hand_to_development(first, author=world.engineer, version="3.1")
    assert list(work_queue(world.engineer)) == [critical, second]
    response = client_for(world.engineer).get("/api/v1/queue")
    assert [row["number"] for row in response.json()] == [critical.number, second.number]


@pytest.mark.parametrize("pauses", [True, False])
def test_a_release_wait_stops_resolution_only_when_the_package_says_so(
    world: World, frozen_time: time_machine.Traveller, pauses: bool
) -> None:
    package = world.contract.package
    package.release_wait_pauses_resolution = pauses
    package.save(update_fields=["release_wait_pauses_resolution"])
    ticket = file_ticket(world.contract, world.contact)  # criticality 3: 8 h resolution
    handover = hand_to_development(ticket, author=world.engineer, version="3.1")
    assert handover.pauses_resolution is pauses
    later = at("2026-05-20", "12:00")
    state = evaluate(ticket, later)
    assert state.resolution.breached is not pauses
    frozen_time.move_to(at("2026-05-19", "10:00"))
    released = release_version(author=world.engineer, supplier=world.partner, version="3.1")
    assert [h.ticket for h in released] == [ticket]
    assert release_version(author=world.engineer, supplier=world.partner, version="3.1") == []
    if pauses:
        # Handed over at registration: nothing used; 8 h from Tuesday 19th 10:00 (to 18:00).
        assert evaluate(ticket, later).resolution.due_at == at("2026-05-19", "18:00")
    handed = EventKind.AWAITING_RELEASE if pauses else EventKind.HANDED_TO_DEVELOPMENT
    written = list(ticket.events.values_list("kind", "visibility"))
    assert written[-2:] == [(handed, "internal"), (EventKind.RELEASED, "internal")]


@pytest.mark.parametrize("pauses", [True, False])
def test_the_stored_resolution_due_time_moves_by_the_release_wait(
    world: World, frozen_time: time_machine.Traveller, pauses: bool
) -> None:
    package = world.contract.package
    package.release_wait_pauses_resolution = pauses
    package.save(update_fields=["release_wait_pauses_resolution"])
    ticket = file_ticket(world.contract, world.contact)  # criticality 3: 8 h resolution
    before = ticket.resolution_due_at
    assert before is not None
    hand_to_development(ticket, author=world.engineer, version="3.1")
    ticket.refresh_from_db()
    assert (ticket.resolution_due_at is None) is pauses
    frozen_time.move_to(at("2026-05-19", "10:00"))
    release_version(author=world.engineer, supplier=world.partner, version="3.1")
    ticket.refresh_from_db()
    # Handed over at registration: the whole wait is added (8 h from Tuesday 19th 10:00).
    expected = at("2026-05-19", "18:00") if pauses else before
    assert ticket.resolution_due_at == expected
    clock = evaluate(ticket, at("2026-05-20", "12:00"))
    assert ticket.resolution_due_at == clock.resolution.due_at


ROLES = ("contact", "admin", "outsider", "engineer", "other_engineer", "vendor_engineer")


@pytest.mark.parametrize("role", ROLES)
def test_line_endpoints_are_for_the_supplier_staff_only(
    world: World, lines: dict[str, SupportLine], role: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(getattr(world, role))
    expected_get, expected_post = (200, 201) if role == "engineer" else (404, 404)
    assert client.get(f"/api/v1/tickets/{ticket.number}/lines").status_code == expected_get
    move = client.post(f"/api/v1/tickets/{ticket.number}/lines", {"line": "manager"}, format="json")
    assert move.status_code == expected_post
    handover = client.post(
        f"/api/v1/tickets/{ticket.number}/development", {"version": "3.1"}, format="json"
    )
    assert handover.status_code == expected_post
    if expected_post == 404:
        missing = client.post("/api/v1/tickets/KB-999999/lines", {"line": "manager"}, format="json")
        assert move.json() == missing.json()
    release = client.post(
        "/api/v1/releases", {"supplier": world.partner.pk, "version": "3.1"}, format="json"
    )
    assert release.status_code == expected_post


def test_a_patch_resumes_the_tickets_waiting_for_the_fix_as_a_version_does(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    """Seed 000, Услуга 6: errors are fixed by patches without a configuration update."""
    package = world.contract.package
    package.release_wait_pauses_resolution = True
    package.save(update_fields=["release_wait_pauses_resolution"])
    first = file_ticket(world.contract, world.contact)
    second = file_ticket(world.contract, world.contact)
    hand_to_development(first, author=world.engineer, version="fix CRM-101")
    hand_to_development(second, author=world.engineer, version="3.2")
    frozen_time.move_to(at("2026-05-19", "10:00"))
    patched = release_version(
        author=world.engineer,
        supplier=world.partner,
        version="fix CRM-101",
        kind=ReleaseKind.PATCH,
    )
    assert [h.ticket for h in patched] == [first]
    assert patched[0].release_kind == ReleaseKind.PATCH
    released = first.events.get(kind=EventKind.RELEASED)
    assert released.payload["release_kind"] == "patch"
    assert evaluate(first, at("2026-05-20", "12:00")).resolution.due_at == at("2026-05-19", "18:00")
    # The other ticket waits for its version; a version update releases it as before.
    assert DevelopmentHandover.objects.get(ticket=second).released_at is None
    released_version = release_version(author=world.engineer, supplier=world.partner, version="3.2")
    assert [h.release_kind for h in released_version] == [ReleaseKind.VERSION]


def test_the_release_api_takes_the_kind_and_refuses_another_by_field(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    hand_to_development(ticket, author=world.engineer, version="fix 7")
    client = client_for(world.engineer)
    wrong = client.post(
        "/api/v1/releases",
        {"supplier": world.partner.pk, "version": "fix 7", "kind": "hotfix"},
        format="json",
        headers={"accept-language": "ru"},
    )
    assert wrong.status_code == 400
    assert "kind" in str(wrong.json())
    assert DevelopmentHandover.objects.get(ticket=ticket).released_at is None
    made = client.post(
        "/api/v1/releases",
        {"supplier": world.partner.pk, "version": "fix 7", "kind": "patch"},
        format="json",
    )
    assert made.status_code == 201
    assert made.json()[0]["release_kind"] == "patch"
