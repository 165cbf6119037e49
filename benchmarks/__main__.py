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
    before = set(leftover_children())  # whatever already ran beside us is not ours
    for name in chosen:
        print(f"running {name}…", file=sys.stderr, flush=True)
        figures += importlib.import_module(f"benchmarks.bench_{name}").run()
    print()
    print_table(figures)
    over = [f.name for f in figures if f.verdict == "OVER"]
    left = [p for p in leftover_children() if p not in before]
    if left:  # a benchmark must stop what it started (issue 16: one left a backend running)
        print(f"\nprocesses left running by the benchmarks: {'; '.join(left)}", file=sys.stderr)
    if "--check" in argv and (over or left):
        if over:
            print(f"\n{len(over)} figure(s) over target: {'; '.join(over)}", file=sys.stderr)
        return 1
    return 0


def leftover_children() -> list[str]:
    """Processes this one started that still run (Linux /proc; none known elsewhere)."""
    import os
    from pathlib import Path

    me, out = str(os.getpid()), []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == me and fields.get("State", "")[:1] != "Z":
            cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"multiprocessing.resource_tracker" in cmdline:
                continue  # Python's own: ends when this process does (its pipe closes)
            out.append(f"{status.parent.name} {cmdline.decode(errors='replace')[:80]}")
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
