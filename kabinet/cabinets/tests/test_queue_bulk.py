"""Bulk acts from the work queue: each selected ticket goes through its own action (checked,
recorded in its own timeline), with one outcome per ticket; another tenant's ticket is
"not found" and untouched; a form missing what the act needs is a 400 with the reason."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.conftest import World
from kabinet.lines.models import SupportLine
from kabinet.tickets import actions
from kabinet.tickets.models import EventKind, Ticket
from kabinet.tickets.tests.factories import file_ticket


def browser(world: World, who: str = "engineer") -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(getattr(world, who))
    return client


@pytest.fixture
def selected(world: World) -> list[Ticket]:
    return [file_ticket(world.contract, world.contact, criticality=level) for level in (3, 4, 2)]


def outcomes(response: object) -> dict[str, tuple[bool, str]]:
    return {o.number: (o.done, o.message) for o in response.context["outcomes"]}  # type: ignore[attr-defined]


def test_change_criticality_one_by_one_with_one_reason(
    world: World, selected: list[Ticket]
) -> None:
    foreign = file_ticket(world.other_contract, world.outsider)
    closed = selected[2]
    actions.propose_solution(closed, author=world.engineer, body="Patch.")
    actions.accept_solution(closed, author=world.contact)
    numbers = [str(t.number) for t in selected] + [str(foreign.number)]
    response = browser(world).post(
        "/partner/bulk/",
        {"tickets": numbers, "act": "criticality", "criticality": "4", "reason": "Cosmetic."},
    )
    assert response.status_code == 200
    result = outcomes(response)
    first, second, third, stranger = numbers
    assert result[first] == (True, "Done.")
    assert result[second][0] is False  # already level 4: its own guard says so
    assert "already has this criticality" in result[second][1]
    assert result[third][0] is False  # closed
    assert result[stranger] == (False, "No such ticket in your queue.")
    assert response.context["done"] == 1
    changed = Ticket.objects.get(pk=selected[0].pk)
    assert changed.criticality == 4
    event = changed.events.get(kind=EventKind.CRITICALITY_CHANGED, actor=world.engineer)
    assert event.payload["reason"] == "Cosmetic."
    assert Ticket.objects.get(pk=foreign.pk).version == foreign.version


def test_assign_and_move_to_a_line(world: World, selected: list[Ticket]) -> None:
    SupportLine.objects.create(supplier=world.partner, key="l1", name="Первая линия")
    line = SupportLine.objects.create(
        supplier=world.partner, key="l2", name="Вторая линия", position=2
    )
    numbers = [t.number for t in selected]
    client = browser(world)
    response = client.post(
        "/partner/bulk/", {"tickets": numbers, "act": "assign", "assignee": world.engineer.pk}
    )
    assert all(done for done, _ in outcomes(response).values())
    assert set(
        Ticket.objects.filter(pk__in=[t.pk for t in selected]).values_list("assignee_id", flat=True)
    ) == {world.engineer.pk}
    response = client.post(
        "/partner/bulk/", {"tickets": numbers, "act": "line", "line": line.pk, "reason": "L2"}
    )
    assert all(done for done, _ in outcomes(response).values())
    for ticket in selected:
        assert ticket.events.filter(kind=EventKind.LINE_MOVED).count() == 1
    response = client.post(
        "/partner/bulk/", {"tickets": numbers, "act": "assign", "assignee": "none"}
    )
    assert Ticket.objects.filter(pk__in=[t.pk for t in selected], assignee=None).count() == 3


@pytest.mark.parametrize(
    ("data", "message", "pick"),
    [
        ({"act": "assign", "assignee": "none"}, "Select at least one ticket in the list.", False),
        ({"act": "criticality", "criticality": "2"}, "A reason is required", True),
        ({"act": "line"}, "Choose the line to move the tickets to.", True),
        ({"act": "explode"}, "Choose one of the acts in the list.", True),
    ],
)
def test_a_form_missing_what_the_act_needs_is_refused(
    world: World, selected: list[Ticket], data: dict[str, str], message: str, pick: bool
) -> None:
    if pick:
        data = {**data, "tickets": str(selected[0].number)}
    response = browser(world).post("/partner/bulk/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Ticket.objects.get(pk=selected[0].pk).version == selected[0].version


def test_another_partners_line_is_refused(world: World, selected: list[Ticket]) -> None:
    foreign = SupportLine.objects.create(supplier=world.other_partner, key="x", name="Чужая")
    response = browser(world).post(
        "/partner/bulk/", {"tickets": [selected[0].number], "act": "line", "line": foreign.pk}
    )
    assert response.status_code == 400
    assert "Чужая" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "url", "expected"),
    [
        ("engineer", "/partner/bulk/", 200),
        ("other_engineer", "/partner/bulk/", 200),  # its own queue: nothing of ours found
        ("engineer", "/vendor/bulk/", 404),
        ("vendor_engineer", "/partner/bulk/", 404),
        ("contact", "/partner/bulk/", 404),
        ("admin", "/client/bulk/", 404),
        ("anon", "/partner/bulk/", 302),
    ],
)
def test_bulk_access(
    world: World, selected: list[Ticket], who: str, url: str, expected: int
) -> None:
    client = Client()
    if who != "anon":
        client.force_login(getattr(world, who))
    data = {"tickets": [selected[0].number], "act": "assign", "assignee": "none"}
    response = client.post(url, data)
    assert response.status_code == expected
    if who == "other_engineer":
        assert outcomes(response)[str(selected[0].number)][0] is False
    if who != "engineer" or expected != 200:
        assert Ticket.objects.get(pk=selected[0].pk).version == selected[0].version


def test_the_queue_offers_the_selection(world: World, selected: list[Ticket]) -> None:
    page = browser(world).get("/partner/").content.decode()
    assert 'form="bulk"' in page and f'value="{selected[0].number}"' in page
