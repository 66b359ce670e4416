"""Inside one supplier: moving a ticket between support lines, handing it to development
and releasing the awaited version. Events are internal notes; a line move never touches the
contract's SLA (DESIGN.md). Whether a release wait stops the resolution clock is the
package's rule, recorded on each handover when it starts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet import clock
from kabinet.audit.actions import changed_only, record_change, snapshot
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.lines.models import DevelopmentHandover, LineEntry, ReleaseKind, SupportLine
from kabinet.lines.queries import current_line, waiting_handover
from kabinet.orgs.models import Organisation, Person
from kabinet.orgs.queries import supplier_organisation_ids
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets import events
from kabinet.tickets.actions.timeline import (
    append_event,
    finish_change,
    lock,
    require_open,
    require_status,
    require_supplier,
)
from kabinet.tickets.models import IN_WORK_STATUSES, EventKind, Ticket, TicketEvent

MOVED_NOTE = gettext_noop("Moved to another support line.")
HANDED_NOTE = gettext_noop("Handed to development; waits for a release.")
RELEASED_NOTE = gettext_noop("The awaited release is out.")
PATCHED_NOTE = gettext_noop("A patch fixing the error is out, without a configuration update.")
RELEASE_NOTES = {ReleaseKind.VERSION: RELEASED_NOTE, ReleaseKind.PATCH: PATCHED_NOTE}


def move_to_line(
    ticket: Ticket,
    *,
    author: Person,
    line: SupportLine,
    reason: str = "",
    assignee: Person | None = None,
    now: dt.datetime | None = None,
) -> LineEntry:
    """The ticket enters ``line`` now: the line's OLA starts, the contract's SLA runs on.
    The ticket goes to the line's pool (unassigned) unless ``assignee`` is given."""
    with transaction.atomic():
        ticket = lock(ticket)
        guard_move_to_line(author, ticket)
        if line.supplier_id != ticket.contract.supplier_id:
            raise DomainError(_("The line belongs to another supplier."), field="line")
        before = current_line(ticket)
        if before is not None and before.pk == line.pk:
            raise ConflictError(_("The ticket is already in this line."))
        now = clock.resolve(now)
        entry = LineEntry.objects.create(
            ticket=ticket, line=line, entered_at=now, moved_by=author, reason=reason
        )
        moved: events.LineMoved = {
            "body": MOVED_NOTE,
            "from": before.key if before else None,
            "to": line.key,
            "reason": reason,
        }
        append_event(
            ticket, EventKind.LINE_MOVED, actor=author, at=now, public=False, payload=moved
        )
        finish_change(ticket, now)
        target = assignee.pk if assignee is not None else None
        if ticket.assignee_id != target:
            ticket_actions.assign(ticket, author=author, assignee_id=target, now=now)
        return entry


def guard_move_to_line(actor: Person, ticket: Ticket) -> None:
    """Raises the refusal of a line move by ``actor`` now, whatever the line; what the
    action checks and what ``lines.acts`` asks."""
    require_supplier(actor, ticket)
    require_open(ticket)


def guard_hand_to_development(actor: Person, ticket: Ticket) -> None:
    require_supplier(actor, ticket)
    require_status(ticket, *IN_WORK_STATUSES)
    if DevelopmentHandover.objects.filter(ticket=ticket, released_at__isnull=True).exists():
        raise ConflictError(_("The ticket already waits for a release."))


def hand_to_development(
    ticket: Ticket, *, author: Person, version: str, now: dt.datetime | None = None
) -> DevelopmentHandover:
    """The ticket waits for ``version`` of the supplier's product. The package's
    ``release_wait_pauses_resolution``, read now, decides whether the wait stops the
    resolution clock."""
    version = version.strip()
    if not version:
        raise DomainError(_("Name the version the ticket waits for."), field="version")
    with transaction.atomic():
        ticket = lock(ticket)
        guard_hand_to_development(author, ticket)
        pauses = ticket.contract.package.release_wait_pauses_resolution
        now = clock.resolve(now)
        handover = DevelopmentHandover.objects.create(
            ticket=ticket,
            supplier_id=ticket.contract.supplier_id,
            version=version,
            handed_at=now,
            handed_by=author,
            pauses_resolution=pauses,
        )
        handed: events.Development = {"body": HANDED_NOTE, "version": version}
        kind = EventKind.AWAITING_RELEASE if pauses else EventKind.HANDED_TO_DEVELOPMENT
        append_event(ticket, kind, actor=author, at=now, public=False, payload=handed)
        finish_change(ticket, now)
        return handover


