"""One intake run over the active mailboxes (or the one named), shared by the command and
the Celery task: a mailbox whose server fails is recorded and skipped."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kabinet.channels.email.imap import FetchReport, fetch_mailbox
from kabinet.channels.email.models import Mailbox

logger = logging.getLogger(__name__)


def fetch_active_mailboxes(
    name: str | None = None,
    *,
    progress: Callable[[Mailbox, int, int], None] | None = None,
) -> list[FetchReport]:
    mailboxes = Mailbox.objects.filter(active=True).order_by("name")
    if name is not None:
        mailboxes = Mailbox.objects.filter(name=name)
    reports = []
    for mailbox in mailboxes:
        step = None
        if progress is not None:
            step = lambda done, total, box=mailbox: progress(box, done, total)  # noqa: E731
        try:
            reports.append(fetch_mailbox(mailbox, progress=step))
        except (OSError, Exception) as error:
            logger.exception("mailbox %s failed", mailbox.name)
            Mailbox.objects.filter(pk=mailbox.pk).update(
                last_error=f"{type(error).__name__}: {error}"[:4000]
            )
            reports.append(FetchReport(mailbox=mailbox.name, outcomes={"error": 1}))
    return reports
