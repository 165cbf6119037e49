"""Demo data, loaded once into an empty database when the server starts with --demo."""

from __future__ import annotations

import logging

from sqlalchemy import select

from backend import models
from backend.db import Database

log = logging.getLogger(__name__)


def seed_demo(db: Database) -> bool:
    """Seed if no office exists yet; False when the database already had one."""
    from backend.seed.citizens import generate
    from backend.seed.office import seed_office
    from backend.seed.procedures import seed_procedures

    with db.write() as s:  # write lock first: two servers on one file seed once
        if s.scalar(select(models.Office.id).limit(1)) is not None:
            return False
        seed_office(s)
        n_proc = seed_procedures(s)
        people = [models.Citizen(**p.__dict__) for p in generate()]
        s.add_all(people)
    log.info("demo data seeded: 1 office, %d procedures, %d registry citizens",
             n_proc, len(people))
    return True
