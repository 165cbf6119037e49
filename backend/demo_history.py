"""A realistic year of queue and dossier history for demos, the dashboard and benchmarks.

    python -m backend.demo_history --database PATH --days 365 --counters 20 [--seed 7]
    (the lead wires `counter-app demo-data ...` to main() here)

The database is created or migrated as the server does and gets the demo office
(accounts, services A-D); counters 5..N and their clerks (canboN/canboN) are added. Then,
for every working day of the last `--days` calendar days up to today (WorkingCalendar:
weekends, Tết and the other public holidays closed), a simulation of the lobby:

- arrivals peak 8-10 h and 14-15 h, Mondays busier, Fridays and the Tết month quieter;
  about 8 % priority tickets (served first, strict mode);
- each counter serves one service; the next ticket is called when it is free, never in
  the lunch break; tickets still waiting at closing time are cancelled then;
- no-shows: 8.5 % of calls, 30 % of those come back and are called again (~6 % of
  tickets end as no-shows), recalls, transfers
  to another service (~4 %);
- served tickets lead to dossiers (due dates by the real rule, most returned on time,
  some late, some not collected yet), supplement requests (form 02) and refusals
  (form 03); about a third of finished tickets are rated.

Today only holds what happened up to now (tickets later in the day are not issued yet).
Rows go in with SQLAlchemy Core executemany, ids assigned here so events can point at
their tickets. Past days' events carry a short payload ({"type"}): only today's events are
ever replayed to a display, and those carry the full ticket view.
Closed days' statistics are then computed once and stored (backend/stats/store.py), as
the server would on the first request for them (--no-stats leaves that to the server).
Refuses a database that already holds tickets (exit 1).
"""

from __future__ import annotations

import argparse
import bisect
import heapq
import logging
import math
import random
import secrets
import sys
import time as clock
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text

log = logging.getLogger(__name__)

# Share of the lobby's tickets per service and mean service time (minutes).
MIX = {"HT": 0.42, "DD": 0.22, "KD": 0.18, "TKQ": 0.18}
SERVICE_MIN = {"HT": 4.0, "DD": 5.5, "KD": 5.0, "TKQ": 2.0}
FIELDS = {"HT": ("Hộ tịch", "Chứng thực", "Đăng ký, quản lý cư trú", "Lý lịch tư pháp"),
          "DD": ("Đất đai", "Hoạt động xây dựng"),
          "KD": ("Thành lập và hoạt động của hộ kinh doanh",)}
# Arrivals per local clock hour (relative); the kiosk is off during the lunch break.
HOURLY = {7: 0.7, 8: 1.5, 9: 1.6, 10: 1.1, 11: 0.35, 13: 0.25, 14: 1.3, 15: 1.1, 16: 0.5}
WEEKDAY = (1.2, 1.0, 1.0, 0.95, 0.85, 0.0, 0.0)
PER_COUNTER = 68  # tickets per counter on an ordinary Tuesday
OVERHEAD_MIN = 0.9  # call, walk to the counter, next call
PRIORITIES = ("elderly", "disability", "pregnant", "child", "other")
RATING_REASONS = ("Chờ lâu", "Cán bộ hướng dẫn chưa rõ", "Thiếu chỗ ngồi",
                  "Thủ tục phức tạp", "Phí, lệ phí cao")
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
         "Vũ Thị Giang", "Đặng Văn Hải", "Bùi Thị Hoa", "Đỗ Văn Khánh", "Ngô Thị Lan",
         "Dương Văn Long", "Lý Thị Mai", "Phan Văn Nam", "Trịnh Thị Oanh", "Hồ Văn Phúc")
CLERKS = ("Nguyễn Thị Thu", "Trần Quốc Bảo", "Lê Minh Châu", "Phạm Đức Duy", "Hoàng Thu Hằng",
          "Vũ Ngọc Khôi", "Đặng Thị Loan", "Bùi Văn Mạnh", "Đỗ Thị Ngân", "Ngô Quang Phát",
          "Dương Thị Quyên", "Lý Văn Sơn", "Phan Thị Tâm", "Trịnh Văn Uy", "Hồ Thị Vân",
          "Mai Văn Xuân")
BATCH_DAYS = 20


