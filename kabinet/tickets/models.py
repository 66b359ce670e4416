"""Ticket (with its derived SLA columns), TicketEvent (the append-only timeline), Attachment,
UploadPlace (where files above the package's attachment limit go), SlaAlert (warnings and
breaches recorded once) and OutboxMessage (the facts to announce, drained by notifications).

Rows are written only by ``tickets.actions`` (outbox rows through ``tickets.outbox``, which
notifications marks as expanded); SLA columns only by ``tickets.deadlines``.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext_lazy as _

from kabinet.bounds import LATEST
from kabinet.contracts.models import Contract, Criticality, RequestCategory
from kabinet.orgs.models import Person

NUMBER_PREFIX = "KB-"
NUMBER_DIGITS = 6  # zero-padded to at least this many


def format_number(pk: int) -> str:
    """A ticket's number, made of its primary key. On SQLite the database writes it itself
    as the ticket is inserted, with ``printf`` from these same constants (knowledge
    migration 0004): a new format needs a migration of that trigger too."""
    return f"{NUMBER_PREFIX}{pk:0{NUMBER_DIGITS}d}"


class Status(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_PROGRESS = "in_progress", _("in progress")
    AWAITING_CUSTOMER = "awaiting_customer", _("awaiting customer")
    # Only where the package says a workaround resolves: the resolution is met for good, the
    # customer may accept the workaround, and the supplier may still propose the solution.
    WORKAROUND_PROPOSED = "workaround_proposed", _("workaround proposed")
    SOLUTION_PROPOSED = "solution_proposed", _("solution proposed")
    CLOSED = "closed", _("closed")


OPEN_STATUSES = (
    Status.REGISTERED,
    Status.IN_PROGRESS,
    Status.AWAITING_CUSTOMER,
    Status.WORKAROUND_PROPOSED,
    Status.SOLUTION_PROPOSED,
)
# A proposal the customer may accept (the ticket closes) or reject (it reopens).
PROPOSAL_STATUSES = (Status.WORKAROUND_PROPOSED, Status.SOLUTION_PROPOSED)
# Open and with the supplier: neither waiting for the customer's answer nor for acceptance.
IN_WORK_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS)


class ResolutionClass(models.TextChoices):
    STANDARD = "standard", _("standard")
    NON_STANDARD = "non_standard", _("non-standard")


class ReturnReason(models.TextChoices):
    """Why a supplier returns a ticket for more information (seed 001, section 5)."""

    CRITICALITY_MISMATCH = "criticality_mismatch", _("criticality does not match the symptoms")
    INSUFFICIENT_DIAGNOSTICS = "insufficient_diagnostics", _("diagnostic data is insufficient")
    NO_REPRODUCTION_SCENARIO = (
        "no_reproduction_scenario",
        _("no test scenario and data set to reproduce the problem"),
    )
    NO_ENVIRONMENT_DESCRIPTION = (
        "no_environment_description",
        _("no detailed description of hardware and software"),
    )
    NO_INVESTIGATION_HISTORY = (
        "no_investigation_history",
        _("no history of the investigation so far"),
    )
    OTHER = "other", _("other")


class PostponementReason(models.TextChoices):
    """Why the resolution may be postponed: the reasons seeds 003 (8) and 004 (step 4) list."""

    CANNOT_REPRODUCE = "cannot_reproduce", _("the problem cannot be reproduced")
    INSUFFICIENT_INFORMATION = (
        "insufficient_information",
        _("not enough information is provided to solve the problem"),
    )
    NEEDS_DEVELOPMENT = (
        "needs_development",
        _("needs detailed diagnostics, development or a product update"),
    )
    OUT_OF_SCOPE = "out_of_scope", _("the question is outside technical support")
    UNCONSTRUCTIVE = (
        "unconstructive",
        _("the question is put incorrectly or the discussion is not constructive"),
    )
    ABUSIVE_LANGUAGE = "abusive_language", _("obscene language or insults to the staff")
    UNLICENSED_COPY = "unlicensed_copy", _("an unlicensed copy of the product is used")
    REQUIREMENTS_VIOLATED = (
        "requirements_violated",
        _("the product is used against its technical requirements"),
    )


class RefusalReason(models.TextChoices):
    """Why the supplier refuses to handle a filed ticket: seeds 001 and 002 (what support
    "does not include", items 1-6; undocumented capabilities; a licence violation), seeds
    002 and 004 (a third-party product or service filed as a support question)."""

    OUT_OF_SCOPE = "out_of_scope", _("the question is outside what technical support covers")
    APPLICATION_DEVELOPMENT = (
        "application_development",
        _("designing and developing applications is not part of technical support"),
    )
    BEYOND_REQUIREMENTS = (
        "beyond_requirements",
        _("the platform is used beyond its published system requirements"),
    )
    THIRD_PARTY = "third_party", _("the question concerns a third-party product or service")
    END_USER_CONSULTATION = (
        "end_user_consultation",
        _("consulting end users is not part of technical support"),
    )
    PERFORMANCE_OPTIMISATION = (
        "performance_optimisation",
        _("performance optimisation is not part of technical support"),
    )
    HARDWARE_CONFIGURATION = (
        "hardware_configuration",
        _("configuring servers, workstations and networks is not part of technical support"),
    )
    UNDOCUMENTED_CAPABILITIES = (
        "undocumented_capabilities",
        _("undocumented capabilities of the product are used"),
    )
    LICENCE_VIOLATION = "licence_violation", _("the licence agreement is violated")


class CallDirection(models.TextChoices):
    OUTGOING = "outgoing", _("the supplier called the customer")
    INCOMING = "incoming", _("the customer called the supplier")


# 0 for a critical ticket, taken out of turn (seed 003), else 1: the work order's first key.
OUT_OF_TURN = Case(
    When(criticality=Criticality.CRITICAL, then=Value(0)),
    default=Value(1),
    output_field=models.IntegerField(),
)


# What "due next" is for a ticket with nothing due: after every real due time.
NOTHING_DUE = LATEST


def _open_due(column: str, *unmet: str) -> Coalesce:
    """``column`` while the ticket is open (and the ``unmet`` columns are empty), else
    ``NOTHING_DUE``; coalesced, since SQLite's MIN of a NULL is NULL."""
    never = Value(NOTHING_DUE, output_field=models.DateTimeField())
    running = Q(status__in=OPEN_STATUSES, **{f"{column}__isnull": False}) & Q(
        **{f"{name}__isnull": True for name in unmet}
    )
    return Coalesce(Case(When(running, then=F(column)), default=never), never)


