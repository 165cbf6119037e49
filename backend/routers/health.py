from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from backend import __version__, models, schemas
from backend.db import Database
from backend.deps import DbDep, SettingsDep
from backend.settings import Settings

router = APIRouter(tags=["health"])


def office_schema(o: models.Office, settings: Settings) -> schemas.Office:
    return schemas.Office(code=o.code, name=o.name, agency_code=o.agency_code,
                          parent_name=o.parent_name, address=o.address, hotline=o.hotline,
                          public_base_url=settings.base_url)


def main_office(request: Request, db: Database) -> models.Office | None:
    # One office per embedded server; cached once it exists (health is polled often).
    office = getattr(request.app.state, "office", None)
    if office is None:
        with db.read() as s:
            office = s.scalar(select(models.Office).order_by(models.Office.id).limit(1))
        request.app.state.office = office
    return office


@router.get("/health", response_model=schemas.Health)
def health(request: Request, db: DbDep,
           settings: SettingsDep) -> schemas.Health:
    office = main_office(request, db)
    return schemas.Health(version=__version__, demo=settings.demo,
                          office=office_schema(office, settings) if office else None)
