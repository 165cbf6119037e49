"""Digitised files that could not reach the backend yet: kept on this PC, encrypted with
the outbox's key, and sent when it answers again (the status bar's sync, or the next save).
The clerk never waits for an upload, and a dead backend loses no scan.

One component is two files named by its SHA-256: the sealed PDF (`.bin`) and what it is
(`.json`: dossier code, component, pages, signer; no personal data). Written atomically;
a failed send keeps both, a sent one deletes both.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app.atomic_file import replace_file
from counter_app.client import errors
from counter_app.client.dossier_files import DossierFilesApi, StoredFile
from counter_app.client.outbox_key import BodyCipher
from counter_app.client.reception import ReceptionService

log = logging.getLogger(__name__)
FOLDER = "pending-uploads"


@dataclass(frozen=True)
class Kept:
    """A component kept on this PC for later: shown as waiting, sent by the sync."""

    code: str
    component: str
    pages: int
    sha256: str


def pending_uploads(service: ReceptionService) -> PendingUploads:
    """The counter's own: beside its outbox, sealed with the outbox's key (a worker thread:
    the outbox opens on first use)."""
    outbox = service.outbox
    return PendingUploads(outbox.path.parent, outbox.cipher)


class PendingUploads:
    def __init__(self, data_dir: Path, cipher: Callable[[], BodyCipher]) -> None:
        self.folder = Path(data_dir) / FOLDER
        self._cipher = cipher

    def keep(self, code: str, component: str, data: bytes, pages: int, signer: str) -> Kept:
        sha = hashlib.sha256(data).hexdigest()
        self.folder.mkdir(parents=True, exist_ok=True)
        nonce, sealed = self._cipher().seal(data, sha.encode())
        replace_file(self.folder / f"{sha}.bin", nonce + sealed)
        replace_file(self.folder / f"{sha}.json", json.dumps({
            "code": code, "component": component, "pages": pages, "signer": signer,
            "size": len(data)}, ensure_ascii=False).encode())
        log.info("dossier %s: a digitised component kept for later (%d KB)", code,
                 len(data) // 1024)
        return Kept(code, component, pages, sha)

    def waiting(self) -> list[Kept]:
        if not self.folder.exists():
            return []
        out: list[Kept] = []
        for manifest in sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime):
            d = json.loads(manifest.read_text("utf-8"))
            out.append(Kept(d["code"], d["component"], int(d["pages"]), manifest.stem))
        return out

    def send(self, files: DossierFilesApi) -> list[StoredFile]:
        """Send what waits, oldest first; stops at the first sign the backend is gone."""
        sent: list[StoredFile] = []
        for kept in self.waiting():
            manifest = self.folder / f"{kept.sha256}.json"
            blob = self.folder / f"{kept.sha256}.bin"
            d = json.loads(manifest.read_text("utf-8"))
            raw = blob.read_bytes()
            nonce = raw[:BodyCipher.NONCE]
            data = self._cipher().open(nonce, raw[BodyCipher.NONCE:], kept.sha256.encode())
            try:
                stored = files.store(kept.code, kept.component, data, kept.pages, d["signer"])
            except (errors.Unreachable, errors.Timeout, errors.ServerError):
                break  # still down (or full): everything stays for the next try
            except errors.Rejected as exc:  # kept, not lost: the admin sees it in the log
                log.error("dossier %s: kept component %s refused: %s", kept.code,
                          kept.sha256[:12], exc.message)
                continue
            blob.unlink(missing_ok=True)
            manifest.unlink(missing_ok=True)
            sent.append(stored)
        return sent