# The nearest open target of a ticket, from its stored SLA columns: the reaction due time
# until the reaction is met, the update due time, the resolution due time until the
# resolution is met; ``NOTHING_DUE`` when none runs. The queue's "due next" order.
DUE_NEXT = Least(
    _open_due("reaction_due_at", "reaction_met_at"),
    _open_due("update_due_at"),
    _open_due("resolution_due_at", "resolution_met_at"),
    output_field=models.DateTimeField(),
)


class TicketQuerySet(models.QuerySet["Ticket"]):
    def open(self) -> TicketQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def breached(self) -> TicketQuerySet:
        return self.filter(
            Q(reaction_breached=True) | Q(update_breached=True) | Q(resolution_breached=True),
        )

    def not_breached(self) -> TicketQuerySet:
        return self.filter(
            reaction_breached=False, update_breached=False, resolution_breached=False
        )

    def due_before(self, moment: dt.datetime) -> TicketQuerySet:
        return self.filter(next_sla_event_at__lt=moment)

    def in_work_order(self) -> TicketQuerySet:
        """First in, first out, with critical tickets taken out of turn (seed 003)."""
        return self.alias(out_of_turn=OUT_OF_TURN).order_by("out_of_turn", "registered_at", "pk")

    def sla_event_due(self, now: dt.datetime) -> TicketQuerySet:
        """Tickets whose next SLA change has come, oldest first (one index range scan)."""
        return self.filter(next_sla_event_at__lte=now).order_by("next_sla_event_at", "pk")


