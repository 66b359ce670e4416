"""Who is told what, as data: the kinds of notice, a supplier's on-duty groups and alerting
rules, each person's preferences and quiet hours, a ticket's watchers; and what was told:
deliveries (one message to one address, sent at most once by a claimed worker) and the
notices a person reads in the cabinet. The facts announced (outbox, SLA alerts) are tickets'.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.calendars import (
    always_calendar,
    business_calendar,
    validate_calendar_spec,
    validate_time_zone,
)
from kabinet.contracts.models import Criticality
from kabinet.orgs.models import Organisation, Person
from kabinet.worktime import Calendar


class NoticeKind(models.TextChoices):
    """What a notice says; each kind is one template (``templates/notifications/email/``)
    and one line of a person's preferences."""

    REGISTERED = "registered", _("your ticket is registered")
    NEW_TICKET = "new_ticket", _("a new ticket for the support team")
    ESCALATION_RECEIVED = "escalation_received", _("a ticket escalated to the vendor")
    REPLY = "reply", _("support replied")
    RETURNED_FOR_INFORMATION = "returned_for_information", _("more information is needed")
    SOLUTION_PROPOSED = "solution_proposed", _("a solution is proposed")
    CUSTOMER_REPLY = "customer_reply", _("the customer replied")
    SOLUTION_ACCEPTED = "solution_accepted", _("the customer accepted a solution")
    SOLUTION_REJECTED = "solution_rejected", _("the customer rejected a solution")
    REOPENED = "reopened", _("the customer reopened a ticket")
    UPLOAD_PLACE_OPENED = "upload_place_opened", _("an upload place is open")
    CRITICALITY_CHANGED = "criticality_changed", _("criticality changed")
    SLA_WARNING = "sla_warning", _("an SLA deadline is near")
    SLA_BREACH = "sla_breach", _("an SLA deadline passed")
    UNASSIGNED_CRITICAL = "unassigned_critical", _("a critical ticket waits to be taken")
    AUTO_CLOSE_NOTICE = "auto_close_notice", _("an unanswered solution is about to close")
    AUTO_CLOSED = "auto_closed", _("a ticket closed by itself")
    WITHDRAWN = "withdrawn", _("the customer withdrew a ticket")
    POSTPONEMENT_PROPOSED = "postponement_proposed", _("support asks to postpone the resolution")
    POSTPONEMENT_ANSWERED = "postponement_answered", _("the customer answered a postponement")
    CREDENTIALS_GIVEN = "credentials_given", _("the customer gave access credentials")
    CHANGE_CREDENTIALS = "change_credentials", _("change the access credentials you gave")
    EXPEDITE_REQUESTED = "expedite_requested", _("the customer asks to expedite a ticket")
    REFUSED = "refused", _("support refused a ticket")


# Alerts about a critical ticket: they reach a person in quiet hours, unless the person is
# off duty by the calendar of their group.
URGENT_KINDS = frozenset(
    {
        NoticeKind.NEW_TICKET,
        NoticeKind.ESCALATION_RECEIVED,
        NoticeKind.SLA_WARNING,
        NoticeKind.SLA_BREACH,
        NoticeKind.UNASSIGNED_CRITICAL,
    }
)


class ChannelChoice(models.TextChoices):
    """How a person wants a kind of notice; every notice is in the cabinet's list too."""

    EMAIL = "email", _("email")
    TELEGRAM = "telegram", _("Telegram")
    CABINET = "cabinet", _("only in the cabinet")


