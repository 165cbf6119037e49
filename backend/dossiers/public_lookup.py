"""Finding a dossier for the public pages without telling a guesser anything.

A token, or a dossier code plus the last 4 digits of the applicant's phone: a miss of
any kind (unknown token, unknown code, wrong digits, no phone on file) costs the same
work, one single-row query and one constant-time comparison, and gets the same answer
from the caller. Only a hit loads the full dossier.
"""

from __future__ import annotations

import hmac
import re

from sqlalchemy import select

from backend import models
from backend.db import Database
from backend.dossiers.receive import by_token

_DUMMY = "\x00" * 4
MAX_TOKEN = 64
MAX_CODE = 60


def _last4(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-4:] if len(digits) >= 4 else _DUMMY


def _matches(expected: str, given: str) -> bool:
    given = given if re.fullmatch(r"[0-9]{4}", given or "") else "\x01" * 4
    # Always compare 4 bytes with 4 bytes: the duration does not depend on the inputs.
    return hmac.compare_digest(expected.encode(), given.encode()) and expected != _DUMMY


def token_for_lookup(db: Database, code: str, phone_last4: str) -> str | None:
    code = (code or "").strip().upper()[:MAX_CODE]
    with db.read() as s:
        row = s.execute(select(models.Dossier.tracking_token, models.Dossier.applicant)
                        .where(models.Dossier.code == code)).first()
    token, applicant = (row if row is not None else ("", {}))
    ok = _matches(_last4((applicant or {}).get("phone")), (phone_last4 or "").strip())
    return token if ok and row is not None else None


def dossier_for_token(db: Database, token: str) -> models.Dossier | None:
    token = (token or "")[:MAX_TOKEN]
    with db.read() as s:
        found = s.scalar(select(models.Dossier.tracking_token)
                         .where(models.Dossier.tracking_token == token))
    ok = hmac.compare_digest((found or "").encode(), token.encode()) and found is not None
    return by_token(db, token) if ok else None
