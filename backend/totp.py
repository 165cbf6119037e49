"""TOTP (RFC 6238, 6 digits every 30 s) as a second sign-in factor for admin accounts.

Turning it on is two steps with nothing stored in between: `new_secret` gives the secret
and the otpauth:// link for the phone app, then the admin proves the phone has it by
sending one code with the secret; only then is it stored. A code is accepted one step
early or late (phone clocks drift), and never for a step at or before the last one used,
so a code seen over a shoulder cannot be typed again.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
from pyotp.totp import TOTP

ISSUER = "Một cửa"
STEP_SECONDS = 30
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def link(secret: str, username: str) -> str:
    return TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def valid_secret(secret: str) -> bool:
    try:
        TOTP(secret).at(0)
    except (ValueError, TypeError):  # binascii.Error is a ValueError
        return False
    return 16 <= len(secret) <= 64


def matching_step(secret: str, code: str, now: datetime,
                  after: int | None = None) -> int | None:
    """The time step `code` belongs to (within the drift), or None; steps ≤ after refused."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        # Every candidate is compared (no early exit), in constant time.
        if hmac.compare_digest(totp.generate_otp(step), code) and found is None:
            found = step
    if found is None or (after is not None and found <= after):
        return None
    return found


def code_at(secret: str, when: datetime) -> str:
    """The code a phone shows at `when` (tests, and the CLI's check of a new secret)."""
    return TOTP(secret).at(when)
