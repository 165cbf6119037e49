"""The identity of this backend's database (migration 0008): returned on /health and with
every lease, and checked on each dossier numbered from a lease, so a counter's leased
numbers are never used against another database (docs/api-offline.md)."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import models
from backend.db import Database

log = logging.getLogger(__name__)

KEY = "database_id"


def of_session(s: Session) -> str:
    row = s.get(models.BackendMeta, KEY)
    if row is None:
        raise LookupError("backend_meta has no database_id: database not migrated")
    return row.value


def database_id(db: Database) -> str:
    """Read once per process (it never changes for a database)."""
    known = getattr(db, "_database_id", None)
    if known is None:
        with db.read() as s:
            row = s.get(models.BackendMeta, KEY)
            known = row.value if row is not None else None
        if known is None:
            known = _create(db)
        db._database_id = known  # type: ignore[attr-defined]
    return known


def _create(db: Database) -> str:
    """Only for a database whose tables were made without the migrations."""
    try:
        with db.write() as s:
            s.add(models.BackendMeta(key=KEY, value=uuid.uuid4().hex))
    except IntegrityError:
        pass  # another worker made it first: read theirs
    with db.read() as s:
        value = of_session(s)
    log.info("database identity %s created", value)
    return value
