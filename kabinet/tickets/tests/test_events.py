"""Every event kind has its payload defined once (``tickets.events``), the actions write that
shape, and the migration that gave the old ``topic`` notes kinds of their own loses nothing."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps

from kabinet.conftest import World
from kabinet.tickets import actions, events
from kabinet.tickets.models import (
    ActorSide,
    EventKind,
    ReturnReason,
    Ticket,
    TicketEvent,
    Visibility,
)
from kabinet.tickets.tests.factories import file_ticket

migration = importlib.import_module("kabinet.tickets.migrations.0005_event_kinds_of_their_own")


def test_every_kind_has_its_payload_shape() -> None:
    assert set(events.PAYLOADS) == set(EventKind)


def conforms(event: TicketEvent) -> bool:
    shape: Any = events.PAYLOADS[EventKind(event.kind)]
    required: frozenset[str] = shape.__required_keys__
    optional: frozenset[str] = shape.__optional_keys__
    return required <= set(event.payload) <= required | optional


def test_the_actions_write_each_kinds_shape(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, more_diagnostic_data=True)
    engineer = world.engineer
    actions.record_public_reply(ticket, author=engineer, body="On it.", action_plan=True)
    actions.log_phone_call(ticket, author=engineer, summary="Called.")
    actions.add_internal_comment(ticket, author=engineer, body="Note.")
    actions.assign(ticket, author=engineer, assignee_id=engineer.pk)
    actions.return_for_information(ticket, author=engineer, reason=ReturnReason.OTHER, body="Logs?")
    actions.customer_reply(ticket, author=world.contact, body="Sent.")
    actions.change_criticality(ticket, author=engineer, criticality=2, reason="Stopped.")
    actions.propose_solution(ticket, author=engineer, body="Patch.")
    actions.reject_solution(ticket, author=world.contact, reason="Still fails.")
    actions.propose_solution(ticket, author=engineer, body="Patch 2.")
    actions.accept_solution(ticket, author=world.contact)
    actions.rate_ticket(ticket, author=world.contact, rating=5, comment="Fast.")

    written = list(ticket.events.all())
    assert len({event.kind for event in written}) >= 12
    assert [event.kind for event in written if not conforms(event)] == []


def old_note(ticket: Ticket, kind: str, **payload: object) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=None,
        actor_side=ActorSide.SUPPLIER,
        at=ticket.registered_at,
        visibility=Visibility.INTERNAL,
        payload=payload,
    )


def test_the_migration_gives_topics_kinds_and_back_without_loss(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    comment = "internal_comment"
    written = [
        old_note(ticket, comment, body="Just a note."),
        old_note(ticket, comment, topic="line.moved", body="b", to="l2", reason=""),
        old_note(ticket, comment, topic="development.handed", body="b", version="1"),
        old_note(ticket, comment, topic="development.released", body="b", version="1"),
        old_note(
            ticket,
            comment,
            topic="development.handed",
            body="b",
            version="2",
            clock="awaiting_release",
        ),
        old_note(
            ticket, comment, topic="development.released", body="b", version="2", clock="released"
        ),
        old_note(ticket, comment, topic="escalation.opened", escalation="KB-9", vendor_event=0),
        old_note(ticket, comment, topic="escalation.relayed", relayed_as="reply"),
        old_note(ticket, comment, topic="escalation.vendor_update", escalation="KB-9"),
        old_note(ticket, "upload_place_opened", topic="upload_place.opened", upload_place=1),
    ]
    before = [(e.kind, e.payload) for e in written]

    migration.forward(apps, None)
    after = [TicketEvent.objects.get(pk=e.pk) for e in written]
    assert [e.kind for e in after] == [
        EventKind.INTERNAL_COMMENT,
        EventKind.LINE_MOVED,
        EventKind.HANDED_TO_DEVELOPMENT,
        EventKind.RELEASED,
        EventKind.AWAITING_RELEASE,
        EventKind.RELEASED,
        EventKind.ESCALATION_OPENED,
        EventKind.ESCALATION_RELAYED,
        EventKind.VENDOR_UPDATE,
        EventKind.UPLOAD_PLACE_OPENED,
    ]
    assert all("topic" not in e.payload and "clock" not in e.payload for e in after)
    assert after[4].payload == {"body": "b", "version": "2"}

    migration.backward(apps, None)
    restored = [TicketEvent.objects.get(pk=e.pk) for e in written]
    assert [(e.kind, e.payload) for e in restored] == before
