"""The contract form: customer, package, validity, seats, time zone, the calendar a new
contract starts from, personal consultant, responsible contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from kabinet.contracts.models import Package
from kabinet.orgs.models import Organisation, Person
from kabinet.zone_choices import zone_choices

# A date input's value is ISO whatever the language: a localised "08.05.2026" is no date
# to the browser, which would show the field empty and refuse to send the form.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContractForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Number"), max_length=100)
    customer = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("Customer")
    )
    package = forms.ModelChoiceField(queryset=Package.objects.none(), label=gettext_lazy("Package"))
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), widget=DATE_INPUT)
    valid_to = forms.DateField(label=gettext_lazy("Valid to"), widget=DATE_INPUT)
    seats = forms.IntegerField(label=gettext_lazy("Seats"), min_value=1, max_value=1_000_000)
    time_zone = forms.ChoiceField(label=gettext_lazy("Time zone"), initial="Europe/Moscow")
    personal_consultant = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=gettext_lazy("Personal consultant"), required=False
    )
    responsible_contacts = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label=gettext_lazy("Responsible contacts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        customers: QuerySet[Organisation],
        packages: QuerySet[Package],
        staff: QuerySet[Person],
        contacts: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # By country and city, Russia's first; a contract's own zone stays offered.
        kept = [str(self.initial.get("time_zone") or self.data.get("time_zone") or "")]
        self.fields["time_zone"].choices = zone_choices([z for z in kept if z])  # type: ignore[attr-defined]
        for name, rows in (
            ("customer", customers),
            ("package", packages),
            ("personal_consultant", staff),
            ("responsible_contacts", contacts),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = rows

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("number", "customer", "package", "valid_from", "valid_to", "seats")
        return {
            **{name: data[name] for name in names},
            "time_zone": data["time_zone"],
            "personal_consultant": data["personal_consultant"],
        }
