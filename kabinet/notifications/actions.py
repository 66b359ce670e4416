"""State changes of notifications: expanding tickets' outbox rows (events and SLA alerts)
into notices and deliveries, sending one delivery at most once; a ticket's watchers; a
person's notices read, their preferences and quiet hours; a supplier's on-duty groups and
rules of telling, as its admins set them."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.audit.actions import changed_only, record_change, snapshot
from kabinet.channels import base as channels
from kabinet.contracts.access import administered_supplier_ids
from kabinet.contracts.calendars import validate_calendar_spec, validate_time_zone
from kabinet.contracts.models import Contract, Criticality
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.lines.models import SupportLine
from kabinet.notifications.models import (
    AlertingRules,
    ChannelChoice,
    Delivery,
    DutyGroup,
    Notice,
    NoticeKind,
    Preference,
    QuietHours,
    Watcher,
)
from kabinet.notifications.recipients import alert_recipients, event_recipients
from kabinet.notifications.rendering import render
from kabinet.notifications.telling import tell
from kabinet.orgs.models import Organisation, Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets import events
from kabinet.tickets.models import (
    EventKind,
    OutboxMessage,
    SlaAlert,
    Ticket,
    TicketEvent,
    UploadPlace,
)

log = logging.getLogger(__name__)

# Longer than any one send can take (the SMTP timeout, EMAIL_TIMEOUT, is seconds), so a
# claim never expires while its worker is still talking to the server.
CLAIM_LEASE = dt.timedelta(minutes=5)
RETRY_BASE = dt.timedelta(minutes=1)


def expand_outbox_message(message_id: int, *, now: dt.datetime) -> int:
    """Turn one outbox row (a ticket event or an SLA alert) into its deliveries; returns how
    many were created. Safe to run twice and from two workers: the row is claimed, and
    delivery keys are unique."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return 0
        if message.alert_id is None:
            created = _expand_event(message, now)
        else:
            created = _expand_alert(message, now)
        message.sent_at = now
        message.attempts = F("attempts") + 1
        message.save(update_fields=["sent_at", "attempts"])
        return created


def _expand_event(message: OutboxMessage, now: dt.datetime) -> int:
    event = TicketEvent.objects.select_related(
        "ticket__reporter", "ticket__assignee", "ticket__contract__supplier"
    ).get(outbox_message=message)
    context = _event_context(event)
    return sum(
        tell(
            addressee,
            ticket=event.ticket,
            key=f"event:{event.pk}:{addressee.person.pk}",
            context=context,
            now=now,
        )
        for addressee in event_recipients(event)
    )


def _expand_alert(message: OutboxMessage, now: dt.datetime) -> int:
    alert = SlaAlert.objects.select_related(
        "ticket__reporter", "ticket__assignee", "ticket__contract__supplier"
    ).get(outbox_message=message)
    zone = alert.ticket.contract.time_zone
    local = alert.deadline.astimezone(ZoneInfo(zone))
    context = {
        "target": alert.target,
        "deadline": alert.deadline.isoformat(),
        "deadline_local": f"{local:%Y-%m-%d %H:%M} ({zone})",
        "late": alert.late,
    }
    return sum(
        tell(
            addressee,
            ticket=alert.ticket,
            key=f"alert:{alert.pk}:{addressee.person.pk}",
            context=context,
            now=now,
        )
        for addressee in alert_recipients(alert)
    )


