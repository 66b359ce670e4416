"""Forms that send a ticket on along the chain: to another support line of the supplier,
and up to the vendor (the escalation dossier, relaying, the vendor's return, resubmitting)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kabinet.cabinets.forms.tickets import TEXTAREA, AssignForm
from kabinet.contracts.models import Criticality
from kabinet.escalations.dossier import DossierItem, missing_items
from kabinet.escalations.models import RelayAs, VendorReturnReason
from kabinet.tickets.models import Attachment


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every item is required for the escalation (item 6 for a performance issue, and
        # shown only then): marked like a required field, checked by the dossier's rule.
        for item in missing_items({}, performance_issue=True):
            field = self.fields[item.value]
            field.widget.attrs["aria-required"] = "true"
            field.marked_required = True  # type: ignore[attr-defined]

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
        label=_("Criticality of the vendor ticket"), choices=Criticality.choices, coerce=int
    )
    attachments = forms.TypedMultipleChoiceField(
        label=_("Files to send to the vendor"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the files to send among this ticket's files.")},
    )

    def __init__(self, *args: Any, files: Sequence[Attachment] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.filename} · {filesizeformat(a.size)}") for a in files
        ]

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


class RefusePlanForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the plan cannot be followed (seed 001, 4.8.2: give your reasons)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class LowerAfterRefusalForm(forms.Form):
    criticality = forms.TypedChoiceField(
        label=_("New criticality"), coerce=int, choices=[(2, "2"), (3, "3"), (4, "4")]
    )


class ProposeLoweringForm(forms.Form):
    criticality = LowerAfterRefusalForm.base_fields["criticality"]
    reason = forms.CharField(
        label=_("What was restored (the partner reads it)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )


class RefuseLoweringForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the criticality must stay (seed 001, 4.8.2: give your reasons)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
