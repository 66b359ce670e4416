"""Small forms the set-up pages share: which of the admin's suppliers a new row is for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from kabinet.orgs.models import Organisation


class SupplierForm(forms.Form):
    supplier = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("Supplier")
    )

    def __init__(self, *args: Any, suppliers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supplier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = suppliers
        only = list(suppliers[:2])
        if len(only) == 1:
            field.initial = only[0].pk
