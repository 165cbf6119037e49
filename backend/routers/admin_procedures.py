"""Admin: import the procedure catalogue (JSON or CSV; columns in backend/catalogue.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from backend import audit, catalogue
from backend import schemas_dossier as sd
from backend.admin import AdminError
from backend.admin.office import changed
from backend.deps import Admin, QueueDep

router = APIRouter(prefix="/admin", tags=["admin"])
IMPORT_PATH = "/admin/procedures/import"
MAX_IMPORT_BYTES = 4 * 1024 * 1024  # BodyLimit lets this path through up to here


@router.post("/procedures/import", response_model=sd.ImportResult,
             responses={422: {"description": "invalid rows; nothing was written",
                              "model": sd.ImportResult}},
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                 "text/csv": {"schema": {"type": "string"}}}}})
async def import_procedures(request: Request, admin: Admin, qw: QueueDep) -> JSONResponse:
    from starlette.concurrency import run_in_threadpool

    raw = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind in ("text/csv", "application/csv", "text/plain"):
            rows = catalogue.parse_csv(raw)
        elif kind in ("application/json", ""):
            rows = catalogue.parse_json(raw)
        else:
            raise AdminError(415, "Gửi danh mục dạng JSON (application/json) hoặc CSV "
                                  "(text/csv).")
        result = await run_in_threadpool(_apply, qw, admin, rows)
    except catalogue.ImportRefused as exc:
        return JSONResponse({"detail": str(exc), "created": 0, "updated": 0, "errors": []},
                            status_code=422)
    body = {"created": result.created, "updated": result.updated, "errors": result.errors}
    if result.errors:
        detail = (f"Có {len(result.errors)} dòng lỗi; chưa nhập thủ tục nào. "
                  + " ".join(e["message"] for e in result.errors[:3]))
        return JSONResponse({"detail": detail, **body}, status_code=422)
    return JSONResponse(body)


def _apply(qw: QueueDep, admin, rows) -> catalogue.Result:
    clean, errors = catalogue.validate(rows)
    if errors:
        return catalogue.Result(errors=errors)
    with qw.write(admin.office_id) as s:
        result = catalogue.apply(s, clean)
        changed(s, admin.office_id, admin)  # counters re-read the catalogue
        audit.record(s, admin.office_id, admin, audit.PROCEDURE_IMPORT, None,
                     created=result.created, updated=result.updated)
    return result
