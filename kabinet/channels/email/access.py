"""Tenant-checked reads of inbound mail: only the staff of the supplier whose mailbox took a
message in see it; to everyone else it does not exist (NotFoundError, never "forbidden")."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.channels.email.models import WAITING_OUTCOMES, InboundMessage
from kabinet.errors import NotFoundError
from kabinet.orgs.models import Person
from kabinet.orgs.queries import supplier_organisation_ids


def inbound_for(person: Person) -> QuerySet[InboundMessage]:
    """Every message taken in by the person's suppliers' mailboxes, newest first."""
    return (
        InboundMessage.objects.filter(supplier_id__in=supplier_organisation_ids(person))
        .select_related("mailbox", "ticket", "person", "decided_by")
        .defer("raw")
        .order_by("-received_at", "-pk")
    )


def quarantine_for(person: Person) -> QuerySet[InboundMessage]:
    """The messages waiting for a person's decision: quarantined, refused or failed."""
    return inbound_for(person).filter(outcome__in=WAITING_OUTCOMES)


def access_inbound_message(person: Person, pk: int, *, for_update: bool = False) -> InboundMessage:
    """The message if the person is on its supplier's staff; ``for_update`` locks the row
    (inside ``transaction.atomic``)."""
    queryset = InboundMessage.objects.filter(supplier_id__in=supplier_organisation_ids(person))
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFoundError(_("Message not found."))
    return found
