"""Forms of the ticket page's phone-call and development tools; they check shape only, the
actions (``log_phone_call``, ``hand_to_development``, ``release_ticket_version``) decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kabinet.bounds import BoundedDateTimeField
from kabinet.lines.models import ReleaseKind
from kabinet.tickets.models import CallDirection


class PhoneCallForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Who called"),
        choices=CallDirection.choices,
        initial=CallDirection.OUTGOING,
        widget=forms.RadioSelect,
    )
    called_at = BoundedDateTimeField(
        label=_("When (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    summary = forms.CharField(
        label=_("What was said"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HandoverForm(forms.Form):
    version = forms.CharField(label=_("Version the ticket waits for"), max_length=100)


class ReleaseForm(forms.Form):
    """The version is the one the ticket waits for; what came out is a version update or
    a patch (seed 000, Услуга 6); left out, a version update, as before patches."""

    kind = forms.ChoiceField(
        label=_("What came out"),
        choices=ReleaseKind.choices,
        initial=ReleaseKind.VERSION,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or ReleaseKind.VERSION


TOOL_FORMS: dict[str, type[forms.Form]] = {
    "call": PhoneCallForm,
    "handover": HandoverForm,
    "release": ReleaseForm,
}
