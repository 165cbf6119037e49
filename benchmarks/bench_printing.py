"""Receipt render time and bytes per width (raster route)."""

from __future__ import annotations

import time

from benchmarks.report import Figure, percentile


def run(rounds: int = 60) -> list[Figure]:
    from printing.documents.receipt import demo_receipt, receipt_layout
    from printing.escpos_raster import raster_bytes
    from printing.render_raster import render_raster

    data = demo_receipt()
    figures = []
    for width in (576, 384):
        blocks = receipt_layout(data)
        render_raster(blocks, width)  # fonts loaded once per process, as in the app
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            image = render_raster(receipt_layout(data), width)
            times.append((time.perf_counter() - t0) * 1000)
        size = len(raster_bytes(image))
        target = 30 if width == 576 else None
        figures.append(Figure(f"receipt render {width} dots p50", percentile(times, 0.5), "ms",
                              target, f"{rounds} renders"))
        figures.append(Figure(f"receipt bytes {width} dots (raster)", size / 1024, "KiB"))
    return figures
