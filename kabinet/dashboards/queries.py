"""The dashboard's figures: SLA compliance per week or month, breaches per row of the SLA
report and per support line, and today's open load by criticality.

Each function counts within a ticket set that ``dashboards.access`` scoped; none decides
who may see what. Met, measured and breached read the stored SLA columns exactly as
``reports.queries.sla_report`` does, so the buckets of a period add up to its report (a
test holds the two together); the per-row table is the report itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import (
    BigIntegerField,
    Count,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek

from kabinet.contracts.models import Criticality
from kabinet.dashboards.access import Scope
from kabinet.lines.models import LineEntry, SupportLine
from kabinet.orgs.models import Organisation, OrganisationKind
from kabinet.reports.queries import (
    REPORT_ZONE,
    Compliance,
    Grouping,
    Period,
    ReportRow,
    compliance_counts,
    sla_report,
)
from kabinet.tickets.models import TicketQuerySet


class Granularity(StrEnum):
    WEEK = "week"
    MONTH = "month"

    def first_bucket(self, day: dt.date) -> dt.date:
        if self is Granularity.WEEK:
            return day - dt.timedelta(days=day.weekday())
        return day.replace(day=1)

    def next_bucket(self, start: dt.date) -> dt.date:
        if self is Granularity.WEEK:
            return start + dt.timedelta(days=7)
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)

    def buckets(self, period: Period) -> list[dt.date]:
        """Every week (from Monday) or month touching the period, empty ones included."""
        starts, start = [], self.first_bucket(period.start)
        while start <= period.end:
            starts.append(start)
            start = self.next_bucket(start)
        return starts


@dataclass(kw_only=True)
class CompliancePoint(Compliance):
    start: dt.date
    tickets: int = 0


def compliance_series(
    tickets: TicketQuerySet, period: Period, granularity: Granularity
) -> list[CompliancePoint]:
    """One point per bucket of tickets registered in the period (Moscow days, as the
    report); a bucket cut by the period's edge counts only the part inside it."""
    first, after = period.bounds()
    trunc = TruncWeek if granularity is Granularity.WEEK else TruncMonth
    rows = (
        tickets.filter(registered_at__gte=first, registered_at__lt=after)
        .annotate(bucket=trunc("registered_at", tzinfo=REPORT_ZONE))
        .values("bucket")
        .annotate(tickets=Count("pk"), **compliance_counts())
        .order_by()
    )
    found: dict[dt.date, dict[str, Any]] = {}
    for row in rows:
        counts: dict[str, Any] = dict(row)
        found[_bucket_day(counts.pop("bucket"))] = counts
    return [
        CompliancePoint(start=start, **found.get(start, {}))
        for start in granularity.buckets(period)
    ]


def _bucket_day(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(REPORT_ZONE).date() if value.tzinfo else value.date()
    return value


def report_rows(scope: Scope, period: Period) -> list[ReportRow]:
    """The SLA report of the scope; a customer's scope keeps only its own organisations."""
    rows = sla_report(supplier_ids=scope.supplier_ids, period=period, grouping=scope.grouping)
    if scope.customer_ids is None:
        return rows
    return [row for row in rows if row.org_id in scope.customer_ids]


def every_partner_rows(scope: Scope, period: Period) -> list[ReportRow]:
    """The report with an empty row for each partner of the scope that had no ticket in the
    period, so that a quiet partner is listed too. Rows are suppliers only for the vendor's
    scope; any other scope gets its report unchanged."""
    rows = {row.org_id: row for row in report_rows(scope, period)}
    if scope.grouping is Grouping.SUPPLIER:
        quiet = Organisation.objects.filter(
            pk__in=scope.supplier_ids, kind=OrganisationKind.PARTNER
        ).exclude(pk__in=rows)
        rows.update({org.pk: ReportRow(org_id=org.pk, org_name=org.name) for org in quiet})
    return sorted(rows.values(), key=lambda row: (row.org_name, row.org_id))


@dataclass(frozen=True)
class LineBreaches:
    line: str
    supplier: str
    tickets: int
    reaction_breaches: int
    update_breaches: int
    resolution_breaches: int

    @property
    def breaches(self) -> int:
        return self.reaction_breaches + self.update_breaches + self.resolution_breaches


def breaches_by_line(tickets: TicketQuerySet, period: Period) -> list[LineBreaches]:
    """SLA breaches of the period's tickets by the support line each ticket is in now (a
    ticket starts in its supplier's first line). Suppliers without lines are left out."""
    first, after = period.bounds()
    latest = LineEntry.objects.filter(ticket=OuterRef("pk")).order_by("-entered_at", "-id")
    entry = SupportLine.objects.filter(supplier=OuterRef("contract__supplier")).order_by(
        "position", "id"
    )
    rows = (
        tickets.filter(registered_at__gte=first, registered_at__lt=after)
        .annotate(
            line_id=Coalesce(
                Subquery(latest.values("line_id")[:1]),
                Subquery(entry.values("id")[:1]),
                output_field=BigIntegerField(),
            )
        )
        .filter(line_id__isnull=False)
        .values("line_id")
        .annotate(
            tickets=Count("pk"),
            reaction_breaches=Count("pk", filter=Q(reaction_breached=True)),
            update_breaches=Coalesce(Sum("update_breach_count"), 0),
            resolution_breaches=Count("pk", filter=Q(resolution_breached=True)),
        )
        .order_by()
    )
    counts: dict[int, dict[str, Any]] = {}
    for row in rows:
        figures: dict[str, Any] = dict(row)
        counts[int(figures.pop("line_id"))] = figures
    lines = SupportLine.objects.filter(pk__in=counts).select_related("supplier")
    ordered = sorted(lines, key=lambda line: (line.supplier.name, line.position, line.pk))
    return [LineBreaches(line.name, line.supplier.name, **counts[line.pk]) for line in ordered]


@dataclass(frozen=True)
class LoadRow:
    criticality: int
    open: int
    breached: int


def open_load(tickets: TicketQuerySet) -> list[LoadRow]:
    """Open tickets now, whenever registered, per criticality 1..4, and how many of them
    have breached any target."""
    breached = Q(reaction_breached=True) | Q(update_breached=True) | Q(resolution_breached=True)
    rows = (
        tickets.open()
        .values("criticality")
        .annotate(n=Count("pk"), breached=Count("pk", filter=breached))
        .values_list("criticality", "n", "breached")
        .order_by()
    )
    counts = {level: (n, breaches) for level, n, breaches in rows}
    return [LoadRow(level, *counts.get(level, (0, 0))) for level in Criticality.values]