class Ticket(models.Model):
    # Unique through ``ticket_number_unique``: a field's ``unique`` would add a second,
    # pattern index on PostgreSQL that no query uses and every row write pays for.
    number = models.CharField(max_length=16, null=True, editable=False)
    # Indexed by ``ticket_contract_recent``, whose first column it is.
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="tickets", db_index=False
    )
    reporter = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reported_tickets")
    assignee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets"
    )
    subject = models.CharField(max_length=300)
    description = models.TextField()
    criticality = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(Criticality.CRITICAL), MaxValueValidator(Criticality.LOW)]
    )
    is_production = models.BooleanField(default=False)
    confirmed_phone_24x7 = models.BooleanField(default=False)
    confirmed_email_1h = models.BooleanField(default=False)
    resolution_class = models.CharField(
        max_length=16, choices=ResolutionClass.choices, blank=True, default=""
    )
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.REGISTERED)
    channel = models.CharField(max_length=16, default="portal")
    # What the ticket asks for, one of its package's request categories (seeds 002-004).
    category = models.CharField(
        max_length=16, choices=RequestCategory.choices, default=RequestCategory.SUPPORT
    )
    intake = models.JSONField(default=dict, blank=True)
    registered_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The customer's rating of a closed ticket (seed 000): ``rating`` is the quality of the
    # support (the one rating reports average, as before), ``solution_rating`` that of the
    # solution (empty on tickets rated before it existed), ``rating_comment`` the wishes.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    solution_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    # SHA-256 of the registering request's canonical content, to tell a replay of that
    # request from another request that reuses its key ("" for tickets from before).
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, default="")

    # Derived by tickets.deadlines from the timeline; never written anywhere else.
    reaction_due_at = models.DateTimeField(null=True, blank=True)
    reaction_met_at = models.DateTimeField(null=True, blank=True)
    reaction_breached = models.BooleanField(default=False)
    update_due_at = models.DateTimeField(null=True, blank=True)
    update_breached = models.BooleanField(default=False)
    update_breach_count = models.PositiveIntegerField(default=0)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    resolution_met_at = models.DateTimeField(null=True, blank=True)
    resolution_breached = models.BooleanField(default=False)
    next_sla_event_at = models.DateTimeField(null=True, blank=True)
    # The clock's phase (``kabinet.sla.Phase``): why the update and resolution clocks stand
    # still, if they do, for lists that show it without replaying every timeline.
    clock_phase = models.CharField(max_length=24, default="open")

    objects = TicketQuerySet.as_manager()

    class Meta:
        indexes = (
            models.Index(fields=["next_sla_event_at"], name="ticket_next_sla_event"),
            models.Index(
                fields=["contract", "-registered_at", "-id"], name="ticket_contract_recent"
            ),
            models.Index(fields=["-registered_at", "-id"], name="ticket_recent"),
            models.Index(fields=["status", "-registered_at"], name="ticket_status_recent"),
            # The work queue's default order (critical out of turn, then first in, first
            # out: ``TicketQuerySet.in_work_order`` and ``cabinets.triage``), read in index
            # order so that its first page stops after 50 rows instead of sorting them all.
            models.Index(OUT_OF_TURN, "registered_at", "id", name="ticket_work_order"),
            # The queue's "due next" order (``cabinets.triage``), read in index order too.
            models.Index(DUE_NEXT, "id", name="ticket_due_next"),
            # The views "breaching within the hour / today" (``cabinets.triage``): only the
            # open, unbreached tickets by due time. It carries every column the window's
            # first query reads (the due time's own columns too: PostgreSQL answers from an
            # expression index alone only then), so the page's keys are sorted off the
            # index and only the page's rows read from the table
            # (``paging.page_of(narrow_first=True)``). SQLite ignores ``include``.
            models.Index(
                DUE_NEXT,
                name="ticket_due_window",
                include=(
                    "id",
                    "contract",
                    "criticality",
                    "registered_at",
                    "status",
                    "reaction_due_at",
                    "reaction_met_at",
                    "update_due_at",
                    "resolution_due_at",
                    "resolution_met_at",
                    "reaction_breached",
                    "update_breached",
                    "resolution_breached",
                ),
                condition=Q(
                    status__in=OPEN_STATUSES,
                    reaction_breached=False,
                    update_breached=False,
                    resolution_breached=False,
                ),
            ),
        )
        constraints = (
            models.UniqueConstraint(fields=["number"], name="ticket_number_unique"),
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="ticket_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(
                    criticality__gte=Criticality.CRITICAL, criticality__lte=Criticality.LOW
                ),
                name="ticket_criticality_1_4",
            ),
        )

    def __str__(self) -> str:
        return self.number or f"ticket #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("registered")
    PUBLIC_REPLY = "public_reply", _("public reply")
    INTERNAL_COMMENT = "internal_comment", _("internal comment")
    CUSTOMER_REPLY = "customer_reply", _("customer reply")
    CRITICALITY_CHANGED = "criticality_changed", _("criticality changed")
    RETURNED_FOR_INFORMATION = "returned_for_information", _("returned for information")
    SOLUTION_PROPOSED = "solution_proposed", _("solution proposed")
    WORKAROUND_PROPOSED = "workaround_proposed", _("workaround proposed")
    SOLUTION_ACCEPTED = "solution_accepted", _("solution accepted")
    SOLUTION_REJECTED = "solution_rejected", _("solution rejected")
    REOPENED = "reopened", _("reopened")
    RATED = "rated", _("rated")
    ASSIGNED = "assigned", _("assigned")
    CLASSIFIED = "classified", _("classified")
    DETAILS_CHANGED = "details_changed", _("details changed")
    ATTACHMENT_ADDED = "attachment_added", _("attachment added")
    UPLOAD_PLACE_OPENED = "upload_place_opened", _("upload place opened")
    UPLOAD_PLACE_CLOSED = "upload_place_closed", _("upload place closed")
    # A resolution term agreed with the customer for this ticket: it replaces the package's.
    DEADLINE_AGREED = "deadline_agreed", _("resolution term agreed")
    # Support lines and development (written by the lines app).
    LINE_MOVED = "line_moved", _("moved to another line")
    HANDED_TO_DEVELOPMENT = "handed_to_development", _("handed to development")
    # A handover under a package whose release wait stops the resolution clock.
    AWAITING_RELEASE = "awaiting_release", _("handed to development, resolution clock paused")
    RELEASED = "released", _("release is out")
    # The chain to the vendor (written by the escalations app).
    ESCALATION_OPENED = "escalation_opened", _("escalated to the vendor")
    ESCALATION_RELAYED = "escalation_relayed", _("answer relayed to the customer")
    VENDOR_UPDATE = "vendor_update", _("vendor ticket update")
    # The partner's answer to the vendor's action plan (seed 001, 4.8.2; escalations app).
    ACTION_PLAN_AGREED = "action_plan_agreed", _("action plan agreed")
    ACTION_PLAN_REFUSED = "action_plan_refused", _("action plan refused")
    # Lowering a critical vendor ticket after restoration, agreed with the partner (4.8.2).
    LOWERING_PROPOSED = "lowering_proposed", _("lower criticality proposed")
    LOWERING_AGREED = "lowering_agreed", _("lower criticality agreed")
    LOWERING_REFUSED = "lowering_refused", _("lower criticality refused")
    # A ticket's life that ends without the customer's acceptance (tickets.actions.closing).
    WITHDRAWN = "withdrawn", _("withdrawn by the customer")
    CLOSED_AS_WITHDRAWN = "closed_as_withdrawn", _("closed: the customer withdrew it")
    AUTO_CLOSE_NOTICE = "auto_close_notice", _("closes by itself unless answered")
    AUTO_CLOSED = "auto_closed", _("closed: the proposed solution was not answered")
    # Duplicates and related tickets (tickets.actions.merging).
    MERGED_INTO = "merged_into", _("closed as a duplicate")
    DUPLICATE_MERGED = "duplicate_merged", _("a duplicate was merged into this ticket")
    LINKED = "linked", _("linked to a related ticket")
    # Postponing the resolution, agreed with the customer (tickets.actions.postponement).
    POSTPONEMENT_PROPOSED = "postponement_proposed", _("postponement of the resolution proposed")
    POSTPONEMENT_AGREED = "postponement_agreed", _("postponement of the resolution agreed")
    POSTPONEMENT_DECLINED = "postponement_declined", _("postponement of the resolution declined")
    # Temporary access credentials kept for the ticket (tickets.actions.credentials): the
    # events say what happened to them, never what they are.
    CREDENTIALS_GIVEN = "credentials_given", _("access credentials given")
    CREDENTIALS_VIEWED = "credentials_viewed", _("access credentials viewed")
    CREDENTIALS_REMOVED = "credentials_removed", _("access credentials removed")
    CREDENTIALS_WIPED = "credentials_wiped", _("access credentials wiped at closing")
    # The customer asks the supplier's management to expedite (tickets.actions.expedite).
    EXPEDITE_REQUESTED = "expedite_requested", _("expediting requested")
    # The supplier refuses to handle the ticket (tickets.actions.refusal): it closes.
    REFUSED = "refused", _("refused by the supplier")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal")


