"""Output serializers whose fields are mapped from the model once per class.

DRF's ``ModelSerializer`` maps every model field to a serializer field again for each
instance (each response): most of the cost of answering one ticket. The mapping depends
only on the class (its ``Meta`` and declared fields), so it is kept and each instance gets
a deep copy, as DRF gives each instance copies of its declared fields. For outputs only: a
serializer whose fields depend on its context or instance builds its own.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from django.db import models
from rest_framework import serializers

M = TypeVar("M", bound=models.Model)


class ModelOutput(serializers.ModelSerializer[M]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        cls = type(self)
        mapped = cls.__dict__.get("_mapped_fields")
        if mapped is None:
            mapped = super().get_fields()
            cls._mapped_fields = mapped  # type: ignore[attr-defined]
        return copy.deepcopy(mapped)
