"""Authentication-Results: only the topmost header of the mailbox's own MTA counts, and a
pass counts only for the From address's domain."""

from __future__ import annotations

import pytest

from kabinet.channels.email.authentication import authenticated
from kabinet.channels.email.parsing import parse_mail


def mail(*results: str, sender: str = "contact@example.test") -> bytes:
    headers = "".join(f"Authentication-Results: {r}\r\n" for r in results)
    return f"{headers}From: {sender}\r\nSubject: x\r\n\r\nbody\r\n".encode()


@pytest.mark.parametrize(
    ("results", "passed"),
    [
        (["mx.p.test; dmarc=pass header.from=example.test"], True),
        (["mx.p.test; spf=pass smtp.mailfrom=bounce@example.test"], True),
        (["mx.p.test; dkim=pass header.d=example.test"], True),
        (["mx.p.test; dkim=pass header.d=evil.test; spf=pass smtp.mailfrom=evil.test"], False),
        (["mx.p.test; dmarc=fail", "mx.p.test; dmarc=pass"], False),
        (["other.mx; dmarc=pass"], False),
        ([], False),
    ],
)
def test_authenticated(results: list[str], passed: bool) -> None:
    verdict, _ = authenticated(parse_mail(mail(*results)), "mx.p.test")
    assert verdict is passed
