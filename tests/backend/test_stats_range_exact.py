"""A range's report (backend/stats/report.py) equals a straightforward computation over the
same rows: every ticket fact in one Python list, every dossier and file read one by one.

A generated month and a half (two calendar months, a closed range and one that ends today)
with digitisation rows added: whole, partial and over-complete dossiers, exemptions, files
reused across dossiers and within one, two clerks of the same name, a clerk with only
exemptions, a dossier asking for nothing, dossiers without a counter and dossiers either
side of the office's midnight and of the range's ends. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

UNTIL = date(2026, 11, 13)  # a Friday
DAYS = 40  # from 5/10: October and November
NOW = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)  # Monday 10:00 office time
TARGET_MIN = 15


def _office_midnight(day: date) -> datetime:
    from counter_app.domain.calendar import OFFICE_TZ

    return datetime.combine(day, time(0), tzinfo=OFFICE_TZ).astimezone(UTC)


def _add_digitisation(url: str) -> None:
    """Files for the generated dossiers, in every shape the figures tell apart."""
    from backend import models
    from backend.db import Database

    D, F, U = models.Dossier, models.DossierFile, models.User
    rnd = random.Random(5)
    db = Database(url)
    try:
        with db.write() as s:
            users = s.scalars(select(U).where(U.office_id == 1).order_by(U.id)).all()
            clerks, exempt_only = users[:4], users[4]
            clerks[1].full_name = clerks[0].full_name  # two accounts, one name
            dossiers = s.scalars(select(D).where(D.office_id == 1).order_by(D.id)).all()
            # Either side of the office's midnight (17:00 UTC) and of the range's ends, to
            # the microsecond (SQLite's date() alone rounds 23:59:59.9995 up to the next day).
            edges = [datetime(2026, 10, 31, 16, 59, 59, tzinfo=UTC),
                     datetime(2026, 10, 31, 17, 0, 0, tzinfo=UTC),
                     _office_midnight(date(2026, 10, 20)) - timedelta(microseconds=1),
                     _office_midnight(date(2026, 10, 20)),
                     _office_midnight(date(2026, 11, 13)) - timedelta(microseconds=1),
                     _office_midnight(date(2026, 11, 14))]
            for d, at in zip(dossiers[10:], edges, strict=False):
                d.received_at = at
            for d in dossiers[20:40:3]:
                d.counter_no = None
            dossiers[50].documents = []  # asks for nothing: never "digitised"
            shas = [f"{i:064x}" for i in range(40)]  # a small pool: files get reused
            for n, d in enumerate(dossiers):
                shape = rnd.random()
                wanted = len(d.documents)
                if shape < 0.25:
                    continue  # nothing digitised
                count = (wanted if shape < 0.7 else max(wanted - 1, 0) if shape < 0.85
                         else wanted + 1)
                if n == 50:
                    count = 2
                for i in range(count):
                    exempt = rnd.random() < 0.1
                    by = exempt_only if exempt and n % 7 == 0 else rnd.choice(clerks)
                    s.add(F(office_id=1, dossier_id=d.id, component=f"{i}. thành phần",
                            sha256=None if exempt else rnd.choice(shas),
                            exempt_reason="Miễn" if exempt else None, size=100,
                            pages=0 if exempt else rnd.randint(1, 6), signer="",
                            digitised_by_id=by.id, digitised_at=d.received_at))
    finally:
        db.dispose()


@dataclass
class _Rows:
    """Every row the figures come from, read once as plain columns."""

    dossiers: list
    files: list  # by id
    procs: dict
    names: dict
    forms: list
    facts: list


def _read(s) -> _Rows:
    from backend import models
    from backend.stats.models import TicketFact

    D, F, P, U, R = (models.Dossier, models.DossierFile, models.Procedure, models.User,
                     models.FormRecord)
    return _Rows(
        dossiers=s.execute(select(D.id, D.office_id, D.received_at, D.procedure_code,
                                  D.documents, D.counter_no, D.ticket_id, D.returned_at,
                                  D.due_at, D.status)).all(),
        files=s.execute(select(F.office_id, F.dossier_id, F.sha256, F.pages,
                               F.digitised_by_id).order_by(F.id)).all(),
        procs={p.code: p for p in s.execute(select(P.code, P.name, P.field))},
        names=dict(s.execute(select(U.id, U.full_name)).all()),
        forms=s.execute(select(R.office_id, R.kind, R.day)).all(),
        facts=s.execute(select(TicketFact.day, TicketFact.weekday, TicketFact.hour,
                               TicketFact.ticket_id, TicketFact.counter_no,
                               TicketFact.outcome, TicketFact.called, TicketFact.transferred,
                               TicketFact.waiting, TicketFact.walk, TicketFact.service,
                               TicketFact.on_site).where(TicketFact.office_id == 1)).all())


def _dossier_figures(rows: _Rows, first: date, last: date, now: datetime
                     ) -> tuple[dict, dict]:
    """The dossier figures and the digitisation indicators, one row at a time."""
    from counter_app.domain.calendar import OFFICE_TZ

    start, end = _office_midnight(first), _office_midnight(last + timedelta(days=1))
    procs, names, everything, files = rows.procs, rows.names, rows.dossiers, rows.files
    ours = [d for d in everything if d.office_id == 1 and start <= d.received_at < end]
    stored = Counter(f.dossier_id for f in files if f.office_id == 1)
    by_proc: Counter[str] = Counter()
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    counters: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    components = 0
    for d in ours:
        if d.procedure_code not in procs:
            continue
        wanted = len(d.documents)
        whole = int(wanted > 0 and stored[d.id] >= wanted)
        by_proc[d.procedure_code] += 1
        components += wanted
        day = d.received_at.astimezone(OFFICE_TZ).date().isoformat()
        for row in (fields[procs[d.procedure_code].field], days[day], counters[d.counter_no]):
            row[0] += 1
            row[1] += whole
    in_range = {d.id: d for d in ours}
    seen: dict[str, set[int]] = defaultdict(set)  # sha -> dossiers of earlier files
    kept = exempt = pages = reused = 0
    clerks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in files:
        earlier = seen[f.sha256] if f.sha256 is not None else set()
        was_reused = bool(earlier - {f.dossier_id})
        if f.sha256 is not None:
            seen[f.sha256].add(f.dossier_id)
        if f.dossier_id not in in_range:
            continue
        if f.sha256 is None:
            exempt += 1
            continue
        kept += 1
        pages += f.pages
        reused += was_reused
        clerks[names[f.digitised_by_id]][0] += 1
        clerks[names[f.digitised_by_id]][1] += f.pages
        row = counters[in_range[f.dossier_id].counter_no]
        row[2] += 1
        row[3] += f.pages
        row[4] += was_reused
    received, complete = sum(by_proc.values()), sum(n for _n, n in fields.values())
    digitisation = {
        "dossiers": received, "dossiers_digitised": complete,
        "dossiers_rate": round(complete / received, 4) if received else None,
        "components": components, "components_digitised": kept, "components_exempt": exempt,
        "components_rate": round(kept / (components - exempt), 4),
        "files_reused": reused, "reuse_rate": round(reused / kept, 4), "pages": pages,
        "by_field": [{"field": f, "dossiers": n, "digitised": k}
                     for f, (n, k) in sorted(fields.items())],
        "by_day": [{"day": d, "dossiers": n, "digitised": k}
                   for d, (n, k) in sorted(days.items())],
        "by_clerk": [{"clerk": c, "components": n, "pages": p}
                     for c, (n, p) in sorted(clerks.items())],
        "by_counter": [{"counter": c, "dossiers": n, "digitised": k, "components": m,
                        "pages": p, "reused": r}
                       for c, (n, k, m, p, r) in sorted(
                           counters.items(), key=lambda i: (i[0] is None, i[0] or 0))]}
    returned = [d for d in everything if d.office_id == 1 and d.returned_at is not None
                and start <= d.returned_at < end]
    on_time = sum(d.returned_at <= d.due_at for d in returned)
    t0 = _office_midnight(now.astimezone(OFFICE_TZ).date())
    still = [d for d in everything if d.office_id == 1 and d.due_at < t0 + timedelta(days=1)
             and d.status in ("received", "processing", "needs_supplement")]
    forms = Counter(r.kind for r in rows.forms if r.office_id == 1 and first <= r.day <= last)
    by_field: Counter[str] = Counter()
    for code, n in by_proc.items():
        by_field[procs[code].field] += n
    dossiers = {
        "received": received, "supplements": forms["BS"], "refusals": forms["TC"],
        "due_today": sum(d.due_at >= t0 for d in still),
        "overdue": sum(d.due_at < now for d in still), "returned": len(returned),
        "returned_on_time": on_time,
        "on_time_rate": round(on_time / len(returned), 4) if returned else None,
        "by_procedure": [{"code": c, "name": procs[c].name, "field": procs[c].field,
                          "received": by_proc[c]} for c in sorted(by_proc)],
        "by_field": [{"field": f, "received": n} for f, n in sorted(by_field.items())]}
    return dossiers, digitisation


def _block(facts: list, target_s: float) -> dict:
    def summary(name: str) -> dict:
        values = sorted(v for f in facts if (v := getattr(f, name)) is not None)
        if not values:
            return {"count": 0, "mean_s": None, "p90_s": None}
        return {"count": len(values), "mean_s": round(math.fsum(values) / len(values), 1),
                "p90_s": round(values[math.ceil(0.9 * len(values)) - 1], 1)}

    outcomes = Counter(f.outcome for f in facts)
    return {"issued": len(facts), "called": sum(bool(f.called) for f in facts),
            "served": outcomes["served"], "no_show": outcomes["no_show"],
            "cancelled": outcomes["cancelled"],
            "transferred": sum(bool(f.transferred) for f in facts),
            "waiting": summary("waiting"), "walk": summary("walk"),
            "service": summary("service"), "on_site": summary("on_site"),
            "over_target": sum(f.waiting is not None and f.waiting > target_s for f in facts)}


def _ticket_figures(s, rows: _Rows, first: date, last: date, now: datetime, by: str) -> dict:
    """Totals, rows by key (idle time aside), arrivals and the waiting histogram."""
    from backend.stats.facts import events_of, facts_of
    from counter_app.domain.calendar import OFFICE_TZ
    from counter_app.domain.stats import clamp_hour, procedure_of

    today = now.astimezone(OFFICE_TZ).date()
    facts: list = [f for f in rows.facts
                   if first <= f.day <= min(last, today - timedelta(days=1))]
    cells = Counter((f.weekday, clamp_hour(f.hour)) for f in facts)
    if first <= today <= last:
        live = list(facts_of(events_of(s, 1, today), today))
        cells.update((f.issued.weekday(), clamp_hour(f.issued.hour)) for f in live)
        facts += live
    start, end = _office_midnight(first), _office_midnight(last + timedelta(days=1))
    links: dict[int, set[str]] = defaultdict(set)  # ticket -> procedures received with it
    for d in rows.dossiers:
        if d.office_id == 1 and d.ticket_id is not None and start <= d.received_at < end:
            links[d.ticket_id].add(d.procedure_code)
    key = {"month": lambda f: f"{f.day.year}-{f.day.month:02d}",
           "day": lambda f: f.day.isoformat(),
           "counter": lambda f: "" if f.counter_no is None else str(f.counter_no),
           "procedure": lambda f: procedure_of(links.get(f.ticket_id, ())) or ""}[by]
    groups: dict[str, list] = defaultdict(list)
    for f in facts:
        groups[key(f)].append(f)
    target_s = TARGET_MIN * 60
    waits = sorted(f.waiting for f in facts if f.waiting is not None)
    edges = [*range(0, 60, 5), 60]
    cuts = [bisect.bisect_left(waits, m * 60) for m in edges]
    return {"totals": _block(facts, target_s),
            "by": {k: _block(v, target_s) for k, v in groups.items()},
            "hourly_arrivals": [{"weekday": wd, "hour": h, "count": cells[(wd, h)]}
                                for wd in range(7) for h in range(7, 18)],
            "waiting_histogram": [
                {"from_min": a, "to_min": None if a == 60 else a + 5,
                 "count": (cuts[i + 1] - cuts[i]) if a < 60 else len(waits) - cuts[-1]}
                for i, a in enumerate(edges)]}


def _ranges_equal_straightforward_sums(url: str) -> None:
    from backend.db import Database
    from backend.demo_history import generate
    from backend.stats import report

    out = generate(url, days=DAYS, counters=3, seed=11, until=UNTIL, now=NOW)
    assert out["dossiers"] > 1000
    _add_digitisation(url)
    db = Database(url)
    try:
        # The generator stored its closed days before the edits above: the figures read
        # the files and dossiers as they are now, the tickets from the stored days.
        ranges = [(UNTIL - timedelta(days=DAYS - 1), UNTIL, NOW),  # closed, two months
                  (date(2026, 10, 20), date(2026, 11, 13), NOW),  # edges inside the history
                  # ending today: today's tickets live from their events
                  (date(2026, 10, 28), date(2026, 11, 13),
                   datetime(2026, 11, 13, 9, 30, tzinfo=UTC))]
        with db.read() as s:
            rows = _read(s)
        checked = 0
        for first, last, now in ranges:
            dossiers, digitisation = _dossier_figures(rows, first, last, now)
            for by in ("month", "day", "counter", "procedure"):
                got = report.build(db, 1, first, last, by, target_min=TARGET_MIN, now=now)
                with db.read() as s:
                    tickets = _ticket_figures(s, rows, first, last, now, by)
                assert got["dossiers"] == dossiers, (first, by)
                assert got["digitisation"] == digitisation, (first, by)
                assert got["totals"] == {**tickets["totals"], "idle_s": None}, (first, by)
                by_key = {g["key"]: {k: v for k, v in g.items()
                                     if k not in ("key", "label", "idle_s")} for g in got["by"]}
                assert by_key == tickets["by"], (first, by)
                assert got["hourly_arrivals"] == tickets["hourly_arrivals"], (first, by)
                assert got["waiting_histogram"] == tickets["waiting_histogram"], (first, by)
                checked += 1
        g = report.build(db, 1, ranges[0][0], UNTIL, "month", now=NOW)["digitisation"]
    finally:
        db.dispose()
    assert checked == 12
    # The shapes above are all there (the comparison would be hollow without them).
    assert 0 < g["dossiers_digitised"] < g["dossiers"]
    assert g["components_exempt"] > 0 and g["files_reused"] > 0
    assert any(c["counter"] is None for c in g["by_counter"])
    assert len({d["day"][:7] for d in g["by_day"]}) == 2


def test_sqlite(tmp_path):
    _ranges_equal_straightforward_sums(f"sqlite:///{tmp_path / 'h.sqlite3'}")


@pytest.mark.e2e
def test_postgresql(postgres_url):
    _ranges_equal_straightforward_sums(postgres_url)


def _one_dossier_short(monkeypatch) -> None:
    from backend.stats import received

    real = received.received

    def one_short(*args, **kwargs):
        got = real(*args, **kwargs)
        next(iter(got.by_day.values()))[0] -= 1
        return got

    monkeypatch.setattr("backend.stats.report.received", one_short)


def _one_wait_lost(monkeypatch) -> None:
    from backend.stats import pack

    real = pack.decode

    def lost(blob: bytes) -> pack.DayPack:
        day = real(blob)
        day.values[0] = day.values[0][1:]
        return day

    monkeypatch.setattr(pack, "decode", lost)


@pytest.mark.parametrize("wrong", [_one_dossier_short, _one_wait_lost])
def test_the_straightforward_sums_tell_a_wrong_figure(tmp_path, monkeypatch, wrong):
    """The comparison above fails when one dossier or one ticket's wait goes missing."""
    wrong(monkeypatch)
    with pytest.raises(AssertionError):
        _ranges_equal_straightforward_sums(f"sqlite:///{tmp_path / 'h.sqlite3'}")
