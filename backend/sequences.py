"""Ledger numbers per agency per office-local day, allocated inside the caller's
transaction so that a rolled-back dossier gives its number back (no gaps).

One upsert statement increments and returns the counter: on SQLite the transaction already
holds the write lock (BEGIN IMMEDIATE, see db.py); on PostgreSQL the updated row stays
locked until commit, so concurrent receipts queue on that row.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from backend.models import DossierSequence


def next_value(s: Session, agency_code: str, day: date) -> int:
    table = DossierSequence.__table__
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).values(agency_code=agency_code, day=day, last_value=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.agency_code, table.c.day],
        set_={"last_value": table.c.last_value + 1},
    ).returning(table.c.last_value)
    return int(s.execute(stmt).scalar_one())
