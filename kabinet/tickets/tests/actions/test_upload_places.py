from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from kabinet.conftest import NOW, World
from kabinet.errors import ConflictError, DomainError, NotAllowedError, TooLargeError
from kabinet.tickets import actions
from kabinet.tickets.actions.upload_places import (
    add_to_upload_place,
    close_upload_place,
    current_upload_place,
    open_upload_place,
)
from kabinet.tickets.models import Attachment, EventKind, Ticket, TicketEvent, Visibility
from kabinet.tickets.tests.factories import file_ticket

MB = 1024 * 1024


def _files(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def test_supplier_opens_a_place_with_the_package_limit_for_fourteen_days(world: World) -> None:
    package = world.contract.package
    package.large_upload_limit = 3 * MB
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    place = open_upload_place(ticket, author=world.engineer)
    assert (place.limit, place.opened_at) == (3 * MB, NOW)
    assert place.expires_at == NOW + dt.timedelta(days=14)
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.UPLOAD_PLACE_OPENED)
    assert event.visibility == Visibility.PUBLIC
    assert event.payload["expires_at"] == place.expires_at.isoformat()
    assert event.payload["requested"] is False
    assert current_upload_place(ticket) == place


def test_customer_saying_there_is_more_data_opens_the_place_at_once(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    place = open_upload_place(ticket, author=world.contact)
    assert place.expires_at == NOW + dt.timedelta(days=14)
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.UPLOAD_PLACE_OPENED)
    assert event.payload["requested"] is True
    assert event.actor_side == "customer"


def test_only_the_supplier_chooses_the_period(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(
        DomainError, match=re.escape("Only the supplier's staff may choose the period.")
    ):
        open_upload_place(ticket, author=world.contact, days=60)
    with pytest.raises(DomainError, match="from 1 to 90 days"):
        open_upload_place(ticket, author=world.engineer, days=91)
    assert open_upload_place(
        ticket, author=world.engineer, days=3
    ).expires_at == NOW + dt.timedelta(days=3)


def test_a_second_place_while_one_is_open_is_a_conflict(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.contact)
    with pytest.raises(ConflictError, match="already has an open upload place"):
        open_upload_place(ticket, author=world.engineer)


def test_no_place_on_a_closed_ticket(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    actions.propose_solution(ticket, author=world.engineer, body="Done.")
    actions.accept_solution(ticket, author=world.contact)
    with pytest.raises(ConflictError, match=re.escape("The ticket is closed.")):
        open_upload_place(ticket, author=world.engineer)


def test_outsiders_may_not_open_and_customers_may_not_close(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(NotAllowedError):
        open_upload_place(ticket, author=world.other_engineer)
    open_upload_place(ticket, author=world.contact)
    with pytest.raises(NotAllowedError, match=re.escape("Only the supplier's staff may do this.")):
        close_upload_place(ticket, author=world.contact)


def test_file_above_the_package_limit_goes_into_the_place(
    world: World, attachments_dir: Path
) -> None:
    package = world.contract.package
    package.attachment_size_limit = 1 * MB
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    place = open_upload_place(ticket, author=world.engineer)
    body = b"0123456789abcdef" * (MB // 8)  # 2 MB
    attachment = add_to_upload_place(
        ticket,
        author=world.contact,
        filename="techlog.zip",
        content_type="application/zip",
        chunks=(body[i : i + 65536] for i in range(0, len(body), 65536)),
    )
    assert (attachment.size, attachment.upload_place_id) == (2 * MB, place.pk)
    assert attachment.visibility == Visibility.PUBLIC
    assert (attachments_dir / attachment.storage_name).read_bytes() == body
    event = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ATTACHMENT_ADDED).get()
    assert event.payload["upload_place"] == place.pk


def test_place_limit_is_exact_and_one_byte_more_leaves_nothing(
    world: World, attachments_dir: Path
) -> None:
    package = world.contract.package
    package.large_upload_limit = 100
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    ok = add_to_upload_place(
        ticket, author=world.contact, filename="a", content_type="", chunks=[b"x" * 60, b"y" * 40]
    )
    assert ok.size == 100
    consumed: list[int] = []

    def chunks() -> Iterator[bytes]:
        for n in (60, 41, 1000):
            consumed.append(n)
            yield b"z" * n

    with pytest.raises(TooLargeError, match=r"upload place allows: 100\xa0bytes \(100 bytes\)"):
        add_to_upload_place(
            ticket, author=world.contact, filename="b", content_type="", chunks=chunks()
        )
    assert consumed == [60, 41]
    assert _files(attachments_dir) == [attachments_dir / ok.storage_name]
    assert Attachment.objects.filter(ticket=ticket).count() == 1


def test_expired_and_closed_places_take_no_files(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(ConflictError, match="no open upload place"):
        add_to_upload_place(
            ticket, author=world.contact, filename="a", content_type="", chunks=[b"x"]
        )
    open_upload_place(ticket, author=world.engineer, days=1)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        with pytest.raises(ConflictError, match=re.escape("The upload place has expired.")):
            add_to_upload_place(
                ticket, author=world.contact, filename="a", content_type="", chunks=[b"x"]
            )
        place = open_upload_place(ticket, author=world.engineer)
        closed = close_upload_place(ticket, author=world.engineer)
        assert closed.pk == place.pk and closed.closed_by == world.engineer
        with pytest.raises(ConflictError, match=re.escape("The upload place is closed.")):
            add_to_upload_place(
                ticket, author=world.contact, filename="a", content_type="", chunks=[b"x"]
            )
        with pytest.raises(ConflictError, match="no open upload place"):
            close_upload_place(ticket, author=world.engineer)
    kinds = list(
        TicketEvent.objects.filter(ticket=ticket, kind__startswith="upload_place").values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["upload_place_opened", "upload_place_opened", "upload_place_closed"]


def test_opening_a_place_does_not_count_as_the_suppliers_reaction(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    assert Ticket.objects.get(pk=ticket.pk).reaction_met_at is None
