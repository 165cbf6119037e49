"""The FastAPI application: routers under /api/v1, the tracking page at /t/."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from backend import __version__, errors
from backend.db import Database
from backend.middleware import BodyLimit, RequestLog
from backend.settings import Settings

API = "/api/v1"


def create_app(settings: Settings, db: Database) -> FastAPI:
    from backend.identity.factory import make_provider
    from backend.routers import (
        auth,
        demo,
        dossiers,
        health,
        identity,
        procedures,
        tracking,
        users,
    )
    from counter_app.domain.calendar import WorkingCalendar

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        close = getattr(app.state.identity, "close", None)
        if close:
            close()

    app = FastAPI(title="Counter backend", version=__version__, lifespan=lifespan,
                  openapi_url=f"{API}/openapi.json", docs_url=f"{API}/docs", redoc_url=None)
    app.state.settings = settings
    app.state.db = db
    app.state.identity = make_provider(settings, db)
    app.state.calendar = WorkingCalendar()
    for r in (health, auth, users, identity, procedures, dossiers, demo):
        app.include_router(r.router, prefix=API)
    app.include_router(tracking.router)
    errors.install(app)
    app.add_middleware(RequestLog)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app
