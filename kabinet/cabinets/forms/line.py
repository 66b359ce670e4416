"""A support line's form: key, name, order, reaction OLA, members."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from kabinet.contracts.models import CalendarKey, DurationUnit
from kabinet.orgs.models import Person


class LineForm(forms.Form):
    key = forms.SlugField(label=gettext_lazy("Key (latin letters, digits, -)"), max_length=50)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    position = forms.IntegerField(
        label=gettext_lazy("Order (1: new tickets start here)"), min_value=1, max_value=99
    )
    reaction_amount = forms.IntegerField(
        label=gettext_lazy("Reaction OLA (empty: none)"),
        required=False,
        min_value=1,
        max_value=100_000,
    )
    reaction_unit = forms.ChoiceField(
        label=gettext_lazy("OLA unit"), choices=DurationUnit.choices, initial=DurationUnit.HOURS
    )
    reaction_calendar = forms.ChoiceField(
        label=gettext_lazy("OLA calendar"), choices=CalendarKey.choices
    )
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, staff: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = staff

    def values(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.base_fields if name != "members"}
