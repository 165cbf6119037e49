"""The day's tracking book (sổ theo dõi hồ sơ) as a CSV or XLSX download."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.responses import JSONResponse

from backend import audit
from backend.deps import ClerkPlus, ClockDep, DbDep, OfficeDay
from backend.dossiers import leases, ledger, ledger_book
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


@router.get("/ledger/book", response_class=Response,
            responses={200: {"content": {"application/json": {},
                                         **{t: {} for t in TYPES.values()}}},
                       422: {"description": "bad period"}})
def get_book(user: ClerkPlus, db: DbDep, clock: ClockDep,
             first: Annotated[OfficeDay | None, Query(alias="from")] = None,
             last: Annotated[OfficeDay | None, Query(alias="to")] = None,
             field: Annotated[str | None, Query(max_length=200)] = None,
             kind: Annotated[Literal["json", "csv", "xlsx"], Query(alias="format")] = "json",
             ) -> Response:
    """Form 07, one book per field (lĩnh vực) over a period (default: this month)."""
    today = office_today(clock)
    last = last or today
    first = first or last.replace(day=1)
    if first > last or (last - first).days >= ledger_book.MAX_DAYS:
        raise HTTPException(422, f"Khoảng ngày không hợp lệ: từ ngày phải trước đến ngày, "
                                 f"tối đa {ledger_book.MAX_DAYS} ngày.")
    with db.read() as s:
        by_field = ledger_book.books(s, user.office_id, first, last, field)
    title = f"Sổ theo dõi hồ sơ từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}"
    audit.record_read(db, user.office_id, user, audit.LEDGER_EXPORTED, None,
                      day=first.isoformat(), to=last.isoformat(), format=f"book-{kind}",
                      rows=sum(len(r) for r in by_field.values()))
    if kind == "json":
        return JSONResponse({"title": title, "from": first.isoformat(), "to": last.isoformat(),
                             "books": [{"field": f, "rows": [asdict(r) for r in rows]}
                                       for f, rows in by_field.items()]},
                            headers={"Cache-Control": "no-store"})
    content = (ledger_book.to_xlsx(by_field, title) if kind == "xlsx"
               else ledger_book.to_csv(by_field, title))
    name = f"so-theo-doi-ho-so-{first.isoformat()}-{last.isoformat()}.{kind}"
    return Response(content, media_type=TYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
