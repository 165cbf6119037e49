"""The FastAPI application: routers under /api/v1, the tracking page at /t/.

Laid out like FastAPI's "bigger applications": each router lives in backend/api/ and is
included here, in one place; the state every request needs is set up once in create_app.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from backend import __version__, auth_changes, errors, openapi_errors
from backend.api import (
    admin_audit,
    admin_counters,
    admin_office,
    admin_procedures,
    admin_services,
    admin_users,
    assisted_filings,
    auth,
    calendar,
    demo,
    dossier_files,
    dossier_steps,
    dossier_timeline,
    dossiers,
    forms,
    health,
    identity,
    leases,
    ledger,
    procedures,
    queue_calls,
    queue_display,
    queue_events,
    queue_services,
    queue_tickets,
    ratings,
    stats,
    tls,
    tracking,
    users,
)
from backend.audit import RequestContext
from backend.auth_throttle import LoginThrottle
from backend.calendars import CalendarStore
from backend.clock import ClockContext, using
from backend.db import Database, sqlite_file
from backend.dossiers import retention
from backend.dossiers.file_store import FileStore
from backend.identity.factory import make_provider
from backend.input_guard import InputGuard
from backend.middleware import BodyLimit, RequestLog
from backend.queue.broadcast import Broadcaster
from backend.queue.fast_issue import TicketFastPath
from backend.queue.issuer import TicketIssuer
from backend.queue.pg_notify import Listener, start_listener
from backend.queue.writes import QueueWriter
from backend.settings import Settings, files_key_path, files_root
from backend.token_cache import TokenCache
from counter_app.domain.clock import Clock, SystemClock

API = "/api/v1"
RETENTION_EVERY_S = 6 * 3600
log = logging.getLogger(__name__)

# Under /api/v1, in this order: leases before dossiers, or GET /dossiers/{code} would take
# /dossiers/leases. Ticket issue first: routes are matched one by one, and a lobby's 50
# kiosks should not walk past 200 others each time.
API_ROUTERS: tuple[APIRouter, ...] = tuple(m.router for m in (
    queue_tickets, health, auth, users, identity, procedures, leases, dossier_steps,
    dossier_timeline, dossiers, dossier_files, forms, ledger, assisted_filings,
    calendar, demo, queue_services, queue_calls, queue_display, queue_events,
    admin_office, admin_services, admin_counters, admin_users, admin_procedures, admin_audit,
    tls, stats, ratings))


async def _retention_loop(db: Database, clock: Clock) -> None:
    """Personal data past the office's retention period goes within hours, not at the next
    restart (backend/dossiers/retention.py)."""
    while True:
        try:
            with using(clock):  # the purge's "now" and its audit entries: the app's clock
                await asyncio.to_thread(retention.purge, db)
        except Exception:  # a failed run must not stop the server; the next one retries
            log.exception("retention run failed")
        await asyncio.sleep(RETENTION_EVERY_S)


def create_app(settings: Settings, db: Database, clock: Clock | None = None) -> FastAPI:
    """clock: what "now" is for sessions and the office's "today" (tests move a ManualClock)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.broadcaster.bind(asyncio.get_running_loop())
        # Several servers may share one PostgreSQL database: events come back by NOTIFY.
        listener: Listener | None = None if db.is_sqlite else start_listener(
            db, app.state.broadcaster)
        retention_task = asyncio.create_task(_retention_loop(db, app.state.clock))
        yield
        retention_task.cancel()
        app.state.issuer.close()
        app.state.broadcaster.close()
        if listener is not None:
            listener.stop()
        close = getattr(app.state.identity, "close", None)
        if close:
            close()

    # No OpenTelemetry here: FastAPI's built-in hook asked the (unconfigured) providers on
    # every request, 8% of the event loop's time per ticket (issue 16).
    app = FastAPI(title="Counter backend", version=__version__, lifespan=lifespan,
                  openapi_url=f"{API}/openapi.json", docs_url=f"{API}/docs", redoc_url=None,
                  telemetry={"tracing": False, "metrics": False, "logs": False})
    app.state.settings = settings
    app.state.db = db
    app.state.clock = clock or SystemClock()
    app.state.identity = make_provider(settings, db)
    app.state.files = FileStore(files_root(settings), files_key_path(settings))  # encrypted
    app.state.calendars = CalendarStore()
    app.state.broadcaster = Broadcaster()
    app.state.queue = QueueWriter(db, app.state.broadcaster)
    app.state.issuer = TicketIssuer(app.state.queue)  # group commit of ticket issue
    sqlite = sqlite_file(db.url)
    app.state.token_cache = TokenCache(
        signal=auth_changes.signal_file(str(sqlite)) if sqlite is not None else None)
    app.state.login_throttle = LoginThrottle()  # per process (backend/auth_throttle.py)
    for router in API_ROUTERS:
        app.include_router(router, prefix=API)
    app.include_router(tracking.router)  # the applicant's page, outside the API
    errors.install(app)
    openapi_errors.install(app)  # 401/403/404/413/422/500 in the contract
    app.add_middleware(TicketFastPath)  # innermost: ordinary ticket issues skip the router
    app.add_middleware(InputGuard)  # what it refuses is logged like the rest
    app.add_middleware(RequestLog, quiet=frozenset({("POST", API + "/queue/tickets")}))
    app.add_middleware(RequestContext)  # client address and request id for the audit log
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, larger={
        API + admin_procedures.IMPORT_PATH: admin_procedures.MAX_IMPORT_BYTES}, patterns={
        API + r"/dossiers/[^/]+/uploads/[0-9a-f]{64}": dossier_files.CHUNK_MAX})
    app.add_middleware(ClockContext)  # outermost: the whole request runs on app.state.clock
    return app