class ActorSide(models.TextChoices):
    """Fixed when the event is written, so replaying the timeline never depends on later
    membership changes."""

    SUPPLIER = "supplier", _("supplier")
    CUSTOMER = "customer", _("customer")
    SYSTEM = "system", _("system")


class TicketEvent(models.Model):
    """One entry of a ticket's timeline; appended by actions, never updated or deleted."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_side = models.CharField(max_length=16, choices=ActorSide.choices)
    at = models.DateTimeField()
    visibility = models.CharField(max_length=16, choices=Visibility.choices)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("at", "id")
        indexes = (models.Index(fields=["ticket", "at", "id"], name="ticket_event_timeline"),)

    @property
    def is_system(self) -> bool:
        return self.actor_id is None


class UploadPlaceQuerySet(models.QuerySet["UploadPlace"]):
    def usable_at(self, moment: dt.datetime) -> UploadPlaceQuerySet:
        return self.filter(closed_at__isnull=True, expires_at__gt=moment)


class UploadPlace(models.Model):
    """A ticket's place for diagnostic data above the package's attachment limit: its own
    per-file limit (copied from the package when opened), usable until ``expires_at`` or
    until the supplier closes it."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="upload_places")
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    limit = models.PositiveBigIntegerField()
    closed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = UploadPlaceQuerySet.as_manager()

    class Meta:
        indexes = (models.Index(fields=["ticket", "-opened_at"], name="upload_place_recent"),)

    def __str__(self) -> str:
        return f"upload place of {self.ticket_id} until {self.expires_at:%Y-%m-%d}"

    def is_usable_at(self, moment: dt.datetime) -> bool:
        return self.closed_at is None and moment < self.expires_at


