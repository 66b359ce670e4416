"""API clients for tests: authenticated with a real issued token, Accept-Language chosen."""

from __future__ import annotations

from rest_framework.test import APIClient

from kabinet.orgs.actions import issue_api_token
from kabinet.orgs.models import Person


def client_for(person: Person | None, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if person is not None:
        _, plaintext = issue_api_token(person, "tests")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client
