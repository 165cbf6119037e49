"""The day's tracking book (sổ theo dõi hồ sơ) as a CSV or XLSX download."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response

from backend import audit
from backend.deps import ClerkPlus, ClockDep, DbDep, OfficeDay
from backend.dossiers import leases, ledger
from counter_app.domain.clock import office_today

router = APIRouter(tags=["dossiers"])
TYPES = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/ledger", response_class=Response,
            responses={200: {"content": {t: {} for t in TYPES.values()}}})
def get_ledger(user: ClerkPlus, db: DbDep, clock: ClockDep,
               day: Annotated[OfficeDay | None, Query(alias="date")] = None,
               kind: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv",
               ) -> Response:
    today = office_today(clock)
    day = day or today
    with db.read() as s:
        dossiers, forms = (ledger.dossier_rows(s, user.office_id, day),
                           ledger.form_rows(s, user.office_id, day))
        if day < today:  # until the day is over a leased number may still be used
            dossiers = ledger.with_gaps(dossiers, leases.unused_numbers(s, user.office_id, day))
    if kind == "xlsx":
        try:
            content = ledger.to_xlsx(dossiers, forms, f"Sổ theo dõi hồ sơ {day:%d/%m/%Y}")
        except ImportError:
            raise HTTPException(503, "Máy chủ chưa cài thư viện openpyxl để xuất tệp Excel; "
                                     "hãy tải dạng CSV.") from None
    else:
        content = ledger.to_csv(dossiers, forms)
    audit.record_read(db, user.office_id, user, audit.LEDGER_EXPORTED, None,
                      day=day.isoformat(), format=kind, rows=len(dossiers))
    name = f"so-theo-doi-ho-so-{day.isoformat()}.{kind}"
    return Response(content, media_type=TYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
