"""The form of releasing a quarantined message into a ticket."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReleaseForm(forms.Form):
    number = forms.CharField(
        label=_("Ticket number"), max_length=16, help_text=_("For example KB-000010.")
    )
