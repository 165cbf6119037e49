"""A hand-computed day of tickets written straight into a database file (no clock to
control in the backend: timestamps are the test's), before the server starts on it.

Day D = Friday 20/11/2026, office hours 07:00-11:30 and 13:30-17:00 (8 h), target 20 min.
All times office-local (minutes):

T1 A001 HT  issued 08:00  called 08:12 @1  started 08:14  finished 08:29       w12 k2 s15 o29
T2 A002 HT  issued 08:00  called 08:10 @1  recalled 08:12  no-show 08:15  returned 08:30
            called 08:40 @3  started 08:41  finished 08:50 (last call counts)  w40 k1 s9  o50
T3 A003 HT  issued 09:00  called 09:20 @1  no-show 09:25 (final)               w20       o25
T4 B001 DD  issued 10:00  called 10:05 @2  started 10:06  transferred 10:16 to HT
            called 10:30 @3  started 10:32  finished 10:40                     w5  k1 s18 o40
T5 A004 HT  issued 11:20  called 13:35 @1 (waited through lunch)  started 13:36
            finished 13:50                                                      w135 k1 s14 o150
T6 A005 HT  issued 14:00  cancelled 14:01 (never called)                                  o1
T7 B002 DD  priority, issued 14:10  called 14:11 @2  started 14:12  finished 14:22  w1 k1 s10 o12
Counter 1 paused 09:30-10:00.
Day D-1 (Thursday 19/11): T8 A001 HT issued 09:00 called 09:05 @1 started 09:06 finished 09:16.

Dossiers (range D): X1 (T1, 1.001193 Hộ tịch) returned 16:00, due 17:00 -> on time;
X2 (T2, 1.000894 Hộ tịch) due 10:00, returned 11:00 -> late; X3 (T4, 1.003003 Đất đai)
processing, due D+1 10:00 -> overdue now; X4 (T5, 1.001193) received, due today 23:59.
Forms on D: 2 supplement requests, 1 refusal. Ratings on D: T1 very satisfied, T2 satisfied
("Chờ lâu"), T5 not satisfied ("Chờ lâu"), T7 very satisfied.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

D = date(2026, 11, 20)
D_PREV = date(2026, 11, 19)

TICKETS = [
    # (name, service, seq, priority, events: (type, "HH:MM", counter))
    ("T1", "HT", 1, None, [("ticket_issued", "08:00", None), ("called", "08:12", 1),
                           ("started", "08:14", 1), ("finished", "08:29", 1)]),
    ("T2", "HT", 2, None, [("ticket_issued", "08:00", None), ("called", "08:10", 1),
                           ("recalled", "08:12", 1), ("no_show", "08:15", 1),
                           ("returned", "08:30", 1), ("called", "08:40", 3),
                           ("started", "08:41", 3), ("finished", "08:50", 3)]),
    ("T3", "HT", 3, None, [("ticket_issued", "09:00", None), ("called", "09:20", 1),
                           ("no_show", "09:25", 1)]),
    ("T4", "DD", 1, None, [("ticket_issued", "10:00", None), ("called", "10:05", 2),
                           ("started", "10:06", 2), ("transferred", "10:16", 2),
                           ("called", "10:30", 3), ("started", "10:32", 3),
                           ("finished", "10:40", 3)]),
    ("T5", "HT", 4, None, [("ticket_issued", "11:20", None), ("called", "13:35", 1),
                           ("started", "13:36", 1), ("finished", "13:50", 1)]),
    ("T6", "HT", 5, None, [("ticket_issued", "14:00", None), ("cancelled", "14:01", None)]),
    ("T7", "DD", 2, "elderly", [("ticket_issued", "14:10", None), ("called", "14:11", 2),
                                ("started", "14:12", 2), ("finished", "14:22", 2)]),
]
PREVIOUS_DAY = [
    ("T8", "HT", 1, None, [("ticket_issued", "09:00", None), ("called", "09:05", 1),
                           ("started", "09:06", 1), ("finished", "09:16", 1)]),
]
STATUS = {"finished": "done", "no_show": "no_show", "cancelled": "cancelled"}
CLERK = {1: "canbo1", 2: "canbo2", 3: "canbo3"}


def at(day: date, hm: str) -> datetime:
    from counter_app.domain.calendar import OFFICE_TZ

    h, m = hm.split(":")
    return datetime.combine(day, time(int(h), int(m)), tzinfo=OFFICE_TZ)


def seed(db_path: Path) -> dict[str, int]:
    """Create the demo database at db_path and write the fixture; returns ticket ids."""
    from backend import models
    from backend.db import Database
    from backend.seed import seed_demo
    from backend.startup import migrate
    from backend.stats.models import Rating

    db = Database(f"sqlite:///{db_path}")
    migrate(db)
    seed_demo(db)
    ids: dict[str, int] = {}
    with db.write() as s:
        office = s.scalar(select(models.Office))
        svc = {sv.code: sv for sv in s.scalars(select(models.Service))}
        users = {u.username: u for u in s.scalars(select(models.User))}
        counters = {c.number: c for c in s.scalars(select(models.Counter))}
        for day, tickets in ((D, TICKETS), (D_PREV, PREVIOUS_DAY)):
            seqs: dict[str, int] = {}
            for name, code, seq, prio, events in tickets:
                issued_at = at(day, events[0][1])
                last = events[-1]
                t = models.Ticket(office_id=office.id, day=day, issued_service_id=svc[code].id,
                                  seq=seq, number=f"{svc[code].prefix}{seq:03d}",
                                  service_id=svc["HT" if name == "T4" else code].id,
                                  priority=prio, status=STATUS[last[0]],
                                  counter_id=counters[last[2]].id if last[2] else None,
                                  issued_at=issued_at, call_count=0, source="kiosk",
                                  transferred_from="DD" if name == "T4" else None,
                                  transferred_from_counter=2 if name == "T4" else None)
                s.add(t)
                s.flush()
                ids[name] = t.id
                service_id = svc[code].id
                for kind, hm, no in events:
                    clerk = users[CLERK[no]].id if no else None
                    s.add(models.TicketEvent(office_id=office.id, day=day, type=kind,
                                             at=at(day, hm), ticket_id=t.id,
                                             service_id=service_id, counter_no=no,
                                             user_id=clerk, priority=prio is not None,
                                             payload={"type": kind}))
                    if kind == "transferred":
                        service_id = svc["HT"].id
                    s.flush()
                seqs[code] = max(seqs.get(code, 0), seq)
            for code, last_value in seqs.items():
                s.add(models.TicketSequence(service_id=svc[code].id, day=day,
                                            last_value=last_value))
        for kind, hm in (("counter_paused", "09:30"), ("counter_resumed", "10:00")):
            s.add(models.TicketEvent(office_id=office.id, day=D, type=kind, at=at(D, hm),
                                     counter_no=1, user_id=users["canbo1"].id,
                                     payload={"type": kind}))
        s.flush()
        _dossiers(s, models, office, users, ids)
        for name, level, reason in (("T1", "very_satisfied", None),
                                    ("T2", "satisfied", "Chờ lâu"),
                                    ("T5", "not_satisfied", "Chờ lâu"),
                                    ("T7", "very_satisfied", None)):
            s.add(Rating(office_id=office.id, ticket_id=ids[name], day=D, at=at(D, "15:00"),
                         level=level, reason=reason, counter_no=None, clerk_id=None))
    db.dispose()
    return ids


def _dossiers(s, models, office, users, ids) -> None:
    from counter_app.domain.calendar import OFFICE_TZ

    clerk = users["canbo1"].id
    today = datetime.now(UTC).astimezone(OFFICE_TZ).date()
    rows = [
        # (ticket, procedure, received, due, status, returned)
        ("T1", "1.001193", at(D, "08:25"), at(D, "17:00"), "returned", at(D, "16:00")),
        ("T2", "1.000894", at(D, "08:45"), at(D, "10:00"), "returned", at(D, "11:00")),
        ("T4", "1.003003", at(D, "10:35"), at(D + timedelta(days=1), "10:00"), "processing",
         None),
        ("T5", "1.001193", at(D, "13:45"), at(today, "23:59"), "received", None),
    ]
    for n, (tk, code, received, due, status, returned) in enumerate(rows, start=1):
        s.add(models.Dossier(
            office_id=office.id, code=f"{office.agency_code}-{D:%y%m%d}-{n:04d}", ledger_no=n,
            tracking_token=f"stats-token-{n}", idempotency_key=f"stats-{n}",
            request_hash="0" * 64, status=status, received_at=received, due_at=due,
            procedure_code=code, applicant={"full_name": "Nguyễn Văn A"}, documents=[],
            sets=1, result_delivery="counter", fee=0, identity_outcome="verified",
            received_by_id=clerk, ticket_id=ids[tk], returned_at=returned,
            returned_by_id=clerk if returned else None))
    for n, kind in enumerate(("BS", "BS", "TC"), start=1):
        s.add(models.FormRecord(
            office_id=office.id, kind=kind, day=D, seq=n, number=f"{kind}-{D:%y%m%d}-{n:04d}",
            created_at=at(D, "09:00"), procedure_code="1.001193", applicant={}, missing=[],
            reason="", created_by_id=clerk, idempotency_key=f"stats-form-{n}",
            request_hash="0" * 64))


# A generated stretch of working days (backend/demo_history.py) for figures that must add
# up: five counters are too few for a Monday, so some tickets are still waiting at closing
# and are cancelled never called; no-shows, transfers and tickets without a dossier too.
GEN_FIRST, GEN_LAST = date(2026, 11, 13), date(2026, 11, 17)  # Fri, (weekend), Mon, Tue
GEN_MONDAY = date(2026, 11, 16)


def generate_days(db_path: Path, until: date = GEN_LAST, days: int = 5,
                  now: datetime | None = None) -> dict:
    """The generator's days up to `until` (its `now`: the evening of `until` unless given)."""
    from backend.demo_history import generate
    from counter_app.domain.calendar import OFFICE_TZ

    now = now or datetime.combine(until, time(18, 0), tzinfo=OFFICE_TZ).astimezone(UTC)
    return generate(str(db_path), days=days, counters=5, seed=11, until=until, now=now)