class Attachment(models.Model):
    """A file of a ticket; the bytes live on disk under ATTACHMENTS_DIR, never in the database."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=200, unique=True)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    uploaded_at = models.DateTimeField()
    # Set when the file came through the ticket's upload place (above the normal limit).
    upload_place = models.ForeignKey(
        UploadPlace, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )


class TicketCredentials(models.Model):
    """Temporary access credentials the customer gives for one ticket (seed 003, 4.3; seed
    000, service 2), encrypted at rest (``tickets.vault``). Written only by
    ``tickets.actions.credentials``; read only through its ``reveal_credentials``, which
    lets the ticket's assignee and the person who gave them see the secret. Deleted (the
    secret wiped) when the ticket closes, whatever closes it."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="credentials")
    given_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField()
    ciphertext = models.TextField()

    def __str__(self) -> str:
        return f"credentials of {self.ticket_id}"  # never the secret


class AlertKind(models.TextChoices):
    WARNING = "warning", _("SLA warning")
    BREACH = "breach", _("SLA breach")


class SlaAlert(models.Model):
    """A warning or breach of one target's deadline, recorded exactly once by the SLA sweep."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=16)  # kabinet.sla.TargetName value
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    deadline = models.DateTimeField()
    at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    # A warning recorded only after its deadline had passed: no scan ran in its window.
    late = models.BooleanField(default=False)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["ticket", "target", "kind", "deadline"], name="sla_alert_once"
            ),
        )


class OutboxMessage(models.Model):
    """A fact to announce, written in the transaction that recorded it: a ticket event or an
    SLA alert (exactly one). ``sent_at`` is when notifications expanded it into deliveries."""

    event = models.OneToOneField(
        TicketEvent,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_message",
    )
    alert = models.OneToOneField(
        SlaAlert, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_message"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = (models.Index(fields=["sent_at", "created_at"], name="outbox_pending"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(event__isnull=False, alert__isnull=True)
                | Q(event__isnull=True, alert__isnull=False),
                name="outbox_event_or_alert",
            ),
        )


class DeadlineRecompute(models.Model):
    """A queued move of the open deadlines of one scope (a production calendar, a package,
    a contract, or everything), written in the transaction that changed the rules, so that
    a rolled-back change queues nothing and a committed one is never forgotten: the worker
    of the ``recompute`` queue runs it (``actions.recompute_queue``). Unfinished while
    ``finished_at`` is empty, whatever ``started_at`` says (a killed run is run again)."""

    calendar = models.CharField(max_length=64, blank=True)
    package_ref = models.PositiveBigIntegerField(null=True, blank=True)
    contract_ref = models.PositiveBigIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    tickets = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = (models.Index(fields=["finished_at", "requested_at"], name="recompute_pending"),)


class RecomputeLease(models.Model):
    """The one lease that lets a single worker recompute deadlines at a time (two runs
    writing the same tickets from different rules would leave the older rules' columns):
    taken and renewed by a conditional UPDATE, free again when ``expires_at`` has passed
    (its holder was killed) or released."""

    name = models.CharField(max_length=32, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
