"""The dashboard's filters: period, week or month buckets, one supplier or all of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kabinet.bounds import BoundedDateField
from kabinet.dashboards.queries import Granularity
from kabinet.orgs.models import Organisation
from kabinet.reports.queries import REPORT_ZONE, Period

MAX_PERIOD = dt.timedelta(days=3 * 366)  # the reports' own limit
MAX_WEEKS = 53


class DateInput(forms.DateInput):
    input_type = "date"


@dataclass(frozen=True)
class DashboardChoice:
    period: Period
    granularity: Granularity
    supplier: Organisation | None


def default_period(today: dt.date) -> Period:
    """Six calendar months up to today."""
    start = today.replace(day=1)
    for _month in range(5):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return Period(start=start, end=today)


def default_data(today: dt.date) -> dict[str, str]:
    period = default_period(today)
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "granularity": Granularity.MONTH.value,
    }


def today_in_report_zone(now: dt.datetime) -> dt.date:
    return now.astimezone(REPORT_ZONE).date()


class DashboardFilterForm(forms.Form):
    start = BoundedDateField(label=_("From"), widget=DateInput)
    end = BoundedDateField(label=_("To"), widget=DateInput)
    granularity = forms.ChoiceField(
        label=_("By"),
        choices=[(Granularity.WEEK.value, _("week")), (Granularity.MONTH.value, _("month"))],
    )
    supplier = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Supplier"),
        required=False,
        empty_label=_("all"),
    )

    def __init__(self, *args: Any, suppliers: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supplier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[s.pk for s in suppliers]).order_by(
            "name", "pk"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            return data
        if end < start:
            self.add_error("end", _("The period ends before it starts."))
        elif end - start > MAX_PERIOD:
            self.add_error("end", _("The period is at most three years."))
        elif data.get("granularity") == Granularity.WEEK and (end - start).days >= 7 * MAX_WEEKS:
            self.add_error(
                "granularity",
                _("Week by week covers at most %(weeks)s weeks; choose month.")
                % {"weeks": MAX_WEEKS},
            )
        return data

    def choice(self) -> DashboardChoice:
        """Precondition: the form is valid."""
        data = self.cleaned_data
        return DashboardChoice(
            period=Period(start=data["start"], end=data["end"]),
            granularity=Granularity(data["granularity"]),
            supplier=data["supplier"],
        )
