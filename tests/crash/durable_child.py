"""One start of a counter on a PC without any OS keyring, for tests/crash/test_durable.py.

    python -m tests.crash.durable_child ACTION BASE_URL DATA_DIR [ARG]

Its environment names keyring's fail backend, so the outbox key must come from the key
file in DATA_DIR. Prints one JSON line; `receive-offline` kills itself with SIGKILL right
after the dossier was recorded, like a PC switched off after the receipt was printed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

USER = "canbo1"


def main(action: str, base_url: str, data_dir: str, arg: str = "") -> None:
    from counter_app.client.reception import open_service

    folder = Path(data_dir)
    if action == "receive-offline":  # the backend is down: the saved session and token
        token = (folder / "token.txt").read_text()
        service = open_service(base_url, folder, username=USER, token=token, timeout=1.0)
        dossier = service.receive(_draft(arg), os.urandom(16).hex())
        print(json.dumps({"code": dossier.code, "waiting": dossier.waiting}), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    service = open_service(base_url, folder, username=USER, password=USER, timeout=5.0)
    if action == "sign-in":
        service.maintain()
        (folder / "token.txt").write_text(service.api.token)
        out = {}
    elif action == "receive-after-losing-it":  # leases taken, then the backend went away
        service.maintain()
        service.online = False
        dossier = service.receive(_draft(arg), os.urandom(16).hex())
        out = {"code": dossier.code, "waiting": dossier.waiting}
    else:  # "send": what the counter does while its backend answers
        results = [service.maintain() for _ in range(2)]
        out = {"sent": [c for r in results for c in r.sent],
               "held": getattr(results[-1], "held", []),
               "conflicts": [c for r in results for c in r.conflicts]}
    counts = service.counts()
    out.update(pending=counts.pending, conflicts_left=counts.conflicts,
               unreadable=getattr(counts, "unreadable", 0),
               key_home=getattr(service.key, "home", None))
    service.close()
    print(json.dumps(out), flush=True)


def _draft(card_and_note: str):
    from datetime import date

    from counter_app.client.models import Applicant, DocumentLine, DossierDraft

    card, note = card_and_note.split("#", 1)
    f = card.split("|")
    applicant = Applicant(f[0], f[2], date(int(f[3][4:]), int(f[3][2:4]), int(f[3][:2])),
                          f[4], f[5], phone="0912345678")
    return DossierDraft(procedure_code="2.000908", applicant=applicant,
                        identity_outcome="matched", documents=(DocumentLine("Tờ khai", 1, 0),),
                        note=note)


if __name__ == "__main__":
    main(*sys.argv[1:])
