"""The organisation admin's form granting a role to a person of their organisation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kabinet.orgs.models import Organisation, Person, Role


class RoleForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Role.ORG_ADMIN.value, Role.ORG_ADMIN.label),
            (Role.AUTHORISED_CONTACT.value, Role.AUTHORISED_CONTACT.label),
        ],
    )

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