@dataclass
class Tk:
    id: int
    service: str
    issued: datetime
    priority: str | None
    seq: int = 0
    events: list[tuple[datetime, str, int | None, int | None]] = field(default_factory=list)
    transferred_from: str | None = None
    transferred_from_counter: int | None = None
    returned: bool = False


@dataclass
class Office:
    id: int
    agency_code: str
    services: dict[str, tuple[int, str, str]]  # code -> (id, prefix, name)
    counters: dict[int, tuple[int, str, int]]  # no -> (counter id, service code, clerk id)
    procedures: dict[str, list[Any]]  # service code -> procedure rows
    device_id: int | None


def _local(d: date, h: int, m: int = 0, s: float = 0.0, tz: Any = None) -> datetime:
    return datetime.combine(d, time(h, m), tzinfo=tz) + timedelta(seconds=s)


class DaySim:
    """One working day of the lobby; fills `tickets` (with their events)."""

    def __init__(self, rng: random.Random, office: Office, day: date, tz: Any,
                 next_id: int) -> None:
        self.rng, self.office, self.day, self.tz = rng, office, day, tz
        self.next_id = next_id
        self.open1, self.close1 = _local(day, 7, tz=tz), _local(day, 11, 30, tz=tz)
        self.open2, self.close2 = _local(day, 13, 30, tz=tz), _local(day, 17, tz=tz)
        self.tickets: list[Tk] = []

    def _inside(self, t: datetime) -> datetime:
        """The first moment a counter may call at or after t (None-like past closing)."""
        if t < self.open1:
            return self.open1
        if self.close1 <= t < self.open2:
            return self.open2
        return t

    def arrivals(self, volume: float) -> None:
        rng, hours = self.rng, list(HOURLY)
        hour_cum = [sum(list(HOURLY.values())[:i + 1]) for i in range(len(hours))]
        n = max(0, round(rng.gauss(volume, volume * 0.06)))
        codes, weights = list(MIX), list(MIX.values())
        cum = [sum(weights[:i + 1]) for i in range(len(weights))]
        stamps = []
        for _ in range(n):
            h = hours[bisect.bisect_left(hour_cum, rng.random() * hour_cum[-1])]
            minute = rng.random() * 30 + 30 if h == 13 else (
                rng.random() * 30 if h == 11 else rng.random() * 60)
            stamps.append(_local(self.day, h, tz=self.tz) + timedelta(minutes=minute))
        stamps.sort()
        seqs: dict[str, int] = defaultdict(int)
        for at in stamps:
            code = codes[bisect.bisect_left(cum, rng.random() * cum[-1])]
            prio = rng.choice(PRIORITIES) if rng.random() < 0.08 else None
            seqs[code] += 1
            tk = Tk(self.next_id, code, at, prio, seqs[code])
            self.next_id += 1
            tk.events.append((at, "ticket_issued", None, None))
            self.tickets.append(tk)

    def run(self) -> None:
        rng = self.rng
        # Per service: tickets not ready yet (ready at, tiebreak, ticket) and those waiting.
        pending: dict[str, list[tuple[datetime, int, Tk]]] = {c: [] for c in MIX}
        for tk in self.tickets:
            pending[tk.service].append((tk.issued, tk.id, tk))
        for heap in pending.values():
            heapq.heapify(heap)
        waiting: dict[str, tuple[list, list]] = {c: ([], []) for c in MIX}
        free: list[tuple[datetime, int]] = [(self.open1 + timedelta(minutes=rng.random() * 4),
                                             no) for no in self.office.counters]
        heapq.heapify(free)
        while free:
            t, no = heapq.heappop(free)
            t = self._inside(t)
            if t >= self.close2:
                continue
            code = self.office.counters[no][1]
            mine = pending[code]
            prio_heap, normal_heap = waiting[code]
            while mine and mine[0][0] <= t:
                _, _, tk = heapq.heappop(mine)
                heapq.heappush(prio_heap if tk.priority else normal_heap, (tk.issued, tk.id, tk))
            if not prio_heap and not normal_heap:
                if mine:
                    heapq.heappush(free, (max(self._inside(mine[0][0]), t + timedelta(seconds=5)),
                                          no))
                elif any(pending.values()):  # a transfer may still come this way
                    heapq.heappush(free, (t + timedelta(minutes=3), no))
                continue
            _, _, tk = heapq.heappop(prio_heap or normal_heap)
            heapq.heappush(free, (self._serve(tk, no, t, pending), no))
        # Whoever is still waiting at closing time leaves: voided then.
        left = [tk for heaps in waiting.values() for h in heaps for _, _, tk in h]
        left += [tk for heap in pending.values() for _, _, tk in heap]
        for tk in left:
            tk.events.append((self.close2, "cancelled", None, None))

    def _serve(self, tk: Tk, no: int, t: datetime, pending: dict[str, list]) -> datetime:
        """Call tk at counter no at t; returns when the counter is free again."""
        rng, clerk = self.rng, self.office.counters[no][2]
        ev = tk.events
        ev.append((t, "called", no, clerk))
        if rng.random() < (0.085 if not tk.returned else 0.02):
            if rng.random() < 0.6:
                ev.append((t + timedelta(seconds=rng.uniform(45, 75)), "recalled", no, clerk))
            gone = t + timedelta(seconds=rng.uniform(110, 200))
            ev.append((gone, "no_show", no, clerk))
            back = gone + timedelta(minutes=rng.uniform(5, 35))
            if not tk.returned and rng.random() < 0.3 and back < self.close2 - timedelta(
                    minutes=20):
                tk.returned = True
                ev.append((back, "returned", no, clerk))
                heapq.heappush(pending[tk.service], (back, tk.id, tk))
            return gone + timedelta(seconds=10)
        if rng.random() < 0.05:
            ev.append((t + timedelta(seconds=rng.uniform(40, 70)), "recalled", no, clerk))
        start = t + timedelta(seconds=rng.uniform(12, 60))
        ev.append((start, "started", no, clerk))
        mean = SERVICE_MIN[tk.service] * 60
        duration = max(40.0, rng.lognormvariate(math.log(mean) - 0.125, 0.5))
        end = start + timedelta(seconds=duration)
        if tk.transferred_from is None and tk.service != "TKQ" and rng.random() < 0.04:
            target = rng.choice([c for c in ("HT", "DD", "KD") if c != tk.service])
            end = start + timedelta(seconds=duration * 0.4)
            ev.append((end, "transferred", no, clerk))
            tk.transferred_from, tk.transferred_from_counter = tk.service, no
            tk.service = target
            heapq.heappush(pending[target], (end, tk.id, tk))
            return end + timedelta(seconds=rng.uniform(10, 40))
        ev.append((end, "finished", no, clerk))
        return end + timedelta(seconds=rng.uniform(5, 30))


