"""Celery entry point of mail intake (queue ``mail``, scheduled by beat): every active
mailbox in turn; one that fails is recorded on its row and does not stop the others."""

from __future__ import annotations

import logging

from celery import shared_task

from kabinet.channels.email.intake_runs import fetch_active_mailboxes

logger = logging.getLogger(__name__)


@shared_task(name="kabinet.channels.email.tasks.fetch_mail")
def fetch_mail() -> int:
    """How many messages were taken in; safe to run twice at once (each message is recorded
    once by its UID and Message-ID)."""
    return sum(report.taken for report in fetch_active_mailboxes())
