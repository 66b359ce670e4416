"""What the regime tests share: Moscow instants of 2026 and reading the REST answers."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

MSK = ZoneInfo("Europe/Moscow")


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=MSK)


def sla(ticket: dict[str, Any], target: str, key: str = "due_at") -> Any:
    """One figure of a ticket's SLA block; instants come back as aware datetimes."""
    value = ticket["sla"][target][key]
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def ok(response: Any, code: int = 201) -> Any:
    assert response.status_code == code, response.content
    return response.json()
