"""TOTP second factor arithmetic (RFC 6238 through pyotp): provisioning URI and code checks.

Knows nothing of requests or sessions; ``actions`` stores secrets, ``views`` asks here.
"""

from __future__ import annotations

import pyotp

ISSUER = "Kabinet"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def code_is_valid(secret: str, code: str) -> bool:
    """True for the current code or its neighbours (30 s of clock drift either way)."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return bool(secret) and len(digits) == 6 and pyotp.TOTP(secret).verify(digits, valid_window=1)
