"""One digitised component opened for reading (the dossier viewer): its pages and its
signature checked again here, now, on the bytes the backend sent; an exempt component has
neither, only its reason."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from counter_app.client.dossier_files import DossierFilesApi, StoredFile
from counter_app.digitize.pages import Page, pages_from_pdf
from counter_app.digitize.verify import Checked, check_pdf

log = logging.getLogger(__name__)
ALTERED = ("TỆP ĐÃ BỊ THAY ĐỔI: nội dung nhận được không khớp mã băm SHA-256 ghi khi lưu. "
           "Không dùng bản này; báo quản trị viên.")


@dataclass(frozen=True)
class ComponentView:
    file: StoredFile
    pages: tuple[Page, ...] = ()
    checked: Checked | None = None  # None: exempt, nothing stored
    hash_ok: bool = True

    @property
    def exempt(self) -> bool:
        return self.file.sha256 is None

    @property
    def valid(self) -> bool:
        return self.hash_ok and self.checked is not None and self.checked.ok

    def status(self) -> str:
        if self.exempt:
            return f"Không số hóa: {self.file.exempt_reason or ''}"
        if not self.hash_ok:
            return ALTERED
        return self.checked.summary() if self.checked else ""


def load_component(files: DossierFilesApi, code: str, f: StoredFile) -> ComponentView:
    """Fetch, check and split into pages; the client's errors (offline, 403, 404) pass."""
    if f.sha256 is None:
        return ComponentView(f)
    data = files.content(code, f.id)
    hash_ok = hashlib.sha256(data).hexdigest() == f.sha256
    checked = check_pdf(data)
    if not (hash_ok and checked.intact):
        log.warning("dossier %s component %d fails its check on open (hash %s, signature "
                    "intact %s)", code, f.id, hash_ok, checked.intact)
    pages = tuple(pages_from_pdf(data, f.component, colour=True))
    return ComponentView(f, pages, checked, hash_ok)
