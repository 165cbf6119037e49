"""python -m benchmarks [startup|reception|printing …]: prints each figure against its target."""

from __future__ import annotations

import importlib
import sys

from benchmarks.report import print_table

SUITES = ("startup", "reception", "printing_docs", "search", "queue", "queue_pg", "memory", "callnext",
          "dossier_load", "stats", "outbox", "lan", "backup", "digitize", "province")


def main(argv: list[str]) -> int:
    """--check: exit 1 when any figure is over its target (not run in CI: timings on a
    shared 2-core machine are noisy; the check is there for people)."""
    unknown = [a for a in argv if a not in SUITES and a != "--check"]
    if unknown:
        print(f"unknown: {' '.join(unknown)}; suites: {' '.join(SUITES)}", file=sys.stderr)
        return 2
    chosen = [a for a in argv if a in SUITES] or list(SUITES)
    figures = []
    for name in chosen:
        print(f"running {name}…", file=sys.stderr, flush=True)
        figures += importlib.import_module(f"benchmarks.bench_{name}").run()
    print()
    print_table(figures)
    over = [f.name for f in figures if f.verdict == "OVER"]
    if "--check" in argv and over:
        print(f"\n{len(over)} figure(s) over target: {'; '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
