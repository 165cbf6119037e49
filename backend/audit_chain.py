"""Tamper evidence for the audit log: each office's rows form a hash chain.

Row n stores `seq = n` and `hash = SHA-256(hash of row n-1 + canonical content of row n)`;
the office's head (`audit_chain`) holds the last seq and hash. Editing a row's content,
deleting a row, inserting one or cutting the tail all break the chain at a place
`verify` names. Someone who can rewrite the whole table and recompute every hash is not
stopped by this; the chain makes quiet edits of single rows visible, which is what an
inspection of the log asks for.

The head row is read `FOR UPDATE` (PostgreSQL) before linking; SQLite has one writer at a
time, so two transactions never link to the same predecessor there either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import models

GENESIS = "0" * 64


def normalised_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """The detail as the JSON column gives it back (tuples → lists, dates → text), so the
    hash made at write time is the one recomputed from the stored row."""
    return json.loads(json.dumps(detail, default=str, ensure_ascii=False))


FIELDS = ("seq", "at", "office_id", "user_id", "action", "code", "detail", "ip", "request_id")


def content(row: Any) -> str:
    """The hashed text of a row: an AuditEntry or any row with the same attributes (the
    migration that links older rows reads them without the ORM)."""
    fields = {name: getattr(row, name) for name in FIELDS}
    at = fields["at"]
    at = at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
    fields["at"] = at.isoformat()
    fields["detail"] = fields["detail"] or {}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def link(prev_hash: str, row: Any) -> str:
    return hashlib.sha256((prev_hash + "\n" + content(row)).encode("utf-8")).hexdigest()


def append(s: Session, e: models.AuditEntry) -> None:
    """Give `e` its place in its office's chain; call before the row is flushed."""
    append_all(s, [e])


def append_all(s: Session, entries: list[models.AuditEntry]) -> None:
    """Link `entries`, in this order, each after the one before it in its office's chain
    (a batch of dossiers: each office's head is read and locked once, in office order so
    two batches never wait for each other's heads). Call before the rows are flushed."""
    heads = {office_id: _head(s, office_id)
             for office_id in sorted({e.office_id for e in entries})}
    for e in entries:
        head = heads[e.office_id]
        seq = head.seq + 1
        e.seq = seq
        digest = link(head.hash, e)  # the row's content includes its seq
        e.hash = head.hash = digest
        head.seq = seq


def _head(s: Session, office_id: int) -> models.AuditChainHead:
    head = _locked_head(s, office_id)
    if head is None:  # the office's first row: two transactions may race to start it
        try:
            with s.begin_nested():
                s.add(models.AuditChainHead(office_id=office_id, seq=0, hash=GENESIS))
        except IntegrityError:
            pass
        head = _locked_head(s, office_id)
        assert head is not None
    return head


def _locked_head(s: Session, office_id: int) -> models.AuditChainHead | None:
    return s.execute(select(models.AuditChainHead)
                     .where(models.AuditChainHead.office_id == office_id)
                     .with_for_update()).scalar_one_or_none()


@dataclass(frozen=True)
class ChainReport:
    office_id: int
    rows: int
    broken_at: int | None = None  # seq of the first row that does not link
    audit_id: int | None = None   # its row id, to look it up
    reason: str | None = None     # Vietnamese, for the person reading the report

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(s: Session, office_id: int, batch: int = 5000) -> ChainReport:
    """Walk the office's rows in chain order and say where the chain first breaks."""
    prev, expected, rows, last_id = GENESIS, 1, 0, 0
    while True:
        page = s.scalars(select(models.AuditEntry)
                         .where(models.AuditEntry.office_id == office_id,
                                models.AuditEntry.seq.is_not(None),
                                models.AuditEntry.seq > expected - 1)
                         .order_by(models.AuditEntry.seq).limit(batch)).unique().all()
        for e in page:
            rows += 1
            if e.seq != expected:
                return ChainReport(office_id, rows, expected, e.id,
                                   f"thiếu dòng số {expected} (dòng tiếp theo là số {e.seq})")
            digest = link(prev, e)
            if digest != e.hash:
                return ChainReport(office_id, rows, e.seq, e.id,
                                   f"dòng số {e.seq} đã bị sửa sau khi ghi")
            prev, expected, last_id = digest, expected + 1, e.id
        if len(page) < batch:
            break
    unchained = s.scalar(select(models.AuditEntry.id)
                         .where(models.AuditEntry.office_id == office_id,
                                models.AuditEntry.seq.is_(None)).limit(1))
    if unchained is not None:
        return ChainReport(office_id, rows, expected, unchained,
                           "có dòng không thuộc chuỗi (được chèn trực tiếp vào cơ sở dữ liệu)")
    head = s.get(models.AuditChainHead, office_id)
    if head is not None and (head.seq != expected - 1 or head.hash != prev):
        return ChainReport(office_id, rows, expected if head.seq >= expected else head.seq + 1,
                           last_id or None,
                           f"chuỗi dừng ở dòng số {expected - 1} nhưng đã ghi đến dòng số "
                           f"{head.seq}: các dòng cuối đã bị xóa")
    return ChainReport(office_id, rows)
