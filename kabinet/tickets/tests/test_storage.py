"""The attachment store under faults: a disk that refuses a write, a file gone from under its
row, and the half-written files a killed worker leaves."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from kabinet import private_files
from kabinet.conftest import NOW
from kabinet.errors import NotFoundError, TooLargeError, UnavailableError
from kabinet.tickets import storage
from kabinet.tickets.tasks import remove_partial_uploads


def _everything(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_whole_file_appears_under_its_name_only_when_complete(attachments_dir: Path) -> None:
    seen_while_writing: list[list[str]] = []

    def chunks() -> Iterator[bytes]:
        yield b"first half "
        seen_while_writing.append(_everything(attachments_dir))
        yield b"second half"

    stored = storage.store(chunks(), limit=100)

    [[partial]] = seen_while_writing
    assert partial.endswith(storage.PARTIAL_SUFFIX)
    assert _everything(attachments_dir) == [stored.name]
    assert (attachments_dir / stored.name).read_bytes() == b"first half second half"


def test_a_store_folder_that_is_not_a_folder_is_unavailable_not_a_crash(
    attachments_dir: Path,
) -> None:
    attachments_dir.write_text("a file where the folder should be")
    with pytest.raises(UnavailableError) as refused:
        storage.store([b"data"], limit=100)
    assert refused.value.status_code == 503
    assert refused.value.retry_after > 0


def test_a_full_disk_is_unavailable_and_leaves_no_partial_file(
    attachments_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = private_files.create_file

    def create_on_a_full_disk(path: Path) -> int:
        os.close(real_create(path))  # the partial file exists, as on a real disk
        return os.open("/dev/full", os.O_WRONLY)  # every write: ENOSPC

    monkeypatch.setattr(storage, "create_file", create_on_a_full_disk)
    with pytest.raises(UnavailableError):
        storage.store([b"x" * 100_000], limit=1_000_000)
    assert _everything(attachments_dir) == []


def test_a_refused_size_is_still_the_packages_refusal(attachments_dir: Path) -> None:
    with pytest.raises(TooLargeError):
        storage.store([b"x" * 101], limit=100)
    assert _everything(attachments_dir) == []


def test_a_file_gone_from_the_disk_is_not_found(attachments_dir: Path) -> None:
    stored = storage.store([b"data"], limit=100)
    (attachments_dir / stored.name).unlink()
    with pytest.raises(NotFoundError):
        storage.open_stored(stored.name)


def test_an_unreadable_store_is_unavailable(attachments_dir: Path) -> None:
    stored = storage.store([b"data"], limit=100)
    (attachments_dir / stored.name).unlink()
    (attachments_dir / stored.name).mkdir()  # reading it: EISDIR
    with pytest.raises(UnavailableError):
        storage.open_stored(stored.name)


def _left_behind(attachments_dir: Path, name: str, written: dt.datetime) -> Path:
    path = attachments_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"half an upload")
    os.utime(path, (written.timestamp(), written.timestamp()))
    return path


def test_partial_files_older_than_the_cut_off_are_removed_and_nothing_else(
    attachments_dir: Path, frozen_time: time_machine.Traveller, settings: Any
) -> None:
    settings.KABINET_PARTIAL_UPLOAD_HOURS = 6
    stale = _left_behind(attachments_dir, "ab/dead.part", NOW - dt.timedelta(hours=7))
    fresh = _left_behind(attachments_dir, "ab/busy.part", NOW - dt.timedelta(hours=5))
    kept = _left_behind(attachments_dir, "ab/whole", NOW - dt.timedelta(days=30))

    assert remove_partial_uploads() == 1

    assert not stale.exists()
    assert fresh.exists() and kept.exists()


def test_removing_partial_files_from_a_store_never_written_is_nothing(
    attachments_dir: Path, frozen_time: time_machine.Traveller
) -> None:
    assert remove_partial_uploads() == 0
