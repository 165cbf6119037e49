"""The applicant's public pages: the status page behind the receipt's QR (`/t/{token}`)
and the lookup form (`/tra-cuu`: dossier code + last 4 digits of the phone).

No login; the only personal data shown is the masked name. A dossier code is guessable,
so it opens the page only together with the phone digits, and every miss (unknown
token, unknown code, wrong digits) gets one and the same 404 page after the same work
(backend/public_lookup.py). Lookups are rate limited per client address.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from backend import dossiers, models
from backend.deps import DbDep
from backend.lifecycle import LABELS
from backend.offices import main_office
from backend.public_lookup import dossier_for_token, token_for_lookup
from backend.ratelimit import RateLimiter, parse_limit
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
    "cancelled": "Hồ sơ đã dừng giải quyết. Vui lòng liên hệ Bộ phận Một cửa.",
}
TONE = {"needs_supplement": "warn", "ready": "good", "returned": "done", "cancelled": "stop"}
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                       "form-action 'self'; base-uri 'none'; "
                                       "frame-ancestors 'none'"}
MAX_FORM_BYTES = 2048


def _limiter(request: Request) -> RateLimiter:
    limiter = getattr(request.app.state, "lookup_limiter", None)
    if limiter is None:
        limiter = RateLimiter(*parse_limit(request.app.state.settings.lookup_limit))
        request.app.state.lookup_limiter = limiter
    return limiter


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


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
    steps = [{"label": LABELS.get(h.status, h.status), "at": dossiers.local(h.at)}
             for h in d.history]
    return _page(request, "tracking.html", {
        "office": d.office,
        "code": d.code,
        "procedure": d.procedure.name,
        "applicant": "—" if d.personal_data_removed_at else mask_name(d.applicant.get(
            "full_name")),
        "received_at": dossiers.local(d.received_at),
        "due_at": dossiers.local(d.due_at),
        "status": LABELS.get(d.status, d.status),
        "tone": TONE.get(d.status, "open"),
        "advice": ADVICE.get(d.status, ""),
        "open": d.status not in ("returned", "cancelled"),
        "steps": steps,
        "delivery": DELIVERY_TEXT.get(d.result_delivery, d.result_delivery),
    })


@router.get("/t/{token}", response_class=HTMLResponse, include_in_schema=False)
def status_page(token: str, request: Request, db: DbDep) -> HTMLResponse:
    limiter, client = _limiter(request), _client(request)
    wait = limiter.retry_after(client)
    if wait:
        return _too_many(request, db, wait)
    dossier = dossier_for_token(db, token)
    if dossier is None:
        limiter.hit(client)  # only misses count: the applicant may reload the page freely
        return _not_found(request, db)
    return _status_page(request, dossier)


@router.get("/tra-cuu", response_class=HTMLResponse, include_in_schema=False)
def lookup_form(request: Request, db: DbDep) -> HTMLResponse:
    return _page(request, "tracking_lookup.html", {"office": main_office(request, db)})


@router.post("/tra-cuu", response_class=HTMLResponse, include_in_schema=False)
async def lookup(request: Request, db: DbDep) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    limiter, client = _limiter(request), _client(request)
    wait = limiter.retry_after(client)
    if wait:
        return await run_in_threadpool(_too_many, request, db, wait)
    limiter.hit(client)
    # A plain urlencoded form, parsed here: no multipart dependency for two fields.
    body = (await request.body())[:MAX_FORM_BYTES].decode("utf-8", errors="replace")
    form = {k: v[0] for k, v in parse_qs(body, max_num_fields=10).items()}
    token = await run_in_threadpool(token_for_lookup, db, form.get("ma_ho_so", ""),
                                    form.get("so_dien_thoai", ""))
    dossier = await run_in_threadpool(dossier_for_token, db, token) if token else None
    if dossier is None:
        return await run_in_threadpool(_not_found, request, db)
    return _status_page(request, dossier)
