"""Filters of the customer's ticket list and of the supplier's work queue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kabinet.cabinets.queries import TicketFilter
from kabinet.contracts.models import Contract
from kabinet.lines.models import SupportLine
from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.models import Status

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
    text = forms.CharField(
        label=_("Number or words"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "KB-000123"}),
        error_messages={
            "max_length": _("Search for at most %(limit_value)d characters at a time.")
        },
    )

    def __init__(self, *args: Any, contracts: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]


UNASSIGNED = "none"


class ContractChoiceField(forms.ModelChoiceField[Contract]):
    """A supplier has several contracts per customer: each is named with its customer."""

    def label_from_instance(self, obj: Contract) -> str:
        return f"{obj.number} — {obj.customer}"


class QueueFilterForm(forms.Form):
    """The work queue's filters. What each offers is the person's own supplier side (its
    customers, contracts, lines and people); anything else is refused without naming it."""

    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_FILTER, required=False, initial="open"
    )
    criticality = TicketFilterForm.base_fields["criticality"]
    customer = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Customer"),
        required=False,
        empty_label=_("all"),
        error_messages={"invalid_choice": _("Choose one of the customers in the list.")},
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    contract = ContractChoiceField(
        queryset=Contract.objects.none(),
        label=_("Contract"),
        required=False,
        empty_label=_("all"),
        error_messages={"invalid_choice": _("Choose one of the contracts in the list.")},
    )
    line = forms.ModelChoiceField(
        queryset=SupportLine.objects.none(),
        label=_("Support line"),
        required=False,
        empty_label=_("all"),
        error_messages={"invalid_choice": _("Choose one of your support lines.")},
    )
    assignee = forms.ChoiceField(
        label=_("Assignee"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of your colleagues, or “unassigned”.")},
    )
    text = forms.CharField(
        label=_("Number or words"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "KB-000123"}),
        error_messages={
            "max_length": _("Search for at most %(limit_value)d characters at a time.")
        },
    )

    def __init__(
        self, *args: Any, customers: Any, contracts: Any, lines: Any, people: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers  # type: ignore[attr-defined]
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        self.fields["line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("all")),
            (UNASSIGNED, _("unassigned")),
            *((str(person.pk), str(person)) for person in people),
        ]

    def ticket_filter(self, person: Person) -> TicketFilter:
        """The cleaned choice as the queue reads it; precondition: the form is valid."""
        data = self.cleaned_data
        assignee = data["assignee"]
        return TicketFilter(
            status=data["status"],
            criticality=data["criticality"],
            customer=data["customer"].pk if data["customer"] else None,
            contract=data["contract"].pk if data["contract"] else None,
            mine_for=person if data["mine"] else None,
            line=data["line"].pk if data["line"] else None,
            assignee=int(assignee) if assignee not in ("", UNASSIGNED) else None,
            unassigned=assignee == UNASSIGNED,
            text=data["text"],
        )
