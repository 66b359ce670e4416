"""Forms of the ticket's upload place: opening it for some days, putting a file into it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kabinet.tickets.actions.upload_places import MAX_UPLOAD_PLACE_DAYS


class UploadPlaceOpenForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days"), required=False, min_value=1, max_value=MAX_UPLOAD_PLACE_DAYS
    )


class UploadPlaceFileForm(forms.Form):
    file = forms.FileField(label=_("File"))
