"""FastAPI dependencies: the app's shared objects and the signed-in user with a role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator

from backend import models, security
from backend.db import Database
from backend.idempotency import BAD_KEY, check_key  # noqa: F401  # routes import them from here
from backend.queue.issue_batch import ISSUERS
from backend.queue.writes import QueueWriter
from backend.schemas import MAX_ROW_ID
from backend.settings import Settings
from backend.token_cache import Caller, TokenCache
from counter_app.domain.clock import Clock

ROLES = ("clerk", "supervisor", "admin")
CLERK_PLUS = ROLES
DEVICES = ("kiosk", "display")  # a device's account: one lobby kiosk or display screen
ALL_ROLES = ROLES + DEVICES
UNAUTHORIZED = "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại."
FORBIDDEN = "Tài khoản không có quyền thực hiện thao tác này."

_bearer = HTTPBearer(auto_error=False)


async def get_queue(request: Request) -> QueueWriter:
    return request.app.state.queue


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency on
# the thread pool, and each such hop cost ~0.5 ms per request under load.
async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock


async def bearer_token(
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise HTTPException(401, UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    return creds.credentials


async def signed_in(request: Request, token: Annotated[str, Depends(bearer_token)]) -> Caller:
    """Who the token belongs to: from the app's TokenCache (no thread hop, no statement)
    or, on a miss, from the database on the thread pool (backend/token_cache.py)."""
    cache: TokenCache = request.app.state.token_cache
    digest = security.token_digest(token)
    now = request.app.state.clock.now().astimezone(UTC)
    caller = cache.get(digest, now)
    if caller is None:
        since = cache.generation
        found = await run_in_threadpool(security.session_for_token, request.app.state.db,
                                        token, now=now)
        if found is None:
            raise HTTPException(401, UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
        caller = Caller.of(digest, *found)
        cache.put(caller, since)
    request.state.username = caller.username  # for the request log line
    return caller


async def current_user(caller: Annotated[Caller, Depends(signed_in)]) -> models.User:
    return caller.user()


def require_role(*roles: str) -> Callable[..., Awaitable[models.User]]:
    allowed = frozenset(roles)

    async def dependency(user: Annotated[models.User, Depends(current_user)]) -> models.User:
        if user.role not in allowed:
            raise HTTPException(403, FORBIDDEN)
        return user

    dependency.roles = allowed  # type: ignore[attr-defined]  # read by backend/openapi_errors.py
    return dependency


def cached_role(*roles: str) -> Callable[..., Awaitable[Caller]]:
    """require_role for the hottest route (ticket issue): the Caller itself, no User built;
    the route's own transaction checks the token again (backend/queue/issue_batch.py)."""
    allowed = frozenset(roles)

    async def dependency(caller: Annotated[Caller, Depends(signed_in)]) -> Caller:
        if caller.role not in allowed:
            raise HTTPException(403, FORBIDDEN)
        return caller

    dependency.roles = allowed  # type: ignore[attr-defined]  # read by backend/openapi_errors.py
    return dependency


# Path numbers are bounded where they are read (MAX_ROW_ID: PostgreSQL's INTEGER).
TicketId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="ticket id")]
CounterNo = Annotated[int, Path(ge=1, le=999, description="counter number")]

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _office_day(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"Ngày phải trong khoảng {FIRST_DAY:%d/%m/%Y} - {LAST_DAY:%d/%m/%Y}.")
    return value


# A day asked about in a query: a day's bounds in UTC and "the day after" are computed
# from it, and near date.min/date.max those overflow (a 500 instead of a 422).
OfficeDay = Annotated[date, AfterValidator(_office_day)]

# Annotated aliases keep signatures short (and ruff's B008 quiet).
DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TokenDep = Annotated[str, Depends(bearer_token)]
ClockDep = Annotated[Clock, Depends(get_clock)]
CurrentUser = Annotated[models.User, Depends(current_user)]
ClerkPlus = Annotated[models.User, Depends(require_role(*CLERK_PLUS))]
Admin = Annotated[models.User, Depends(require_role("admin"))]
KioskOrClerk = Annotated[models.User, Depends(require_role("kiosk", *CLERK_PLUS))]
DisplayOrClerk = Annotated[models.User, Depends(require_role("display", *CLERK_PLUS))]
QueueDep = Annotated[QueueWriter, Depends(get_queue)]
KioskOrClerkCached = Annotated[Caller, Depends(cached_role(*sorted(ISSUERS)))]

