"""Titles, legal references and fixed wording of the printed forms, read from forms.json.

The legal texts behind forms 01-03 are unverified (docs/domain.md); keeping them as data lets
an office correct a title or a circular number without touching any drawing code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_DEFAULT = Path(__file__).with_name("forms.json")
_override: Path | None = None


@dataclass(frozen=True)
class FormText:
    code: str  # "Mẫu số 01", empty for slips that are not legal forms
    title: str
    legal_basis: str
    verified: bool


def use_texts_file(path: Path | None) -> None:
    """Read form texts from an office's own JSON (same shape as forms.json); None resets."""
    global _override
    _override = path
    _load.cache_clear()


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    base = json.loads(_DEFAULT.read_text(encoding="utf-8"))
    if _override is not None:
        extra = json.loads(_override.read_text(encoding="utf-8"))
        forms = {**base["forms"]}
        for kind, values in extra.get("forms", {}).items():
            forms[kind] = {**forms.get(kind, {}), **values}
        base = {**base, **extra, "forms": forms}
    return base


def form(kind: str) -> FormText:
    values = _load()["forms"][kind]
    return FormText(
        code=values.get("code", ""),
        title=values["title"],
        legal_basis=values.get("legal_basis", ""),
        verified=bool(values.get("verified", False)),
    )


def motto() -> tuple[str, str]:
    first, second = _load()["motto"]
    return first, second


def copy_labels() -> tuple[str, str]:
    first, second = _load()["copy_labels"]
    return first, second


def signature_note() -> str:
    return str(_load()["signature_note"])
