"""The work queue triages: orders (work order by default, due next, age, criticality), the
ready-made views with their counts as time moves, cursor paging on the queue and the
customer's list, a bare number in the search box, and the export of the current view —
each only over the person's own supplier side."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook  # type: ignore[import-untyped]

from kabinet.cabinets import paging, triage
from kabinet.cabinets.tests.conftest import dossier
from kabinet.conftest import World
from kabinet.escalations.actions import (
    escalate_to_vendor,
    relay_vendor_answer,
    vendor_return_escalation,
)
from kabinet.escalations.models import VendorReturnReason
from kabinet.tickets.actions import assign, record_public_reply, return_for_information
from kabinet.tickets.actions.sla_sweep import sweep_sla
from kabinet.tickets.models import NOTHING_DUE, ReturnReason, Ticket
from kabinet.tickets.tests.factories import file_ticket


def browser(world: World, who: str = "engineer") -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(getattr(world, who))
    return client


def numbers(response: object) -> list[str]:
    return [str(t.number) for t in response.context["tickets"]]  # type: ignore[attr-defined]


def counts(response: object) -> dict[str, int]:
    return {v.value: n for v, _label, n, _q in response.context["ready_views"]}  # type: ignore[attr-defined]


@pytest.fixture
def spread(world: World, frozen_time: time_machine.Traveller) -> list[Ticket]:
    """Five tickets an hour apart: levels 3, 4, 2, 3 and a critical one last."""
    made = []
    for level in (3, 4, 2, 3, 1):
        made.append(
            file_ticket(
                world.contract,
                world.contact,
                criticality=level,
                confirmed_phone_24x7=True,
                confirmed_email_1h=True,
            )
        )
        frozen_time.shift(dt.timedelta(hours=1))
    return made


def test_default_is_critical_first_then_first_in_first_out(
    world: World, spread: list[Ticket]
) -> None:
    shown = numbers(browser(world).get("/partner/"))
    assert shown == [spread[4].number, *(t.number for t in spread[:4])]


def _due(ticket: Ticket) -> dt.datetime:
    ticket.refresh_from_db()
    candidates = [ticket.update_due_at]
    if ticket.reaction_met_at is None:
        candidates.append(ticket.reaction_due_at)
    if ticket.resolution_met_at is None:
        candidates.append(ticket.resolution_due_at)
    return min((c for c in candidates if c is not None), default=NOTHING_DUE)


def test_due_next_sorts_by_the_nearest_open_target(world: World, spread: list[Ticket]) -> None:
    record_public_reply(spread[0], author=world.engineer, body="Looking.")  # reaction met
    shown = numbers(browser(world).get("/partner/?status=open&sort=due"))
    expected = sorted(spread, key=lambda t: (_due(t), t.pk))
    assert shown == [t.number for t in expected]
    assert len({_due(t) for t in spread}) > 1  # the order says something


def test_age_and_criticality_orders(world: World, spread: list[Ticket]) -> None:
    client = browser(world)
    assert numbers(client.get("/partner/?status=open&sort=age")) == [t.number for t in spread]
    by_level = sorted(spread, key=lambda t: (t.criticality, t.registered_at))
    assert numbers(client.get("/partner/?status=open&sort=criticality")) == [
        t.number for t in by_level
    ]


def test_unknown_order_or_view_is_refused_with_a_message(
    world: World, spread: list[Ticket]
) -> None:
    client = browser(world)
    response = client.get("/partner/?sort=loudest")
    assert response.status_code == 400
    assert "Choose one of the orders in the list." in response.content.decode()
    response = client.get("/vendor/?view=at_vendor", follow=False)
    assert response.status_code == 404  # the engineer has no vendor console
    response = browser(world, "vendor_engineer").get("/vendor/?view=at_vendor")
    assert response.status_code == 400  # the vendor's queue offers no chain views
    assert "Choose one of the ready-made views." in response.content.decode()


def test_breaching_views_follow_the_clock(
    world: World, spread: list[Ticket], frozen_time: time_machine.Traveller
) -> None:
    """As time moves, a ticket enters "within the hour", then "breached" once the sweep
    records the breach; the counts follow, and "today" is the reader's day."""
    client = browser(world)
    first = spread[1]  # level 4, unanswered
    first.refresh_from_db()
    assert first.reaction_due_at is not None
    frozen_time.move_to(first.reaction_due_at - dt.timedelta(minutes=30))
    response = client.get("/partner/?status=open&view=due_hour")
    assert first.number in numbers(response)
    assert counts(response)["due_hour"] == len(numbers(response))
    assert all(
        _due(t) <= first.reaction_due_at + dt.timedelta(minutes=30)
        for t in Ticket.objects.filter(number__in=numbers(response))
    )
    frozen_time.move_to(first.reaction_due_at + dt.timedelta(minutes=1))
    sweep_sla(now=first.reaction_due_at + dt.timedelta(minutes=1))
    response = client.get("/partner/?status=open&view=breached")
    assert first.number in numbers(response)
    assert first.number not in numbers(client.get("/partner/?status=open&view=due_hour"))
    assert counts(response)["breached"] == len(numbers(response))


