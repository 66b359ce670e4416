"""What counts as a response and as an update."""

from datetime import datetime

import pytest

from kabinet.sla import Event, EventKind, Side, UpdateType
from kabinet.sla.events import counts_as_update, is_supplier_response
from kabinet.sla.tests.builders import auto_ack, msk, reply, solution, workaround

AT = msk("2026-04-06", "10:00")


def test_only_public_supplier_messages_are_responses() -> None:
    assert is_supplier_response(reply(AT)) is True
    assert is_supplier_response(reply(AT, public=False)) is False
    assert is_supplier_response(auto_ack(AT)) is False
    assert is_supplier_response(Event(AT, EventKind.PUBLIC_REPLY, Side.CUSTOMER)) is False
    assert is_supplier_response(Event(AT, EventKind.AWAITING_CUSTOMER, Side.SUPPLIER)) is False


@pytest.mark.parametrize(
    ("event", "at_level_one"),
    [
        (reply(AT), False),
        (Event(AT, EventKind.STATUS_UPDATE, Side.SUPPLIER), False),
        (reply(AT, UpdateType.ACTION_PLAN), True),
        (Event(AT, EventKind.STATUS_UPDATE, Side.SUPPLIER, update_type=UpdateType.SOLUTION), True),
        (solution(AT), True),
        (workaround(AT), True),
    ],
)
def test_level_one_counts_typed_updates_only(event: Event, at_level_one: bool) -> None:
    assert counts_as_update(event, 1) is at_level_one
    assert counts_as_update(event, 2) is True


def test_events_refuse_naive_times_and_missing_levels() -> None:
    with pytest.raises(ValueError, match="aware"):
        Event(datetime(2026, 4, 6, 10), EventKind.PUBLIC_REPLY, Side.SUPPLIER)
    with pytest.raises(ValueError, match="criticality"):
        Event(AT, EventKind.CRITICALITY_CHANGED, Side.SUPPLIER)
    with pytest.raises(ValueError, match="standard"):
        Event(AT, EventKind.CLASSIFIED, Side.SUPPLIER)
