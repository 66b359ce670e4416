"""The business calendar editor: a week of working intervals, holidays and extra working
days by date, the production calendar on or off. Reads and writes the worktime spec, and
says in the user's language which field is wrong."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kabinet.worktime import Calendar
from kabinet.worktime.spec import WEEKDAYS

DAY_LABELS = {
    "mon": gettext_lazy("Monday"),
    "tue": gettext_lazy("Tuesday"),
    "wed": gettext_lazy("Wednesday"),
    "thu": gettext_lazy("Thursday"),
    "fri": gettext_lazy("Friday"),
    "sat": gettext_lazy("Saturday"),
    "sun": gettext_lazy("Sunday"),
}
_INTERVAL = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})$")
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
PRODUCTION_CALENDAR = "ru"

Pair = list[str]


def parse_intervals(text: str) -> list[Pair]:
    """``"09:30–13:00, 14:00–18:00"`` as worktime pairs; an empty text is a day off."""
    pairs: list[Pair] = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", text))):
        match = _INTERVAL.match(part)
        if match is None:
            raise forms.ValidationError(
                _("Write the hours like 09:30–18:00, several separated by commas: “%(part)s”.")
                % {"part": part}
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 > 59 or m2 > 59 or h1 * 60 + m1 > 1440 or h2 * 60 + m2 > 1440:
            raise forms.ValidationError(_("%(part)s is not a time of day.") % {"part": part})
        if (h2, m2) <= (h1, m1):
            raise forms.ValidationError(_("%(part)s ends before it starts.") % {"part": part})
        pairs.append([f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"])
    pairs.sort()
    for (_start, end), (start, _end) in itertools.pairwise(pairs):
        if start < end:
            raise forms.ValidationError(_("The intervals overlap."))
    return pairs


def parse_date(text: str) -> dt.date:
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).replace(tzinfo=dt.UTC).date()
        except ValueError:
            continue
    raise forms.ValidationError(
        _("“%(text)s” is not a date; write it like 2026-06-12 or 12.06.2026.") % {"text": text}
    )


def format_intervals(pairs: list[Pair]) -> str:
    return ", ".join(f"{start}–{end}" for start, end in pairs)


class CalendarForm(forms.Form):
    production_calendar = forms.BooleanField(
        label=gettext_lazy("Follow the Russian production calendar"), required=False
    )
    work_decree_days = forms.BooleanField(
        label=gettext_lazy("Work the non-working days set by decree"), required=False
    )
    holidays = forms.CharField(
        label=gettext_lazy("Holidays (one date a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    working_days = forms.CharField(
        label=gettext_lazy("Extra working days (a date and its hours, one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2026-06-13 10:00–14:00"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in reversed(WEEKDAYS):
            field = forms.CharField(
                label=DAY_LABELS[name],
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "09:30–13:00, 14:00–18:00"}),
            )
            self.fields = {name: field, **self.fields}

    @classmethod
    def initial_from(cls, spec: Mapping[str, Any]) -> dict[str, Any]:
        week = spec.get("week", {})
        initial: dict[str, Any] = {name: format_intervals(week.get(name, [])) for name in WEEKDAYS}
        initial["production_calendar"] = spec.get("production_calendar") is not None
        initial["work_decree_days"] = bool(spec.get("work_decree_days"))
        initial["holidays"] = "\n".join(spec.get("holidays", []))
        initial["working_days"] = "\n".join(
            f"{day} {format_intervals(pairs)}"
            for day, pairs in sorted(spec.get("working_days", {}).items())
        )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in WEEKDAYS:
            try:
                data[name] = parse_intervals(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        data["holidays"] = self._dates(data.get("holidays") or "")
        data["working_days"] = self._working_days(data.get("working_days") or "")
        if self.errors:
            return data
        both = sorted(set(data["holidays"]) & set(data["working_days"]))
        if both:
            self.add_error(
                "working_days", _("%(day)s is both a holiday and a working day.") % {"day": both[0]}
            )
        elif not any(data[name] for name in WEEKDAYS) and not data["working_days"]:
            self.add_error("mon", _("Give at least one day of the week its working hours."))
        else:
            try:
                Calendar.from_spec({**self.spec(), "timezone": "UTC"})
            except ValueError as error:
                self.add_error(None, _("The calendar is not valid: %(why)s") % {"why": error})
        return data

    def _dates(self, text: str) -> list[str]:
        days = set()
        for line in filter(None, (line.strip() for line in text.splitlines())):
            try:
                days.add(parse_date(line).isoformat())
            except forms.ValidationError as error:
                self.add_error("holidays", error)
        return sorted(days)

    def _working_days(self, text: str) -> dict[str, list[Pair]]:
        days: dict[str, list[Pair]] = {}
        for line in filter(None, (line.strip() for line in text.splitlines())):
            head, _space, rest = line.partition(" ")
            try:
                pairs = parse_intervals(rest)
                if not pairs:
                    raise forms.ValidationError(
                        _("Give %(day)s its working hours, like 10:00–14:00.") % {"day": head}
                    )
                days[parse_date(head).isoformat()] = pairs
            except forms.ValidationError as error:
                self.add_error("working_days", error)
        return days

    def spec(self) -> dict[str, Any]:
        """The worktime spec the cleaned form describes, without the zone (the contract's)."""
        data = self.cleaned_data
        spec: dict[str, Any] = {"week": {name: data[name] for name in WEEKDAYS}}
        if data["production_calendar"]:
            spec["production_calendar"] = PRODUCTION_CALENDAR
        if data["holidays"]:
            spec["holidays"] = data["holidays"]
        if data["working_days"]:
            spec["working_days"] = data["working_days"]
        if data["work_decree_days"]:
            spec["work_decree_days"] = True
        return spec


class ProductionYearForm(forms.Form):
    """A newly published production calendar year (xmlcalendar.ru's XML)."""

    file = forms.FileField(label=gettext_lazy("Production calendar year (XML)"))
