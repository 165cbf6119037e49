"""Statistics on a generated year (365 days × 20 counters, ~384k tickets, 1.5 M events):

- generating it (backend/demo_history.py; once, then cached in the temp folder);
- one day's full statistics, a closed (stored) day and a live day from its events
  (target ≤ 100 ms);
- one year by month (target ≤ 1 s);
- dashboard: choosing a day / a month → KPI cards, charts and tables drawn (p95), the
  real DashboardWindow against the real backend over loopback.

The same year on PostgreSQL when Debian's postgresql is installed: a cluster kept in the
temp folder (generated once, ~3 min), started on a free loopback port for the run.
COUNTER_BENCH_STATS_DB=path reuses a SQLite database; COUNTER_BENCH_STATS_PG=0 skips
PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from benchmarks.report import Figure, percentile

DAYS, COUNTERS = 365, 20
UNTIL = date(2026, 11, 20)  # a Friday: the history is the same on every run (seed 7)
ROUNDS = 10


def _database() -> tuple[Path, float | None]:
    cached = Path(os.environ.get("COUNTER_BENCH_STATS_DB") or
                  Path(tempfile.gettempdir()) / "counter-bench-stats" / "backend.sqlite3")
    if cached.exists():
        return cached, None
    from backend.demo_history import generate

    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name("partial.sqlite3")
    for p in partial.parent.glob("partial.sqlite3*"):
        p.unlink()
    out = generate(str(partial), DAYS, COUNTERS, seed=7, until=UNTIL)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{partial}{suffix}").exists():
            shutil.move(f"{partial}{suffix}", f"{cached}{suffix}")
    return cached, float(out["seconds"])


def _times(fn, rounds: int = ROUNDS) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _backend_figures(url: str, engine: str) -> list[Figure]:
    from backend.db import Database
    from backend.startup import migrate
    from backend.stats import report, store
    from counter_app.domain.calendar import OFFICE_TZ

    db = Database(url)
    migrate(db)  # a database cached by an older revision
    store.ensure(db, 1, UNTIL - timedelta(days=DAYS - 1), UNTIL, UNTIL + timedelta(days=1))
    day = UNTIL - timedelta(days=3)  # Tuesday
    evening = datetime.combine(day, clock(18), tzinfo=OFFICE_TZ).astimezone(UTC)
    stored = _times(lambda: report.build(db, 1, day, day, "counter"))
    live = _times(lambda: report.build(db, 1, day, day, "counter", now=evening))
    year = _times(lambda: report.build(db, 1, UNTIL - timedelta(days=DAYS - 1), UNTIL,
                                       "month"), 5)
    month = _times(lambda: report.build(db, 1, UNTIL.replace(day=1), UNTIL, "counter"), 5)
    db.dispose()
    return [
        Figure(f"{engine}: stats one day, stored (p95)", percentile(stored, 0.95), "ms", 100,
               "all figures by counter, in-process"),
        Figure(f"{engine}: stats one day, live from events (p95)", percentile(live, 0.95),
               "ms", 100, "today's path: ~6,000 events through ticket_times"),
        Figure(f"{engine}: stats one month by counter (p95)", percentile(month, 0.95), "ms",
               1000),
        Figure(f"{engine}: stats one year by month (p95)", percentile(year, 0.95), "ms", 1000,
               "365 packed days; totals over ~340k tickets"),
    ]


def _postgres_figures() -> list[Figure]:
    from benchmarks.pg_cluster import bindir, cluster, create_database

    if os.environ.get("COUNTER_BENCH_STATS_PG") == "0" or bindir() is None:
        print("stats: PostgreSQL not installed, its figures skipped", flush=True)
        return []
    from backend.demo_history import generate

    root = Path(tempfile.gettempdir()) / "counter-bench-stats" / "pg"
    done = root / "generated"
    figures = []
    with cluster(root) as server:
        url = f"{server}/year"
        if not done.exists():
            try:
                create_database(server, "year")
            except Exception:  # a previous generation stopped half-way: start over
                import psycopg

                dsn = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute('DROP DATABASE "year"')
                create_database(server, "year")
            out = generate(url, DAYS, COUNTERS, seed=7, until=UNTIL)
            done.write_text(str(out["seconds"]))
            figures.append(Figure("postgresql: generate 365 days × 20 counters",
                                  float(out["seconds"]), "s", None, "once; then kept",
                                  baseline=True))
        figures += _backend_figures(url, "postgresql")
    return figures


def _dashboard_figures(path: Path) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from counter_app.client.api import ApiClient
    from counter_app.embedded import EmbeddedBackend
    from counter_app.settings import Settings
    from counter_app.token_store import TokenStore
    from printing.settings import PrinterSettings
    from ui.common.context import AppContext
    from ui.dashboard.dashboard_window import DashboardWindow
    from ui.printers.receipt_printer import ReceiptPrinter

    app = QApplication.instance() or QApplication([])
    backend = EmbeddedBackend(path.parent, demo=True)
    backend.start(timeout=60)
    tmp = Path(tempfile.mkdtemp(prefix="bench-dash-"))
    api = ApiClient(backend.base_url, timeout=30)
    try:
        session = api.login("giamsat", "giamsat")
        ctx = AppContext(api=api, settings=Settings(tmp / "s.json"),
                         tokens=TokenStore(use_keyring=False),
                         receipts=ReceiptPrinter(PrinterSettings()), health=api.health(),
                         session=session)
        window = DashboardWindow(ctx)
        window.show()

        def click(first: date, last: date) -> float:
            loop = QEventLoop()
            window.sig_loaded.connect(loop.quit)
            QTimer.singleShot(60_000, loop.quit)
            t0 = time.perf_counter()
            window.choose("custom", first, last)
            loop.exec()
            window.sig_loaded.disconnect(loop.quit)
            app.processEvents()  # the paint that follows
            window.grab()
            return (time.perf_counter() - t0) * 1000

        click(UNTIL, UNTIL)
        days = [click(UNTIL - timedelta(days=i % 5), UNTIL - timedelta(days=i % 5))
                for i in range(ROUNDS)]
        months = [click(UNTIL.replace(day=1), UNTIL) for _ in range(5)]
        window.close()
        ctx.receipts.close()
    finally:
        api.close()
        backend.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return [
        Figure("dashboard click → drawn, one day (p95)", percentile(days, 0.95), "ms", 1000,
               "4 requests (counter, clerk, procedure + services) over loopback"),
        Figure("dashboard click → drawn, this month (p95)", percentile(months, 0.95), "ms",
               2000, "5 requests incl. by day"),
    ]


def run() -> list[Figure]:
    path, generated_s = _database()
    figures = []
    if generated_s is not None:
        figures.append(Figure("generate 365 days × 20 counters", generated_s, "s", 120,
                              "incl. storing closed days' statistics"))
    figures += _backend_figures(f"sqlite:///{path}", "sqlite")
    figures += _postgres_figures()
    figures += _dashboard_figures(path)
    return figures


if __name__ == "__main__":
    from benchmarks.report import print_table

    print_table(run())
