"""TOTP second factor arithmetic (RFC 6238 through pyotp): provisioning URI and code checks.

Knows nothing of requests or sessions; ``actions`` stores secrets and the last used time
step, ``views`` asks through the actions.
"""

from __future__ import annotations

import datetime as dt
import hmac

import pyotp
import segno

ISSUER = "Kabinet"
# The current code and its neighbours count: 30 s of clock drift either way.
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def matching_step(secret: str, code: str, at: dt.datetime) -> int | None:
    """The time step (RFC 6238 counter) whose code ``code`` is, within the drift around
    ``at``; None when it matches none. Each step is compared in constant time."""
    digits = "".join(ch for ch in code if ch.isdigit())
    if not secret or len(digits) != 6:
        return None
    otp = pyotp.TOTP(secret)
    current = otp.timecode(at)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(otp.generate_otp(step), digits):
            return step
    return None


def qr_svg(uri: str) -> str:
    """The provisioning URI as an inline SVG QR code, for the authenticator app's camera."""
    return str(segno.make(uri, error="m").svg_inline(scale=4, dark="#111", light="#fff"))
