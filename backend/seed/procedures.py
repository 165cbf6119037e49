"""The sample procedure catalogue from resources/seed/procedures.json (labelled sample
data), loaded through the same checks as an admin's import."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from backend import catalogue


def load_catalogue() -> list[dict[str, Any]]:
    text = resources.files("resources").joinpath("seed/procedures.json").read_text("utf-8")
    return json.loads(text)["procedures"]


def seed_procedures(s: Session) -> int:
    clean, errors = catalogue.validate(catalogue.parse_json(load_catalogue()))
    if errors:  # a broken seed file is a bug of this repository, not the office's
        raise ValueError("resources/seed/procedures.json: "
                         + "; ".join(e["message"] for e in errors))
    return catalogue.apply(s, clean).created
