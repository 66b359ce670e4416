"""Forms of sign-in and the profile page: they check shape; ``accounts.actions`` decides."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    pass


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class SignInCodeForm(forms.Form):
    """The sign-in step takes a TOTP code or one of the person's recovery codes."""

    code = forms.CharField(
        label=_("Code from the authenticator app or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Time zone"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc"))
        self.fields["time_zone"].choices = [(z, z) for z in zones]  # type: ignore[attr-defined]


class PasswordForm(forms.Form):
    """The current password, asked before turning the second factor off."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ResetRequestForm(forms.Form):
    """The address to send a new-password link to; ``actions.send_password_reset`` finds
    the people (by the normalised address, exactly) and sends the mail."""

    email = forms.EmailField(label=_("Email"), max_length=254)
