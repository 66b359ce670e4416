from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kabinet.conftest import World
from kabinet.errors import NotAllowedError, TooLargeError
from kabinet.tickets import actions
from kabinet.tickets.models import Attachment
from kabinet.tickets.tests.factories import file_ticket


def test_attachment_is_stored_on_disk_not_in_database(world: World, attachments_dir: Path) -> None:
    ticket = file_ticket(world.contract, world.contact)
    attachment = actions.add_attachment(
        ticket,
        author=world.contact,
        filename="../etc/passwd",
        content_type="",
        chunks=[b"ab", b"c"],
    )
    assert attachment.size == 3
    assert attachment.filename == ".._etc_passwd"
    assert (attachments_dir / attachment.storage_name).read_bytes() == b"abc"


def test_oversized_stream_is_stopped_and_leaves_nothing(
    world: World, attachments_dir: Path
) -> None:
    package = world.contract.package
    package.attachment_size_limit = 10
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    consumed: list[int] = []

    def chunks() -> Iterator[bytes]:
        for i in range(100):
            consumed.append(i)
            yield b"123456"

    with pytest.raises(TooLargeError):
        actions.add_attachment(
            ticket, author=world.contact, filename="big.bin", content_type="", chunks=chunks()
        )
    assert len(consumed) == 2  # stopped as soon as the limit was passed
    assert Attachment.objects.count() == 0
    assert not [p for p in attachments_dir.rglob("*") if p.is_file()]


def test_customer_cannot_add_internal_attachment(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    with pytest.raises(NotAllowedError):
        actions.add_attachment(
            ticket,
            author=world.contact,
            filename="x",
            content_type="",
            chunks=[b"x"],
            internal=True,
        )
