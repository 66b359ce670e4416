"""Cabinet forms: they check shape and give the message next to the field; actions act.
Sign-in and profile forms are ``kabinet.accounts.forms``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kabinet.cabinets.queries import TicketFilter
from kabinet.contracts.models import Contract, IntakeField
from kabinet.escalations.actions import RelayAs
from kabinet.escalations.dossier import DossierItem, missing_items
from kabinet.escalations.models import VendorReturnReason
from kabinet.lines.models import SupportLine
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
    more_diagnostic_data = forms.BooleanField(required=False)

    def __init__(
        self,
        *args: Any,
        contracts: Any,
        mandatory: list[str],
        attachment_limit: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        limit = filesizeformat(attachment_limit)
        more = self.fields["more_diagnostic_data"]
        more.label = _(
            "There is diagnostic data larger than %(limit)s — give me a place to upload it"
        ) % {"limit": limit}
        more.help_text = _(
            "Files up to %(limit)s can be attached on the ticket page. For larger logs, dumps "
            "or database copies an upload place opens together with the ticket, and the "
            "registration message says until when it takes files."
        ) % {"limit": limit}
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


def _yes(value: str) -> bool:
    return value == "yes"


class DossierItemsForm(forms.Form):
    """The nine items of seed 001, section 5, numbered as there. Which items are missing is
    the dossier's own rule (``missing_items``): performance data only for a performance
    issue. All of them are marked here at once; the action checks again on submit."""

    contacts = forms.CharField(
        label=_("1. Names and contacts of the customer and the partner"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    critical_conditions_confirmed = forms.TypedChoiceField(
        label=_(
            "2. The customer and the partner confirm the conditions for critical tickets "
            "(reachable by phone 24×7, email answered within 1 hour)"
        ),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=_yes,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("3. Detailed description"), widget=TEXTAREA, required=False
    )
    environment = forms.CharField(
        label=_("4. Hardware and software (OS version and updates, memory, disks, processor)"),
        widget=TEXTAREA,
        required=False,
    )
    recent_changes = forms.CharField(
        label=_("5. Recent changes to hardware or software"), widget=TEXTAREA, required=False
    )
    performance_before_after = forms.CharField(
        label=_("6. Performance data before and after the degradation"),
        widget=TEXTAREA,
        required=False,
    )
    resources_consulted = forms.CharField(
        label=_("7. Information resources the partner already consulted"),
        widget=TEXTAREA,
        required=False,
    )
    test_scenario = forms.CharField(
        label=_("8. Test scenario and test data, reproduced outside the customer's environment"),
        widget=TEXTAREA,
        required=False,
    )
    escalation_reason = forms.CharField(
        label=_("9. Why the partner could not solve it and escalates"),
        widget=TEXTAREA,
        required=False,
    )

    def dossier(self) -> dict[str, Any]:
        items = {item.value: self.cleaned_data.get(item.value) for item in DossierItem}
        return {key: value for key, value in items.items() if value not in (None, "")}

    def mark_missing(self, performance_issue: bool) -> None:
        for item in missing_items(self.dossier(), performance_issue=performance_issue):
            self.add_error(
                item.value,
                _("Item %(number)s of the dossier is required for the escalation.")
                % {"number": list(DossierItem).index(item) + 1},
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item.value] for item in DossierItem]


class EscalateForm(DossierItemsForm):
    performance_issue = forms.BooleanField(
        label=_("This is a performance issue (item 6 is then required)"), required=False
    )
    criticality = forms.TypedChoiceField(
        label=_("Criticality of the vendor ticket"), choices=CRITICALITY_CHOICES, coerce=int
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.mark_missing(bool(data.get("performance_issue")))
        return data


class ResubmitForm(DossierItemsForm):
    """The answer to the vendor's return, with the dossier amended where needed."""

    body = forms.CharField(label=_("Answer to the vendor"), widget=TEXTAREA)

    def __init__(self, *args: Any, performance_issue: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.performance_issue = performance_issue

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.mark_missing(self.performance_issue)
        return data

    @staticmethod
    def initial_from(dossier: dict[str, Any]) -> dict[str, Any]:
        confirmed = dossier.get(DossierItem.CRITICAL_CONDITIONS.value)
        shown = {**dossier}
        if isinstance(confirmed, bool):
            shown[DossierItem.CRITICAL_CONDITIONS.value] = "yes" if confirmed else "no"
        return shown


class RelayForm(forms.Form):
    relay_as = forms.ChoiceField(
        label=_("Relay as"),
        choices=RelayAs.choices,
        initial=RelayAs.REPLY.value,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(label=_("Message to the customer"), widget=TEXTAREA)


class VendorReturnForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=VendorReturnReason.choices)
    body = forms.CharField(label=_("What is needed"), widget=TEXTAREA, required=False)


class LineMoveForm(forms.Form):
    line = forms.ChoiceField(label=_("Support line"))
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
    assignee = AssignForm.base_fields["assignee"]

    def __init__(self, *args: Any, lines: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(line.key, line.name) for line in lines]  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why the ticket is reopened"), widget=TEXTAREA)
