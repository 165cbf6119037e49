"""Two labelled copies of a form: one kept by the office, one handed to the applicant."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, TypeVar

from printing.layout import Block

from . import texts

D = TypeVar("D", bound=Any)


def copy_labels(copies: int) -> tuple[str | None, ...]:
    """1 -> (None,): a single slip carries no label; 2 -> both labels from forms.json."""
    if copies == 1:
        return (None,)
    if copies == 2:
        return texts.copy_labels()
    raise ValueError(f"copies must be 1 or 2, not {copies}")


def labelled_copies(
    data: D, layout: Callable[[D], list[Block]], copies: int = 2
) -> Iterator[tuple[D, list[Block]]]:
    """(data with its copy_label, layout) per copy, office copy first. `data` is any
    document dataclass with a copy_label field."""
    for label in copy_labels(copies):
        labelled = replace(data, copy_label=label)
        yield labelled, layout(labelled)
