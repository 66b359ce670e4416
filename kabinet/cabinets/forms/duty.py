"""The forms of telling's set-up: an on-duty group (scope, members, lead, its own week of
working hours or around the clock) and a supplier's rules of telling. They check shape and
offer only the supplier's own rows; ``notifications.actions`` checks the rules."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kabinet.cabinets.forms.calendar import (
    DAY_LABELS,
    PRODUCTION_CALENDAR,
    format_intervals,
    parse_intervals,
)
from kabinet.contracts.models import Contract, Criticality
from kabinet.lines.models import SupportLine
from kabinet.notifications.actions import MAX_REPAGE_MINUTES, DutyGroupValues
from kabinet.notifications.models import DutyGroup
from kabinet.orgs.models import Organisation, Person
from kabinet.worktime.spec import WEEKDAYS

ANY = [("", gettext_lazy("any"))]


def _optional_int(value: str) -> int | None:
    return int(value) if value else None


class DutyGroupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    is_default = forms.BooleanField(
        label=gettext_lazy("The supplier's default group (tickets no other group takes)"),
        required=False,
    )
    line = forms.ModelChoiceField(
        label=gettext_lazy("Support line"),
        queryset=SupportLine.objects.none(),
        required=False,
        empty_label=gettext_lazy("any"),
    )
    contract = forms.ModelChoiceField(
        label=gettext_lazy("Contract"),
        queryset=Contract.objects.none(),
        required=False,
        empty_label=gettext_lazy("any"),
    )
    customer = forms.ModelChoiceField(
        label=gettext_lazy("Customer"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("any"),
    )
    criticality = forms.TypedChoiceField(
        label=gettext_lazy("Criticality"),
        choices=ANY + list(Criticality.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead = forms.ModelChoiceField(
        label=gettext_lazy("Lead (told of every breach)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=gettext_lazy("none"),
    )
    around_the_clock = forms.BooleanField(
        label=gettext_lazy("On duty around the clock (24×7)"), required=False
    )
    production_calendar = forms.BooleanField(
        label=gettext_lazy("Follow the Russian production calendar"), required=False
    )
    time_zone = forms.ChoiceField(label=gettext_lazy("Time zone"), initial="Europe/Moscow")

    def __init__(self, *args: Any, supplier: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = (
            Person.objects.filter(memberships__organisation=supplier, is_active=True)
            .distinct()
            .order_by("last_name", "username")
        )
        self._choose("line", SupportLine.objects.filter(supplier=supplier).order_by("position"))
        self._choose("contract", Contract.objects.filter(supplier=supplier).order_by("number"))
        self._choose(
            "customer",
            Organisation.objects.filter(customer_contracts__supplier=supplier)
            .distinct()
            .order_by("name"),
        )
        self._choose("members", staff)
        self._choose("lead", staff)
        zones = self.fields["time_zone"]
        assert isinstance(zones, forms.ChoiceField)
        zones.choices = [(z, z) for z in sorted(available_timezones())]
        for name in WEEKDAYS:
            self.fields[name] = forms.CharField(
                label=DAY_LABELS[name],
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "09:00–18:00"}),
            )

    def _choose(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    @classmethod
    def initial_from(cls, group: DutyGroup) -> dict[str, Any]:
        spec = group.calendar or {}
        week = spec.get("week", {})
        initial: dict[str, Any] = {name: format_intervals(week.get(name, [])) for name in WEEKDAYS}
        initial.update(
            name=group.name,
            is_default=group.is_default,
            line=group.line_id,
            contract=group.contract_id,
            customer=group.customer_id,
            criticality=group.criticality,
            members=list(group.members.all()),
            lead=group.lead_id,
            around_the_clock=group.calendar is None,
            production_calendar=spec.get("production_calendar") is not None,
            time_zone=group.time_zone,
        )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in WEEKDAYS:
            try:
                data[name] = parse_intervals(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        working = any(data[name] for name in WEEKDAYS if not self.has_error(name))
        if not (self.errors or data.get("around_the_clock") or working):
            self.add_error(
                "mon", _("Give at least one day its hours, or put the group on duty 24×7.")
            )
        return data

    def values(self) -> DutyGroupValues:
        data = self.cleaned_data
        calendar: dict[str, Any] | None = None
        if not data["around_the_clock"]:
            calendar = {"week": {name: data[name] for name in WEEKDAYS if data[name]}}
            if data["production_calendar"]:
                calendar["production_calendar"] = PRODUCTION_CALENDAR
        return DutyGroupValues(
            name=data["name"],
            is_default=data["is_default"],
            line=data["line"],
            contract=data["contract"],
            customer=data["customer"],
            criticality=data["criticality"],
            members=tuple(data["members"]),
            lead=data["lead"],
            calendar=calendar,
            time_zone=data["time_zone"],
        )


class AlertingRulesForm(forms.Form):
    warning_to_group_when_unassigned = forms.BooleanField(
        label=gettext_lazy("Warn the ticket's group when no one is assigned"), required=False
    )
    breach_to_lead = forms.BooleanField(
        label=gettext_lazy("Tell the group's lead of a breach"), required=False
    )
    breach_to_quality_controllers = forms.BooleanField(
        label=gettext_lazy("Tell the quality controllers of a breach"), required=False
    )
    repage_minutes = forms.IntegerField(
        label=gettext_lazy("Page the group again every … minutes while no one takes the ticket"),
        min_value=0,
        max_value=MAX_REPAGE_MINUTES,
        help_text=gettext_lazy("0: never"),
    )
    repage_up_to_criticality = forms.TypedChoiceField(
        label=gettext_lazy("Page again for tickets of this criticality or more urgent"),
        choices=Criticality.choices,
        coerce=int,
    )
