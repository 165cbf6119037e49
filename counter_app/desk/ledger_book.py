"""Save form 07 (sổ theo dõi hồ sơ) where the clerk chose: the backend's XLSX or CSV as it
is, or an A4 landscape PDF printed here from the rows, one book (field) after another."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from counter_app.atomic_file import replace_file
from counter_app.client.api import ApiClient
from counter_app.client.dossier_timeline import ledger_book
from counter_app.client.models import Office
from counter_app.desk.statutory_forms import ledger_books


def _pdf(body: dict[str, Any], office: Office | None) -> bytes:
    import pikepdf

    from printing.pdf import ledger_book_pdf

    books = ledger_books(body, office)
    if not books:
        from printing.documents.ledger_book import LedgerBookData

        books = [LedgerBookData(books_office(office), "Tất cả lĩnh vực",
                                f"từ {body['from']} đến {body['to']}", _now(), ())]
    out = pikepdf.new()
    with tempfile.TemporaryDirectory(prefix="so-theo-doi-") as tmp:
        for n, book in enumerate(books):
            part = Path(tmp) / f"{n}.pdf"
            ledger_book_pdf(book, part)
            with pikepdf.open(part) as src:
                out.pages.extend(src.pages)
        buf = io.BytesIO()
        out.save(buf)
    return buf.getvalue()


def books_office(office: Office | None) -> Any:
    from counter_app.desk.form_data import print_office

    return print_office(office)


def _now() -> Any:
    from counter_app.domain.clock import office_now

    return office_now()


def save_ledger_book(api: ApiClient, first: date, last: date, field: str | None,
                     path: Path, office: Office | None) -> Path:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        body = ledger_book(api, first, last, field, "json")
        assert isinstance(body, dict)
        data = _pdf(body, office)
    else:
        raw = ledger_book(api, first, last, field, "csv" if suffix == ".csv" else "xlsx")
        assert isinstance(raw, bytes)
        data = raw
    replace_file(path, data)  # whole or not at all: never a half-written book
    return path