def test_end_of_today_is_in_the_readers_zone() -> None:
    from django.utils import timezone

    moment = dt.datetime(2026, 5, 8, 22, 30, tzinfo=dt.UTC)
    with timezone.override("Europe/Moscow"):  # 01:30 on the 9th in Moscow
        assert triage.end_of_today(moment) == dt.datetime(2026, 5, 9, 21, 0, tzinfo=dt.UTC)
    with timezone.override("UTC"):
        assert triage.end_of_today(moment) == dt.datetime(2026, 5, 9, 0, 0, tzinfo=dt.UTC)


def test_unassigned_and_waiting_for_the_customer(world: World, spread: list[Ticket]) -> None:
    for ticket in spread[1:]:  # the contract's personal consultant took each; four go back
        assign(ticket, assignee_id=None, author=world.engineer)
    assign(spread[0], assignee_id=world.engineer.pk, author=world.engineer)
    return_for_information(
        spread[2],
        author=world.engineer,
        reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS,
        body="Logs, please.",
    )
    client = browser(world)
    response = client.get("/partner/?status=open&view=unassigned")
    assert spread[0].number not in numbers(response)
    assert counts(response)["unassigned"] == 4
    waiting = numbers(client.get("/partner/?status=open&view=awaiting_customer"))
    assert waiting == [spread[2].number]


def test_chain_views(
    chain_ready: World, spread: list[Ticket], frozen_time: time_machine.Traveller
) -> None:
    world = chain_ready
    escalation = escalate_to_vendor(spread[0], author=world.engineer, dossier=dossier())
    client = browser(world)

    def view(name: str) -> list[str]:
        return numbers(client.get(f"/partner/?status=open&view={name}"))

    assert view("at_vendor") == [spread[0].number]
    assert view("vendor_answered") == view("vendor_returned") == []
    frozen_time.shift(dt.timedelta(minutes=5))
    record_public_reply(
        escalation.vendor_ticket, author=world.vendor_engineer, body="Try the patch."
    )
    assert view("vendor_answered") == [spread[0].number]
    frozen_time.shift(dt.timedelta(minutes=5))
    relay_vendor_answer(escalation, author=world.engineer, body="The vendor suggests a patch.")
    assert view("vendor_answered") == []
    frozen_time.shift(dt.timedelta(minutes=5))
    vendor_return_escalation(
        escalation, author=world.vendor_engineer, reason=VendorReturnReason.NO_INVESTIGATION_HISTORY
    )
    assert view("vendor_returned") == [spread[0].number]
    assert view("at_vendor") == []
    response = client.get("/partner/")
    assert counts(response)["vendor_returned"] == 1
    # The vendor's own queue has no chain views; its engineer sees the vendor ticket.
    vendor_page = browser(world, "vendor_engineer").get("/vendor/")
    assert "vendor_returned" not in counts(vendor_page)
    assert escalation.vendor_ticket.number in numbers(vendor_page)
    # Another partner's engineer counts nothing of this partner's.
    assert counts(browser(world, "other_engineer").get("/partner/"))["vendor_returned"] == 0


def _next(response: object) -> str:
    query = str(response.context["next_page"])  # type: ignore[attr-defined]
    return query and "?" + query


@pytest.mark.parametrize("sort", [s.value for s in triage.Sort])
def test_cursor_paging_walks_every_ticket_once(
    world: World, spread: list[Ticket], sort: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging.page_of, "__kwdefaults__", {"size": 2, "narrow_first": False})
    client = browser(world)
    whole = numbers(client.get(f"/partner/?status=open&sort={sort}"))
    assert len(whole) == 2
    seen: list[str] = []
    url = f"/partner/?status=open&sort={sort}"
    while url:
        response = client.get(url)
        seen += numbers(response)
        url = _next(response) and "/partner/" + _next(response)
    assert sorted(seen) == sorted(str(t.number) for t in spread)
    assert len(seen) == len(set(seen))
    # A ticket filed between pages neither repeats a row nor shifts the next page.
    first = client.get(f"/partner/?status=open&sort={sort}")
    file_ticket(world.contract, world.contact, criticality=4)
    second = client.get("/partner/" + _next(first))
    assert not set(numbers(first)) & set(numbers(second))


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJ4Il0", "x" * 600])
def test_a_damaged_cursor_is_a_400_with_a_message(
    world: World, spread: list[Ticket], cursor: str
) -> None:
    for who, page in (("engineer", "/partner/"), ("contact", "/client/")):
        response = browser(world, who).get(f"{page}?after={cursor}")
        assert response.status_code == 400
        assert "start again from the first page" in response.content.decode()


