"""Every SQLite connection of Kabinet has its SQL functions from its first statement on (the
knowledge triggers call them in any write of a ticket), with Python's rules: ``lower`` in
every alphabet, the search's Snowball stems, NULL for NULL."""

from __future__ import annotations

from pathlib import Path

from django.db.utils import ConnectionHandler

from kabinet.settings import database_from_url
from kabinet.stems import stems_of


def test_a_new_connection_lowers_and_stems_as_python_does(tmp_path: Path) -> None:
    """A connection as the service opens one, outside the test database pytest-django
    guards."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    wrapper = ConnectionHandler({"default": database_from_url(url, tmp_path)})["default"]
    connection = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        row = connection.execute(
            "SELECT kabinet_lower(?), kabinet_stems(?), kabinet_lower(NULL), kabinet_stems(NULL)",
            ["KB-000001 ОШИБКА Проведения", "Не печатаются товарные накладные"],
        ).fetchone()
    finally:
        connection.close()
    assert row == (
        "kb-000001 ошибка проведения",
        stems_of("Не печатаются товарные накладные"),
        None,
        None,
    )
    assert row[1] == "не печата товарн накладн"