class DutyGroup(models.Model):
    """People of a supplier on duty for some of its tickets: a support line's, a contract's
    or a customer's, a criticality's (any combination; empty means any), or the supplier's
    default. The ticket's group is the most specific one that matches it. ``calendar`` is
    the group's own working time (a worktime spec in ``time_zone``); none means 24×7."""

    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("the supplier's default group"), default=False)
    line = models.ForeignKey(
        "lines.SupportLine", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    customer = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    criticality = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(Criticality.CRITICAL), MaxValueValidator(Criticality.LOW)],
    )
    members = models.ManyToManyField(Person, blank=True, related_name="duty_groups")
    lead = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    calendar = models.JSONField(null=True, blank=True, validators=[validate_calendar_spec])
    time_zone = models.CharField(
        max_length=64, default="Europe/Moscow", validators=[validate_time_zone]
    )

    class Meta:
        ordering = ("supplier", "name", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["supplier"],
                condition=Q(is_default=True),
                name="duty_group_one_default",
            ),
        )

    def __str__(self) -> str:
        return self.name

    def working_calendar(self) -> Calendar:
        if self.calendar is None:
            return always_calendar()
        return business_calendar(self.calendar, self.time_zone)

    def is_on_duty(self, moment: dt.datetime) -> bool:
        return self.working_calendar().is_working(moment)


class AlertingRules(models.Model):
    """A supplier's rules of telling; a supplier without a row has the defaults below."""

    supplier = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    warning_to_group_when_unassigned = models.BooleanField(default=True)
    breach_to_lead = models.BooleanField(default=True)
    breach_to_quality_controllers = models.BooleanField(default=True)
    # An unassigned ticket of this criticality or more urgent pages its group again every
    # ``repage_minutes`` until someone takes it (0: never).
    repage_minutes = models.PositiveIntegerField(default=15)
    repage_up_to_criticality = models.PositiveSmallIntegerField(default=Criticality.CRITICAL)

    @classmethod
    def of(cls, supplier_id: int) -> AlertingRules:
        """The supplier's rules, or the defaults (unsaved) when it has none."""
        found = cls.objects.filter(supplier_id=supplier_id).first()
        return found if found is not None else cls(supplier_id=supplier_id)


class Preference(models.Model):
    """A person's channel for one kind of notice; without a row, email."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=NoticeKind.choices)
    channel = models.CharField(max_length=16, choices=ChannelChoice.choices)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["person", "kind"], name="preference_once"),)


class QuietHours(models.Model):
    """Hours in which a person is not messaged (the messages wait for the end), read in
    ``time_zone``; ``start`` after ``end`` spans midnight."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    start = models.TimeField()
    end = models.TimeField()
    time_zone = models.CharField(
        max_length=64, default="Europe/Moscow", validators=[validate_time_zone]
    )

    def end_after(self, moment: dt.datetime) -> dt.datetime | None:
        """When the quiet hours around ``moment`` end, or None if ``moment`` is not in them."""
        zone = ZoneInfo(self.time_zone)
        local = moment.astimezone(zone)
        now = local.time()
        if self.start == self.end:
            return None
        if self.start < self.end:
            inside = self.start <= now < self.end
            end_day = local.date()
        else:
            inside = now >= self.start or now < self.end
            end_day = local.date() + dt.timedelta(days=1) if now >= self.start else local.date()
        if not inside:
            return None
        return dt.datetime.combine(end_day, self.end, tzinfo=zone).astimezone(dt.UTC)


class Watcher(models.Model):
    """Another contact of the ticket's customer who receives what the filer receives."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=["ticket", "person"], name="watcher_once"),)


class Notice(models.Model):
    """One notice in a person's list in the cabinet; read when they open the list's link or
    the ticket. ``key`` makes creating it idempotent."""

    key = models.CharField(max_length=200, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=NoticeKind.choices)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = (
            models.Index(fields=["person", "-created_at", "-id"], name="notice_recent"),
            models.Index(
                fields=["person", "ticket"], name="notice_unread", condition=Q(read_at=None)
            ),
        )


class Delivery(models.Model):
    """One message to one address on one channel. ``key`` makes creating it idempotent; a
    worker claims it with a conditional update before sending, so two workers never send it
    both. ``message_id`` is the message's own id (email: its Message-ID header)."""

    key = models.CharField(max_length=200, unique=True)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=16, default="email")
    address = models.CharField(max_length=254)
    language = models.CharField(max_length=8)
    template = models.CharField(max_length=64)
    context = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=250, blank=True, db_index=True)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # When the latest attempt failed: the retry's backoff counts from here.
    last_attempt_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = (
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending",
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
            ),
        )
