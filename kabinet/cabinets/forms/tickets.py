"""Forms of filing a ticket and of the ticket page's acts (reply, comment, return,
criticality, assignment, solution, rating, reopening, files)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kabinet.bounds import BoundedDateTimeField
from kabinet.contracts.models import Contract, Criticality, IntakeField, RequestCategory
from kabinet.orgs.models import Person
from kabinet.tickets.models import PostponementReason, RefusalReason, ReturnReason

# Django 6.1's blank choice of every select; its own Russian catalog has no translation yet,
# so this app's catalog carries it.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
LONG_INTAKE_FIELDS = frozenset(
    {
        IntakeField.CLIENT_ENVIRONMENT,
        IntakeField.SERVER_ENVIRONMENT,
        IntakeField.STEPS_TO_REPRODUCE,
        IntakeField.RECENT_CHANGES,
        IntakeField.PERFORMANCE,
        IntakeField.TEST_SCENARIO,
    }
)


class ContractOfferField(forms.ModelChoiceField[Contract]):
    """A customer's contract as the customer knows it: number, package and the supplier."""

    def label_from_instance(self, obj: Contract) -> str:
        return f"{obj.number} · {obj.package} · {obj.supplier}"


def intake_prefill(person: Person, contract: Contract) -> dict[str, str]:
    """What Kabinet already knows of the intake: the organisation, the person filing and
    the contract's number as the delivery number; the customer may change any of it."""
    known = {
        IntakeField.COMPANY: contract.customer.name,
        IntakeField.DELIVERY_NUMBER: contract.number,
        IntakeField.CONTACT_NAME: person.full_name,
        IntakeField.CONTACT_PHONE: person.phone,
        IntakeField.CONTACT_EMAIL: person.email,
    }
    return {f"intake_{name}": str(value) for name, value in known.items() if value}


class SeveralFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SeveralFilesField(forms.FileField):
    """Any number of files in one input (Django's documented pattern); each is checked as a
    single file would be."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SeveralFilesInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class TicketForm(forms.Form):
    """The intake form; which intake fields are required comes from the contract's package."""

    contract = ContractOfferField(
        queryset=Contract.objects.none(), label=_("Contract"), empty_label=None
    )
    category = forms.ChoiceField(
        label=_("What you ask for"),
        choices=RequestCategory.choices,
        initial=RequestCategory.SUPPORT,
        required=False,  # a form that does not send it files a support question
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    description = forms.CharField(label=_("Detailed description"), widget=TEXTAREA)
    is_production = forms.BooleanField(label=_("This is a production system"), required=False)
    criticality = forms.TypedChoiceField(
        label=_("Criticality"),
        choices=Criticality.choices,
        coerce=int,
        initial=Criticality.STANDARD,
        widget=forms.RadioSelect,
    )
    confirmed_phone_24x7 = forms.BooleanField(
        label=_("We are reachable by phone 24×7 while the ticket is critical"), required=False
    )
    confirmed_email_1h = forms.BooleanField(
        label=_("We answer email within 1 hour while the ticket is critical"), required=False
    )
    more_diagnostic_data = forms.BooleanField(required=False)
    attachments = SeveralFilesField(label=_("Files (screenshots, logs)"), required=False)

    def __init__(
        self,
        *args: Any,
        contracts: Any,
        mandatory: list[str],
        attachment_limit: int,
        asks_for_screenshots: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        limit = filesizeformat(attachment_limit)
        if asks_for_screenshots:  # seed 004, step 1
            files = self.fields["attachments"]
            files.label = _("Screenshots (JPG, GIF, PNG) or a video that shows the problem")
            files.help_text = _(
                "The support asks for them with every question: they help to understand it "
                "faster. Up to %(limit)s each."
            ) % {"limit": limit}
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
            widget = TEXTAREA if name in LONG_INTAKE_FIELDS else None
            self.fields[f"intake_{name}"] = forms.CharField(
                label=label, required=name in mandatory, widget=widget
            )
        self.mandatory = mandatory
        self.attachment_limit = attachment_limit

    def clean_attachments(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("attachments") or []
        for upload in files:
            if upload.size > self.attachment_limit:
                raise forms.ValidationError(
                    _(
                        "“%(name)s” is larger than %(limit)s: tick the box below for an upload "
                        "place, and attach the smaller files here."
                    )
                    % {"name": upload.name, "limit": filesizeformat(self.attachment_limit)}
                )
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level = Criticality(data.get("criticality", Criticality.STANDARD))
        contract = data.get("contract")
        production_only = contract is not None and contract.package.requires_production(level)
        if production_only and not data.get("is_production"):
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


def too_large_refusal(files: list[Any], limit: int | None) -> str:
    """The message for the first of ``files`` above ``limit`` ("" when all fit or no limit
    is known yet: the store refuses it then anyway)."""
    for upload in files:
        if limit is not None and upload.size > limit:
            return _(
                "“%(name)s” is larger than %(limit)s: send it through the upload place, and "
                "attach the smaller files here."
            ) % {"name": upload.name, "limit": filesizeformat(limit)}
    return ""


class ReplyWithFilesForm(MessageForm):
    """A message with any number of files, sent together: the files land on the ticket in
    the same transaction as the message, so a refused file sends nothing and the text
    typed comes back in the form."""

    attachments = SeveralFilesField(label=_("Files (screenshots, logs)"), required=False)

    def __init__(self, *args: Any, attachment_limit: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attachment_limit = attachment_limit

    def clean_attachments(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("attachments") or []
        refusal = too_large_refusal(files, self.attachment_limit)
        if refusal:
            raise forms.ValidationError(refusal)
        return files


class PublicReplyForm(ReplyWithFilesForm):
    action_plan = forms.BooleanField(label=_("This is an action plan"), required=False)


class ProposalForm(forms.Form):
    body = forms.CharField(label=_("Solution or workaround"), widget=TEXTAREA)


class ReturnForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnReason.choices)
    body = forms.CharField(label=_("What is needed"), widget=TEXTAREA, required=False)


class CriticalityForm(forms.Form):
    criticality = forms.TypedChoiceField(
        label=_("New criticality"), choices=Criticality.choices, coerce=int
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AgreedDeadlineForm(forms.Form):
    """A resolution term agreed with the customer: a date (in the contract's time zone) or an
    amount of working time from registration; the action refuses both or neither."""

    due = forms.DateTimeField(
        label=_("Agreed date (contract time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    amount = forms.IntegerField(
        label=_("or an amount from registration"), required=False, min_value=1, max_value=1000
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("hours", _("hours")), ("working_days", _("working days"))],
        initial="hours",
    )
    reason = forms.CharField(label=_("What was agreed with the customer"), max_length=2000)


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


def _marks() -> list[tuple[int, str]]:
    return [(n, str(n)) for n in range(5, 0, -1)]


class RateForm(forms.Form):
    """Seed 000: the solution's quality and the support's apart, and wishes."""

    solution_rating = forms.TypedChoiceField(
        label=_("Quality of the solution"), coerce=int, widget=forms.RadioSelect, choices=_marks()
    )
    rating = forms.TypedChoiceField(
        label=_("Quality of the support"), coerce=int, widget=forms.RadioSelect, choices=_marks()
    )
    comment = forms.CharField(label=_("Wishes"), widget=TEXTAREA, required=False)


class CredentialsForm(forms.Form):
    secret = forms.CharField(
        label=_("Access credentials (address, login, password, how to connect)"),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        max_length=4000,
    )


class ExpediteForm(forms.Form):
    body = forms.CharField(
        label=_("Why the ticket needs to be expedited"), widget=TEXTAREA, max_length=5000
    )


class RefusalForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why support refuses"), choices=RefusalReason.choices)
    body = forms.CharField(
        label=_("Explanation for the customer"), widget=TEXTAREA, max_length=5000
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    internal = forms.BooleanField(label=_("Internal (supplier only)"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the ticket is no longer needed (optional)"),
        widget=TEXTAREA,
        required=False,
        max_length=2000,
    )


class CloseWithdrawnForm(forms.Form):
    reason = forms.CharField(
        label=_("How and when the customer withdrew the ticket"),
        widget=TEXTAREA,
        max_length=2000,
    )


class PostponementForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why the resolution is postponed"), choices=PostponementReason.choices
    )
    until = BoundedDateTimeField(
        label=_("New resolution time (your time zone)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    body = forms.CharField(
        label=_("Explanation for the customer"), widget=TEXTAREA, required=False, max_length=5000
    )


class DeclinePostponementForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the postponement does not suit you"), widget=TEXTAREA, max_length=2000
    )


class MergeForm(forms.Form):
    other = forms.CharField(
        label=_("The ticket it duplicates (number)"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "KB-000123", "autocomplete": "off"}),
    )
    reason = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class LinkForm(forms.Form):
    other = forms.CharField(
        label=_("Related ticket (number)"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "KB-000123", "autocomplete": "off"}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why the ticket is reopened"), widget=TEXTAREA)
