"""A dossier's digitised components on the backend (backend/api/dossier_files.py): upload in
chunks that resume where the backend got to, register, list, read.

Called from worker threads only. An upload is safe to repeat: a chunk the backend already
holds changes nothing, a stored file is not sent again, and registering the same component
with the same file answers the row already there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.client import errors
from counter_app.client.api import ApiClient
from counter_app.client.json_values import obj, objects

CHUNK = 1024 * 1024  # the backend's limit for one chunk


@dataclass(frozen=True)
class StoredFile:
    id: int
    component: str
    sha256: str | None
    size: int
    pages: int
    signer: str
    exempt_reason: str | None
    digitised_by: str
    digitised_at: datetime
    reused_from: int | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StoredFile:
        return cls(int(d["id"]), str(d["component"]), d.get("sha256"), int(d["size"]),
                   int(d["pages"]), str(d.get("signer") or ""), d.get("exempt_reason"),
                   str(d.get("digitised_by") or ""),
                   datetime.fromisoformat(str(d["digitised_at"])),
                   int(d["reused_from"]) if d.get("reused_from") else None)


@dataclass(frozen=True)
class Reusable:
    """An earlier digitised paper of the same citizen at this office."""

    file_id: int
    component: str
    pages: int
    digitised_at: datetime
    dossier_code: str

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Reusable:
        return cls(int(d["file_id"]), str(d["component"]), int(d["pages"]),
                   datetime.fromisoformat(str(d["digitised_at"])), str(d["dossier_code"]))


class DossierFilesApi:
    def __init__(self, api: ApiClient, chunk: int = CHUNK) -> None:
        self._api = api
        self._chunk = chunk

    def upload(self, code: str, data: bytes) -> str:
        """Send `data` (resuming a broken upload); returns its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        path = f"/dossiers/{code}/uploads/{sha}"
        state = obj(self._api.request("GET", path))
        at = int(state.get("received") or 0)
        while not state.get("stored") and at < len(data):
            try:
                state = obj(self._api.request(
                    "PUT", path, params={"offset": at}, content=data[at:at + self._chunk],
                    headers={"Content-Type": "application/octet-stream"}))
            except errors.Rejected as exc:
                if exc.status != 409:
                    raise
                state = obj(self._api.request("GET", path))  # resume where the backend is
            at = int(state.get("received") or 0)
        return sha

    def store(self, code: str, component: str, data: bytes, pages: int,
              signer: str) -> StoredFile:
        sha = self.upload(code, data)
        return StoredFile.from_json(obj(self._api.request("POST", f"/dossiers/{code}/files", json={
            "component": component, "sha256": sha, "size": len(data), "pages": pages,
            "signer": signer})))

    def exempt(self, code: str, component: str, reason: str) -> StoredFile:
        return StoredFile.from_json(obj(self._api.request("POST", f"/dossiers/{code}/files", json={
            "component": component, "exempt_reason": reason})))

    def reusable(self, code: str) -> list[Reusable]:
        rows = objects(self._api.request("GET", f"/dossiers/{code}/reusable"))
        return [Reusable.from_json(r) for r in rows]

    def reuse(self, code: str, component: str, file_id: int) -> StoredFile:
        return StoredFile.from_json(obj(self._api.request("POST", f"/dossiers/{code}/files", json={
            "component": component, "reuse_of": file_id})))

    def listed(self, code: str) -> list[StoredFile]:
        rows = objects(self._api.request("GET", f"/dossiers/{code}/files"))
        return [StoredFile.from_json(r) for r in rows]

    def content(self, code: str, file_id: int) -> bytes:
        data = self._api.request("GET", f"/dossiers/{code}/files/{file_id}", raw=True)
        return bytes(data)
