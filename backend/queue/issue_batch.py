"""Issuing many tickets in one transaction (the group commit of backend/queue/issuer.py).

Every request in a batch gets exactly what it would get alone: its caller's token checked
against the database inside the transaction (revoked, expired, disabled or re-roled
accounts are refused, whatever a cache in front said), idempotency keys replayed or
refused, numbers allocated gap-free per service and day, one stored event per ticket.

Refusals are decided before anything is written, so one refused request never rolls back
the others: a number past the daily cap or the band is refused without advancing the
sequence. The work is a fixed number of statements per batch (lookups with IN, then
executemany inserts), not per ticket: that is where the time went when each ticket was
its own ORM transaction (issue 16).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fastapi import HTTPException
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Table,
    any_,
    bindparam,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session

from backend import models
from backend import schemas_queue as sq
from backend.errors import DomainError
from backend.queue import ordering, views
from backend.queue.errors import KEY_REUSED, no_service
from backend.queue.sse import PENDING, sse_chunk
from backend.queue.writes import lock_offices
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.queue import QueueRuleError, Strategy, ticket_number, waiting_ahead

UNAUTHORIZED = "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại."
FORBIDDEN = "Tài khoản không có quyền thực hiện thao tác này."
ISSUERS = frozenset({"kiosk", "clerk", "supervisor", "admin"})


def _table(model: type[models.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


T, E = _table(models.Ticket), _table(models.TicketEvent)
S, TS = _table(models.Service), _table(models.TicketSequence)
OF, U, A = _table(models.Office), _table(models.User), _table(models.AuthToken)


def fingerprint(body: sq.TicketIssue) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class IssueRequest:
    token_digest: str
    body: sq.TicketIssue
    key: str
    now: Callable[[], datetime]  # the clock of the app serving the request


@dataclass
class Issued:
    """What the request gets: the ticket as the API shows it (JSON-ready), 201 or a replay."""

    view: dict[str, Any]
    created: bool
    username: str
    log_line: str | None = None  # for the admin's log, after the commit


@dataclass
class _Caller:
    user_id: int
    username: str
    role: str
    office_id: int


@dataclass
class _Batch:
    """The rows a batch reads once."""

    callers: dict[str, _Caller] = field(default_factory=dict)
    offices: dict[int, Strategy] = field(default_factory=dict)
    services: dict[tuple[int, str], Any] = field(default_factory=dict)
    existing: dict[tuple[int, str], Any] = field(default_factory=dict)
    last: dict[tuple[int, date], int] = field(default_factory=dict)


Outcome = Issued | Exception


def _member(conn: Connection, column: Any, values: set[Any]) -> ColumnElement[bool]:
    """column IN values. PostgreSQL: `= ANY(array)`, one query text whatever the number of
    values (psycopg parses every new query text: 20% of a batch's CPU went there)."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Inserts rows, returns their ids in order. PostgreSQL: the ids come from the table's
    sequence in one fixed query, then one pipelined executemany; a multi-row INSERT ...
    RETURNING would be a new query text for every batch size."""
    if conn.dialect.name != "postgresql":
        return list(conn.execute(insert(table).returning(table.c.id,
                                                         sort_by_parameter_order=True),
                                 rows).scalars())
    ids = list(conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                                 "FROM generate_series(1, :n)"),
                            {"t": table.name, "n": len(rows)}).scalars())
    conn.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
    return ids


def _callers(conn: Connection, digests: set[str], now: datetime) -> dict[str, _Caller]:
    rows = conn.execute(select(A.c.token_hash, A.c.revoked_at, A.c.expires_at, U.c.id,
                               U.c.username, U.c.role, U.c.office_id, U.c.active)
                        .join(U, U.c.id == A.c.user_id)
                        .where(_member(conn, A.c.token_hash, digests)))
    return {r.token_hash: _Caller(r.id, r.username, r.role, r.office_id) for r in rows
            if r.revoked_at is None and r.expires_at > now and r.active}


def _read(s: Session, conn: Connection, reqs: list[IssueRequest]) -> _Batch:
    b = _Batch()
    b.callers = _callers(conn, {r.token_digest for r in reqs}, reqs[0].now().astimezone(UTC))
    office_ids = {c.office_id for c in b.callers.values()}
    if not office_ids:
        return b
    lock_offices(s, office_ids)
    for r in conn.execute(select(OF.c.id, OF.c.queue_mode, OF.c.queue_ratio)
                          .where(_member(conn, OF.c.id, office_ids))):
        b.offices[r.id] = ordering.strategy_of(r)  # type: ignore[arg-type]  # a row has the fields
    for r in conn.execute(select(S).where(_member(conn, S.c.office_id, office_ids))):
        b.services[(r.office_id, r.code)] = r
    for r in conn.execute(select(T.c.id, T.c.office_id, T.c.idempotency_key, T.c.request_hash)
                          .where(_member(conn, T.c.office_id, office_ids),
                                 _member(conn, T.c.idempotency_key, {q.key for q in reqs}))):
        b.existing[(r.office_id, r.idempotency_key)] = r
    days = {ordering.office_day(q.now()) for q in reqs}
    ids = {r.id for r in b.services.values()}
    for r in conn.execute(select(TS.c.service_id, TS.c.day, TS.c.last_value)
                          .where(_member(conn, TS.c.service_id, ids),
                                 _member(conn, TS.c.day, days))):
        b.last[(r.service_id, r.day)] = r.last_value
    return b


def _waiting(conn: Connection, office_id: int, day: date,
             service_ids: set[int]) -> Counter[tuple[int, bool]]:
    """Waiting tickets per (service, is priority) before this batch: one grouped count."""
    rows = conn.execute(select(T.c.service_id, T.c.priority.is_not(None), func.count())
                        .where(T.c.office_id == office_id, T.c.day == day,
                               T.c.status == "waiting",
                               _member(conn, T.c.service_id, service_ids))
                        .group_by(T.c.service_id, T.c.priority.is_not(None)))
    return Counter({(sid, bool(p)): n for sid, p, n in rows})


def _streak(s: Session, office_id: int, day: date, service_id: int, strategy: Strategy) -> int:
    return ordering.streak(s, office_id, day, [service_id], strategy)


def _view(t: dict[str, Any], svc: Any, ahead: int) -> dict[str, Any]:
    return sq.Ticket(
        id=t["id"], number=t["number"], service_code=svc.code, service_name=svc.name,
        priority=t["priority"], status="waiting", counter_no=None,
        issued_at=t["issued_at"].astimezone(OFFICE_TZ), called_at=None, call_count=0,
        waiting_ahead=ahead, transferred_from=None, transferred_from_counter=None,
        source=t["source"]).model_dump(mode="json")


def _replay(s: Session, office_id: int, ticket_id: int, username: str) -> Issued:
    office = s.get_one(models.Office, office_id)
    t = s.get_one(models.Ticket, ticket_id)
    return Issued(views.ticket_now(s, office, t).model_dump(mode="json"), False, username)


def run(s: Session, reqs: list[IssueRequest]) -> list[Outcome]:
    """One outcome per request, in order; the caller commits, then publishes the events
    left in s.info[PENDING] and answers."""
    conn = s.connection()
    b = _read(s, conn, reqs)
    out: list[Outcome | None] = [None] * len(reqs)
    new: list[dict[str, Any]] = []  # ticket rows to insert, in request order
    owner: list[int] = []  # the request each new row answers
    seen: dict[tuple[int, str], tuple[int, str]] = {}  # key -> (row index, fingerprint)
    replays: dict[int, tuple[int, int]] = {}  # request -> (office, existing ticket id)
    twins: dict[int, int] = {}  # request -> row index of the same key earlier in the batch
    for i, q in enumerate(reqs):
        caller = b.callers.get(q.token_digest)
        if caller is None:
            out[i] = HTTPException(401, UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
            continue
        if caller.role not in ISSUERS:
            out[i] = HTTPException(403, FORBIDDEN)
            continue
        body = q.body
        if caller.role == "kiosk" or body.source is None:
            body = body.model_copy(update={
                "source": "kiosk" if caller.role == "kiosk" else "counter"})
        hashed = fingerprint(body)
        office_key = (caller.office_id, q.key)
        found = b.existing.get(office_key)
        if found is not None:
            if found.request_hash != hashed:
                out[i] = DomainError(409, "idempotency_key_reused", KEY_REUSED)
            else:
                replays[i] = (caller.office_id, found.id)
            continue
        if office_key in seen:
            row, earlier = seen[office_key]
            out[i] = (DomainError(409, "idempotency_key_reused", KEY_REUSED)
                      if earlier != hashed else None)
            if earlier == hashed:
                twins[i] = row
            continue
        svc = b.services.get((caller.office_id, body.service_code))
        if svc is None:
            out[i] = no_service(body.service_code)
            continue
        if not svc.active:
            out[i] = DomainError(409, "service_paused",
                                 f"Dịch vụ “{svc.name}” đang tạm ngừng cấp số.")
            continue
        now = q.now().astimezone(UTC)
        day = ordering.office_day(now)
        seq = b.last.get((svc.id, day), 0) + 1
        try:
            number = ticket_number(svc.prefix, svc.number_start, svc.number_end, seq,
                                   svc.daily_cap)
        except QueueRuleError as exc:  # refused before anything is written: no gap
            out[i] = DomainError(409, "queue_rule", f"{svc.name}: {exc}")
            continue
        b.last[(svc.id, day)] = seq
        seen[office_key] = (len(new), hashed)
        owner.append(i)
        new.append({"office_id": caller.office_id, "day": day, "issued_service_id": svc.id,
                    "seq": seq, "number": number, "service_id": svc.id,
                    "priority": body.priority, "status": "waiting", "issued_at": now,
                    "call_count": 0, "source": body.source, "idempotency_key": q.key,
                    "request_hash": hashed, "issued_by_id": caller.user_id})
    if new:
        _write(s, conn, b, reqs, new, owner, out)
    for i, row in twins.items():
        first = out[owner[row]]
        assert isinstance(first, Issued)
        out[i] = Issued(first.view, False, first.username)
    for i, (office_id, ticket_id) in replays.items():
        out[i] = _replay(s, office_id, ticket_id, b.callers[reqs[i].token_digest].username)
    assert all(o is not None for o in out)
    return out  # type: ignore[return-value]  # every slot was filled above


def _write(s: Session, conn: Connection, b: _Batch, reqs: list[IssueRequest],
           new: list[dict[str, Any]], owner: list[int], out: list[Outcome | None]) -> None:
    groups: dict[tuple[int, date], set[int]] = defaultdict(set)
    for t in new:
        groups[(t["office_id"], t["day"])].add(t["service_id"])
    waiting: dict[tuple[int, date], Counter[tuple[int, bool]]] = {
        g: _waiting(conn, g[0], g[1], ids) for g, ids in groups.items()}
    upserts = {(t["service_id"], t["day"]): b.last[(t["service_id"], t["day"])] for t in new}
    _store_sequences(conn, upserts)
    ids = _insert(conn, T, new)
    streaks: dict[tuple[int, date, int], int] = {}
    services = {svc.id: svc for svc in b.services.values()}
    events: list[dict[str, Any]] = []
    for t, ticket_id in zip(new, ids, strict=True):
        t["id"] = ticket_id
        office, day, sid = t["office_id"], t["day"], t["service_id"]
        strategy = b.offices[office]
        if (office, day, sid) not in streaks:
            streaks[(office, day, sid)] = _streak(s, office, day, sid, strategy)
        counts = waiting[(office, day)]
        mine = t["priority"] is not None
        ahead = waiting_ahead(mine, counts[(sid, mine)], counts[(sid, not mine)], strategy,
                              streaks[(office, day, sid)])
        counts[(sid, mine)] += 1
        view = _view(t, services[sid], ahead)
        t["view"] = view
        at = t["issued_at"]
        events.append({
            "office_id": office, "day": at.astimezone(OFFICE_TZ).date(),
            "type": "ticket_issued", "at": at, "ticket_id": ticket_id, "service_id": sid,
            "counter_no": None, "user_id": t["issued_by_id"], "priority": mine,
            "payload": {"type": "ticket_issued", "ticket": view, "counter_no": None,
                        "at": at.astimezone(OFFICE_TZ).isoformat()}})
    seqs = _insert(conn, E, events)
    pending = s.info.setdefault(PENDING, [])
    for ev, seq in zip(events, seqs, strict=True):
        pending.append((ev["office_id"], seq, sse_chunk(seq, ev["payload"])))
    for t, i in zip(new, owner, strict=True):
        caller = b.callers[reqs[i].token_digest]
        svc = services[t["service_id"]]
        out[i] = Issued(t["view"], True, caller.username,
                        f"ticket {t['number']} issued ({svc.code}, "
                        f"{t['priority'] or 'normal'}) by {caller.username}")


def _store_sequences(conn: Connection, last: dict[tuple[int, date], int]) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    stmt = upsert(TS)
    stmt = stmt.on_conflict_do_update(index_elements=[TS.c.service_id, TS.c.day],
                                      set_={"last_value": stmt.excluded.last_value})
    conn.execute(stmt, [{"service_id": sid, "day": day, "last_value": n}
                        for (sid, day), n in last.items()])
