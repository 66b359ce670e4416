"""How one notice reaches one person: always as a notice in their cabinet list, and on the
channel they chose for its kind (email unless they chose otherwise; email again where they
have no address on the chosen channel), held back until their quiet hours end. Alerts
about a critical ticket pass quiet hours, unless the person is off duty by their group's
calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kabinet.channels import base as channels
from kabinet.channels.email.outbound import message_id
from kabinet.contracts.models import Criticality
from kabinet.notifications.models import (
    URGENT_KINDS,
    ChannelChoice,
    Delivery,
    Notice,
    NoticeKind,
    Preference,
    QuietHours,
)
from kabinet.notifications.recipients import Addressee
from kabinet.notifications.rendering import mail_language
from kabinet.notifications.routing import is_off_duty
from kabinet.orgs.models import Person
from kabinet.tickets.models import Ticket


def tell(
    addressee: Addressee,
    *,
    ticket: Ticket,
    key: str,
    context: dict[str, Any],
    now: dt.datetime,
) -> bool:
    """Record the notice and, where the person's preference asks for a message, its
    delivery; True if a delivery was created. Idempotent by ``key``."""
    person, kind = addressee.person, addressee.kind
    Notice.objects.get_or_create(
        key=key,
        defaults={
            "person": person,
            "ticket": ticket,
            "kind": kind,
            "context": context,
            "created_at": now,
        },
    )
    channel = preferred_channel(person, kind)
    if channel == ChannelChoice.CABINET:
        return False
    reach = channels.address_on(channel, person)
    if reach is None:
        return False
    send_at = send_time(person, kind, ticket, now)
    if kind == NoticeKind.UNASSIGNED_CRITICAL and send_at > now:
        return False  # a page is for now: the pages held back would all come at once later
    _, created = Delivery.objects.get_or_create(
        key=key,
        defaults={
            "ticket": ticket,
            "recipient": person,
            "channel": reach[0],
            "address": reach[1],
            "language": mail_language(person.language),
            "template": kind.value,
            "context": context,
            "message_id": message_id(ticket.number or "", key),
            "created_at": now,
            "next_attempt_at": send_at,
        },
    )
    return created


def preferred_channel(person: Person, kind: NoticeKind) -> str:
    chosen = Preference.objects.filter(person=person, kind=kind).values_list("channel", flat=True)
    return chosen.first() or ChannelChoice.EMAIL


def send_time(person: Person, kind: NoticeKind, ticket: Ticket, now: dt.datetime) -> dt.datetime:
    """``now``, or the end of the person's quiet hours if ``now`` is in them."""
    quiet = QuietHours.objects.filter(person=person).first()
    end = quiet.end_after(now) if quiet is not None else None
    if end is None:
        return now
    urgent = kind in URGENT_KINDS and ticket.criticality == Criticality.CRITICAL
    if urgent and not is_off_duty(person, ticket.contract.supplier_id, now):
        return now
    return end
