"""Outside demo mode the demo accounts (username = password, printed in the README and
on the demo sign-in screen) must not open the office: a database that began as a demo
and now serves a real office has them disabled on every start, with a password nobody
can type. An account an admin already gave its own password is left alone."""

from __future__ import annotations

import logging

from sqlalchemy import select

from backend import models, security
from backend.db import Database
from backend.queue.ordering import now_utc
from backend.seed.office import ACCOUNTS
from backend.seed.queue import device_accounts

log = logging.getLogger(__name__)
# Not an argon2 hash: verify_password() refuses it, so even re-enabling the account does
# not bring the demo password back; the admin sets a new one.
RETIRED = "!demo-account-retired"


def demo_usernames() -> list[str]:
    return [u for u, *_ in ACCOUNTS] + [u for u, _, _ in device_accounts()]


def retire_demo_accounts(db: Database) -> list[str]:
    """The demo accounts that were still open with their demo password, now closed."""
    with db.read() as s:
        rows = s.execute(select(models.User.id, models.User.username, models.User.password_hash)
                         .where(models.User.username.in_(demo_usernames()),
                                models.User.password_hash != RETIRED)).all()
    # One argon2 check per remaining demo name, only on a start outside demo mode.
    weak = [(uid, name) for uid, name, h in rows if security.verify_password(h, name)]
    if not weak:
        return []
    with db.write() as s:
        for uid, _ in weak:
            user = s.get_one(models.User, uid)
            user.active, user.password_hash = False, RETIRED
            for t in s.scalars(select(models.AuthToken).where(
                    models.AuthToken.user_id == uid, models.AuthToken.revoked_at.is_(None))):
                t.revoked_at = now_utc()
    names = [n for _, n in weak]
    log.warning("not in demo mode: demo accounts disabled (password = username): %s",
                ", ".join(names))
    return names
