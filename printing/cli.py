"""`counter-app print-sample …`: the exact bytes a printer would receive for a document
filled with demo data, to try a printer (`--out /dev/usb/lp0`) or inspect a route.

counter-app print-sample receipt --width 58 --mode cp1258 --out r.bin --png r.png
counter-app print-sample test --width 80 --mode tcvn3 --profile TM-T88V --out t.bin
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import PrinterError
from .layout import Block
from .settings import PrinterSettings, SettingsError

DOCUMENTS = ("ticket", "receipt", "supplement", "refusal", "return", "apology", "stop",
             "control", "ledger", "test")
# A4 layouts where the paper form differs from the roll's (a table instead of blocks).
_A4 = {"control": ("control", "control_a4_layout", False),
       "ledger": ("ledger_book", "ledger_book_a4_layout", True)}
# The job kind (printing.documents module) behind each sample name.
_KIND = {"return": "result_return", "ledger": "ledger_book"}


def _demo(document: str) -> tuple[Any, Callable[[Any], list[Block]]]:
    if document == "ticket":
        from .documents.ticket import demo_ticket, ticket_layout

        return demo_ticket(priority=True), ticket_layout
    if document == "receipt":
        from .documents.receipt import demo_receipt, receipt_layout

        return demo_receipt(), receipt_layout
    if document == "supplement":
        from .documents.supplement import demo_supplement, supplement_layout

        return demo_supplement(), supplement_layout
    if document == "refusal":
        from .documents.refusal import demo_refusal, refusal_layout

        return demo_refusal(), refusal_layout
    if document == "apology":
        from .documents.apology import apology_layout, demo_apology

        return demo_apology(), apology_layout
    if document == "stop":
        from .documents.stop import demo_stop, stop_layout

        return demo_stop(), stop_layout
    if document == "control":
        from .documents.control import control_layout, demo_control

        return demo_control(), control_layout
    if document == "ledger":
        from .documents.ledger_book import demo_ledger_book, ledger_book_layout

        return demo_ledger_book(), ledger_book_layout
    from .documents.result_return import demo_result_return, result_return_layout

    return demo_result_return(), result_return_layout


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="counter-app", description=(__doc__ or "").splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("print-sample", help="ghi ra tệp đúng các byte máy in nhận cho một mẫu in")
    s.add_argument("document", choices=DOCUMENTS)
    s.add_argument("--width", type=int, choices=(58, 80), default=80, help="khổ giấy, mm")
    s.add_argument("--mode", choices=("raster", "tcvn3", "cp1258"), default="raster")
    s.add_argument("--profile", default="default", help="tên cấu hình python-escpos")
    s.add_argument("--code-page", type=int, help="số bảng mã ESC t (mặc định: theo cấu hình)")
    s.add_argument("--copies", type=int, choices=(1, 2), default=1)
    s.add_argument("--out", required=True, help="tệp (hoặc thiết bị) nhận các byte")
    s.add_argument("--pdf", help="thêm bản A4 dạng PDF")
    s.add_argument("--png", help="thêm hình xem trước")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        settings = PrinterSettings.from_dict({
            "name": "Mẫu in thử", "kind": "file", "path": args.out, "paper_mm": args.width,
            "profile": args.profile, "text_route": args.mode, "code_page": args.code_page,
            "copies": args.copies,
        })
        jobs, blocks = _jobs(args.document, settings)
        data = b"".join(job.data for job in jobs)
        Path(args.out).write_bytes(data)
        if args.png:
            _stack([job.image for job in jobs]).save(args.png)
        if args.pdf:
            _pdf(args.document, blocks, args.pdf, jobs[0].title)
    except SettingsError as exc:
        for field, message in exc.errors.items():
            print(f"{field}: {message}", file=sys.stderr)
        return 2
    except PrinterError as exc:
        print(f"{exc.reason_code}: {exc.message_vi}", file=sys.stderr)
        return 2
    page = settings.resolved_code_page()
    route = args.mode if page is None else f"{args.mode}, ESC t {page}"
    print(f"{args.document}: {len(data)} byte ({route}, {settings.width_dots} điểm) -> {args.out}",
          file=sys.stderr)
    return 0


def _jobs(document: str, settings: PrinterSettings) -> tuple[list[Any], list[Block]]:
    from .documents.copies import labelled_copies
    from .service import job_for, printer_test_job

    if document == "test":
        from .documents.printer_test import demo_printer_test, printer_test_layout

        job = printer_test_job(settings, now=demo_printer_test().printed_at)
        return [job], printer_test_layout(demo_printer_test())
    data, layout = _demo(document)
    if hasattr(data, "copy_label") and settings.copies == 2:
        pairs = list(labelled_copies(data, layout, 2))
    else:
        pairs = [(data, layout(data))]
    jobs = [job_for(settings, _KIND.get(document, document), item.job_title, blocks) for item, blocks in pairs]
    return jobs, pairs[-1][1]


def _pdf(document: str, blocks: list[Block], path: str, title: str) -> None:
    import importlib

    from .pdf import blocks_pdf

    landscape = False
    if document in _A4:
        module, name, landscape = _A4[document]
        data, _ = _demo(document)
        blocks = getattr(importlib.import_module(f"printing.documents.{module}"), name)(data)
    blocks_pdf(blocks, path, title=title, landscape=landscape)


def _stack(images: list[Any]) -> Any:
    from PIL import Image

    out = Image.new("1", (images[0].width, sum(i.height for i in images)), 1)
    y = 0
    for image in images:
        out.paste(image, (0, y))
        y += image.height
    return out


if __name__ == "__main__":
    sys.exit(main())
