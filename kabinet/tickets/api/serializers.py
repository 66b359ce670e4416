"""Input serializers check shape (and give the 4xx message); output serializers render.
No business rule lives here: those are in the actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

from kabinet.api.fields import (
    AwareDateTimeField,
    BoundedIntegerField,
    PersonRef,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)
from kabinet.api.outputs import ModelOutput
from kabinet.contracts.models import Channel, Criticality, IntakeField, RequestCategory
from kabinet.tickets.actions.credentials import MAX_LENGTH as CREDENTIALS_MAX_LENGTH
from kabinet.tickets.models import (
    Attachment,
    PostponementReason,
    RefusalReason,
    ResolutionClass,
    ReturnReason,
    Status,
    Ticket,
)

MAX_TEXT = 100_000


class IntakeInput(serializers.Serializer[dict[str, str]]):
    def to_internal_value(self, data: Any) -> dict[str, str]:
        if not isinstance(data, dict):
            raise serializers.ValidationError(gettext("An object of intake fields is expected."))
        errors = {}
        for key, value in data.items():
            if key not in IntakeField.values:
                errors[key] = [gettext("Unknown intake field.")]
            elif not isinstance(value, str) or len(value) > 10_000:
                errors[key] = [gettext("A string of at most 10000 characters is required.")]
        if errors:
            raise serializers.ValidationError(errors)
        return dict(data)


class TicketCreateInput(serializers.Serializer[dict[str, Any]]):
    contract = StrictIntegerField(min_value=1)
    subject = StrictCharField(max_length=300)
    description = StrictCharField(max_length=MAX_TEXT)
    criticality = StrictIntegerField(min_value=Criticality.CRITICAL, max_value=Criticality.LOW)
    is_production = StrictBooleanField()
    confirmed_phone_24x7 = StrictBooleanField(required=False, default=False)
    confirmed_email_1h = StrictBooleanField(required=False, default=False)
    more_diagnostic_data = StrictBooleanField(
        required=False,
        default=False,
        help_text=(
            "The diagnostic data exceed the package's attachment limit: the ticket's upload "
            "place opens with the registration (GET /tickets/{number}/upload-place)."
        ),
    )
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default="portal")
    category = serializers.ChoiceField(
        choices=RequestCategory.choices,
        required=False,
        default=RequestCategory.SUPPORT,
        help_text="What the ticket asks for; one the contract's package covers.",
    )
    intake = IntakeInput(required=False, default=dict)


class TicketPatchInput(serializers.Serializer[dict[str, Any]]):
    """Only these fields are editable; naming any other is an error, not silently ignored."""

    subject = StrictCharField(max_length=300, required=False)
    description = StrictCharField(max_length=MAX_TEXT, required=False)
    intake = IntakeInput(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {unknown[0]: [gettext("This field cannot be changed.")]}
            )
        return attrs


class TicketListFilter(serializers.Serializer[dict[str, Any]]):
    status = serializers.MultipleChoiceField(choices=Status.choices, required=False)
    criticality = serializers.MultipleChoiceField(choices=Criticality.values, required=False)
    contract = BoundedIntegerField(min_value=1, required=False)
    breached = serializers.BooleanField(required=False, allow_null=True, default=None)
    due_before = AwareDateTimeField(required=False)


class MessageInput(serializers.Serializer[dict[str, Any]]):
    body = StrictCharField(max_length=MAX_TEXT)


class PublicReplyInput(MessageInput):
    action_plan = StrictBooleanField(required=False, default=False)


class TicketCriticalityInput(serializers.Serializer[dict[str, Any]]):
    criticality = StrictIntegerField(min_value=Criticality.CRITICAL, max_value=Criticality.LOW)
    reason = StrictCharField(max_length=2000)


class AgreedDeadlineInput(serializers.Serializer[dict[str, Any]]):
    """Either ``due`` (a date with its offset) or ``amount`` with ``unit``; the action says
    which is missing."""

    reason = StrictCharField(max_length=2000)
    due = AwareDateTimeField(required=False, default=None)
    amount = StrictIntegerField(required=False, default=None, min_value=1, max_value=1000)
    unit = serializers.ChoiceField(
        choices=[("hours", "hours"), ("working_days", "working days")],
        required=False,
        default="hours",
    )


class TicketReturnInput(serializers.Serializer[dict[str, Any]]):
    reason = serializers.ChoiceField(choices=ReturnReason.choices)
    body = StrictCharField(max_length=MAX_TEXT, required=False, default="", allow_blank=True)


class RejectionInput(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(max_length=MAX_TEXT)


class ReopenInput(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(max_length=MAX_TEXT)


class WithdrawalInput(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class ClosingAsWithdrawnInput(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(max_length=MAX_TEXT)


class PostponementInput(serializers.Serializer[dict[str, Any]]):
    reason = serializers.ChoiceField(choices=PostponementReason.choices)
    until = AwareDateTimeField()
    body = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class MergeInput(serializers.Serializer[dict[str, Any]]):
    into = StrictCharField(max_length=20)  # the other ticket's number
    reason = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class LinkInput(serializers.Serializer[dict[str, Any]]):
    other = StrictCharField(max_length=20)


class RatingInput(serializers.Serializer[dict[str, Any]]):
    rating = StrictIntegerField(min_value=1, max_value=5, help_text="The support's quality.")
    solution_rating = StrictIntegerField(
        min_value=1,
        max_value=5,
        required=False,
        allow_null=True,
        default=None,
        help_text="The solution's quality (seed 000 rates it apart from the support).",
    )
    comment = StrictCharField(max_length=MAX_TEXT, required=False, default="", allow_blank=True)


class CredentialsInput(serializers.Serializer[dict[str, Any]]):
    secret = StrictCharField(max_length=CREDENTIALS_MAX_LENGTH)


class CredentialsOutput(serializers.Serializer[dict[str, Any]]):
    secret = serializers.CharField()


class ExpediteInput(serializers.Serializer[dict[str, Any]]):
    body = StrictCharField(max_length=MAX_TEXT)


class RefusalInput(serializers.Serializer[dict[str, Any]]):
    reason = serializers.ChoiceField(choices=RefusalReason.choices)
    body = StrictCharField(max_length=MAX_TEXT)


class AssigneeInput(serializers.Serializer[dict[str, Any]]):
    assignee = StrictIntegerField(min_value=1, allow_null=True)


class ClassificationInput(serializers.Serializer[dict[str, Any]]):
    resolution_class = serializers.ChoiceField(choices=ResolutionClass.choices)


class TicketOutput(ModelOutput[Ticket]):
    contract = serializers.SerializerMethodField()
    reporter = PersonRef()
    assignee = PersonRef(allow_null=True)
    sla = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = (
            "number",
            "contract",
            "subject",
            "description",
            "criticality",
            "is_production",
            "confirmed_phone_24x7",
            "confirmed_email_1h",
            "resolution_class",
            "status",
            "channel",
            "category",
            "intake",
            "reporter",
            "assignee",
            "registered_at",
            "updated_at",
            "closed_at",
            "version",
            "rating",
            "solution_rating",
            "rating_comment",
            "sla",
        )

    def to_representation(self, ticket: Ticket) -> dict[str, Any]:
        """The fields above, written out: the generic path copies and binds every field
        for each ticket, half the time of a create's answer. ``test_ticket_output`` holds
        this to the generic path, key by key and in order."""
        return {
            "number": ticket.number,
            "contract": self.get_contract(ticket),
            "subject": ticket.subject,
            "description": ticket.description,
            "criticality": int(ticket.criticality),
            "is_production": bool(ticket.is_production),
            "confirmed_phone_24x7": bool(ticket.confirmed_phone_24x7),
            "confirmed_email_1h": bool(ticket.confirmed_email_1h),
            "resolution_class": _choice(ticket.resolution_class),
            "status": _choice(ticket.status),
            "channel": _choice(ticket.channel),
            "category": _choice(ticket.category),
            "intake": ticket.intake,
            "reporter": _PERSON.to_representation(ticket.reporter),
            "assignee": None
            if ticket.assignee_id is None
            else _PERSON.to_representation(ticket.assignee),
            "registered_at": _DATETIME.to_representation(ticket.registered_at),
            "updated_at": _DATETIME.to_representation(ticket.updated_at),
            "closed_at": None
            if ticket.closed_at is None
            else _DATETIME.to_representation(ticket.closed_at),
            "version": int(ticket.version),
            "rating": _integer(ticket.rating),
            "solution_rating": _integer(ticket.solution_rating),
            "rating_comment": ticket.rating_comment,
            "sla": self.get_sla(ticket),
        }

    def get_contract(self, ticket: Ticket) -> dict[str, Any]:
        return {"id": ticket.contract_id, "number": ticket.contract.number}

    def get_sla(self, ticket: Ticket) -> dict[str, Any]:
        return {
            "reaction": {
                "due_at": _iso(ticket.reaction_due_at),
                "met_at": _iso(ticket.reaction_met_at),
                "breached": ticket.reaction_breached,
            },
            "update": {
                "due_at": _iso(ticket.update_due_at),
                "breached": ticket.update_breached,
                "breach_count": ticket.update_breach_count,
            },
            "resolution": {
                "due_at": _iso(ticket.resolution_due_at),
                "met_at": _iso(ticket.resolution_met_at),
                "breached": ticket.resolution_breached,
            },
            "next_event_at": _iso(ticket.next_sla_event_at),
        }


class AttachmentOutput(ModelOutput[Attachment]):
    uploaded_by = PersonRef()

    class Meta:
        model = Attachment
        fields = (
            "id",
            "filename",
            "content_type",
            "size",
            "sha256",
            "visibility",
            "uploaded_by",
            "uploaded_at",
        )


# Unbound: DRF's own rendering of an instant (in the request's time zone, "Z" for UTC).
_DATETIME = serializers.DateTimeField()
_PERSON = PersonRef()


def _choice(value: Any) -> Any:
    """As DRF's ChoiceField renders a valid choice: its plain value."""
    return value if value in ("", None) else str(value)


def _integer(value: Any) -> int | None:
    return None if value is None else int(value)


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()
