"""Recomputing open deadlines on the ``recompute`` queue instead of inside the request that
changed a calendar, a package or a contract.

``queue_recompute`` writes a ``DeadlineRecompute`` row in the caller's transaction and sends
the task once that transaction commits: a rolled-back change (the what-if) queues nothing,
and the worker never reads the rules before they are committed. ``run_queued_recomputes``
(the task's body) holds the one ``RecomputeLease`` while it works, so two runs never write
the same tickets from different rules; it renews the lease after every batch and takes
every unfinished request, oldest first, until none is left. Safe to run twice or at once
(the second finds the lease held and returns; the holder takes the rows committed
meanwhile), and after a worker was killed mid-run: its rows stay unfinished, its lease
expires (``KABINET_RECOMPUTE_LEASE_SECONDS``), and the next run (the next save, or the
periodic ``recompute-pending`` of beat) recomputes the scope again. Rows the killed run
had written are already right and are not written twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from kabinet import clock
from kabinet.tickets.actions.recompute import (
    RecomputeReport,
    RecomputeScope,
    recompute_open_deadlines,
)
from kabinet.tickets.models import DeadlineRecompute, RecomputeLease

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from kabinet.contracts.models import Contract, Package

log = logging.getLogger(__name__)
LEASE = "deadlines"


class LeaseLostError(Exception):
    """The lease expired under a run (it was slower than the lease) and another worker has
    it: this run stops, the other one recomputes the scope."""


def queue_recompute(scope: RecomputeScope, *, now: dt.datetime | None = None) -> DeadlineRecompute:
    """Record that ``scope``'s open deadlines must move and send the task once the caller's
    transaction commits (at once outside one)."""
    request = DeadlineRecompute.objects.create(
        calendar=scope.calendar or "",
        package_ref=scope.package_id,
        contract_ref=scope.contract_id,
        requested_at=clock.resolve(now),
    )
    transaction.on_commit(_send)
    return request


def queue_after_rules_changed(package: Package | None, contract: Contract | None) -> None:
    """The contracts hook, inside the transaction that saved the package or the contract:
    its open tickets' deadlines move once that is committed."""
    queue_recompute(
        RecomputeScope(
            package_id=None if package is None else package.pk,
            contract_id=None if contract is None else contract.pk,
        )
    )


def _send() -> None:
    from kabinet.tickets.tasks import recompute_deadlines

    try:
        recompute_deadlines.delay()
    except Exception:
        # The row is committed: beat's periodic run takes it once the broker answers.
        log.exception("The deadline recompute could not be sent; beat's next run takes it")


def scope_of(request: DeadlineRecompute) -> RecomputeScope:
    return RecomputeScope(
        calendar=request.calendar or None,
        package_id=request.package_ref,
        contract_id=request.contract_ref,
    )


def latest_recompute(scope: RecomputeScope) -> DeadlineRecompute | None:
    """The last request of exactly this scope (what a set-up page tells its admin)."""
    return (
        DeadlineRecompute.objects.filter(
            calendar=scope.calendar or "",
            package_ref=scope.package_id,
            contract_ref=scope.contract_id,
        )
        .order_by("-requested_at", "-pk")
        .first()
    )


@dataclass
class QueueRun:
    """What one call of ``run_queued_recomputes`` did: ``busy`` when another run held the
    lease (this one did nothing)."""

    busy: bool = False
    finished: list[int] = field(default_factory=list)  # request ids
    reports: list[RecomputeReport] = field(default_factory=list)


def run_queued_recomputes(
    *,
    holder: str | None = None,
    lease_seconds: float | None = None,
    on_batch: Callable[[], object] | None = None,
) -> QueueRun:
    """Run every unfinished recompute request under the lease (``on_batch`` is called after
    each batch, for tests that stop a run midway)."""
    lease = _Lease(
        holder or uuid.uuid4().hex,
        float(lease_seconds or settings.KABINET_RECOMPUTE_LEASE_SECONDS),
    )
    run = QueueRun()
    # After the lease is given back, once more: a request committed just before the release
    # may have had its task refused as busy.
    while _unfinished().exists():
        if not lease.take():
            run.busy = not run.finished
            break
        try:
            while (oldest := _unfinished().order_by("requested_at", "pk").first()) is not None:
                _run_one(oldest, lease, on_batch, run)
        finally:
            lease.release()
    return run


def _unfinished() -> QuerySet[DeadlineRecompute]:
    return DeadlineRecompute.objects.filter(finished_at__isnull=True)


def _run_one(
    oldest: DeadlineRecompute,
    lease: _Lease,
    on_batch: Callable[[], object] | None,
    run: QueueRun,
) -> None:
    """The oldest request and every other unfinished one of the same scope: their rule
    changes are all committed now, so one recompute covers them."""
    now = clock.now()
    same = DeadlineRecompute.objects.filter(
        finished_at__isnull=True,
        calendar=oldest.calendar,
        package_ref=oldest.package_ref,
        contract_ref=oldest.contract_ref,
    )
    ids = list(same.values_list("pk", flat=True))
    DeadlineRecompute.objects.filter(pk__in=ids).update(started_at=now, attempts=F("attempts") + 1)

    def batch_done(_: int) -> None:
        lease.renew()
        if on_batch is not None:
            on_batch()

    report = recompute_open_deadlines(scope_of(oldest), now=now, progress=batch_done)
    DeadlineRecompute.objects.filter(pk__in=ids).update(
        finished_at=clock.now(),
        tickets=report.tickets,
        changed=report.changed,
        failed=report.failed,
    )
    run.finished += ids
    run.reports.append(report)
    log.info(
        "Deadlines recomputed for requests %s: %d of %d open tickets moved, %d failed",
        ids,
        report.changed,
        report.tickets,
        report.failed,
    )


class _Lease:
    """``RecomputeLease`` for one holder: taken when free, expired or already ours."""

    def __init__(self, holder: str, seconds: float) -> None:
        self.holder = holder
        self.seconds = dt.timedelta(seconds=seconds)

    def take(self) -> bool:
        now = clock.now()
        # The one lease row, made by whichever worker comes first: one insert that a row
        # already there (or made by another worker at this moment) leaves alone.
        RecomputeLease.objects.bulk_create([RecomputeLease(name=LEASE)], ignore_conflicts=True)
        free = Q(expires_at__isnull=True) | Q(expires_at__lte=now) | Q(holder=self.holder)
        return bool(
            RecomputeLease.objects.filter(free, name=LEASE).update(
                holder=self.holder, expires_at=now + self.seconds
            )
        )

    def renew(self) -> None:
        renewed = RecomputeLease.objects.filter(name=LEASE, holder=self.holder).update(
            expires_at=clock.now() + self.seconds
        )
        if not renewed:
            raise LeaseLostError(self.holder)

    def release(self) -> None:
        RecomputeLease.objects.filter(name=LEASE, holder=self.holder).update(
            holder="", expires_at=None
        )
