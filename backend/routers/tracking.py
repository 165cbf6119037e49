"""The applicant's status page behind the QR on the receipt: no login, masked name only.

The token (>=128 random bits) is the only key; a dossier code is guessable, so it never
opens this page.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from backend import dossiers
from backend.deps import DbDep
from backend.offices import main_office
from counter_app.domain.privacy import mask_name

router = APIRouter(tags=["tracking"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
STATUS_TEXT = {"received": "Đã tiếp nhận, đang giải quyết"}
DELIVERY_TEXT = {"counter": "Tại Bộ phận Một cửa", "post": "Qua dịch vụ bưu chính"}
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex"}


@router.get("/t/{token}", response_class=HTMLResponse, include_in_schema=False)
def status_page(token: str, request: Request, db: DbDep) -> HTMLResponse:
    office = main_office(request, db)
    dossier = dossiers.by_token(db, token) if 16 <= len(token) <= 64 else None
    if dossier is None:
        return templates.TemplateResponse(request, "tracking_not_found.html",
                                          {"office": office}, status_code=404,
                                          headers=_HEADERS)
    office = dossier.office
    return templates.TemplateResponse(request, "tracking.html", {
        "office": office,
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "applicant": mask_name(dossier.applicant.get("full_name")),
        "received_at": dossiers.local(dossier.received_at),
        "due_at": dossiers.local(dossier.due_at),
        "status": STATUS_TEXT.get(dossier.status, dossier.status),
        "delivery": DELIVERY_TEXT.get(dossier.result_delivery, dossier.result_delivery),
    }, headers=_HEADERS)
