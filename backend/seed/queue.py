"""Demo queue: services A-D, which counter calls which, device accounts, the strategy.

Each step only fills an empty table (for this office), so a demo database created before
the queue existed (revision 0001) gets the queue on its next start, and nothing is ever
seeded twice or over an admin's changes.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models
from backend.security import hash_password


def load() -> dict[str, Any]:
    return json.loads(resources.files("resources").joinpath("seed/queue.json")
                      .read_text("utf-8"))


def device_accounts() -> list[tuple[str, str, str]]:
    return [(d["username"], d["role"], d["full_name"]) for d in load()["devices"]]


def seed_queue(s: Session, office: models.Office) -> list[str]:
    """The steps that ran (empty when everything was already there)."""
    data, done = load(), []
    has_services = s.scalar(select(models.Service.id).where(
        models.Service.office_id == office.id).limit(1)) is not None
    if not has_services:
        for sv in data["services"]:
            s.add(models.Service(office_id=office.id, active=True, **sv))
        st = data["strategy"]
        office.queue_mode, office.queue_ratio = st["mode"], st.get("ratio", 2)
        s.flush()
        done.append("services")
    counter_ids = select(models.Counter.id).where(models.Counter.office_id == office.id)
    if s.scalar(select(models.CounterService.counter_id).where(
            models.CounterService.counter_id.in_(counter_ids)).limit(1)) is None:
        by_code = {sv.code: sv for sv in s.scalars(select(models.Service).where(
            models.Service.office_id == office.id))}
        for c in s.scalars(select(models.Counter).where(models.Counter.office_id == office.id)):
            c.services = [by_code[code] for code in data["counters"].get(str(c.number), [])
                          if code in by_code]
        done.append("counter services")
    roles = set(s.scalars(select(models.User.role).where(models.User.office_id == office.id)))
    for username, role, full_name in device_accounts():
        taken = s.scalar(select(models.User.id).where(models.User.username == username))
        if role not in roles and taken is None:
            s.add(models.User(office_id=office.id, username=username, full_name=full_name,
                              role=role, password_hash=hash_password(username), active=True))
            done.append(username)
    return done
