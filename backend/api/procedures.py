from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from backend import catalogue_scope, models, schemas
from backend.deps import ClerkPlus, DbDep
from backend.dossiers.receive import procedure_schema

router = APIRouter(tags=["procedures"])


@router.get("/procedures", response_model=list[schemas.Procedure])
def list_procedures(user: ClerkPlus,
                    db: DbDep) -> list[schemas.Procedure]:
    with db.read() as s:
        off = catalogue_scope.off_for(s, user.office_id)
        rows = s.scalars(select(models.Procedure).where(models.Procedure.active)
                         .order_by(models.Procedure.field, models.Procedure.code)).all()
    return [procedure_schema(p) for p in rows if p.code not in off]
