"""The administration forms: inviting, granting and revoking roles, deactivating people,
certificates, partners and their statuses, customers and their groups, the audit filter.
They check shape; the orgs and accounts actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.bounds import BoundedDateField
from kabinet.orgs.models import Organisation, Person, Role

GRANTABLE = [
    (Role.ORG_ADMIN.value, Role.ORG_ADMIN.label),
    (Role.AUTHORISED_CONTACT.value, Role.AUTHORISED_CONTACT.label),
    (Role.ENGINEER.value, Role.ENGINEER.label),
    (Role.MANAGER.value, Role.MANAGER.label),
    (Role.QUALITY_CONTROLLER.value, Role.QUALITY_CONTROLLER.label),
]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _InOrganisation(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class InviteForm(_InOrganisation):
    email = forms.EmailField(label=_("Email"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=GRANTABLE)
    language = forms.ChoiceField(
        label=_("Language of the mail"), choices=[("ru", "Русский"), ("en", "English")]
    )


class _OfPerson(_InOrganisation):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class RoleForm(_OfPerson):
    role = forms.ChoiceField(label=_("Role"), choices=GRANTABLE)


class DeactivateForm(_OfPerson):
    pass


class CertificateForm(_OfPerson):
    kind = forms.CharField(
        label=_("Certificate"), max_length=100, initial="1С:Эксперт по технологическим вопросам"
    )
    number = forms.CharField(label=_("Number"), max_length=100)
    valid_until = BoundedDateField(label=_("Valid until"), widget=DATE_INPUT)


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    group_name = forms.CharField(label=_("Company group"), max_length=200, required=False)


class GroupForm(forms.Form):
    group_name = forms.CharField(label=_("Company group"), max_length=200, required=False)


class PartnerStatusForm(forms.Form):
    level = forms.CharField(label=_("Status"), max_length=100, initial="ЦК КОРП")
    valid_from = BoundedDateField(label=_("From"), widget=DATE_INPUT)
    valid_to = BoundedDateField(label=_("To (inclusive)"), widget=DATE_INPUT)


class EndStatusForm(forms.Form):
    on = BoundedDateField(label=_("Last day"), widget=DATE_INPUT)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Who"), required=False)
    since = BoundedDateField(label=_("From"), required=False, widget=DATE_INPUT)
    until = BoundedDateField(label=_("To (inclusive)"), required=False, widget=DATE_INPUT)

    def __init__(
        self, *args: Any, actions: list[tuple[str, str]], people: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "—"), *actions]  # type: ignore[attr-defined]
        self.fields["actor"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end is before the start."))
        return data
