"""Procedure search per keystroke over 2,000 procedures (target ≤ 20 ms)."""

from __future__ import annotations

import random
import time

from benchmarks.report import Figure, percentile

WORDS = ("đăng ký", "khai sinh", "kết hôn", "chứng thực", "bản sao", "thường trú", "đất đai",
         "cấp giấy", "hộ kinh doanh", "xây dựng", "giấy phép", "điều chỉnh", "thay đổi",
         "nuôi con nuôi", "giám hộ", "quyền sử dụng", "tạm trú", "di chuyển", "lao động")


def run() -> list[Figure]:
    from counter_app.domain.search import ProcedureIndex

    rnd = random.Random(7)
    catalogue = [(f"{rnd.randint(1, 3)}.{rnd.randint(0, 999999):06d}",
                  " ".join(rnd.sample(WORDS, 4)).capitalize(), rnd.choice(WORDS))
                 for _ in range(2000)]
    t0 = time.perf_counter()
    index = ProcedureIndex(catalogue, code=lambda p: p[0], name=lambda p: p[1],
                           field=lambda p: p[2])
    build_ms = (time.perf_counter() - t0) * 1000
    typed = "dang ky khai sinh"
    times = []
    for _ in range(20):
        for i in range(1, len(typed) + 1):  # every keystroke of the query
            t0 = time.perf_counter()
            index.search(typed[:i])
            times.append((time.perf_counter() - t0) * 1000)
    return [
        Figure("search index build, 2,000 procedures", build_ms, "ms", 500,
               "once per catalogue load, off the UI thread"),
        Figure("search per keystroke p95, 2,000 procedures", percentile(times, 0.95), "ms", 20),
    ]