STATUS_AFTER = {"ticket_issued": "waiting", "called": "called", "recalled": "called",
                "started": "serving", "finished": "done", "no_show": "no_show",
                "returned": "waiting", "transferred": "waiting", "cancelled": "cancelled"}


class Writer:
    """Turns simulated days into rows and inserts them in batches (Core executemany)."""

    def __init__(self, db: Any, office: Office, calendar: Any, rng: random.Random,
                 now: datetime) -> None:
        from backend import models
        from backend.stats.models import Rating

        self.db, self.office, self.calendar, self.rng, self.now = db, office, calendar, rng, now
        self.m, self.Rating = models, Rating
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.ids = {"dossier": self._max(models.Dossier.id), "form": self._max(
            models.FormRecord.id), "history": self._max(models.DossierHistory.id),
            "rating": self._max(Rating.id)}
        self.totals: dict[str, int] = defaultdict(int)
        self.seq_dossier: dict[date, int] = defaultdict(int)
        self.seq_form: dict[tuple[str, date], int] = defaultdict(int)

    def _max(self, col: Any) -> int:
        with self.db.read() as s:
            return int(s.scalar(select(func.max(col))) or 0)

    def add_day(self, day: date, sim: DaySim) -> None:
        now, o, tz = self.now, self.office, sim.tz
        today = day == now.astimezone(tz).date()
        events: list[tuple[Any, ...]] = []
        last_seq: dict[str, int] = defaultdict(int)
        for tk in sim.tickets:
            if tk.issued > now:
                continue
            kept = [e for e in tk.events if e[0] <= now]
            issued_code = tk.transferred_from or tk.service
            # A ticket transferred before now but whose transfer is after now: service back.
            transferred = any(e[1] == "transferred" for e in kept)
            service = tk.service if transferred else issued_code
            sid, prefix, _ = o.services[issued_code]
            last_seq[issued_code] = max(last_seq[issued_code], tk.seq)
            last = kept[-1]
            status = STATUS_AFTER[last[1]]
            calls = [e for e in kept if e[1] in ("called", "recalled")]
            starts = [e for e in kept if e[1] == "started"]
            finish = next((e for e in kept if e[1] == "finished"), None)
            at_counter = last[2] if status in ("called", "serving", "done", "no_show") else None
            self.rows["tickets"].append({
                "id": tk.id, "office_id": o.id, "day": day, "issued_service_id": sid,
                "seq": tk.seq, "number": f"{prefix}{tk.seq:03d}",
                "service_id": o.services[service][0], "priority": tk.priority, "status": status,
                "counter_id": o.counters[at_counter][0] if at_counter else None,
                "target_counter_id": None, "issued_at": tk.issued,
                "called_at": calls[-1][0] if calls else None,
                "started_at": starts[-1][0] if starts else None,
                "finished_at": finish[0] if finish else None, "call_count": len(calls),
                "source": "kiosk", "idempotency_key": None, "request_hash": None,
                "issued_by_id": o.device_id,
                "transferred_from": issued_code if transferred else None,
                "transferred_from_counter": tk.transferred_from_counter if transferred else None,
            })
            svc = issued_code
            for at, kind, no, clerk in kept:
                events.append((at, tk.id, kind, no, clerk, tk, o.services[svc][0]))
                if kind == "transferred":
                    svc = service
            if finish is not None:
                self._after_service(day, tk, finish, today)
        events.sort(key=lambda e: (e[0], e[1]))
        call_count: dict[int, int] = defaultdict(int)
        for at, tid, kind, no, clerk, tk, sid in events:
            payload: dict[str, Any] = {"type": kind}
            if today:
                call_count[tid] += kind in ("called", "recalled")
                payload = {"type": kind,
                           "ticket": self._view(tk, kind, no, at, call_count[tid], sid),
                           "counter_no": no, "at": at.astimezone(tz).isoformat()}
            self.rows["ticket_events"].append({
                "office_id": o.id, "day": day, "type": kind, "at": at, "ticket_id": tid,
                "service_id": sid, "counter_no": no, "user_id": clerk,
                "priority": tk.priority is not None, "payload": payload})
        for code, seq in last_seq.items():
            self.rows["ticket_sequences"].append({"service_id": o.services[code][0],
                                                  "day": day, "last_value": seq})

    def _view(self, tk: Tk, kind: str, no: int | None, at: datetime, calls: int,
              sid: int) -> dict[str, Any]:
        """The ticket as a display saw it after this event (today's replay only)."""
        o, tz = self.office, at.tzinfo
        code = next(c for c, v in o.services.items() if v[0] == sid)
        issued_code = tk.transferred_from or tk.service
        prefix = o.services[issued_code][1]
        return {"id": tk.id, "number": f"{prefix}{tk.seq:03d}", "service_code": code,
                "service_name": o.services[code][2], "priority": tk.priority,
                "status": STATUS_AFTER[kind], "counter_no": no, "issued_at":
                tk.issued.astimezone(tz).isoformat(),
                "called_at": at.isoformat() if kind in ("called", "recalled") else None,
                "call_count": calls, "waiting_ahead": 0,
                "transferred_from": tk.transferred_from if code != issued_code else None,
                "transferred_from_counter": None, "source": "kiosk"}

    def _after_service(self, day: date, tk: Tk, finish: tuple, today: bool) -> None:
        rng, o = self.rng, self.office
        at, _, no, clerk = finish
        if rng.random() < 0.33:
            r = rng.random()
            level = "very_satisfied" if r < 0.68 else "satisfied" if r < 0.93 else "not_satisfied"
            reason = rng.choice(RATING_REASONS) if level == "not_satisfied" or (
                level == "satisfied" and rng.random() < 0.2) else None
            self.ids["rating"] += 1
            self.rows["ticket_ratings"].append({
                "id": self.ids["rating"], "office_id": o.id, "ticket_id": tk.id, "day": day,
                "at": at + timedelta(seconds=rng.uniform(3, 20)), "level": level,
                "reason": reason, "counter_no": no, "clerk_id": clerk,
                "rated_by_id": o.device_id})
        procs = o.procedures.get(tk.service)
        if not procs:
            return
        r = rng.random()
        if r < 0.085:
            self._form("BS" if r < 0.07 else "TC", day, tk, at, clerk, rng.choice(procs))
        elif r < 0.62:
            self._dossier(day, tk, at, clerk, rng.choice(procs))

    def _applicant(self) -> dict[str, Any]:
        rng = self.rng
        return {"id_number": f"001{rng.randrange(10**9):09d}", "old_id_number": None,
                "full_name": rng.choice(NAMES),
                "date_of_birth": f"{rng.randint(1950, 2004)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "sex": rng.choice(("Nam", "Nữ")), "address": "Phường Ba Đình, Hà Nội",
                "phone": None, "email": None}

    def _form(self, kind: str, day: date, tk: Tk, at: datetime, clerk: int | None,
              proc: Any) -> None:
        self.ids["form"] += 1
        self.seq_form[(kind, day)] += 1
        seq = self.seq_form[(kind, day)]
        self.rows["form_records"].append({
            "id": self.ids["form"], "office_id": self.office.id, "kind": kind, "day": day,
            "seq": seq, "number": f"{kind}-{day:%y%m%d}-{seq:04d}", "created_at": at,
            "procedure_code": proc.code, "applicant": self._applicant(),
            "missing": [{"name": "Bản sao giấy khai sinh"}] if kind == "BS" else [],
            "reason": "" if kind == "BS" else "Không thuộc thẩm quyền giải quyết",
            "contact": None, "created_by_id": clerk, "ticket_id": tk.id,
            "idempotency_key": f"demo-{kind}-{self.ids['form']}",
            "request_hash": "0" * 64})

    def _dossier(self, day: date, tk: Tk, at: datetime, clerk: int | None, proc: Any) -> None:
        from backend.dossiers.receipt_batch import due_at
        from counter_app.domain.dossier_code import format_dossier_code

        rng, o, now = self.rng, self.office, self.now
        received = at - timedelta(seconds=rng.uniform(20, 90))
        self.seq_dossier[day] += 1
        seq = self.seq_dossier[day]
        due = due_at(self.calendar, proc, received)
        self.ids["dossier"] += 1
        did = self.ids["dossier"]
        steps = [("received", received)]
        status, returned_at = "received", None
        processing = received + timedelta(hours=rng.uniform(0.5, 3))
        if processing < now:
            steps.append(("processing", processing))
            status = "processing"
        if rng.random() < 0.01 and processing < now:
            steps.append(("withdrawn", processing + timedelta(hours=2)))
            status = "withdrawn"
        else:
            late = rng.random() < 0.11
            span = max((due - processing).total_seconds(), 600.0)
            ready = processing + timedelta(seconds=span * rng.uniform(0.3, 0.95))
            if late:
                ready = due + timedelta(hours=rng.uniform(2, 72))
            if ready < now:
                steps.append(("ready", ready))
                status = "ready"
                back = ready + timedelta(hours=rng.uniform(0.2, 20))
                if not late and back > due:
                    back = max(ready, due - timedelta(minutes=5))
                if back < now and rng.random() < 0.96:
                    steps.append(("returned", back))
                    status, returned_at = "returned", back
        self.rows["dossiers"].append({
            "id": did, "office_id": o.id,
            "code": format_dossier_code(o.agency_code, day, seq),
            "ledger_no": seq, "tracking_token": secrets.token_urlsafe(18),
            "idempotency_key": f"demo-{did}", "request_hash": "0" * 64, "status": status,
            "received_at": received, "due_at": due, "procedure_code": proc.code,
            "applicant": self._applicant(),
            "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}], "sets": 1,
            "result_delivery": "counter", "fee": proc.fee, "identity_outcome": "verified",
            "note": None, "received_by_id": clerk, "ticket_id": tk.id,
            "delivery_address": None, "returned_at": returned_at,
            "returned_by_id": clerk if returned_at else None,
            "return_info": {"collector_name": "Người nộp", "collector_id_masked": "001******123",
                            "relation": "self", "identity_outcome": "verified"}
            if returned_at else None, "return_key": None, "return_hash": None})
        for status_, when in steps:
            self.ids["history"] += 1
            self.rows["dossier_history"].append({
                "id": self.ids["history"], "dossier_id": did, "status": status_, "at": when,
                "user_id": clerk, "note": None, "idempotency_key": None})

    def flush(self) -> None:
        m = self.m
        order = (("tickets", m.Ticket), ("ticket_events", m.TicketEvent),
                 ("ticket_sequences", m.TicketSequence), ("dossiers", m.Dossier),
                 ("dossier_history", m.DossierHistory), ("form_records", m.FormRecord),
                 ("ticket_ratings", self.Rating))
        with self.db.engine.begin() as conn:
            for name, model in order:
                rows = self.rows.pop(name, [])
                if rows:
                    if self.db.is_sqlite:
                        table, rows = _plain(model.__table__, rows)
                        conn.execute(insert(table), rows)
                    else:
                        conn.execute(insert(model), rows)
                    self.totals[name] += len(rows)
            if self.seq_dossier:
                conn.execute(insert(m.DossierSequence), [
                    {"agency_code": self.office.agency_code, "day": d, "last_value": v}
                    for d, v in self.seq_dossier.items()])
            if self.seq_form:
                conn.execute(insert(m.FormSequence), [
                    {"kind": k, "office_id": self.office.id, "day": d, "last_value": v}
                    for (k, d), v in self.seq_form.items()])
        self.seq_dossier.clear()
        self.seq_form.clear()


