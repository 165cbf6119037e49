"""Daily counters allocated inside the caller's transaction, so that a rolled-back insert
gives its number back (no gaps): ledger numbers per agency, ticket numbers per service,
supplement-request and refusal numbers per office.

One upsert statement increments and returns the counter: on SQLite the transaction already
holds the write lock (BEGIN IMMEDIATE, see db.py); on PostgreSQL the updated row stays
locked until commit, so concurrent receipts queue on that row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from backend.models import Base, DossierSequence, FormSequence, TicketSequence


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)  # a declarative model maps one Table (typed FromClause)
    return table


def _increment(s: Session, table: Table, keys: dict[str, Any], by: int = 1) -> int:
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).values(**keys, last_value=by)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={"last_value": table.c.last_value + by},
    ).returning(table.c.last_value)
    return int(s.execute(stmt).scalar_one())


def next_value(s: Session, agency_code: str, day: date) -> int:
    return _increment(s, _table(DossierSequence), {"agency_code": agency_code, "day": day})


def reserve_block(s: Session, agency_code: str, day: date, size: int) -> tuple[int, int]:
    """(first, last) of `size` ledger numbers taken at once for an offline counter's lease:
    the same row and the same single write as online codes, so the two never overlap."""
    last = _increment(s, _table(DossierSequence), {"agency_code": agency_code, "day": day},
                      by=size)
    return last - size + 1, last


def next_ticket_value(s: Session, service_id: int, day: date) -> int:
    return _increment(s, _table(TicketSequence), {"service_id": service_id, "day": day})


def next_form_value(s: Session, kind: str, office_id: int, day: date) -> int:
    return _increment(s, _table(FormSequence), {"kind": kind, "office_id": office_id,
                                                  "day": day})
