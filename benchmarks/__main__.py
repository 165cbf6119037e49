"""python -m benchmarks [startup|reception|printing …]: prints each figure against its target."""

from __future__ import annotations

import importlib
import sys

from benchmarks.report import print_table

SUITES = ("startup", "reception", "printing_docs", "search", "queue", "stats", "outbox", "lan",
          "backup", "digitize")


def main(argv: list[str]) -> int:
    chosen = [a for a in argv if a in SUITES] or list(SUITES)
    figures = []
    for name in chosen:
        print(f"running {name}…", file=sys.stderr, flush=True)
        figures += importlib.import_module(f"benchmarks.bench_{name}").run()
    print()
    print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
