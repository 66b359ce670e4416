"""The dashboard's aggregates against the hand-worked history of conftest, and against the
SLA report they must agree with."""

from __future__ import annotations

import datetime as dt

from kabinet.conftest import World
from kabinet.dashboards.access import Scope, dashboard_scope
from kabinet.dashboards.queries import (
    CompliancePoint,
    Granularity,
    LineBreaches,
    LoadRow,
    breaches_by_line,
    compliance_series,
    open_load,
    report_rows,
)
from kabinet.reports.queries import Grouping, Period, sla_report

MAY = Period(start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31))


def partner_scope(world: World) -> Scope:
    return Scope(frozenset({world.partner.pk}), Grouping.CUSTOMER)


def test_weeks_start_on_monday_and_empty_weeks_are_kept(history: World) -> None:
    points = compliance_series(partner_scope(history).tickets(), MAY, Granularity.WEEK)

    assert [p.start for p in points] == [
        dt.date(2026, 4, 27),
        dt.date(2026, 5, 4),
        dt.date(2026, 5, 11),
        dt.date(2026, 5, 18),
        dt.date(2026, 5, 25),
    ]
    assert points[0] == CompliancePoint(start=dt.date(2026, 4, 27))
    week = points[1]
    assert week.tickets == 3
    assert (week.reaction_met, week.reaction_measured) == (1, 2)
    assert week.reaction_compliance == 50.0
    assert (week.resolution_met, week.resolution_measured) == (1, 2)
    assert week.update_compliance == 100.0  # A and B reacted; neither missed an update
    assert points[2].reaction_compliance is None


def test_the_buckets_of_a_period_add_up_to_its_report(history: World) -> None:
    scope = dashboard_scope(history.vendor_engineer)
    [month] = compliance_series(scope.tickets(), MAY, Granularity.MONTH)
    rows = sla_report(supplier_ids=scope.supplier_ids, period=MAY, grouping=Grouping.SUPPLIER)

    assert month.start == dt.date(2026, 5, 1)
    assert month.tickets == sum(r.tickets for r in rows) == 6
    for target in ("reaction", "update", "resolution"):
        for figure in ("met", "measured"):
            name = f"{target}_{figure}"
            assert getattr(month, name) == sum(getattr(r, name) for r in rows), name


def test_a_month_bucket_is_a_moscow_month(history: World) -> None:
    june = Period(start=dt.date(2026, 5, 9), end=dt.date(2026, 6, 30))

    points = compliance_series(partner_scope(history).tickets(), june, Granularity.MONTH)

    assert [(p.start, p.tickets) for p in points] == [
        (dt.date(2026, 5, 1), 0),  # the tickets of the 8th are before the period
        (dt.date(2026, 6, 1), 0),
    ]


def test_breaches_by_line_follow_the_line_each_ticket_is_in_now(history: World) -> None:
    rows = breaches_by_line(partner_scope(history).tickets(), MAY)

    assert rows == [
        LineBreaches("Line one", "Partner", 2, 0, 0, 0),  # A and C, from the entry line
        LineBreaches("Line two", "Partner", 1, 1, 0, 1),  # B: reaction and resolution
    ]
    assert rows[1].breaches == 2


def test_suppliers_without_lines_have_no_line_rows(history: World) -> None:
    scope = Scope(frozenset({history.other_partner.pk}), Grouping.CUSTOMER)
    assert breaches_by_line(scope.tickets(), MAY) == []


def test_open_load_counts_open_tickets_per_level(history: World) -> None:
    scope = dashboard_scope(history.vendor_engineer)

    assert open_load(scope.tickets()) == [
        LoadRow(1, 0, 0),
        LoadRow(2, 1, 0),
        LoadRow(3, 3, 1),  # B (breached), D, E; A is closed
        LoadRow(4, 1, 0),
    ]


def test_a_customer_keeps_only_its_own_report_rows(history: World) -> None:
    rows = report_rows(dashboard_scope(history.contact), MAY)

    assert [(r.org_name, r.tickets) for r in rows] == [("Customer", 2), ("Sibling", 1)]
    assert [r.org_name for r in report_rows(dashboard_scope(history.outsider), MAY)] == [
        "Other customer"
    ]
