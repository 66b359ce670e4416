"""Temporary access credentials for one ticket (seed 003, 4.3: the supplier "may ask for
authorisation data for temporary administrative access"; seed 000, service 2: arranging
access between the customer and the developer).

The customer gives them (asked for by the supplier in a reply, or unasked); they are kept
encrypted (``tickets.vault``) and shown only to the ticket's assignee and to the person who
gave them, each showing recorded in the timeline. No list, mail, search index, export or
timeline text carries the secret: events say only that credentials were given, viewed,
removed or wiped. A partner's vendor sees them only if the partner passes them on itself
(the vendor is never the assignee of the partner's ticket). Whatever closes the ticket
wipes them and reminds the customer to change them (``timeline.finish_change``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.errors import ConflictError, DomainError, NotAllowedError, NotFoundError
from kabinet.orgs.models import Person
from kabinet.orgs.queries import customer_organisation_ids
from kabinet.tickets import events, vault
from kabinet.tickets.actions.timeline import append_event, lock, require_customer, require_open
from kabinet.tickets.models import EventKind, Ticket, TicketCredentials, TicketEvent

# Enough for a login, a password, an address and a line of how to connect; not a file.
MAX_LENGTH = 4000


def guard_give_credentials(actor: Person, ticket: Ticket) -> None:
    require_customer(actor, ticket)
    require_open(ticket)


def give_credentials(
    ticket: Ticket, *, author: Person, secret: str, now: dt.datetime | None = None
) -> TicketEvent:
    """Keep ``secret`` for the ticket, replacing credentials given before; the handler is
    told that they are there (not what they are)."""
    secret = secret.strip()
    if not secret:
        raise DomainError(_("Enter the access credentials."), field="secret")
    if len(secret) > MAX_LENGTH:
        raise DomainError(
            _("The access credentials are longer than %(max)s characters.") % {"max": MAX_LENGTH},
            field="secret",
        )
    with transaction.atomic():
        ticket = lock(ticket)
        guard_give_credentials(author, ticket)
        now = clock.resolve(now)
        TicketCredentials.objects.update_or_create(
            ticket=ticket,
            defaults={"given_by": author, "given_at": now, "ciphertext": vault.seal(secret)},
        )
        event = append_event(
            ticket,
            EventKind.CREDENTIALS_GIVEN,
            actor=author,
            at=now,
            payload=events.Empty(),
            announce=True,
        )
        _touch(ticket, now)
        return event


def stored_credentials(ticket: Ticket) -> TicketCredentials | None:
    """The ticket's kept credentials, read once per ticket object (Django caches the
    reverse one-to-one, a miss too), so the page's guards and panel share one query."""
    try:
        return ticket.credentials
    except TicketCredentials.DoesNotExist:
        return None


def may_see_credentials(actor: Person, ticket: Ticket, stored: TicketCredentials) -> bool:
    """The ticket's assignee, and the person who gave them; nobody else on either side."""
    return actor.pk in (ticket.assignee_id, stored.given_by_id)


def guard_reveal_credentials(actor: Person, ticket: Ticket) -> TicketCredentials:
    stored = stored_credentials(ticket)
    if stored is None:
        raise NotFoundError(_("No access credentials are kept for this ticket."))
    if not may_see_credentials(actor, ticket, stored):
        raise NotAllowedError(
            _("Only the ticket's assignee and the person who gave them may see the credentials.")
        )
    return stored


def reveal_credentials(ticket: Ticket, *, viewer: Person, now: dt.datetime | None = None) -> str:
    """The secret, for the assignee or its giver; each showing is recorded (who, when)."""
    with transaction.atomic():
        ticket = lock(ticket)
        stored = guard_reveal_credentials(viewer, ticket)
        try:
            secret = vault.unseal(stored.ciphertext)
        except vault.UnreadableSecretError:
            raise ConflictError(
                _(
                    "The credentials can no longer be read (the server's key changed); "
                    "ask for new ones."
                )
            ) from None
        append_event(
            ticket,
            EventKind.CREDENTIALS_VIEWED,
            actor=viewer,
            at=clock.resolve(now),
            payload=events.Empty(),
        )
        return secret


def guard_remove_credentials(actor: Person, ticket: Ticket) -> None:
    stored = stored_credentials(ticket)
    if stored is None:
        raise ConflictError(_("No access credentials are kept for this ticket."))
    customer = ticket.contract.customer_id in customer_organisation_ids(actor)
    if not customer and actor.pk != ticket.assignee_id:
        raise NotAllowedError(
            _("Only the customer and the ticket's assignee may remove the credentials.")
        )


def remove_credentials(
    ticket: Ticket, *, author: Person, now: dt.datetime | None = None
) -> TicketEvent:
    """Delete the kept credentials before closing: the customer changed them, or the
    assignee no longer needs them."""
    with transaction.atomic():
        ticket = lock(ticket)
        guard_remove_credentials(author, ticket)
        now = clock.resolve(now)
        TicketCredentials.objects.filter(ticket=ticket).delete()
        event = append_event(
            ticket,
            EventKind.CREDENTIALS_REMOVED,
            actor=author,
            at=now,
            payload=events.CredentialsRemoved(
                by="customer"
                if ticket.contract.customer_id in customer_organisation_ids(author)
                else "supplier"
            ),
        )
        _touch(ticket, now)
        return event


def _touch(ticket: Ticket, now: dt.datetime) -> None:
    ticket.version += 1
    ticket.updated_at = now
    ticket.save(update_fields=["version", "updated_at"])
