"""Accounts test helpers: pages in English, so assertions read the messages as written; a
real SMTP server (aiosmtpd) for the invitation and reset mails."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.channels.email.tests.smtp import smtp_server

__all__ = ["smtp_server"]


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})