def _event_context(event: TicketEvent) -> dict[str, Any]:
    payload = event.payload or {}
    ticket = event.ticket
    context: dict[str, Any] = {
        "body": str(payload.get("body", "")),
        "reason": str(payload.get("reason", "")),
        "from_level": payload.get("from"),
        "to_level": payload.get("to"),
    }
    if event.kind == EventKind.RETURNED_FOR_INFORMATION:
        context["reason_code"] = True  # a ReturnReason: rendered as its label
    elif event.kind == EventKind.CRITICALITY_CHANGED and payload.get("rule"):
        context["rule"] = str(payload["rule"])  # the reason is a msgid
    elif event.kind == EventKind.REGISTERED:
        context["customer"] = ticket.contract.customer.name
        context["description"] = ticket.description
    elif event.kind in (
        EventKind.AUTO_CLOSE_NOTICE,
        EventKind.AUTO_CLOSED,
        EventKind.CREDENTIALS_WIPED,
    ):
        context["rule"] = True  # the body is a msgid
        context["reason"] = context.pop("body")
        if closes_at := payload.get("closes_at"):
            context["closes_at"] = _local(ticket, str(closes_at))
    elif event.kind == EventKind.POSTPONEMENT_PROPOSED:
        context["postponement_reason"] = str(payload.get("reason", ""))
        context["until"] = _local(ticket, str(payload.get("until", "")))
    elif event.kind == EventKind.REFUSED:
        context["refusal_reason"] = str(payload.get("reason", ""))
    elif event.kind in (EventKind.POSTPONEMENT_AGREED, EventKind.POSTPONEMENT_DECLINED):
        context["agreed"] = event.kind == EventKind.POSTPONEMENT_AGREED
    if event.kind == EventKind.UPLOAD_PLACE_OPENED:
        opened = cast(events.UploadPlaceOpened, payload)
        _add_place(context, ticket, opened["expires_at"], opened["limit"])
    elif event.kind == EventKind.REGISTERED and payload.get("more_diagnostic_data"):
        # Opened in the registration's transaction, so it is the ticket's first place.
        place = UploadPlace.objects.filter(ticket=ticket).order_by("opened_at", "id").first()
        if place is not None:
            _add_place(context, ticket, place.expires_at.isoformat(), place.limit)
    return context


def _local(ticket: Ticket, instant: str) -> str:
    """An ISO instant of a payload as the contract's wall time, its zone named."""
    zone = ticket.contract.time_zone
    local = dt.datetime.fromisoformat(instant).astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M} ({zone})"


def _add_place(context: dict[str, Any], ticket: Ticket, expires_at: str, limit: object) -> None:
    context["expires"] = _local(ticket, expires_at)
    context["limit"] = limit


def send_delivery(delivery_id: int, *, now: dt.datetime | None = None) -> bool:
    """Claim, render and send one delivery; True if this call sent it.

    The claim is a conditional update, so two workers never both send a row. A worker that
    dies between sending and marking leaves the claim to expire, and the message may then
    go out a second time: delivery is at-least-once only across such a crash.

    Without ``now`` the present is read twice: at the claim, so that the lease runs from
    this message's own start, and after the send, so that a retry backs off from this
    message's own failure (a send may wait for the SMTP timeout). A given ``now`` pins both.
    """
    started = clock.resolve(now)
    claimed = Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=started),
        pk=delivery_id,
        sent_at__isnull=True,
        failed_at__isnull=True,
        next_attempt_at__lte=started,
    ).update(claimed_until=started + CLAIM_LEASE, attempts=F("attempts") + 1)
    if claimed != 1:
        return False
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        channels.outbound(delivery.channel).send(render(delivery))
    except Exception as exc:  # any failure is recorded and retried later, never raised
        _record_failure(delivery, exc, clock.resolve(now))
        return False
    Delivery.objects.filter(pk=delivery_id).update(
        sent_at=clock.resolve(now), claimed_until=None, last_error=""
    )
    return True


def _record_failure(delivery: Delivery, exc: Exception, failed: dt.datetime) -> None:
    log.warning("delivery %s failed (attempt %s): %s", delivery.key, delivery.attempts, exc)
    fields: dict[str, Any] = {
        "claimed_until": None,
        "last_attempt_failed_at": failed,
        "last_error": f"{type(exc).__name__}: {exc}",
    }
    if delivery.attempts >= settings.KABINET_NOTIFICATION_MAX_ATTEMPTS:
        fields["failed_at"] = failed
    else:
        fields["next_attempt_at"] = failed + RETRY_BASE * 2 ** (delivery.attempts - 1)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)


NOT_A_CONTACT = _("Only a contact of the ticket's customer can watch it.")
NOT_WATCHING = _("This contact is not watching the ticket.")


def add_watcher(
    ticket: Ticket, *, actor: Person, person: Person, now: dt.datetime | None = None
) -> Watcher:
    """Let another contact of the ticket's customer receive what the filer receives (the
    supplier's public answers and proposals). Added by someone of the customer's side or
    the supplier's; idempotent for a person already watching."""
    guard_change_watchers(actor, ticket)
    reaches = ticket.contract.customer_id in customer_organisation_ids(person)
    if not (reaches and person.is_active):
        raise DomainError(NOT_A_CONTACT, field="person")
    if person.pk == ticket.reporter_id:
        raise DomainError(_("The filer is told of every answer already."), field="person")
    watcher, _created = Watcher.objects.get_or_create(
        ticket=ticket,
        person=person,
        defaults={"added_by": actor, "added_at": clock.resolve(now)},
    )
    return watcher


