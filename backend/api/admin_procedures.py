"""Admin: import the procedure catalogue (JSON or CSV; columns in backend/catalogue.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from backend import audit, catalogue, catalogue_scope, models
from backend.admin.office import changed
from backend.deps import Admin, QueueDep
from backend.dossiers import schemas as sd
from backend.errors import DomainError

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
            raise DomainError(415, "catalogue_format_unsupported",
                              "Gửi danh mục dạng JSON (application/json) hoặc CSV "
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
        if catalogue_scope.shared_server(s):
            raise DomainError(403, "catalogue_import_shared_server",
                              catalogue_scope.SHARED_SERVER_IMPORT)
        result = catalogue.apply(s, clean)
        changed(s, admin.office_id, admin)  # counters re-read the catalogue
        audit.record(s, admin.office_id, admin, audit.PROCEDURE_IMPORT, None,
                     created=result.created, updated=result.updated)
    return result


@router.get("/procedures", response_model=list[sd.OfficeProcedure])
def office_procedures(admin: Admin, qw: QueueDep) -> list[sd.OfficeProcedure]:
    """The whole catalogue, with whether this office offers each procedure."""
    with qw.db.read() as s:
        off = catalogue_scope.off_for(s, admin.office_id)
        rows = s.scalars(select(models.Procedure).where(models.Procedure.active)
                         .order_by(models.Procedure.field, models.Procedure.code)).all()
    return [sd.OfficeProcedure(code=p.code, name=p.name, field=p.field,
                               offered=p.code not in off) for p in rows]


@router.put("/procedures/{code}/offered", response_model=sd.OfficeProcedure,
            responses={404: {"description": "no such procedure in the catalogue"}})
def switch_procedure(code: str, body: sd.OfficeProcedureSwitch, admin: Admin,
                     qw: QueueDep) -> sd.OfficeProcedure:
    """Offer a catalogue procedure at this office or not; the catalogue is not changed."""
    with qw.write(admin.office_id) as s:
        proc = s.get(models.Procedure, code[:40])
        if proc is None or not proc.active:
            raise DomainError(404, "procedure_unknown", "Không có thủ tục này trong danh mục.")
        row = s.get(models.OfficeProcedure, (admin.office_id, proc.code))
        if row is None:
            row = models.OfficeProcedure(office_id=admin.office_id, procedure_code=proc.code)
            s.add(row)
        row.active = body.offered
        changed(s, admin.office_id, admin)
        audit.record(s, admin.office_id, admin, audit.PROCEDURE_SWITCHED, proc.code,
                     offered=body.offered)
        return sd.OfficeProcedure(code=proc.code, name=proc.name, field=proc.field,
                                  offered=body.offered)