_PLAIN: dict[str, Any] = {}


def _plain(table: Any, rows: list[dict[str, Any]]) -> tuple[Any, list[dict[str, Any]]]:
    """SQLite only: the same table with plain column types and values already in SQLite's
    stored form (UTC text times, ISO dates, JSON text). The models' bind processors cost
    three quarters of the insert time for a million rows; what lands on disk is the same."""
    import json

    from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, MetaData, String, Table

    def dt(v: datetime | None) -> str | None:
        return None if v is None else v.astimezone(UTC).replace(tzinfo=None).isoformat(
            sep=" ", timespec="microseconds")

    def js(v: Any) -> str | None:
        return None if v is None else json.dumps(v)

    def d(v: date | None) -> str | None:
        return None if v is None else v.isoformat()

    convert: dict[str, Any] = {}
    for c in table.columns:
        t = c.type
        if isinstance(t, DateTime) or isinstance(getattr(t, "impl", None), DateTime):
            convert[c.name] = dt
        elif isinstance(t, JSON):
            convert[c.name] = js
        elif isinstance(t, Date):
            convert[c.name] = d
    if table.name not in _PLAIN:
        _PLAIN[table.name] = Table(table.name, MetaData(), *[
            Column(c.name, String() if c.name in convert else
                   Integer() if isinstance(c.type, Boolean) else c.type.__class__(),
                   primary_key=c.primary_key) for c in table.columns])
    items = list(convert.items())
    for row in rows:
        for name, fn in items:
            if name in row:
                row[name] = fn(row[name])
        for k, v in row.items():
            if v is True or v is False:
                row[k] = int(v)
    return _PLAIN[table.name], rows