def remove_watcher(ticket: Ticket, *, actor: Person, person: Person) -> bool:
    """Stop telling ``person`` about the ticket; a watcher may always remove themselves.
    True if they were watching."""
    if actor.pk != person.pk:
        guard_change_watchers(actor, ticket)
    deleted, _rows = Watcher.objects.filter(ticket=ticket, person=person).delete()
    return deleted > 0


def guard_change_watchers(actor: Person, ticket: Ticket) -> None:
    contract = ticket.contract
    if contract.customer_id in customer_organisation_ids(actor):
        return
    if contract.supplier_id in supplier_organisation_ids(actor):
        return
    raise NotAllowedError(_("Only the ticket's customer or supplier may change its watchers."))


def mark_ticket_read(person: Person, ticket: Ticket, *, now: dt.datetime | None = None) -> int:
    """The person opened the ticket: its notices in their list are read. Returns how many."""
    unread = Notice.objects.filter(person=person, ticket=ticket, read_at__isnull=True)
    return unread.update(read_at=clock.resolve(now))


def mark_all_read(person: Person, *, now: dt.datetime | None = None) -> int:
    return Notice.objects.filter(person=person, read_at__isnull=True).update(
        read_at=clock.resolve(now)
    )


def set_preferences(
    person: Person,
    *,
    channels_by_kind: dict[str, str],
    quiet: tuple[dt.time, dt.time, str] | None,
) -> None:
    """Replace the person's channel per kind of notice (email is kept as no row) and their
    quiet hours (``(start, end, time zone)``, or None for none), in one transaction."""
    for kind, channel in channels_by_kind.items():
        if kind not in NoticeKind.values or channel not in ChannelChoice.values:
            raise DomainError(_("Unknown kind of notice or channel."), field=kind)
    with transaction.atomic():
        Preference.objects.filter(person=person).delete()
        Preference.objects.bulk_create(
            Preference(person=person, kind=kind, channel=channel)
            for kind, channel in channels_by_kind.items()
            if channel != ChannelChoice.EMAIL
        )
        QuietHours.objects.filter(person=person).delete()
        if quiet is not None:
            start, end, zone = quiet
            if start == end:
                raise DomainError(_("Quiet hours must start and end at different times."))
            QuietHours.objects.create(person=person, start=start, end=end, time_zone=zone)


DUTY_GROUP_FIELDS = (
    "name",
    "is_default",
    "line",
    "contract",
    "customer",
    "criticality",
    "lead",
    "calendar",
    "time_zone",
)
RULES_FIELDS = (
    "warning_to_group_when_unassigned",
    "breach_to_lead",
    "breach_to_quality_controllers",
    "repage_minutes",
    "repage_up_to_criticality",
)


@dataclass(frozen=True)
class DutyGroupValues:
    """What a supplier's admin sets on an on-duty group; empty scopes mean "any"."""

    name: str
    is_default: bool = False
    line: SupportLine | None = None
    contract: Contract | None = None
    customer: Organisation | None = None
    criticality: int | None = None
    members: tuple[Person, ...] = ()
    lead: Person | None = None
    calendar: dict[str, Any] | None = None
    time_zone: str = "Europe/Moscow"


def save_duty_group(
    *,
    group: DutyGroup | None,
    supplier: Organisation,
    values: DutyGroupValues,
    author: Person,
    address: str | None = None,
    now: dt.datetime | None = None,
) -> DutyGroup:
    """Create (``group`` None) or change one of a supplier's on-duty groups: its scope
    (line, contract or customer, criticality), working calendar, members and lead. Only an
    admin of the supplier may; every scope and person must be the supplier's own. Recorded
    in the audit trail."""
    guard_administer(author, supplier)
    _check_duty_group(supplier, values)
    with transaction.atomic():
        if group is None:
            group, before = DutyGroup(supplier=supplier), {}
        else:
            group = DutyGroup.objects.select_for_update().get(pk=group.pk, supplier=supplier)
            before = _group_snapshot(group)
        for name in DUTY_GROUP_FIELDS:
            setattr(group, name, getattr(values, name))
        group.name = values.name.strip()
        if values.is_default:
            others = DutyGroup.objects.filter(supplier=supplier, is_default=True)
            if others.exclude(pk=group.pk).exists():
                raise ConflictError(
                    _("The supplier already has a default group; clear it there first."),
                    field="is_default",
                )
        created = group.pk is None
        group.save()
        group.members.set(values.members)
        old, new = changed_only(before, _group_snapshot(group))
        record_change(
            action="duty_group.created" if created else "duty_group.changed",
            target=group,
            organisation=supplier,
            actor=author,
            address=address,
            before=old,
            after=new,
            now=now,
        )
    return group


