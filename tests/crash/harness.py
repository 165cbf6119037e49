"""Runs tests/crash/driver.py against a real backend and reads back what happened: the
codes on the printer's paper, the dossiers in the backend's database file."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.client.live import KEY, Revivable

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(rb"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}")


@dataclass
class Outcome:
    runs: int
    kills: int
    printed: list[str]  # codes that reached the paper, in order (a reprint would repeat)
    on_backend: dict[str, str]  # code -> note, dossiers received by this harness
    notes_twice: list[str]
    pending: int
    conflicts: int
    child_errors: str
    killed_in: dict[str, int]  # phase -> runs killed during it

    @property
    def missing(self) -> list[str]:
        return [c for c in self.printed if c not in self.on_backend]

    def figures(self) -> dict:
        return {"runs": self.runs, "kills": self.kills,
                "receipts printed": len(set(self.printed)),
                "printed found on backend": len(set(self.printed) - set(self.missing)),
                "dossiers on backend": len(self.on_backend),
                "duplicates": len(self.notes_twice), "outbox left": self.pending + self.conflicts,
                "killed in": self.killed_in}


def sign_in(live: Revivable, data_dir: Path, user: str = "canbo1") -> str:
    """The clerk's morning password sign-in on this counter: the session is saved in its
    data folder (so a restart while the backend is down still opens), the token returned
    is what the app keeps in the keyring."""
    from counter_app.client.reception import open_service

    service = open_service(live.base_url, data_dir, username=user, password=user,
                           outbox_key=KEY)
    try:
        service.maintain()  # the first lease of dossier numbers, as the app does at sign-in
        return service.api.token
    finally:
        service.close()
        service.api.close()


def matched_cards(live: Revivable, n: int = 10) -> list[str]:
    with live.http() as c:
        cards = c.get("/demo/cards", params={"limit": 30}).json()
    return [x["payload"] for x in cards if x["expect"] == "matched"][:n]


def run_driver(live: Revivable, folder: Path, *, runs: int, kill_after_ms=(0, 0),
               stop_file: Path | None = None, seed: int = 1, timeout: float = 600,
               on_start=None) -> Outcome:
    """on_start(): called once the counter is set up, just before the driver starts.
    stop_file: one counter, not killed, receives until this file exists, then drains."""
    folder.mkdir(parents=True, exist_ok=True)
    data_dir = folder / "counter"
    spec = {"base_url": live.base_url, "data_dir": str(data_dir), "user": "canbo1",
            "token": sign_in(live, data_dir), "outbox_key": KEY.hex(), "procedure": "2.000908",
            "cards": matched_cards(live), "printer_file": str(folder / "printer.bin"),
            "runs": runs, "kill_after_ms": list(kill_after_ms), "stop_file": str(stop_file) if stop_file else None,
            "seed": seed, "summary": str(folder / "summary.json"),
            "final": str(folder / "final.json"), "timeout": 2.0}
    path = folder / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    if on_start is not None:
        on_start()
    proc = subprocess.run([sys.executable, "-m", "tests.crash.driver", str(path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert (folder / "final.json").exists(), f"the last counter did not finish:\n{proc.stderr[-4000:]}"
    summary = json.loads((folder / "summary.json").read_text())
    final = json.loads((folder / "final.json").read_text())
    printer = folder / "printer.bin"
    printed = [m.decode() for m in CODE.findall(printer.read_bytes())] if printer.exists() \
        else []
    con = sqlite3.connect(live.folder / "backend.sqlite3")
    try:
        rows = con.execute("SELECT code, note FROM dossiers WHERE note LIKE 'crash-%'").fetchall()
    finally:
        con.close()
    notes: dict[str, int] = {}
    for _code, note in rows:
        notes[note] = notes.get(note, 0) + 1
    killed_in: dict[str, int] = {}
    for f in (folder / "phases").glob("*.txt") if (folder / "phases").exists() else ():
        lines = f.read_text().split()
        if lines and lines[-1] != "done":
            killed_in[lines[-1]] = killed_in.get(lines[-1], 0) + 1
    return Outcome(summary["runs"], summary["kills"], printed, dict(rows),
                   sorted(n for n, k in notes.items() if k > 1), final["pending"],
                   final["conflicts"], proc.stderr, killed_in)
