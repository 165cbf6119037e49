"""The sample procedure catalogue from resources/seed/procedures.json."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from backend import models


def load_catalogue() -> list[dict[str, Any]]:
    text = resources.files("resources").joinpath("seed/procedures.json").read_text("utf-8")
    return json.loads(text)["procedures"]


def seed_procedures(s: Session) -> int:
    items = load_catalogue()
    for p in items:
        s.add(models.Procedure(
            code=p["code"], name=p["name"], field=p["field"],
            processing_days=p["processing_days"], processing_unit=p["processing_unit"],
            cutoff=p.get("cutoff"), fee=p["fee"], documents=p["documents"],
            result_delivery=p["result_delivery"], sample=bool(p.get("sample")),
        ))
    return len(items)
