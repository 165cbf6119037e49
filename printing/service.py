"""What the UI calls to print a document: layout -> bytes (picture or text) -> queue.

Rendering (~20 ms) and encoding happen on the calling thread, which is the UI's
background helper, not the printer thread: a bad document then fails at the caller with
a normal exception, and the printer thread only ever does I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from counter_app.domain.clock import office_now

from .codepages import codec
from .documents import receipt
from .documents.copies import labelled_copies
from .documents.printer_test import SamplePageData, printer_test_layout
from .escpos_raster import raster_bytes
from .jobs import PrintJob, PrintQueue
from .layout import Block
from .render_raster import render_raster
from .render_text import TextOptions, render_text
from .settings import PrinterSettings

PREVIEW_NOTE = (
    "Hình xem trước gần đúng: máy in dùng phông chữ riêng của nó cho chế độ in chữ."
)


def build_job(
    kind: str,
    title: str,
    blocks: Sequence[Block],
    *,
    width_dots: int = 576,
    profile: str = "default",
    cut: bool = True,
    route: str = "raster",
    code_page: int | None = None,
    native_qr: bool = True,
    columns: int | None = None,
    dossier_code: str | None = None,
) -> PrintJob:
    """Any document as a ready-to-send job. route "raster" (default) sends the picture;
    "tcvn3"/"cp1258" send ESC/POS text and keep a raster rendering as an approximate
    preview. code_page None takes the profile's page for the route."""
    image = render_raster(blocks, width_dots)
    if route == "raster":
        data = raster_bytes(image, cut=cut, profile=profile)
        return PrintJob(kind=kind, title=title, data=data, image=image,
                        dossier_code=dossier_code)
    from .profiles import columns as profile_columns
    from .profiles import default_code_page, profile_info

    info = profile_info(profile)
    page = code_page if code_page is not None else default_code_page(profile, route)
    options = TextOptions(
        codec=codec(route, page),  # type: ignore[arg-type]
        columns=columns or profile_columns(profile, width_dots),
        width_dots=width_dots,
        native_qr=native_qr and info.supports_qr,
        cut=cut and info.cuts,
    )
    return PrintJob(
        kind=kind,
        title=title,
        data=render_text(blocks, options),
        image=image,
        route=route,
        approximate_preview=True,
        dossier_code=dossier_code,
    )


def job_for(settings: PrinterSettings, kind: str, title: str, blocks: Sequence[Block],
            dossier_code: str | None = None) -> PrintJob:
    """build_job with everything taken from the printer's settings."""
    return build_job(
        kind,
        title,
        blocks,
        dossier_code=dossier_code,
        width_dots=settings.width_dots,
        profile=settings.profile,
        cut=settings.cutter,
        route=settings.text_route,
        code_page=settings.code_page,
        native_qr=settings.qr_route == "native",
    )


def print_document(
    data: Any,
    layout: Callable[[Any], list[Block]],
    kind: str,
    queue: PrintQueue,
    settings: PrinterSettings,
) -> list[Future[PrintJob]]:
    """Any form with a copy_label field (receipt, supplement, refusal, return), in
    settings.copies labelled copies, office copy first; one job per copy, each queued as
    soon as it is rendered."""
    return [queue.submit(job) for job in _copy_jobs(data, layout, kind, settings)]


def document_jobs(
    data: Any,
    layout: Callable[[Any], list[Block]],
    kind: str,
    settings: PrinterSettings,
) -> list[PrintJob]:
    """print_document's jobs, every copy rendered, none queued: a receipt is rendered
    while the backend records its dossier, and queued only once it has
    (counter_app/desk/printer.py)."""
    return list(_copy_jobs(data, layout, kind, settings))


def _copy_jobs(
    data: Any, layout: Callable[[Any], list[Block]], kind: str, settings: PrinterSettings
) -> Iterator[PrintJob]:
    copies = settings.copies if hasattr(data, "copy_label") else 1
    pairs = labelled_copies(data, layout, copies) if copies == 2 else [(data, layout(data))]
    for item, blocks in pairs:
        yield job_for(settings, kind, item.job_title, blocks,
                      getattr(item, "dossier_code", None) or None)


def print_receipt(
    data: receipt.ReceiptData,
    queue: PrintQueue,
    *,
    width_dots: int = 576,
    profile: str = "default",
    settings: PrinterSettings | None = None,
) -> Future[PrintJob]:
    """One receipt as given (its copy_label included); settings, when given, override
    width_dots and profile and choose the text route."""
    blocks = receipt.receipt_layout(data)
    if settings is not None:
        return queue.submit(job_for(settings, receipt.KIND, data.job_title, blocks,
                                    data.dossier_code))
    job = build_job(receipt.KIND, data.job_title, blocks, width_dots=width_dots, profile=profile,
                    dossier_code=data.dossier_code)
    return queue.submit(job)


def printer_test_job(settings: PrinterSettings, now: datetime | None = None) -> PrintJob:
    """The test page for these settings: the clerk prints it from the settings page."""
    page = settings.resolved_code_page()
    route_label = {"raster": "Ảnh raster (đúng trên mọi máy)", "tcvn3": "Chữ TCVN-3",
                   "cp1258": "Chữ CP1258 (dấu thanh tách rời)"}[settings.text_route]
    data = SamplePageData(
        printer_name=settings.name,
        route_label=route_label,
        code_page="không dùng (in ảnh)" if page is None else f"ESC t {page}",
        width_dots=settings.width_dots,
        columns=settings.columns,
        printed_at=now or office_now(),
    )
    return job_for(settings, "test", data.job_title, printer_test_layout(data))
