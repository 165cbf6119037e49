from __future__ import annotations

from fastapi import APIRouter, Request

from backend import __version__, schemas
from backend.database_id import database_id
from backend.deps import DbDep, SettingsDep
from backend.offices import main_office, office_schema

router = APIRouter(tags=["health"])
__all__ = ["main_office", "office_schema", "router"]


@router.get("/health", response_model=schemas.Health)
def health(request: Request, db: DbDep,
           settings: SettingsDep) -> schemas.Health:
    office = main_office(request, db)
    return schemas.Health(version=__version__, demo=settings.demo,
                          office=office_schema(office, settings) if office else None,
                          database_id=database_id(db))
