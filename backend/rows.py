"""Core inserts of new ORM objects, for writes done many rows at a time (a batch of
receipts): one executemany instead of a unit-of-work flush per object."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table

from backend import models


def table_of(model: type[models.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)  # a declarative model maps one Table (typed FromClause)
    return table


def values(obj: models.Base, table: Table) -> dict[str, Any]:
    """The column values set on a new (transient) object: the columns left out take
    their defaults in the insert, as a flush would give them."""
    return {c.key: obj.__dict__[c.key] for c in table.columns if c.key in obj.__dict__}
