"""The package form: the package's rules and its targets table (criticality × target kind,
each an amount, a unit and a calendar), started from a template or from the package."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kabinet.contracts.models import (
    CalendarKey,
    Channel,
    Criticality,
    DurationUnit,
    IntakeField,
    Package,
    PriorityChangeMode,
    TargetKind,
)
from kabinet.contracts.package_templates import PackageTemplate, TargetRow
from kabinet.entitlements.models import SEATS_PER_BLOCK, ServiceUnit

MEGABYTE = 1024 * 1024
LEVELS = tuple(Criticality)
KINDS = tuple(TargetKind)


def _target_name(level: int, kind: str, part: str) -> str:
    return f"t{level}_{kind}_{part}"


@dataclass(frozen=True)
class TargetCell:
    amount: forms.BoundField
    unit: forms.BoundField
    calendar: forms.BoundField

    @property
    def errors(self) -> list[str]:
        return [*self.amount.errors, *self.unit.errors, *self.calendar.errors]


class PackageForm(forms.Form):
    kinds = KINDS
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    priority_change_mode = forms.ChoiceField(
        label=gettext_lazy("When the criticality changes"), choices=PriorityChangeMode.choices
    )
    workaround_resolves = forms.BooleanField(
        label=gettext_lazy("A workaround meets the resolution target"), required=False
    )
    critical_conditions_apply = forms.BooleanField(
        label=gettext_lazy(
            "Level 1 needs a production system and both confirmations (24×7 phone, "
            "email within 1 hour); an unanswered level-1 ticket drops to level 2"
        ),
        required=False,
    )
    escalation_certificate = forms.CharField(
        label=gettext_lazy("Certificate an engineer needs to escalate (blank: any valid one)"),
        required=False,
        max_length=100,
    )
    single_responsible_contact = forms.BooleanField(
        label=gettext_lazy("Tickets only from the contract's one responsible contact"),
        required=False,
    )
    release_wait_pauses_resolution = forms.BooleanField(
        label=gettext_lazy("Waiting for a release stops the resolution clock"), required=False
    )
    asks_for_screenshots = forms.BooleanField(
        label=gettext_lazy("The new-ticket form asks for screenshots or a video"),
        required=False,
    )
    allowed_channels = forms.MultipleChoiceField(
        label=gettext_lazy("Channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mandatory_intake_fields = forms.MultipleChoiceField(
        label=gettext_lazy("Mandatory intake fields"),
        choices=IntakeField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attachment_size_limit = forms.IntegerField(
        label=gettext_lazy("Attachment limit, MB"), min_value=1, max_value=10_240
    )
    large_upload_limit = forms.IntegerField(
        label=gettext_lazy("Upload place limit per file, MB"), min_value=1, max_value=1_048_576
    )
    reopen_days = forms.IntegerField(
        label=gettext_lazy("Reopen window after closing, days (0: never)"),
        min_value=0,
        max_value=3650,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level in LEVELS:
            for kind in KINDS:
                where = f"{level.value} · {kind.label}"
                # A cell holds three inputs under one column head: each names itself for
                # a screen reader.
                self.fields[_target_name(level, kind, "amount")] = forms.IntegerField(
                    label=where,
                    required=False,
                    min_value=1,
                    max_value=100_000,
                    widget=forms.NumberInput(attrs={"aria-label": f"{where} · {_('Amount')}"}),
                )
                self.fields[_target_name(level, kind, "unit")] = forms.ChoiceField(
                    label=where,
                    choices=DurationUnit.choices,
                    initial=DurationUnit.HOURS,
                    widget=forms.Select(attrs={"aria-label": f"{where} · {_('Unit')}"}),
                )
                self.fields[_target_name(level, kind, "calendar")] = forms.ChoiceField(
                    label=where,
                    choices=CalendarKey.choices,
                    initial=CalendarKey.BUSINESS,
                    widget=forms.Select(attrs={"aria-label": f"{where} · {_('Calendar')}"}),
                )

    @classmethod
    def initial_from(
        cls, values: dict[str, Any], targets: tuple[TargetRow, ...] | list[TargetRow]
    ) -> dict[str, Any]:
        initial = {k: v for k, v in values.items() if k not in _SIZES}
        for name in _SIZES:
            initial[name] = max(1, int(values.get(name, _SIZES[name])) // MEGABYTE)
        for level, kind, amount, unit, calendar in targets:
            initial[_target_name(level, kind, "amount")] = amount
            initial[_target_name(level, kind, "unit")] = unit
            initial[_target_name(level, kind, "calendar")] = calendar
        return initial

    @classmethod
    def initial_from_package(cls, package: Package) -> dict[str, Any]:
        values = {name: getattr(package, name) for name in (*cls.base_fields, *_SIZES)}
        targets = package.targets.all() if package.pk else []
        rows = [(t.criticality, t.kind, t.amount, t.unit, t.calendar) for t in targets]
        return cls.initial_from(values, rows)

    @classmethod
    def initial_from_template(cls, template: PackageTemplate) -> dict[str, Any]:
        defaults = {
            field.name: field.get_default()
            for field in Package._meta.concrete_fields
            if field.name in cls.base_fields
        }
        return cls.initial_from({**defaults, **template.values}, template.targets)

    def rows(self) -> Iterator[tuple[Criticality, list[TargetCell]]]:
        """The targets table: one row per criticality, one cell per target kind."""
        for level in LEVELS:
            yield (
                level,
                [
                    TargetCell(*(self[_target_name(level, kind, part)] for part in _PARTS))
                    for kind in KINDS
                ],
            )

    def rule_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.base_fields]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in self.base_fields}
        for name in _SIZES:
            values[name] = data[name] * MEGABYTE
        return values

    def targets(self) -> list[TargetRow]:
        data = self.cleaned_data
        return [
            (
                int(level),
                str(kind),
                data[_target_name(level, kind, "amount")],
                data[_target_name(level, kind, "unit")],
                data[_target_name(level, kind, "calendar")],
            )
            for level in LEVELS
            for kind in KINDS
            if data.get(_target_name(level, kind, "amount"))
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(
            data.get(_target_name(level, kind, "amount")) for level in LEVELS for kind in KINDS
        ):
            self.add_error(None, _("Give the package at least one target."))
        return data


_PARTS = ("amount", "unit", "calendar")
_SIZES = {"attachment_size_limit": 5 * MEGABYTE, "large_upload_limit": 2048 * MEGABYTE}


class ServiceForm(forms.Form):
    """One service of the package with its quota: ``amount`` per started block of
    ``seats_per_block`` seats (0: per contract whatever its seats)."""

    code = forms.SlugField(label=gettext_lazy("Code"), max_length=50)
    name = forms.CharField(label=gettext_lazy("Service"), max_length=200)
    amount = forms.IntegerField(label=gettext_lazy("Amount"), min_value=0, max_value=100_000)
    unit = forms.ChoiceField(
        label=gettext_lazy("Unit"), choices=ServiceUnit.choices, initial=ServiceUnit.ITEM
    )
    seats_per_block = forms.IntegerField(
        label=gettext_lazy("Per seats"), min_value=0, max_value=1_000_000, initial=SEATS_PER_BLOCK
    )
    billable_over_quota = forms.BooleanField(
        label=gettext_lazy("Billable over the quota"), required=False
    )
    choice_group = forms.SlugField(
        label=gettext_lazy("Alternative group"), max_length=50, required=False
    )
    booked_by_date = forms.BooleanField(label=gettext_lazy("Booked by date"), required=False)


class _ServiceRows(forms.BaseFormSet[ServiceForm]):
    def add_fields(self, form: ServiceForm, index: int | None) -> None:
        super().add_fields(form, index)
        # The quotas table names its columns once: each input names itself for a screen
        # reader (the formset's own "delete" box included).
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


ServiceFormSet = forms.formset_factory(ServiceForm, formset=_ServiceRows, extra=1, can_delete=True)


def service_rows(formset: forms.BaseFormSet[ServiceForm]) -> list[dict[str, Any]]:
    """The services a valid formset keeps: filled rows not marked for deletion."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def services_initial(services: Iterable[Any]) -> list[dict[str, Any]]:
    """Formset initial rows from PackageService rows or a template's field values."""
    names = tuple(ServiceForm.base_fields)
    return [
        dict(row) if isinstance(row, dict) else {n: getattr(row, n) for n in names}
        for row in services
    ]
