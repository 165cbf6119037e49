"""Demo-only helpers (404 unless the server runs with --demo): the sign-in accounts and
sample CCCD QR payloads. Everything here is synthetic, generated from a fixed seed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import select

from backend import models, schemas
from backend.deps import ClerkPlus, DbDep, SettingsDep
from backend.seed.office import demo_accounts
from counter_app.domain.cccd import CccdCard, format_cccd_qr

router = APIRouter(prefix="/demo", tags=["demo"])


def demo_only(settings: SettingsDep) -> None:
    if not settings.demo:
        raise HTTPException(404, "Không tìm thấy.")


@router.get("/accounts", response_model=list[schemas.DemoAccount],
            dependencies=[Depends(demo_only)])
def accounts() -> list[dict[str, str]]:
    return demo_accounts()


def _card(c: models.Citizen, *, full_name: str | None = None) -> CccdCard:
    return CccdCard(c.id_number, c.old_id_number, full_name or c.full_name, c.date_of_birth,
                    c.sex, c.address, c.issue_date)


def _unknown_number(c: models.Citizen, taken: set[str]) -> str:
    # Same province/century/sex/year digits as a real person, so it passes every
    # format check, but a serial part nobody in the registry has.
    for n in range(1_000_000):
        candidate = f"{c.id_number[:6]}{(int(c.id_number[6:]) + 7919 * (n + 1)) % 10**6:06d}"
        if candidate not in taken:
            return candidate
    raise RuntimeError("registry full")


@router.get("/cards", response_model=list[schemas.DemoCard],
            dependencies=[Depends(demo_only)])
def cards(_: ClerkPlus, db: DbDep,
          limit: Annotated[int, Query(ge=3, le=100)] = 10) -> list[schemas.DemoCard]:
    with db.read() as s:
        people = s.scalars(select(models.Citizen).order_by(models.Citizen.id_number)).all()
    if not people:
        return []
    taken = {p.id_number for p in people}
    # Spread over the registry so both sexes, old IDs and both assurance levels show up.
    step = max(1, len(people) // limit)
    picked = people[::step][: limit - 2]
    out = [schemas.DemoCard(
        label=f"Khớp: {c.full_name} ({c.sex}, {c.date_of_birth:%Y})"
              + (", có CMND 9 số" if c.old_id_number else ""),
        payload=format_cccd_qr(_card(c)), expect="matched") for c in picked]
    first = people[0]
    other = "Phạm Thị Hồng Nhung" if first.sex == "Nữ" else "Phạm Văn Khải"
    out.append(schemas.DemoCard(label=f"Sai họ tên: thẻ ghi {other}",
                                payload=format_cccd_qr(_card(first, full_name=other)),
                                expect="mismatched"))
    ghost = models.Citizen(id_number=_unknown_number(people[1], taken), old_id_number=None,
                           full_name="Vũ Minh Khôi" if people[1].sex == "Nam" else "Vũ Minh Thư",
                           date_of_birth=people[1].date_of_birth, sex=people[1].sex,
                           address=people[1].address, issue_date=people[1].issue_date)
    out.append(schemas.DemoCard(label="Không có trong CSDL dân cư (số hợp lệ)",
                                payload=format_cccd_qr(_card(ghost)), expect="not_found"))
    return out