def _setup_office(db: Any, counters: int) -> Office:
    from backend import models
    from backend.security import hash_password

    with db.write() as s:
        office = s.scalar(select(models.Office).order_by(models.Office.id).limit(1))
        services = {sv.code: sv for sv in s.scalars(select(models.Service).where(
            models.Service.office_id == office.id))}
        existing = {c.number: c for c in s.scalars(select(models.Counter).where(
            models.Counter.office_id == office.id))}
        # Counters per service in proportion to the work each brings.
        load = {c: MIX[c] * (SERVICE_MIN[c] + OVERHEAD_MIN) for c in MIX}
        plan: list[str] = list(MIX)[:counters]  # every service has a counter
        for _ in range(counters - len(plan)):
            have = {c: plan.count(c) for c in MIX}
            plan.append(max(MIX, key=lambda c, have=have: load[c] / (have[c] + 1)))
        plan.sort(key=list(MIX).index)
        out: dict[int, tuple[int, str, int]] = {}
        shared = None
        for no, code in enumerate(plan, start=1):
            c = existing.get(no)
            if c is None:
                c = models.Counter(office_id=office.id, number=no, name=f"Quầy số {no}")
                s.add(c)
            c.services = [services[code]]
            username = f"canbo{no}"
            user = s.scalar(select(models.User).where(models.User.username == username))
            if user is None:
                shared = shared or hash_password(username)
                user = models.User(office_id=office.id, username=username,
                                   full_name=CLERKS[(no - 5) % len(CLERKS)], role="clerk",
                                   password_hash=hash_password(username) if no <= 24 else shared,
                                   counter_no=no, active=True)
                s.add(user)
            s.flush()
            out[no] = (c.id, code, user.id)
        procs: dict[str, list[Any]] = {}
        # Online-only procedures (Directive 24/CT-TTg) never have a paper dossier.
        all_procs = list(s.scalars(select(models.Procedure).where(
            models.Procedure.active.is_(True), models.Procedure.online_only.is_(False))))
        for code, fields in FIELDS.items():
            procs[code] = [p for p in all_procs if p.field in fields] or all_procs
        for p in all_procs:
            s.expunge(p)
        device = s.scalar(select(models.User.id).where(models.User.office_id == office.id,
                                                       models.User.role == "kiosk").limit(1))
        return Office(office.id, office.agency_code,
                      {c: (sv.id, sv.prefix, sv.name) for c, sv in services.items()}, out,
                      procs, device)


