"""Demo data, loaded when the server starts with --demo.

Every step fills only an empty table: a fresh database gets everything, a demo database
from an older version gets what is new (the queue), an existing one is left alone.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from backend import models
from backend.db import Database
from backend.seed.citizens import generate
from backend.seed.office import seed_office
from backend.seed.procedures import seed_procedures
from backend.seed.queue import seed_queue

log = logging.getLogger(__name__)


def seed_demo(db: Database) -> bool:
    """False when nothing was missing."""
    done: list[str] = []
    with db.write() as s:  # write lock first: two servers on one file seed once
        office = s.scalar(select(models.Office).order_by(models.Office.id).limit(1))
        if office is None:
            office = seed_office(s)
            done.append("office")
        if s.scalar(select(models.Procedure.code).limit(1)) is None:
            done.append(f"{seed_procedures(s)} procedures")
        if s.scalar(select(models.Citizen.id_number).limit(1)) is None:
            people = [models.Citizen(**p.__dict__) for p in generate()]
            s.add_all(people)
            done.append(f"{len(people)} registry citizens")
        done += seed_queue(s, office)
    if done:
        log.info("demo data seeded: %s", ", ".join(done))
    return bool(done)
