"""The SLA compliance report: per supplier (or per customer of one supplier) and period.

Counts, breaches and ratings come from the indexed SLA columns that ``tickets.deadlines``
stores, in one aggregate query; nothing is replayed for them. Mean reaction time is working
time on each contract's business calendar, computed in bulk per contract; mean resolution
time is the resolution clock's elapsed time, paused time excluded, replayed for the
resolved tickets of the period (``reports.resolution_time``). Who may see which rows is
decided by ``reports.access``, not here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from kabinet.contracts.models import Contract, PackageTarget, TargetKind
from kabinet.reports.resolution_time import resolution_elapsed
from kabinet.tickets.models import Ticket

REPORT_ZONE = ZoneInfo("Europe/Moscow")


class Grouping(StrEnum):
    SUPPLIER = "supplier"  # the vendor's view: one row per partner (and itself)
    CUSTOMER = "customer"  # a partner's view: one row per customer


@dataclass(frozen=True)
class Period:
    """Tickets registered from ``start`` to ``end`` inclusive, days in Moscow time."""

    start: dt.date
    end: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        first = dt.datetime.combine(self.start, dt.time(), REPORT_ZONE)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), REPORT_ZONE)
        return first, after


@dataclass(kw_only=True)
class Compliance:
    """Met and measured counts of the three targets, and their percentages; the report's
    rows and the dashboard's points read them alike (see ``compliance_counts``)."""

    reaction_measured: int = 0
    reaction_met: int = 0
    update_measured: int = 0
    update_met: int = 0
    resolution_measured: int = 0
    resolution_met: int = 0

    @property
    def reaction_compliance(self) -> float | None:
        return _percent(self.reaction_met, self.reaction_measured)

    @property
    def update_compliance(self) -> float | None:
        return _percent(self.update_met, self.update_measured)

    @property
    def resolution_compliance(self) -> float | None:
        return _percent(self.resolution_met, self.resolution_measured)


@dataclass(kw_only=True)
class ReportRow(Compliance):
    org_id: int
    org_name: str
    tickets: int = 0
    reaction_breaches: int = 0
    update_breaches: int = 0
    resolution_breaches: int = 0
    rating_mean: float | None = None
    rating_count: int = 0
    mean_reaction_minutes: float | None = None
    mean_resolution_minutes: float | None = None
    _reaction_seconds: list[float] = field(default_factory=list, repr=False)
    _resolution_seconds: list[float] = field(default_factory=list, repr=False)

    @property
    def breaches(self) -> int:
        return self.reaction_breaches + self.update_breaches + self.resolution_breaches


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def _has_target(kind: TargetKind) -> Exists:
    """The ticket's package has this target at the ticket's current criticality."""
    return Exists(
        PackageTarget.objects.filter(
            package_id=OuterRef("contract__package_id"),
            criticality=OuterRef("criticality"),
            kind=kind,
        )
    )


def compliance_counts() -> dict[str, Count]:
    """The aggregates behind ``Compliance``: reaction and resolution "measured" are tickets
    whose target was met or breached; update "measured" are tickets with an update target
    whose update clock has started (reaction met), "met" those without a missed update."""
    reaction_met = Q(reaction_met_at__isnull=False, reaction_due_at__isnull=False)
    resolution_met = Q(resolution_met_at__isnull=False, resolution_due_at__isnull=False)
    update_running = Q(_has_target(TargetKind.UPDATE)) & Q(reaction_met_at__isnull=False)
    return {
        "reaction_measured": Count("pk", filter=reaction_met | Q(reaction_breached=True)),
        "reaction_met": Count("pk", filter=reaction_met & Q(reaction_breached=False)),
        "update_measured": Count("pk", filter=update_running | Q(update_breach_count__gt=0)),
        "update_met": Count("pk", filter=update_running & Q(update_breach_count=0)),
        "resolution_measured": Count("pk", filter=resolution_met | Q(resolution_breached=True)),
        "resolution_met": Count("pk", filter=resolution_met & Q(resolution_breached=False)),
    }


