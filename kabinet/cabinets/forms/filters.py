"""Filters of the customer's ticket list and of the supplier's work queue, and the queue's
bulk acts on the selected tickets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kabinet.cabinets.bulk import BULK_ACT_LABELS, MAX_SELECTED, BulkAct, BulkChoice
from kabinet.cabinets.queries import TicketFilter
from kabinet.cabinets.triage import SORT_LABELS, VIEW_LABELS, Sort, View
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

    field_order = ("text",)  # the search box first (saved views keep the declared order)

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
        # On a phone: the first field, the whole width, a search key on the keyboard.
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "KB-000123, 123",
                "enterkeyhint": "search",
                "autocomplete": "off",
                "autocapitalize": "off",
            }
        ),
        error_messages={
            "max_length": _("Search for at most %(limit_value)d characters at a time.")
        },
    )

    view = forms.ChoiceField(
        label=_("Ready-made view"),
        required=False,
        choices=[("", _("none")), *VIEW_LABELS.items()],
        error_messages={"invalid_choice": _("Choose one of the ready-made views.")},
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=list(SORT_LABELS.items()),
        error_messages={"invalid_choice": _("Choose one of the orders in the list.")},
    )

    def __init__(
        self,
        *args: Any,
        customers: Any,
        contracts: Any,
        lines: Any,
        people: Any,
        views: tuple[View, ...] = tuple(View),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["view"].choices = [  # type: ignore[attr-defined]
            ("", _("none")),
            *((view.value, VIEW_LABELS[view]) for view in views),
        ]
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
            supplied=True,
        )

    def chosen_view(self) -> View | None:
        return View(self.cleaned_data["view"]) if self.cleaned_data["view"] else None

    def chosen_sort(self) -> Sort:
        return Sort(self.cleaned_data["sort"] or Sort.WORK)


class BulkForm(forms.Form):
    """A bulk act on the tickets selected in the queue, with what it needs: the assignee
    (or "unassigned"), the line, or the level and its one reason."""

    tickets = forms.MultipleChoiceField(
        label=_("Selected tickets"),
        error_messages={"required": _("Select at least one ticket in the list.")},
    )
    act = forms.ChoiceField(
        label=_("Act on the selected"),
        choices=list(BULK_ACT_LABELS.items()),
        error_messages={"invalid_choice": _("Choose one of the acts in the list.")},
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    line = forms.ModelChoiceField(
        queryset=SupportLine.objects.none(),
        label=_("Support line"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of your support lines.")},
    )
    criticality = forms.TypedChoiceField(
        label=_("Criticality"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args: Any, lines: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines  # type: ignore[attr-defined]
        self.people = {str(person.pk): person for person in people}
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            (UNASSIGNED, _("unassigned")),
            *((key, str(person)) for key, person in self.people.items()),
        ]
        # Any number may be submitted; each is looked up in the person's queue, one by one.
        submitted = self.data.getlist("tickets") if hasattr(self.data, "getlist") else []
        self.fields["tickets"].choices = [  # type: ignore[attr-defined]
            (number, number) for number in submitted[:MAX_SELECTED]
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        act = data.get("act")
        if act == BulkAct.MOVE_TO_LINE and not data.get("line"):
            self.add_error("line", _("Choose the line to move the tickets to."))
        if act == BulkAct.CHANGE_CRITICALITY:
            if not data.get("criticality"):
                self.add_error("criticality", _("Choose the new criticality."))
            if not str(data.get("reason", "")).strip():
                self.add_error("reason", _("A reason is required to change criticality."))
        if act == BulkAct.ASSIGN and not data.get("assignee"):
            self.add_error("assignee", _("Choose one of your colleagues, or “unassigned”."))
        return data

    def choice(self) -> BulkChoice:
        """The cleaned choice; precondition: the form is valid."""
        data = self.cleaned_data
        return BulkChoice(
            act=BulkAct(data["act"]),
            assignee=self.people.get(data["assignee"]),
            line=data["line"],
            criticality=data["criticality"],
            reason=data["reason"],
        )