def remove_duty_group(
    group: DutyGroup, *, author: Person, address: str | None = None, now: dt.datetime | None = None
) -> None:
    """Delete a group; its tickets fall to the next group that matches them, or the
    supplier's default. Recorded in the audit trail with what the group was."""
    supplier = group.supplier
    guard_administer(author, supplier)
    with transaction.atomic():
        before = _group_snapshot(group)
        record_change(
            action="duty_group.removed",
            target=group,
            organisation=supplier,
            actor=author,
            address=address,
            before=before,
            now=now,
        )
        group.delete()


def _check_duty_group(supplier: Organisation, values: DutyGroupValues) -> None:
    if not values.name.strip():
        raise DomainError(_("Name the group."), field="name")
    if values.line is not None and values.line.supplier_id != supplier.pk:
        raise DomainError(_("The line belongs to another supplier."), field="line")
    if values.contract is not None and values.contract.supplier_id != supplier.pk:
        raise DomainError(_("The contract belongs to another supplier."), field="contract")
    if values.customer is not None and not (
        Contract.objects.filter(supplier=supplier, customer=values.customer).exists()
    ):
        raise DomainError(_("The supplier has no contract with this customer."), field="customer")
    if values.criticality is not None and values.criticality not in Criticality.values:
        raise DomainError(_("Unknown criticality."), field="criticality")
    scoped = any(
        v is not None for v in (values.line, values.contract, values.customer, values.criticality)
    )
    if not (values.is_default or scoped):
        raise DomainError(
            _("Give the group a line, contract, customer or criticality, or make it the default."),
            field="is_default",
        )
    staff = set(
        Person.objects.filter(memberships__organisation=supplier).values_list("pk", flat=True)
    )
    for person in values.members:
        if person.pk not in staff:
            raise DomainError(
                _("%(person)s is not one of the supplier's people.") % {"person": person},
                field="members",
            )
    if values.lead is not None and values.lead.pk not in staff:
        raise DomainError(
            _("%(person)s is not one of the supplier's people.") % {"person": values.lead},
            field="lead",
        )
    try:
        validate_time_zone(values.time_zone)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="time_zone") from None
    try:
        if values.calendar is not None:
            validate_calendar_spec(values.calendar)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="calendar") from None


def _group_snapshot(group: DutyGroup) -> dict[str, object]:
    members = sorted(group.members.values_list("pk", flat=True))
    return {**snapshot(group, DUTY_GROUP_FIELDS), "members": members}


def save_alerting_rules(
    *,
    supplier: Organisation,
    values: dict[str, Any],
    author: Person,
    address: str | None = None,
    now: dt.datetime | None = None,
) -> AlertingRules:
    """Set a supplier's rules of telling (who hears a warning and a breach, how often an
    unassigned urgent ticket pages its group again). Recorded in the audit trail."""
    guard_administer(author, supplier)
    unknown = set(values) - set(RULES_FIELDS)
    if unknown:
        raise DomainError(_("Unknown rule."), field=sorted(unknown)[0])
    minutes = values.get("repage_minutes")
    if minutes is not None and not 0 <= int(minutes) <= MAX_REPAGE_MINUTES:
        raise DomainError(
            _("Page again every 0 to %(most)s minutes (0: never).") % {"most": MAX_REPAGE_MINUTES},
            field="repage_minutes",
        )
    level = values.get("repage_up_to_criticality")
    if level is not None and level not in Criticality.values:
        raise DomainError(_("Unknown criticality."), field="repage_up_to_criticality")
    with transaction.atomic():
        rules = AlertingRules.objects.select_for_update().filter(supplier=supplier).first()
        before = snapshot(rules, RULES_FIELDS) if rules is not None else {}
        if rules is None:
            rules = AlertingRules(supplier=supplier)
        for name, value in values.items():
            setattr(rules, name, value)
        rules.save()
        old, new = changed_only(before, snapshot(rules, RULES_FIELDS))
        record_change(
            action="alerting_rules.changed",
            target=rules,
            organisation=supplier,
            actor=author,
            address=address,
            before=old,
            after=new,
            now=now,
        )
    return rules


MAX_REPAGE_MINUTES = 24 * 60


def guard_administer(actor: Person, supplier: Organisation) -> None:
    if supplier.pk not in administered_supplier_ids(actor):
        raise NotAllowedError(_("Only an admin of the supplier may change who is told."))