def sla_report(
    *, supplier_ids: Iterable[int], period: Period, grouping: Grouping
) -> list[ReportRow]:
    """One row per supplier or per customer, ordered by name.

    Reading of the figures (each breach is counted once, as the columns record it):
    reaction and resolution "measured" are tickets whose target was met or breached;
    update "measured" are tickets with an update target whose update clock has started
    (reaction met), "met" those without a single missed update; update breaches are the
    missed updates themselves; a breach stays counted once however the ticket changes
    later (criticality, reopening), as the columns keep it. Mean reaction time is
    registration to first response on the business calendar; mean resolution time is the
    resolution clock's elapsed working time when it was met (its target's calendar, time
    "awaiting customer" excluded), over tickets whose level has a resolution target.
    """
    first, after = period.bounds()
    tickets = Ticket.objects.filter(
        contract__supplier_id__in=list(supplier_ids),
        registered_at__gte=first,
        registered_at__lt=after,
    )
    key = "contract__supplier" if grouping is Grouping.SUPPLIER else "contract__customer"
    rows: dict[int, ReportRow] = {}
    for aggregate in _aggregate(tickets, key):
        org_id = int(aggregate.pop(f"{key}_id"))
        name = str(aggregate.pop(f"{key}__name"))
        rows[org_id] = ReportRow(org_id=org_id, org_name=name, **_counts(aggregate))
    _add_mean_times(tickets, key, rows)
    return sorted(rows.values(), key=lambda row: (row.org_name, row.org_id))


def _aggregate(tickets: QuerySet[Ticket], key: str) -> list[dict[str, Any]]:
    queryset = tickets.values(f"{key}_id", f"{key}__name")
    return list(
        queryset.annotate(
            n=Count("pk"),
            **compliance_counts(),
            reaction_breaches=Count("pk", filter=Q(reaction_breached=True)),
            update_breaches=Coalesce(Sum("update_breach_count"), 0),
            resolution_breaches=Count("pk", filter=Q(resolution_breached=True)),
            rating_mean=Avg("rating"),
            rating_count=Count("rating"),
        ).order_by()
    )


def _counts(row: dict[str, Any]) -> dict[str, Any]:
    counts = {k: v for k, v in row.items() if "__" not in k and not k.endswith("_id")}
    counts["tickets"] = counts.pop("n")
    mean = counts["rating_mean"]
    counts["rating_mean"] = None if mean is None else round(float(mean), 2)
    return counts


def _add_mean_times(tickets: QuerySet[Ticket], key: str, rows: dict[int, ReportRow]) -> None:
    met = tickets.filter(
        Q(reaction_met_at__isnull=False) | Q(resolution_met_at__isnull=False)
    ).values_list(
        "pk", "contract_id", f"{key}_id", "registered_at", "reaction_met_at", "resolution_met_at"
    )
    reacted: dict[int, list[tuple[int, dt.datetime, dt.datetime]]] = defaultdict(list)
    resolved: dict[int, tuple[int, dt.datetime]] = {}
    row_of: dict[int, int] = {}
    for pk, contract_id, group_id, registered, reaction_met, resolution_met in met:
        row_of[pk] = group_id
        if reaction_met is not None:
            reacted[contract_id].append((group_id, registered, reaction_met))
        if resolution_met is not None:
            resolved[pk] = (contract_id, resolution_met)
    contracts = {
        contract.pk: contract
        for contract in Contract.objects.filter(
            pk__in={c for c, _ in resolved.values()} | set(reacted)
        )
        .select_related("package")
        .prefetch_related("package__targets")
    }
    _add_reaction_seconds(reacted, contracts, rows)
    resolved_tickets = tickets.filter(resolution_met_at__isnull=False)
    for pk, elapsed in resolution_elapsed(resolved_tickets, resolved, contracts).items():
        rows[row_of[pk]]._resolution_seconds.append(elapsed.total_seconds())
    for row in rows.values():
        row.mean_reaction_minutes = _mean_minutes(row._reaction_seconds)
        row.mean_resolution_minutes = _mean_minutes(row._resolution_seconds)


def _add_reaction_seconds(
    reacted: dict[int, list[tuple[int, dt.datetime, dt.datetime]]],
    contracts: dict[int, Contract],
    rows: dict[int, ReportRow],
) -> None:
    """Registration to first response on each contract's business calendar, in bulk."""
    for contract_id, entries in reacted.items():
        calendar = contracts[contract_id].calendar()
        worked = calendar.between_bulk(
            np.array([registered.timestamp() for _, registered, _ in entries]),
            np.array([reaction_met.timestamp() for _, _, reaction_met in entries]),
        )
        for (group_id, _, _), seconds in zip(entries, worked, strict=True):
            rows[group_id]._reaction_seconds.append(float(seconds))


def _mean_minutes(seconds: list[float]) -> float | None:
    return None if not seconds else round(sum(seconds) / len(seconds) / 60, 1)