def test_customer_list_pages_too(
    world: World, spread: list[Ticket], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging.page_of, "__kwdefaults__", {"size": 2, "narrow_first": False})
    client = browser(world, "contact")
    seen: list[str] = []
    url = "/client/"
    while url:
        response = client.get(url)
        seen += numbers(response)
        url = _next(response) and "/client/" + _next(response)
    assert seen == [t.number for t in sorted(spread, key=lambda t: -t.pk)]


def test_a_bare_number_finds_the_ticket(world: World, spread: list[Ticket]) -> None:
    wanted = spread[3]
    shown = numbers(browser(world).get(f"/partner/?status=&text={wanted.pk}"))
    assert shown == [wanted.number]
    # Another partner's engineer finds nothing by this number.
    assert numbers(browser(world, "other_engineer").get(f"/partner/?text={wanted.pk}")) == []


def test_export_of_the_current_view(world: World, spread: list[Ticket]) -> None:
    from kabinet.tickets.actions import update_ticket_details

    update_ticket_details(
        spread[0],
        author=world.engineer,
        expected_version=spread[0].version,
        changes={"subject": "=HYPERLINK(1)"},
    )
    client = browser(world)
    response = client.get("/partner/export.csv?status=open&criticality=&sort=age")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="queue-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Номер"
    assert [r[0] for r in rows[1:]] == [t.number for t in spread]
    assert rows[1][1] == "'=HYPERLINK(1)"
    response = client.get("/partner/export.xlsx?status=open&sort=criticality")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert cells == [t.number for t in sorted(spread, key=lambda t: (t.criticality, t.pk))]
    subject = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == spread[0].number)
    assert subject.data_type == "s"
    assert client.get("/partner/export.csv?sort=loudest").status_code == 400
    assert client.get("/partner/export.pdf").status_code == 404


@pytest.mark.parametrize(
    ("who", "url", "expected"),
    [
        ("engineer", "/partner/export.csv", 200),
        ("engineer", "/vendor/export.csv", 404),
        ("engineer", "/client/export.csv", 404),
        ("other_engineer", "/partner/export.xlsx", 200),
        ("vendor_engineer", "/vendor/export.xlsx", 200),
        ("vendor_engineer", "/partner/export.csv", 404),
        ("contact", "/partner/export.csv", 404),
        ("admin", "/vendor/export.csv", 404),
        ("anon", "/partner/export.csv", 302),
    ],
)
def test_export_access(
    world: World, spread: list[Ticket], who: str, url: str, expected: int
) -> None:
    client = Client()
    if who != "anon":
        client.force_login(getattr(world, who))
    response = client.get(url)
    assert response.status_code == expected
    if who == "other_engineer":
        body = response.content
        assert all(str(t.number).encode() not in body for t in spread)  # another partner's rows
    if expected == 200 and who == "engineer":
        assert str(spread[0].number) in response.content.decode("utf-8-sig")


def test_next_page_keeps_the_filters(
    world: World, spread: list[Ticket], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging.page_of, "__kwdefaults__", {"size": 1, "narrow_first": False})
    response = browser(world).get("/partner/?status=open&criticality=3&sort=due")
    query = parse_qs(urlparse("?" + response.context["next_page"]).query)
    assert query["criticality"] == ["3"] and query["sort"] == ["due"] and query["after"]


@pytest.mark.parametrize("sort", [s.value for s in triage.Sort])
def test_paging_by_keys_first_cuts_the_same_list_into_the_same_pages(
    world: World, spread: list[Ticket], sort: str
) -> None:
    """``narrow_first`` (the "breaching" views: each page's keys picked off an index before
    any row is read) pages exactly as the plain query does, cursor after cursor."""
    rows, keys = triage.sorted_by(Ticket.objects.open(), triage.Sort(sort))
    pages: dict[bool, list[list[str]]] = {}
    for narrow in (False, True):
        cursor, walked = "", []
        while True:
            page = paging.page_of(rows, keys, cursor, size=2, narrow_first=narrow)
            walked.append([str(t.number) for t in page.rows])
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        pages[narrow] = walked
    assert pages[True] == pages[False]
    assert len(pages[True]) == 3  # five tickets, two a page


def test_a_views_count_stops_at_the_cap(
    world: World, spread: list[Ticket], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts are capped (``triage.COUNT_CAP``): below the cap exact, from it on "N+"."""
    for ticket in spread:  # five waiting for the customer
        return_for_information(
            ticket, author=world.engineer, reason=ReturnReason.OTHER, body="Which release?"
        )
    client = browser(world)
    exact = counts(client.get("/partner/"))
    view, most = max(exact.items(), key=lambda item: item[1])
    assert most >= 3, exact
    monkeypatch.setattr(triage, "COUNT_CAP", 3)
    response = client.get("/partner/")
    capped = counts(response)
    assert capped == {name: min(count, 3) for name, count in exact.items()}
    assert capped[view] == 3
    assert '<span class="count">2+</span>' in response.content.decode()
