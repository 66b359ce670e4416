"""Forms of the notification pages: a person's preferences and quiet hours, a watcher to
add. They check shape; the actions check the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.notifications.models import ChannelChoice, NoticeKind
from kabinet.orgs.models import Person
from kabinet.zone_choices import zone_choices


class PreferencesForm(forms.Form):
    """One channel field per kind of notice (``kind_<value>``), then the quiet hours."""

    quiet_start = forms.TimeField(label=_("Quiet from"), required=False)
    quiet_end = forms.TimeField(label=_("Quiet until"), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="Europe/Moscow")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = self.fields["time_zone"]
        assert isinstance(zones, forms.ChoiceField)
        zones.choices = zone_choices([str(self.initial.get("time_zone") or "")])

        for kind in NoticeKind:
            self.fields[f"kind_{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=ChannelChoice.choices, initial=ChannelChoice.EMAIL
            )

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[f"kind_{kind.value}"] for kind in NoticeKind]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            raise forms.ValidationError(_("Give both ends of the quiet hours, or neither."))
        return data

    def channels_by_kind(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[f"kind_{kind.value}"] for kind in NoticeKind}

    def quiet(self) -> tuple[dt.time, dt.time, str] | None:
        start, end = self.cleaned_data["quiet_start"], self.cleaned_data["quiet_end"]
        if start is None:
            return None
        return start, end, self.cleaned_data["time_zone"]


class WatcherForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Contact"))

    def __init__(self, *args: Any, candidates: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates
