"""The counter's save-and-print path in a process that gets killed (issue 7, item 2).

    python -m tests.crash.driver SPEC.json

The parent imports everything once, then forks one child per run; each child is a
counter that signs in again from its saved session, replays what the previous one left,
and receives dossiers one after another (ReceptionService.receive, then the receipt on
the text route through the real PrintQueue into a FileTransport that appends and
fsyncs) until the parent kills it with SIGKILL after a random delay. Each child's
dossiers carry "crash-<run>-<n>" in the note; nothing is retried after a kill, so two
dossiers with one note can only come from the system itself.

The last step (no kill) drains the outbox; the parent then writes a JSON summary. The
printer file is what a printer received: a receipt counts as printed when its code got
out on paper. POSIX only (fork); the same save path runs on Windows in the e2e tests.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path


def _draft(card: str, run: int, n: int, procedure: str):
    from datetime import date

    from counter_app.client.models import Applicant, DocumentLine, DossierDraft

    f = card.split("|")
    applicant = Applicant(f[0], f[2], date(int(f[3][4:]), int(f[3][2:4]), int(f[3][:2])),
                          f[4], f[5], phone="0912345678")
    return DossierDraft(procedure_code=procedure, applicant=applicant,
                        identity_outcome="matched",
                        documents=(DocumentLine("Tờ khai", 1, 0),), note=f"crash-{run}-{n}")


def _service(spec: dict):
    from counter_app.client.reception import open_service

    return open_service(spec["base_url"], Path(spec["data_dir"]), username=spec["user"],
                        token=spec["token"], outbox_key=bytes.fromhex(spec["outbox_key"]),
                        timeout=spec.get("timeout", 3.0))


def _settings(spec: dict):
    from printing.settings import PrinterSettings

    return PrinterSettings(kind="file", path=spec["printer_file"], text_route="tcvn3",
                           status_check=False)


def _printer(spec: dict):
    from counter_app.desk.printer import DeskPrinter  # its worker threads: only in a child
    from printing.transports import FileTransport

    return DeskPrinter(_settings(spec), FileTransport(spec["printer_file"]))


def counter(spec: dict, run: int) -> None:
    """A child: receive and print until killed (or until `spec["stop_file"]` exists), through
    the counter window's own use case (counter_app/desk/reception.py)."""
    from counter_app.client import errors
    from counter_app.client.api import new_idempotency_key
    from counter_app.desk.reception import receive_then_print

    phase = _Phases(spec, run)
    phase("open")
    service = _service(spec)
    phase("maintain")
    service.maintain()  # what the last counter left, and a lease top-up
    printer = _printer(spec)
    rng = random.Random(run)
    stop = Path(spec["stop_file"]) if spec.get("stop_file") else None
    n = 0
    while stop is None or not stop.exists():
        draft = _draft(rng.choice(spec["cards"]), run, n, spec["procedure"])
        n += 1
        phase("receive")
        try:
            received = receive_then_print(service, printer, draft, new_idempotency_key(),
                                          None, "Cán bộ thử")
        except errors.ApiError as exc:  # nothing recorded, nothing printed: tried again
            print(f"run {run}: receive refused ({exc.kind}): {exc.message}", file=sys.stderr,
                  flush=True)
            time.sleep(0.1)
            service.maintain()  # the counter window's health check does this every 15 s
            continue
        phase("print")
        for copy in received.printed.result(30):  # the clerk waits for the paper
            copy.result(30)
        if n % 5 == 0:
            phase("maintain")
            service.maintain()
    phase("drain")
    service.drain(timeout=60)
    phase("done")


class _Phases:
    """Appends the phase a child enters to its run's file: the last line says where the
    kill landed (write(2) reaches the page cache; a killed process loses none of it)."""

    def __init__(self, spec: dict, run: int) -> None:
        folder = Path(spec["data_dir"]).parent / "phases"
        folder.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(folder / f"{run}.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    def __call__(self, name: str) -> None:
        os.write(self.fd, name.encode() + b"\n")


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    _warm_up(spec)
    # What is proven here is the window's own flow, which needs no Qt (docs/architecture.md).
    assert "PySide6" not in sys.modules, "the crash driver must run the Qt-free desk code"

    rng = random.Random(spec.get("seed", 1))
    lo, hi = spec.get("kill_after_ms", (0, 0))
    kills = 0
    if spec.get("stop_file"):  # the backend is the one being killed: one long counter
        pid = os.fork()
        if pid == 0:
            os._exit(_child(spec, 0))
        os.waitpid(pid, 0)
    for run in range(spec["runs"]):
        pid = os.fork()
        if pid == 0:
            os._exit(_child(spec, run))
        # A quarter of the kills land anywhere from the start (sign-in, replay of what
        # the last one left); the rest after the first save began, so that a slow,
        # loaded machine still kills mostly while saving and printing.
        _wait_for_phase(spec, run, "open" if rng.random() < EARLY else "receive", 20.0)
        time.sleep(rng.uniform(lo, hi) / 1000)
        try:
            os.kill(pid, signal.SIGKILL)
            kills += 1
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    # The counter is started once more and left alone: it must drain everything.
    pid = os.fork()
    if pid == 0:
        os._exit(_final(spec))
    _, status = os.waitpid(pid, 0)
    Path(spec["summary"]).write_text(json.dumps({"runs": spec["runs"], "kills": kills,
                                                  "final_exit": os.waitstatus_to_exitcode(
                                                      status)}), encoding="utf-8")
    return 0


EARLY = 0.25


def _wait_for_phase(spec: dict, run: int, phase: str, timeout: float) -> None:
    path = Path(spec["data_dir"]).parent / "phases" / f"{run}.txt"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if phase in path.read_text().split():
                return
        except FileNotFoundError:
            pass
        time.sleep(0.002)


def _warm_up(spec: dict) -> None:
    """What every counter process has done once before its clerk's first receipt (imports,
    fonts, the cipher): done in the parent, so each forked child starts warm and the kills
    land in saving and printing rather than in start-up. No thread, no socket: fork-safe."""
    import counter_app.desk.reception  # noqa: F401
    from counter_app.client.outbox_key import OutboxKey
    from printing.documents.receipt import demo_receipt, receipt_layout
    from printing.service import job_for

    settings = _settings(spec)
    data = demo_receipt()
    job_for(settings, "receipt", data.job_title, receipt_layout(data))
    OutboxKey(key=bytes.fromhex(spec["outbox_key"]))


def _child(spec: dict, run: int) -> int:
    try:
        counter(spec, run)
    except BaseException as exc:  # a child must never return into the fork loop
        print(f"run {run}: {exc!r}", file=sys.stderr, flush=True)
        return 1
    return 0


def _final(spec: dict) -> int:
    service = _service(spec)
    counts = service.drain(timeout=120)
    Path(spec["final"]).write_text(json.dumps({"pending": counts.pending,
                                               "conflicts": counts.conflicts}),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
