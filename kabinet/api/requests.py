"""Reading a DRF request: the acting person, and input checked by a serializer."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request

from kabinet.orgs.models import Person


def person_of(request: Request) -> Person:
    """The authenticated person; views run behind IsAuthenticated, so this always holds."""
    user = request.user
    assert isinstance(user, Person)
    return user


def validated(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    """``data`` (a body or query parameters) checked by ``serializer_class``; a refusal
    raises ValidationError, which the exception handler renders as a 400 naming the field."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
