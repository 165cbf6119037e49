"""A figure against its target, printed as one table at the end of the run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None  # the figure must be <= target
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "—"
        return "OK" if self.value <= self.target else "OVER"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def print_table(figures: list[Figure]) -> None:
    rows = [("figure", "value", "target", "verdict", "note")]
    for f in figures:
        target = "" if f.target is None else f"≤ {f.target:g} {f.unit}"
        rows.append((f.name, f"{f.value:.3f} {f.unit}", target, f.verdict, f.note))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
