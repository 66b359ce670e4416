"""Calendars, policies and timeline events for the SLA clock tests, spelled briefly."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kabinet.sla import CalendarKey, Event, EventKind, Side, Target, UpdateType
from kabinet.worktime import Calendar

MSK = ZoneInfo("Europe/Moscow")
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


def week(start: str, end: str) -> dict[str, list[list[str]]]:
    days: dict[str, list[list[str]]] = {day: [[start, end]] for day in WORKDAYS}
    days.update(sat=[], sun=[])
    return days


RU_SPEC = {"timezone": "Europe/Moscow", "week": week("09:30", "18:00"), "production_calendar": "ru"}
PLAIN_SPEC = {"timezone": "Europe/Moscow", "week": week("09:00", "18:00")}
ALWAYS = Calendar.always()
RU = {"business": Calendar.from_spec(RU_SPEC), "24x7": ALWAYS}
# 9:00-18:00 Monday to Friday, no holidays: a 9-hour day. 2026-04-06 is a Monday.
PLAIN = {"business": Calendar.from_spec(PLAIN_SPEC), "24x7": ALWAYS}


def msk(day: str, clock: str = "00:00") -> datetime:
    """msk("2026-04-06", "09:30") -> that instant in Moscow."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=MSK)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def business(n_hours: float) -> Target:
    return Target(hours(n_hours), CalendarKey.BUSINESS)


def always(n_hours: float) -> Target:
    return Target(hours(n_hours), CalendarKey.ALWAYS)


def registered(at: datetime, level: int = 3, standard: bool | None = None) -> Event:
    return Event(at, EventKind.REGISTERED, Side.CUSTOMER, criticality=level, standard=standard)


def reply(at: datetime, update_type: UpdateType | None = None, public: bool = True) -> Event:
    return Event(at, EventKind.PUBLIC_REPLY, Side.SUPPLIER, public=public, update_type=update_type)


def phone_call(at: datetime) -> Event:
    return Event(at, EventKind.PHONE_CALL, Side.SUPPLIER)


def auto_ack(at: datetime) -> Event:
    return Event(at, EventKind.AUTO_ACK, Side.SYSTEM)


def awaiting(at: datetime) -> Event:
    return Event(at, EventKind.AWAITING_CUSTOMER, Side.SUPPLIER)


def customer_reply(at: datetime) -> Event:
    return Event(at, EventKind.CUSTOMER_REPLY, Side.CUSTOMER)


def solution(at: datetime) -> Event:
    return Event(at, EventKind.SOLUTION_PROPOSED, Side.SUPPLIER)


def workaround(at: datetime) -> Event:
    return Event(at, EventKind.WORKAROUND_PROPOSED, Side.SUPPLIER)


def accepted(at: datetime) -> Event:
    return Event(at, EventKind.SOLUTION_ACCEPTED, Side.CUSTOMER)


def rejected(at: datetime) -> Event:
    return Event(at, EventKind.SOLUTION_REJECTED, Side.CUSTOMER)


def closed(at: datetime) -> Event:
    return Event(at, EventKind.CLOSED, Side.SUPPLIER)


def changed(at: datetime, level: int, reason: str = "impact reassessed") -> Event:
    return Event(at, EventKind.CRITICALITY_CHANGED, Side.SUPPLIER, criticality=level, reason=reason)


def classified(at: datetime, standard: bool) -> Event:
    return Event(at, EventKind.CLASSIFIED, Side.SUPPLIER, standard=standard)
