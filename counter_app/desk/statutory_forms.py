"""Printable data for forms 04, 05, 06 and 07, from what the backend recorded: the
number the backend gave the form, the dossier's times in office time, the clerk's name."""

from __future__ import annotations

from typing import Any

from counter_app.client.dossier_timeline import ControlSheet
from counter_app.client.models import Dossier, Office
from counter_app.desk.form_data import print_office
from counter_app.domain.clock import office_now

APOLOGY, STOP, CONTROL, LEDGER_BOOK = "apology", "stop", "control", "ledger_book"


def _last(d: Dossier, kind: str, statuses: tuple[str, ...] = ()) -> Any:
    for step in reversed(d.history):
        if step.kind == kind and (not statuses or step.status in statuses):
            return step
    raise ValueError(f"dossier {d.code} has no {kind} step")


def apology_data(d: Dossier, office: Office | None, clerk: str):
    from printing.documents.apology import ApologyData

    step = _last(d, "extension")
    return ApologyData(
        office=print_office(office), number=step.form_no or "", issued_at=step.at,
        dossier_code=d.code, procedure_name=d.procedure.name,
        applicant_name=str(d.applicant.get("full_name") or ""),
        applicant_id_number=str(d.applicant.get("id_number") or ""),
        received_at=d.received_at, original_due_at=d.original_due_at or d.due_at,
        new_due_at=d.due_at, reason=step.note or "", head_name="")


def stop_data(d: Dossier, office: Office | None, clerk: str):
    from printing.documents.stop import StopData

    step = _last(d, "status", ("withdrawn", "stopped"))
    return StopData(
        office=print_office(office), number=step.form_no or "", issued_at=step.at,
        dossier_code=d.code, procedure_name=d.procedure.name,
        applicant_name=str(d.applicant.get("full_name") or ""),
        applicant_id_number=str(d.applicant.get("id_number") or ""),
        received_at=d.received_at, kind=step.status, reason=step.note or "",
        clerk_name=step.by or clerk)


def control_data(sheet: ControlSheet, office: Office | None):
    from printing.documents.control import ControlData, HandOver

    return ControlData(
        office=print_office(office), issued_at=office_now(), dossier_code=sheet.code,
        procedure_name=sheet.procedure, resolving_agency=sheet.resolving_agency,
        cooperating_units=sheet.cooperating_units, received_at=sheet.received_at,
        due_at=sheet.due_at,
        rows=tuple(HandOver(r.from_unit, r.to_unit, r.at, r.result, r.note or "", r.by)
                   for r in sheet.rows))


def ledger_books(body: dict[str, Any], office: Office | None) -> list[Any]:
    """One LedgerBookData per field from GET /ledger/book's JSON."""
    from printing.documents.ledger_book import BookRow, LedgerBookData

    period = f"từ {_day(body['from'])} đến {_day(body['to'])}"
    return [LedgerBookData(
        office=print_office(office), field=book["field"], period=period,
        printed_at=office_now(),
        rows=tuple(BookRow(**{k: r[k] for k in BookRow.__dataclass_fields__})
                   for r in book["rows"])) for book in body.get("books") or ()]


def _day(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"
