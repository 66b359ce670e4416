"""Cabinet forms: they check shape and give the message next to the field; actions act."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract, IntakeField
from kabinet.orgs.models import Organisation, Person, Role
from kabinet.tickets.actions import ReturnReason
from kabinet.tickets.models import Status

CRITICALITY_CHOICES = [
    (1, _("1 — critical: production stopped, no workaround")),
    (2, _("2 — high: production seriously impaired")),
    (3, _("3 — standard")),
    (4, _("4 — low: a question or a suggestion")),
]
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class SignInForm(AuthenticationForm):
    pass


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Time zone"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc"))
        self.fields["time_zone"].choices = [(z, z) for z in zones]  # type: ignore[attr-defined]


class TicketForm(forms.Form):
    """The intake form; which intake fields are required comes from the contract's package."""

    contract = forms.ModelChoiceField(queryset=Contract.objects.none(), label=_("Contract"))
    subject = forms.CharField(label=_("Subject"), max_length=300)
    description = forms.CharField(label=_("Detailed description"), widget=TEXTAREA)
    is_production = forms.BooleanField(label=_("This is a production system"), required=False)
    criticality = forms.TypedChoiceField(
        label=_("Criticality"),
        choices=CRITICALITY_CHOICES,
        coerce=int,
        initial=3,
        widget=forms.RadioSelect,
    )
    confirmed_phone_24x7 = forms.BooleanField(
        label=_("We are reachable by phone 24×7 while the ticket is critical"), required=False
    )
    confirmed_email_1h = forms.BooleanField(
        label=_("We answer email within 1 hour while the ticket is critical"), required=False
    )

    def __init__(self, *args: Any, contracts: Any, mandatory: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        for name, label in IntakeField.choices:
            widget = TEXTAREA if name.endswith("environment") or name.startswith("steps") else None
            self.fields[f"intake_{name}"] = forms.CharField(
                label=label, required=name in mandatory, widget=widget
            )
        self.mandatory = mandatory

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("criticality", 3) <= 2 and not data.get("is_production"):
            self.add_error("criticality", _("Criticality 1 and 2 are only for production systems."))
        return data

    def intake(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(f"intake_{name}", "")
            for name in IntakeField.values
            if self.cleaned_data.get(f"intake_{name}")
        }

    def intake_fields(self) -> list[forms.BoundField]:
        return [self[f"intake_{name}"] for name in IntakeField.values]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=TEXTAREA)


class PublicReplyForm(MessageForm):
    action_plan = forms.BooleanField(label=_("This is an action plan"), required=False)


class ProposalForm(forms.Form):
    body = forms.CharField(label=_("Solution or workaround"), widget=TEXTAREA)


class ReturnForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnReason.choices)
    body = forms.CharField(label=_("What is needed"), widget=TEXTAREA, required=False)


class CriticalityForm(forms.Form):
    criticality = forms.TypedChoiceField(
        label=_("New criticality"), choices=CRITICALITY_CHOICES, coerce=int
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("Assignee"),
        required=False,
        empty_label=_("— nobody —"),
    )

    def __init__(self, *args: Any, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why the solution does not fit"), widget=TEXTAREA)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
    )
    comment = forms.CharField(label=_("Wishes"), widget=TEXTAREA, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    internal = forms.BooleanField(label=_("Internal (supplier only)"), required=False)


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


STATUS_FILTER = [("", _("all")), ("open", _("open")), *Status.choices]


class TicketFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER, required=False)
    contract = forms.ModelChoiceField(
        queryset=Contract.objects.none(),
        label=_("Contract"),
        required=False,
        empty_label=_("all"),
    )
    contact = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("Contact"), required=False, empty_label=_("all")
    )
    criticality = forms.TypedChoiceField(
        label=_("Criticality"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("all")), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
    )

    def __init__(self, *args: Any, contracts: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_FILTER, required=False, initial="open"
    )
    criticality = TicketFilterForm.base_fields["criticality"]
    customer = forms.ModelChoiceField(
        queryset=Contract.objects.none(),
        label=_("Customer"),
        required=False,
        empty_label=_("all"),
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, customers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers  # type: ignore[attr-defined]
