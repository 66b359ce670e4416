"""Mailbox (an IMAP mailbox a supplier takes tickets in from, bound to its contracts) and
InboundMessage (every message taken in, recorded before it is acted on, with its raw bytes
and what it became).

Rows are written only by ``intake`` (and ``quarantine`` for releases and discards).
"""

from __future__ import annotations

import os

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract
from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.models import Ticket, TicketEvent


class Security(models.TextChoices):
    SSL = "ssl", _("TLS from the start (IMAPS, port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    PLAIN = "plain", _("no encryption (local servers and tests only)")


class Mailbox(models.Model):
    """One IMAP folder a supplier reads. ``contracts`` are the contracts a new message from a
    known contact may open a ticket on; replies to any ticket of the supplier are heard."""

    name = models.SlugField(max_length=100, unique=True)
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="mailboxes")
    # The address customers write to: the sender of polite answers, never taken in as a
    # customer (a message from it is the mailbox's own and is a loop).
    address = models.EmailField()
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=993)
    security = models.CharField(max_length=16, choices=Security.choices, default=Security.SSL)
    username = models.CharField(max_length=255)
    # Either the password itself or, better, the name of an environment variable holding it.
    password = models.CharField(max_length=255, blank=True)
    password_env = models.CharField(max_length=100, blank=True)
    folder = models.CharField(max_length=255, default="INBOX")
    # Where taken-in messages are moved; blank: they stay and are marked \Seen.
    processed_folder = models.CharField(max_length=255, blank=True)
    contracts = models.ManyToManyField(Contract, blank=True, related_name="mailboxes")
    # Trust the supplier's own MTA's Authentication-Results (RFC 8601) with this authserv-id:
    # a sender is then known only when DMARC passes, or SPF or DKIM passes aligned with From.
    trust_authentication_results = models.BooleanField(default=False)
    authserv_id = models.CharField(max_length=255, blank=True)
    active = models.BooleanField(default=True)
    # The folder's UIDVALIDITY and the highest UID recorded under it (intake resumes after it).
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name

    def secret(self) -> str:
        """The IMAP password, read from the environment when ``password_env`` names it."""
        if self.password_env:
            return os.environ.get(self.password_env, "")
        return self.password


class Outcome(models.TextChoices):
    PENDING = "pending", _("recorded, not yet acted on")
    JOINED = "joined", _("joined a ticket")
    OPENED = "opened", _("opened a ticket")
    QUARANTINED = "quarantined", _("quarantined")
    AUTO_REPLY = "auto_reply", _("auto-reply, ignored")
    BOUNCE = "bounce", _("bounce, ignored")
    LOOP = "loop", _("mail loop, ignored")
    DUPLICATE = "duplicate", _("duplicate of a message already taken in")
    REFUSED = "refused", _("refused by the ticket's rules")
    FAILED = "failed", _("failed repeatedly")
    RELEASED = "released", _("released from quarantine")
    DISCARDED = "discarded", _("discarded")


# What the supplier's quarantine list shows: messages waiting for a person's decision.
WAITING_OUTCOMES = (Outcome.QUARANTINED, Outcome.REFUSED, Outcome.FAILED)


class InboundMessage(models.Model):
    """One message as it arrived. Recorded (unique by mailbox UID and, per supplier, by
    Message-ID) in its own transaction before anything is done with it, so that a crash
    anywhere leaves either nothing or a pending row that the next run finishes."""

    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    uid = models.BigIntegerField(null=True, blank=True)
    message_id = models.CharField(max_length=998)
    # The Message-ID of the first record of it per supplier; NULL on the later copies, which
    # are recorded as duplicates. Unique with the supplier: one message acts at most once.
    message_key = models.CharField(max_length=998, null=True, blank=True)
    # The message exactly as received: kept in the row so that recording it is one insert.
    raw = models.BinaryField()
    size = models.PositiveIntegerField()
    sender = models.CharField(max_length=320, blank=True)  # normalised From address
    from_header = models.CharField(max_length=998, blank=True)
    subject = models.CharField(max_length=998, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.TextField(blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_messages"
    )
    event = models.ForeignKey(
        TicketEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = (
            models.Index(fields=["supplier", "outcome", "-received_at"], name="inbound_by_outcome"),
            models.Index(fields=["mailbox", "sender", "received_at"], name="inbound_by_sender"),
            models.Index(fields=["supplier", "message_id"], name="inbound_by_message_id"),
            models.Index(fields=["mailbox", "outcome"], name="inbound_pending"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"],
                condition=Q(uid__isnull=False),
                name="inbound_once_per_uid",
            ),
            models.UniqueConstraint(
                fields=["supplier", "message_key"],
                condition=Q(message_key__isnull=False),
                name="inbound_once_per_message_id",
            ),
        )

    def __str__(self) -> str:
        return f"{self.message_id} ({self.outcome})"
