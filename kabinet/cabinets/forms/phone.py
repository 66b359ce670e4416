"""The form of a ticket taken by phone: the client's intake form, plus who called and the
notes of the call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kabinet.cabinets.forms.tickets import TEXTAREA, TicketForm
from kabinet.orgs.models import Person


class CallerChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        person: Person = obj
        organisations = ", ".join(str(m.organisation) for m in person.memberships.all())
        name = person.get_full_name() or person.username
        return f"{name} — {organisations}" if organisations else name


class PhoneTicketForm(TicketForm):
    caller = CallerChoice(queryset=Person.objects.none(), label=_("Who called"))
    call_notes = forms.CharField(label=_("Call notes"), widget=TEXTAREA, max_length=100_000)

    def __init__(self, *args: Any, callers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caller"].queryset = callers  # type: ignore[attr-defined]
        # A larger upload place is opened from the ticket page, once the caller has it.
        del self.fields["more_diagnostic_data"]
        self.fields["confirmed_phone_24x7"].label = _(
            "The caller confirms being reachable by phone 24×7 while the ticket is critical"
        )
        self.fields["confirmed_email_1h"].label = _(
            "The caller confirms answering email within 1 hour while the ticket is critical"
        )
