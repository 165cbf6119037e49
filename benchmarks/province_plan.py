"""The province's working hour, planned in advance from a fixed seed (an open-loop schedule:
the pace is the province's, whatever the server answers).

The numbers, per office and per hour (a busy morning hour of a district-level one-stop
centre with 20 counters, one per department, most of them serving a couple of citizens an
hour, as the centres' published daily counts of 200-400 citizens suggest):
- TICKETS citizens take a ticket at the kiosk, one in each of TICKETS equal slots of the
  hour at a random moment of its slot (evenly paced, jittered);
- each walks to the lobby and is called (call-next) by the counter that is free first,
  sits down (start), is served, and leaves (finish);
- one in four leaves a dossier: the clerk checks the chip card (identity verify) and saves
  the dossier (linked to the ticket) part-way through the service;
- the office's lobby display follows the office's events all hour.
Every counter serves every service (a one-stop counter takes any citizen), so a counter's
call-next always finds the oldest waiting ticket.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

HOUR_S = 3600.0
TICKETS = 40
DOSSIERS = 10
WALK_S = (20.0, 60.0)        # ticket in hand -> called, when a counter is free
TO_SEAT_S = (15.0, 45.0)     # called -> sits down at the counter
SERVICE_S = (180.0, 480.0)   # sits down -> leaves
WRAP_UP_S = (5.0, 15.0)      # the clerk's pause before calling the next citizen
DOSSIER_AT = (0.4, 0.8)      # share of the service time when the dossier is saved
SERVICES = (("HT", 0.5), ("DD", 0.2), ("KD", 0.15), ("TKQ", 0.15))


@dataclass(frozen=True)
class Visit:
    """One citizen, times in seconds of the (uncompressed) hour."""

    office: int       # index into the seeded offices
    service: str
    issue_at: float
    counter: int      # counter number, 1-based
    call_at: float
    start_at: float
    finish_at: float
    dossier_at: float | None


def _office(rng: random.Random, office: int, counters: int) -> list[Visit]:
    slot = HOUR_S / TICKETS
    codes, weights = [c for c, _ in SERVICES], [w for _, w in SERVICES]
    with_dossier = set(rng.sample(range(TICKETS), DOSSIERS))
    free_at = [0.0] * counters
    out = []
    for k in range(TICKETS):
        issue = (k + rng.random()) * slot
        ready = issue + rng.uniform(*WALK_S)
        idle = [n for n in range(counters) if free_at[n] <= ready]
        n = rng.choice(idle) if idle else min(range(counters), key=free_at.__getitem__)
        call = max(ready, free_at[n])
        start = call + rng.uniform(*TO_SEAT_S)
        service = rng.uniform(*SERVICE_S)
        dossier = start + service * rng.uniform(*DOSSIER_AT) if k in with_dossier else None
        finish = start + service
        free_at[n] = finish + rng.uniform(*WRAP_UP_S)
        out.append(Visit(office, rng.choices(codes, weights)[0], issue, n + 1, call, start,
                         finish, dossier))
    return out


def plan(offices: int, counters: int, seed: int) -> list[Visit]:
    """Every visit of the hour, each office with its own stream of the seeded generator."""
    return [v for i in range(offices)
            for v in _office(random.Random(seed * 1_000 + i), i, counters)]