def generate(database: str, days: int = 365, counters: int = 20, seed: int = 7,
             until: date | None = None, now: datetime | None = None,
             stats: bool = True) -> dict[str, Any]:
    """Fill the database; returns counts and the time it took."""
    from backend import models
    from backend.db import Database
    from backend.seed import seed_demo
    from backend.settings import database_url
    from backend.startup import migrate
    from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar

    started = clock.perf_counter()
    db = Database(database_url(database))
    try:
        migrate(db)
        seed_demo(db)
        with db.read() as s:
            if s.scalar(select(models.Ticket.id).limit(1)) is not None:
                raise SystemExit("Cơ sở dữ liệu đã có số thứ tự: chỉ tạo lịch sử vào cơ sở "
                                 "dữ liệu chưa có vé nào.")
            next_id = int(s.scalar(select(func.max(models.Ticket.id))) or 0) + 1
        office = _setup_office(db, counters)
        calendar = WorkingCalendar()
        now = now or datetime.now(UTC)
        last = until or now.astimezone(OFFICE_TZ).date()
        rng = random.Random(seed)
        writer = Writer(db, office, calendar, rng, now)
        first = last - timedelta(days=days - 1)
        open_days = 0
        d = first
        while d <= last:
            if calendar.is_working_day(d):
                open_days += 1
                tet_month = calendar.holiday_name(d + timedelta(days=10)) is not None and \
                    d.month in (1, 2)
                volume = PER_COUNTER * counters * WEEKDAY[d.weekday()] * (
                    0.8 if tet_month else 1.0) * (1.1 if d.month in (7, 8) else 1.0)
                sim = DaySim(rng, office, d, OFFICE_TZ, next_id)
                sim.arrivals(volume)
                sim.run()
                next_id = sim.next_id
                writer.add_day(d, sim)
                if open_days % BATCH_DAYS == 0:
                    writer.flush()
            d += timedelta(days=1)
        writer.flush()
        generated = clock.perf_counter()
        if stats:
            from backend.stats.store import ensure

            ensure(db, office.id, first, last, now.astimezone(OFFICE_TZ).date())
        stats_s = clock.perf_counter() - generated
        if not db.is_sqlite:
            with db.engine.begin() as conn:
                for table in ("tickets", "dossiers", "dossier_history", "form_records",
                              "ticket_ratings"):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
            # What autovacuum would do within minutes: planner statistics, and the
            # visibility map without which the covering indexes still read every row.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
    finally:
        db.dispose()
    return {"days": days, "open_days": open_days, "counters": counters,
            **dict(writer.totals), "stats_seconds": round(stats_s, 1),
            "seconds": round(clock.perf_counter() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="counter-app demo-data",
                                description="Tạo dữ liệu lịch sử mẫu (một năm) cho thống kê.")
    p.add_argument("--database", required=True, help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--counters", type=int, default=20)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--until", type=date.fromisoformat, default=None,
                   help="ngày cuối (YYYY-MM-DD); mặc định hôm nay, đến giờ hiện tại")
    p.add_argument("--no-stats", action="store_true",
                   help="không tính sẵn thống kê các ngày đã qua (máy chủ tính khi cần)")
    args = p.parse_args(argv)
    if not 1 <= args.days <= 3660 or not 1 <= args.counters <= 99:
        p.error("--days 1..3660, --counters 1..99")
    try:
        result = generate(args.database, args.days, args.counters, args.seed, args.until,
                          stats=not args.no_stats)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 1
    print(", ".join(f"{k}={v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
