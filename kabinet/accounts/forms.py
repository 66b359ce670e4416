"""Forms of sign-in and the profile page: they check shape; ``accounts.actions`` decides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kabinet.zone_choices import zone_choices


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
    """The zone by country and city in the reader's language, the ``likely`` ones first."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        error_messages={"invalid_choice": _("Choose a time zone from the list.")},
    )

    def __init__(self, *args: Any, likely: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices(likely)  # type: ignore[attr-defined]


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
