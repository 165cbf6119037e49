"""Every printed document: render time per width, bytes per route, and job submit -> last
byte at a loopback network printer (status check included)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from benchmarks.report import Figure, percentile


def _documents() -> dict[str, tuple[Any, Callable[[Any], list[Any]]]]:
    from printing.documents.printer_test import demo_printer_test, printer_test_layout
    from printing.documents.receipt import demo_receipt, receipt_layout
    from printing.documents.refusal import demo_refusal, refusal_layout
    from printing.documents.result_return import demo_result_return, result_return_layout
    from printing.documents.supplement import demo_supplement, supplement_layout
    from printing.documents.ticket import demo_ticket, ticket_layout

    return {
        "ticket": (demo_ticket(), ticket_layout),
        "receipt": (demo_receipt(), receipt_layout),
        "supplement": (demo_supplement(), supplement_layout),
        "refusal": (demo_refusal(), refusal_layout),
        "return": (demo_result_return(), result_return_layout),
        "test": (demo_printer_test(), printer_test_layout),
    }


def _render_times(rounds: int) -> list[Figure]:
    """Receipts: a day's worth, each new to the renderer (receipt_day.py). The other
    documents: their demo, with the rendered-text cache emptied before each render, so
    nothing but the fonts is reused. Every document is drawn while the clerk waits."""
    from benchmarks.receipt_day import receipts
    from printing.documents.receipt import receipt_layout
    from printing.render_raster import render_raster
    from printing.text_masks import forget

    figures = []
    day = receipts(2 * (rounds + 10))
    for name, (data, layout) in _documents().items():
        for width in (576, 384):
            render_raster(layout(data), width)  # fonts loaded once per process, as in the app
            times = []
            if name == "receipt":
                batch = day[:rounds + 10] if width == 576 else day[rounds + 10:]
                for warm in batch[:10]:  # the office's first dossiers of the day
                    render_raster(receipt_layout(warm), width)
                for item in batch[10:]:
                    t0 = time.perf_counter()
                    render_raster(receipt_layout(item), width)
                    times.append((time.perf_counter() - t0) * 1000)
                note = f"{rounds} different receipts"
            else:
                for _ in range(rounds):
                    forget()
                    t0 = time.perf_counter()
                    render_raster(layout(data), width)
                    times.append((time.perf_counter() - t0) * 1000)
                note = "nothing cached but the fonts"
            figures.append(Figure(f"render {name} {width} dots p95", percentile(times, 0.95),
                                  "ms", 30, f"p50 {percentile(times, 0.5):.1f} ms; {note}"))
    return figures


def _sizes() -> list[Figure]:
    """The receipt's CP1258 stream has the target (what a 115200-baud serial link carries
    within the save -> receipt budget); every other size is there to compare with."""
    from printing.service import build_job

    figures = []
    for name, (data, layout) in _documents().items():
        for route in ("raster", "tcvn3", "cp1258"):
            job = build_job(name, name, layout(data), width_dots=576, profile="default",
                            route=route)
            target = 1.5 if (name, route) == ("receipt", "cp1258") else None
            note = "native QR (GS ( k)" if route != "raster" else "GS v 0"
            if route == "tcvn3":
                note += "; capitals with tones as pictures"
            if target is None:
                note += "; for comparison"
            figures.append(Figure(f"bytes {name} 576 dots {route}", len(job.data) / 1024, "KiB",
                                  target, note, baseline=target is None))
    return figures


class _LoopbackPrinter:
    """Answers DLE EOT as a ready printer; notes when the expected number of job bytes
    has arrived."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.expect = 0
        self.done = threading.Event()
        self.last_byte_at = 0.0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        got = 0
        with conn:
            while chunk := conn.recv(65536):
                queries = chunk.count(b"\x10\x04")
                if queries:
                    conn.sendall(b"\x12" * queries)
                got += len(chunk) - 3 * queries
                if self.expect and got >= self.expect and not self.done.is_set():
                    self.last_byte_at = time.perf_counter()
                    self.done.set()

    def close(self) -> None:
        try:
            self.server.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.server.close()


def _submit_to_last_byte(rounds: int) -> list[Figure]:
    from printing.documents.receipt import demo_receipt, receipt_layout
    from printing.jobs import PrintJob, PrintQueue
    from printing.service import build_job
    from printing.transports import NetworkTransport

    figures = []
    printer = _LoopbackPrinter()
    queue = PrintQueue(NetworkTransport("127.0.0.1", printer.port, 2.0), "bench")
    try:
        for route in ("raster", "cp1258"):
            template = build_job("receipt", "r", receipt_layout(demo_receipt()), route=route)
            times = []
            for _ in range(rounds):
                printer.done.clear()
                printer.expect = len(template.data)
                job = PrintJob(template.kind, template.title, template.data)
                t0 = time.perf_counter()
                future = queue.submit(job)
                printer.done.wait(5)
                times.append((printer.last_byte_at - t0) * 1000)
                future.result(5)
            figures.append(Figure(
                f"submit -> last byte, loopback, {route} receipt p95", percentile(times, 0.95),
                "ms", 100,  # the printer's share of save → receipt (≤ 150 ms)
                f"{len(template.data) / 1024:.1f} KiB, status check first, {rounds} jobs",
            ))
    finally:
        queue.close()
        printer.close()
    return figures


def run(rounds: int = 40) -> list[Figure]:
    return _render_times(rounds) + _sizes() + _submit_to_last_byte(rounds)


if __name__ == "__main__":
    from benchmarks.report import print_table

    print_table(run())
