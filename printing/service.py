"""What the UI calls to print a document: layout -> picture -> bytes -> printer queue.

Rendering (~20 ms) and encoding happen on the calling thread, which is the UI's
background helper, not the printer thread: a bad document then fails at the caller with
a normal exception, and the printer thread only ever does I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future

from .documents import receipt
from .escpos_raster import raster_bytes
from .jobs import PrintJob, PrintQueue
from .layout import Block
from .render_raster import render_raster


def build_job(
    kind: str,
    title: str,
    blocks: Sequence[Block],
    *,
    width_dots: int = 576,
    profile: str = "default",
    cut: bool = True,
) -> PrintJob:
    """Any document as a ready-to-send job (forms 02/03 and tickets reuse this)."""
    image = render_raster(blocks, width_dots)
    return PrintJob(
        kind=kind, title=title, data=raster_bytes(image, cut=cut, profile=profile), image=image
    )


def print_receipt(
    data: receipt.ReceiptData,
    queue: PrintQueue,
    *,
    width_dots: int = 576,
    profile: str = "default",
) -> Future[PrintJob]:
    job = build_job(
        receipt.KIND,
        data.job_title,
        receipt.receipt_layout(data),
        width_dots=width_dots,
        profile=profile,
    )
    return queue.submit(job)
