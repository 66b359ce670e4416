"""Ticket numbers in subjects and Kabinet's own Message-IDs."""

from __future__ import annotations

import pytest
from django.conf import LazySettings

from kabinet.channels.email.threads import number_in_message_id, numbers_in_subject


@pytest.mark.parametrize(
    ("subject", "numbers"),
    [
        ("RE: [KB-000010] Не проводится документ", ["KB-000010"]),
        ("Re: Обращение kb-000010: ошибка", ["KB-000010"]),
        ("Fwd: KB-000010 and KB-1234567", ["KB-000010", "KB-1234567"]),
        ("XKB-000010 or KB-000010X or KB-12", []),
        ("Invoice 000010", []),
    ],
)
def test_numbers_in_subject(subject: str, numbers: list[str]) -> None:
    assert numbers_in_subject(subject) == numbers


def test_own_message_ids_name_their_ticket(settings: LazySettings) -> None:
    settings.KABINET_MAIL_DOMAIN = "mail.partner.test"
    assert number_in_message_id("<KB-000010@mail.partner.test>") == "KB-000010"
    assert number_in_message_id("<KB-000010.d42.reply@MAIL.partner.test>") == "KB-000010"
    assert number_in_message_id("<KB-000010.x@evil.test>") is None  # not Kabinet's
    assert number_in_message_id("<notify.1@mail.partner.test>") is None
