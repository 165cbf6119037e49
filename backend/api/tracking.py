"""The applicant's public pages: the status page behind the receipt's QR (`/t/{token}`)
and the lookup form (`/tra-cuu`: dossier code + last 4 digits of the phone).

No login; the only personal data shown is the masked name. A dossier code is guessable,
so it opens the page only together with the phone digits, and every miss (unknown
token, unknown code, wrong digits) gets one and the same 404 page after the same work
(backend/dossiers/public_lookup.py).

Misses are rate limited per client address (an IPv6 /64), hits never: a QR link carries
192 random bits, and a whole office behind one NAT must still open its own links. Over
the limit, a code + digits lookup gets the 429 page without being looked up.

These pages run on their own small thread pool: when the API's pool is saturated
(a slow identity gateway, a burst of counters), the applicant's page still answers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from backend import models
from backend.db import Database
from backend.deps import DbDep
from backend.dossiers import receive
from backend.dossiers.lifecycle import LABELS
from backend.dossiers.public_lookup import dossier_for_token, token_for_lookup
from backend.offices import main_office
from backend.ratelimit import RateLimiter, client_key, parse_limit
from counter_app.domain.dossier_status import FINAL
from counter_app.domain.privacy import mask_name

router = APIRouter(tags=["tracking"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
DELIVERY_TEXT = {"counter": "Tại Bộ phận Một cửa", "post": "Qua dịch vụ bưu chính"}
# What the applicant should do now, by status (no clerk's note: it may name people).
ADVICE = {
    "received": "Hồ sơ đã được tiếp nhận và chuyển bộ phận chuyên môn giải quyết.",
    "processing": "Hồ sơ đang được giải quyết.",
    "needs_supplement": "Hồ sơ cần bổ sung giấy tờ. Vui lòng liên hệ Bộ phận Một cửa hoặc "
                        "đường dây nóng để được hướng dẫn.",
    "ready": "Đã có kết quả. Mời ông/bà mang giấy tiếp nhận và giấy tờ tùy thân đến nhận.",
    "returned": "Kết quả đã được trả.",
    "awaiting_fee": "Hồ sơ đang chờ ông/bà thực hiện nghĩa vụ tài chính (nộp thuế, phí, lệ "
                    "phí). Vui lòng liên hệ Bộ phận Một cửa.",
    "withdrawn": "Hồ sơ đã được rút theo yêu cầu của ông/bà.",
    "stopped": "Hồ sơ đã dừng giải quyết. Vui lòng liên hệ Bộ phận Một cửa.",
    "not_accepted": "Hồ sơ không được tiếp nhận. Vui lòng liên hệ Bộ phận Một cửa.",
}
TONE = {"needs_supplement": "warn", "awaiting_fee": "warn", "ready": "good", "returned": "done",
        "withdrawn": "stop", "stopped": "stop", "not_accepted": "stop"}
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                       "form-action 'self'; base-uri 'none'; "
                                       "frame-ancestors 'none'"}
MAX_FORM_BYTES = 2048
PUBLIC_THREADS = 8


def _limiter(request: Request) -> RateLimiter:
    limiter = getattr(request.app.state, "lookup_limiter", None)
    if limiter is None:
        limiter = RateLimiter(*parse_limit(request.app.state.settings.lookup_limit))
        request.app.state.lookup_limiter = limiter
    return limiter


def _client(request: Request) -> str:
    # request.client is the peer, or what X-Forwarded-For says only when the peer is a
    # configured proxy (serve --trusted-proxy): a header anyone can send counts nothing.
    return client_key(request.client.host if request.client else None)


async def _public(request: Request, fn: Callable[..., HTMLResponse], *args: Any) -> HTMLResponse:
    state = request.app.state
    if getattr(state, "public_threads", None) is None:
        state.public_threads = anyio.CapacityLimiter(PUBLIC_THREADS)
    return await anyio.to_thread.run_sync(fn, *args, limiter=state.public_threads)


def _counted_miss(request: Request, db: Database) -> HTMLResponse:
    limiter, client = _limiter(request), _client(request)
    wait = limiter.retry_after(client)
    if wait:
        return _too_many(request, db, wait)
    limiter.hit(client)
    return _not_found(request, db)


def _page(request: Request, name: str, context: dict, status: int = 200,
          extra: dict[str, str] | None = None) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status,
                                      headers={**_HEADERS, **(extra or {})})


def _not_found(request: Request, db: DbDep) -> HTMLResponse:
    return _page(request, "tracking_not_found.html", {"office": main_office(request, db)}, 404)


def _too_many(request: Request, db: DbDep, wait: int) -> HTMLResponse:
    return _page(request, "tracking_rate_limited.html",
                 {"office": main_office(request, db), "minutes": max(1, (wait + 59) // 60)},
                 429, {"Retry-After": str(wait)})


def _status_page(request: Request, d: models.Dossier) -> HTMLResponse:
    # Hand-overs between units are the agencies' business; the applicant sees the status
    # steps and a moved appointment (form 04).
    steps = [{"label": "Hẹn lại ngày trả kết quả" if h.kind == "extension"
              else LABELS.get(h.status, h.status), "at": receive.local(h.at)}
             for h in d.history if h.kind in (None, "status", "extension")]
    return _page(request, "tracking.html", {
        "office": d.office,
        "code": d.code,
        "procedure": d.procedure.name,
        "applicant": "—" if d.personal_data_removed_at else mask_name(d.applicant.get(
            "full_name")),
        "received_at": receive.local(d.received_at),
        "due_at": receive.local(d.due_at),
        "status": LABELS.get(d.status, d.status),
        "tone": TONE.get(d.status, "open"),
        "advice": ADVICE.get(d.status, ""),
        "open": d.status not in FINAL,
        "original_due_at": receive.local(d.original_due_at) if d.original_due_at else None,
        "steps": steps,
        "delivery": DELIVERY_TEXT.get(d.result_delivery, d.result_delivery),
    })


@router.get("/t/{token}", response_class=HTMLResponse, include_in_schema=False)
async def status_page(token: str, request: Request, db: DbDep) -> HTMLResponse:
    return await _public(request, _status_or_miss, request, db, token)


def _status_or_miss(request: Request, db: Database, token: str) -> HTMLResponse:
    dossier = dossier_for_token(db, token)
    return _counted_miss(request, db) if dossier is None else _status_page(request, dossier)


@router.get("/tra-cuu", response_class=HTMLResponse, include_in_schema=False)
async def lookup_form(request: Request, db: DbDep) -> HTMLResponse:
    return await _public(request, _form_page, request, db)


def _form_page(request: Request, db: Database) -> HTMLResponse:
    return _page(request, "tracking_lookup.html", {"office": main_office(request, db)})


@router.post("/tra-cuu", response_class=HTMLResponse, include_in_schema=False)
async def lookup(request: Request, db: DbDep) -> HTMLResponse:
    # A plain urlencoded form, parsed here: no multipart dependency for two fields.
    body = (await request.body())[:MAX_FORM_BYTES].decode("utf-8", errors="replace")
    form = {k: v[0] for k, v in parse_qs(body, max_num_fields=10).items()}
    return await _public(request, _looked_up, request, db, form.get("ma_ho_so", ""),
                         form.get("so_dien_thoai", ""))


def _looked_up(request: Request, db: Database, code: str, digits: str) -> HTMLResponse:
    wait = _limiter(request).retry_after(_client(request))
    if wait:  # a guesser over the limit learns nothing more, right or wrong
        return _too_many(request, db, wait)
    token = token_for_lookup(db, code, digits)
    dossier = dossier_for_token(db, token) if token else None
    return _counted_miss(request, db) if dossier is None else _status_page(request, dossier)
