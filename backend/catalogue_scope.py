"""Whose procedure catalogue is it: one catalogue per server (a province's, taken from the
national database of procedures, where a procedure's code, fee and time limit are the
same for every commune), imported by the server's operator; each office only switches
procedures on or off for itself (`office_procedures`).

So an office admin can never rename, re-price or disable another office's procedures.
On a server with a single office that office's admin is the operator, and may import
through the API (the admin window); on a shared server only the server's command line
imports (`counter-app admin procedures import`).
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from backend import models

SHARED_SERVER_IMPORT = (
    "Máy chủ này phục vụ nhiều cơ quan dùng chung một danh mục thủ tục: danh mục do đơn vị "
    "vận hành máy chủ nhập (lệnh counter-app admin procedures import). Quản trị cơ quan chỉ "
    "bật hoặc tắt thủ tục cho cơ quan mình.")


def shared_server(s: Session) -> bool:
    return (s.scalar(select(func.count()).select_from(models.Office)) or 0) > 1


def off_for(s: Session, office_id: int) -> set[str]:
    """Procedure codes this office has switched off."""
    return set(s.scalars(select(models.OfficeProcedure.procedure_code).where(
        models.OfficeProcedure.office_id == office_id,
        models.OfficeProcedure.active.is_(False))))


def offered(s: Session, office_id: int, proc: models.Procedure | None) -> bool:
    if proc is None or not proc.active:
        return False
    switch = s.execute(_SWITCH, {"office_id": office_id, "code": proc.code}).scalar()
    return switch is None or bool(switch)


# The switch alone, with the statement built once: every dossier asks (issue 16).
_SWITCH = select(models.OfficeProcedure.active).where(
    models.OfficeProcedure.office_id == bindparam("office_id"),
    models.OfficeProcedure.procedure_code == bindparam("code"))


def all_office_ids(s: Session) -> list[int]:
    return list(s.scalars(select(models.Office.id).order_by(models.Office.id)))
