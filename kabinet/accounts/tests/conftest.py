"""Accounts test helpers: pages in English, so assertions read the messages as written."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})
