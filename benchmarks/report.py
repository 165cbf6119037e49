"""A figure against its target, printed as one table at the end of the run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    """One measured figure. Every figure has a target (≤, or ≥ with `at_least`), except a
    baseline measured in the same run only to compare with (`baseline=True`)."""

    name: str
    value: float
    unit: str
    target: float | None = None
    note: str = ""
    baseline: bool = False
    at_least: bool = False  # a rate: the figure must be >= target

    def __post_init__(self) -> None:
        if self.target is None and not self.baseline:
            raise ValueError(f"figure {self.name!r} has no target")

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "baseline"
        ok = self.value >= self.target if self.at_least else self.value <= self.target
        return "OK" if ok else "OVER"


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
        target = "" if f.target is None else f"{'≥' if f.at_least else '≤'} {f.target:g} {f.unit}"
        rows.append((f.name, f"{f.value:.3f} {f.unit}", target, f.verdict, f.note))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
