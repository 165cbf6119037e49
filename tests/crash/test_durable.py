"""Nothing lost on any PC (issue 11, items 6 and 7), with real processes: a counter on a
PC without an OS keyring receives while its backend is down and is killed; a new process
drains the dossier to the backend exactly once. The same outbox pointed at another
backend database never prints or sends a number leased from the first one."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.client.live import Revivable

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL of itself")]
ROOT = Path(__file__).resolve().parents[2]


def counter(action: str, live: Revivable, data_dir: Path, arg: str = "", *,
            killed: bool = False) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = subprocess.run([sys.executable, "-m", "tests.crash.durable_child", action,
                           live.base_url, str(data_dir), arg], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    expected = -signal.SIGKILL if killed else 0
    assert proc.returncode == expected, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def notes_on(live: Revivable) -> dict[str, list[str]]:
    con = sqlite3.connect(live.folder / "backend.sqlite3")
    try:
        rows = con.execute("SELECT note, code FROM dossiers WHERE note LIKE 'durable-%'")
        out: dict[str, list[str]] = {}
        for note, code in rows:
            out.setdefault(note, []).append(code)
        return out
    finally:
        con.close()


def database_id(live: Revivable) -> str:
    with live.http() as c:
        return c.get("/health").json()["database_id"]


def card(live: Revivable) -> str:
    with live.http() as c:
        cards = c.get("/demo/cards", params={"limit": 10}).json()
    return next(x["payload"] for x in cards if x["expect"] == "matched")


def other_counter_receives(live: Revivable, payload: str, n: int) -> set[str]:
    """Another counter of the new database receives `n` dossiers online."""
    from tests.client.live import draft

    codes = set()
    with live.http("canbo2") as c:
        for i in range(n):
            body = draft(payload, note=f"other-{i}").to_json()
            r = c.post("/dossiers", json=body, headers={"Idempotency-Key": f"other-{i:04d}"})
            assert r.status_code == 201, r.text
            codes.add(r.json()["code"])
    return codes


def test_no_keyring_kill_restart_and_a_second_database(tmp_path):
    pc = tmp_path / "counter"
    x = Revivable(tmp_path / "backend-x").start()
    y = Revivable(tmp_path / "backend-y")
    y.port = x.port  # the same address, another database behind it
    try:
        payload = card(x)
        assert counter("sign-in", x, pc)["key_home"] == "file"
        x_id = database_id(x)

        # Item 6: received while the backend is down, then the PC dies.
        x.stop()
        got = counter("receive-offline", x, pc, f"{payload}#durable-x", killed=True)
        assert got["waiting"]
        x_code = got["code"]

        # Item 7: the address now leads to a new database, whose own counters already
        # used the first numbers of the day, the same numbers this PC holds from X.
        y.start()
        assert database_id(y) != x_id
        y_codes = other_counter_receives(y, payload, 45)
        assert x_code in y_codes  # the trap: Y gave X's number to someone else
        sent = counter("send", y, pc)
        assert sent["held"] == [x_code] and sent["conflicts"] == []
        assert sent["unreadable"] == 0 and sent["pending"] == 1
        assert "durable-x" not in notes_on(y)  # never replayed into the wrong database
        late = counter("receive-after-losing-it", y, pc, f"{payload}#durable-y")
        assert late["code"] not in y_codes  # a number Y leased to this PC, nobody else's
        assert counter("send", y, pc)["sent"] == [late["code"]]
        assert notes_on(y)["durable-y"] == [late["code"]]
        y.stop()

        # X is back: its dossier, received before the kill, arrives exactly once.
        x.start()
        back = counter("send", x, pc)
        assert back["sent"] == [x_code]
        assert (back["pending"], back["conflicts_left"], back["unreadable"]) == (0, 0, 0)
        assert notes_on(x) == {"durable-x": [x_code]}
        assert counter("send", x, pc)["sent"] == []  # and never again
    finally:
        x.stop()
        y.stop()
