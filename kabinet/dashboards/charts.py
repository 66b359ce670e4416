"""The dashboard's figures as charts: labels, series and colours that the page draws with
Chart.js and also prints as a table, so the numbers never depend on JavaScript.

Presentation only: every value comes from ``dashboards.queries`` untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kabinet.dashboards.queries import (
    CompliancePoint,
    Granularity,
    LineBreaches,
    LoadRow,
)
from kabinet.reports.queries import Grouping, ReportRow

Value = float | int | None

REACTION, UPDATE, RESOLUTION = "#1f5fbf", "#d9730d", "#1d7a45"
CRITICALITY = ("#b3261e", "#d9730d", "#1f5fbf", "#6b7785")
BREACHED = "#7a1c16"


@dataclass(frozen=True)
class Series:
    label: str
    values: list[Value]
    color: str | list[str]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str  # Chart.js type: "line" or "bar"
    row_header: str
    labels: list[str]
    series: list[Series]
    unit: str = ""
    stacked: bool = False

    @property
    def data_id(self) -> str:
        return f"{self.key}-data"

    def config(self) -> dict[str, Any]:
        """What ``dashboards.js`` hands to Chart.js (no callbacks: JSON only)."""
        return {
            "kind": self.kind,
            "unit": self.unit,
            "stacked": self.stacked,
            "labels": self.labels,
            "datasets": [
                {"label": s.label, "data": s.values, "color": s.color} for s in self.series
            ],
        }

    def rows(self) -> list[tuple[str, list[str]]]:
        """The table: one row per label, one cell per series."""
        return [
            (label, [self._cell(s.values[index]) for s in self.series])
            for index, label in enumerate(self.labels)
        ]

    def _cell(self, value: Value) -> str:
        if value is None:
            return "—"
        return f"{value:g}{self.unit}" if isinstance(value, float) else f"{value}{self.unit}"


def bucket_label(start: dt.date, granularity: Granularity) -> str:
    if granularity is Granularity.MONTH:
        return date_format(start, "YEAR_MONTH_FORMAT")
    return date_format(start, "SHORT_DATE_FORMAT")


def compliance_chart(points: Sequence[CompliancePoint], granularity: Granularity) -> Chart:
    return Chart(
        key="compliance",
        title=_("SLA compliance over time, % met"),
        kind="line",
        row_header=_("Week from") if granularity is Granularity.WEEK else _("Month"),
        labels=[bucket_label(p.start, granularity) for p in points],
        series=[
            Series(_("Reaction"), [p.reaction_compliance for p in points], REACTION),
            Series(_("Status updates"), [p.update_compliance for p in points], UPDATE),
            Series(_("Resolution"), [p.resolution_compliance for p in points], RESOLUTION),
        ],
        unit="%",
    )


def volume_chart(points: Sequence[CompliancePoint], granularity: Granularity) -> Chart:
    return Chart(
        key="volume",
        title=_("Tickets registered"),
        kind="bar",
        row_header=_("Week from") if granularity is Granularity.WEEK else _("Month"),
        labels=[bucket_label(p.start, granularity) for p in points],
        series=[Series(_("Tickets"), [p.tickets for p in points], "#6b7785")],
    )


def _breach_series(rows: Sequence[ReportRow | LineBreaches]) -> list[Series]:
    return [
        Series(_("Reaction"), [r.reaction_breaches for r in rows], REACTION),
        Series(_("Status updates"), [r.update_breaches for r in rows], UPDATE),
        Series(_("Resolution"), [r.resolution_breaches for r in rows], RESOLUTION),
    ]


def breaches_by_row_chart(rows: Sequence[ReportRow], grouping: Grouping) -> Chart:
    by_partner = grouping is Grouping.SUPPLIER
    return Chart(
        key="breaches-by-org",
        title=_("Breaches by partner") if by_partner else _("Breaches by customer"),
        kind="bar",
        row_header=_("Supplier") if by_partner else _("Customer"),
        labels=[r.org_name for r in rows],
        series=_breach_series(rows),
        stacked=True,
    )


def breaches_by_line_chart(rows: Sequence[LineBreaches], many_suppliers: bool) -> Chart:
    return Chart(
        key="breaches-by-line",
        title=_("Breaches by support line"),
        kind="bar",
        row_header=_("Support line"),
        labels=[f"{r.supplier}: {r.line}" if many_suppliers else r.line for r in rows],
        series=_breach_series(rows),
        stacked=True,
    )


def load_chart(rows: Sequence[LoadRow]) -> Chart:
    return Chart(
        key="open-load",
        title=_("Open tickets now, by criticality"),
        kind="bar",
        row_header=_("Criticality"),
        labels=[str(r.criticality) for r in rows],
        series=[
            Series(_("Open"), [r.open for r in rows], list(CRITICALITY)),
            Series(_("Of them breached"), [r.breached for r in rows], BREACHED),
        ],
    )
