"""Stored files and the SQLite database are not world-readable whatever the umask: files
0600, folders 0700, the database's -wal and -shm too; older world-readable ones are closed."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.db.utils import ConnectionHandler

from kabinet.settings import database_from_url
from kabinet.tickets import storage


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The loosest umask a server could start with."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_stored_file_and_its_folders_are_private(attachments_dir: Path, open_umask: None) -> None:
    stored = storage.store([b"secret ", b"diagnostics"], limit=100)
    path = attachments_dir / stored.name
    assert path.read_bytes() == b"secret diagnostics"
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _mode(attachments_dir) == 0o700


def test_partial_file_of_a_refused_upload_is_private_while_it_lasts(
    attachments_dir: Path, open_umask: None
) -> None:
    seen: list[int] = []

    def chunks() -> Iterator[bytes]:
        yield b"x" * 10
        seen.extend(_mode(p) for p in attachments_dir.rglob("*.part"))
        yield b"x" * 10

    with pytest.raises(Exception, match="larger than 15 bytes"):
        storage.store(chunks(), limit=15)
    assert seen == [0o600]
    assert not list(attachments_dir.rglob("*.part"))


def _connect(path: Path) -> sqlite3.Connection:
    """A connection as the service opens one (the backend, WAL mode), outside the test
    database that pytest-django guards."""
    handler = ConnectionHandler({"default": database_from_url(f"sqlite:///{path}", path.parent)})
    wrapper = handler["default"]
    connection: sqlite3.Connection = wrapper.get_new_connection(wrapper.get_connection_params())
    return connection


def test_sqlite_database_wal_and_shm_are_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "data" / "kabinet.sqlite3"
    connection = _connect(path)
    try:
        connection.execute("CREATE TABLE t (x)")  # WAL mode: -wal and -shm appear
        connection.commit()
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert [_mode(f) for f in files] == [0o600, 0o600, 0o600]
        assert _mode(path.parent) == 0o700
    finally:
        connection.close()


def test_a_world_readable_database_from_before_loses_the_others_bits(
    tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()
    path.chmod(0o664)
    _connect(path).close()
    assert _mode(path) == 0o660


def test_the_service_database_uses_the_private_backend() -> None:
    assert connections["default"].settings_dict["ENGINE"] in {
        "kabinet.sqlite",
        "django.db.backends.postgresql",
    }
