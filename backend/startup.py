"""Bring the database to the current schema (Alembic) and seed demo data when asked."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from backend.db import Database
from backend.settings import Settings

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _at_head(db: Database) -> bool:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from backend.migrations import HEAD

    try:
        with db.engine.connect() as conn:
            versions = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
    except DBAPIError:  # no alembic_version table yet: a fresh database
        return False
    return versions == {HEAD}


def migrate(db: Database) -> bool:
    """Upgrade to head; False when there was nothing to do."""
    if _at_head(db):
        return False
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # Keep our logging config: env.py does not call fileConfig, and alembic's own INFO
    # lines ("Running upgrade ...") are useful in the server log.
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def prepare_database(db: Database, settings: Settings) -> None:
    started = time.perf_counter()
    upgraded = migrate(db)
    migrated = time.perf_counter()
    seeded = False
    if settings.demo:
        from backend.seed import seed_demo

        seeded = seed_demo(db)
    else:
        from backend.seed.retire import retire_demo_accounts

        retire_demo_accounts(db)
    from backend.security import warm_up

    warm_up()
    log.info("database ready: migrations %s in %.0f ms, demo seed %s",
             "applied" if upgraded else "up to date", (migrated - started) * 1000,
             f"{(time.perf_counter() - migrated) * 1000:.0f} ms" if seeded else "skipped")