def release_version(
    *,
    author: Person,
    supplier: Organisation,
    version: str,
    kind: ReleaseKind = ReleaseKind.VERSION,
    now: dt.datetime | None = None,
) -> list[DevelopmentHandover]:
    """The supplier released ``version`` as a version update or as a patch (seed 000,
    Услуга 6: errors fixed by patches without a configuration update): every ticket waiting
    for it resumes either way (its clocks too, where the wait had stopped them), and its
    timeline says which kind came out. Safe to run twice: the second finds none."""
    if kind not in ReleaseKind.values:
        raise DomainError(_("Choose a version update or a patch."), field="kind")
    if supplier.pk not in supplier_organisation_ids(author):
        raise NotAllowedError(_("Only the supplier's staff may do this."))
    with transaction.atomic():
        waiting = list(
            DevelopmentHandover.objects.select_for_update()
            .filter(supplier=supplier, version=version.strip(), released_at__isnull=True)
            .order_by("handed_at", "id")
        )
        now = clock.resolve(now)
        for handover in waiting:
            _release(handover, author, ReleaseKind(kind), now)
        return waiting


def guard_release_ticket_version(actor: Person, ticket: Ticket) -> DevelopmentHandover:
    """The handover whose release ``actor`` may mark out for ``ticket``, else the refusal
    (the release itself then resumes every ticket waiting for that version)."""
    handover = waiting_handover(ticket)
    if handover is None:
        raise ConflictError(_("The ticket does not wait for a release."))
    require_supplier(actor, ticket)
    return handover


def release_ticket_version(
    ticket: Ticket,
    *,
    author: Person,
    kind: ReleaseKind = ReleaseKind.VERSION,
    now: dt.datetime | None = None,
) -> list[DevelopmentHandover]:
    """The version ``ticket`` waits for is released: a release of that version at the
    ticket's supplier, so every other ticket waiting for it resumes too."""
    handover = guard_release_ticket_version(author, ticket)
    return release_version(
        author=author,
        supplier=ticket.contract.supplier,
        version=handover.version,
        kind=kind,
        now=now,
    )


def _release(
    handover: DevelopmentHandover, author: Person, kind: ReleaseKind, now: dt.datetime
) -> TicketEvent:
    ticket = lock(handover.ticket)
    handover.released_at = now
    handover.release_kind = kind
    handover.save(update_fields=["released_at", "release_kind"])
    released: events.Development = {
        "body": RELEASE_NOTES[kind],
        "version": handover.version,
        "release_kind": kind.value,
    }
    event = append_event(
        ticket, EventKind.RELEASED, actor=author, at=now, public=False, payload=released
    )
    finish_change(ticket, now)
    return event


LINE_FIELDS = ("key", "name", "position", "reaction_amount", "reaction_unit", "reaction_calendar")


def save_line(
    *,
    line: SupportLine | None,
    supplier: Organisation,
    values: dict[str, object],
    members: list[Person],
    author: Person | None,
    address: str | None = None,
    now: dt.datetime | None = None,
) -> SupportLine:
    """Create (``line`` None) or change a supplier's support line: its name, order, OLA
    and members (the supplier's own staff only). Recorded in the audit trail."""
    outsiders = [p for p in members if not p.memberships.filter(organisation=supplier).exists()]
    if outsiders:
        raise DomainError(
            _("%(person)s is not one of the supplier's people.") % {"person": outsiders[0]},
            field="members",
        )
    with transaction.atomic():
        if line is None:
            line, before = SupportLine(supplier=supplier), {}
        else:
            line = SupportLine.objects.select_for_update().get(pk=line.pk)
            before = _line_snapshot(line)
        for name in LINE_FIELDS:
            if name in values:
                setattr(line, name, values[name])
        clash = SupportLine.objects.filter(supplier=supplier, key=line.key).exclude(pk=line.pk)
        if clash.exists():
            raise ConflictError(
                _("The supplier already has a line with the key %(key)s.") % {"key": line.key},
                field="key",
            )
        created = line.pk is None
        line.save()
        line.members.set(members)
        old, new = changed_only(before, _line_snapshot(line))
        record_change(
            action="line.created" if created else "line.changed",
            target=line,
            organisation=supplier,
            actor=author,
            address=address,
            before=old,
            after=new,
            now=now,
        )
    return line


def _line_snapshot(line: SupportLine) -> dict[str, object]:
    members = sorted(line.members.values_list("pk", flat=True))
    return {**snapshot(line, LINE_FIELDS), "members": members}
