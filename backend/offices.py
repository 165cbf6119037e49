"""The office this server runs: its public shape and a short-lived cache of its row."""

from __future__ import annotations

import time

from fastapi import Request
from sqlalchemy import select

from backend import models, schemas
from backend.db import Database
from backend.settings import Settings

# /health and the tracking page are hit often; an admin change (API or CLI, which cannot
# tell this process) shows within this many seconds. The admin API also drops the cache.
CACHE_SECONDS = 5.0


def base_url(office: models.Office | None, settings: Settings) -> str:
    """The office's public address when an admin set one, else the server's own."""
    if office is not None and office.public_base_url:
        return office.public_base_url.rstrip("/")
    return settings.base_url


def office_schema(o: models.Office, settings: Settings) -> schemas.Office:
    return schemas.Office(code=o.code, name=o.name, agency_code=o.agency_code,
                          parent_name=o.parent_name, address=o.address, hotline=o.hotline,
                          public_base_url=base_url(o, settings),
                          receipt_qr=o.receipt_qr or "tracking")  # type: ignore[arg-type]


def main_office(request: Request, db: Database) -> models.Office | None:
    cached = getattr(request.app.state, "office_cache", None)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    with db.read() as s:
        office = s.scalar(select(models.Office).order_by(models.Office.id).limit(1))
    if office is not None:
        request.app.state.office_cache = (time.monotonic(), office)
    return office


def forget(request: Request) -> None:
    request.app.state.office_cache = None
