"""Digitised components of a dossier (issue 14): uploads, exemptions, the list, reads.

Only the clerks and supervisors of the dossier's office reach them (another office gets
404, as for the dossier itself); the applicant's status page never serves them. Every
read of a file leaves an audit row. Registering is idempotent: the same component with
the same file (a retry after a lost answer) answers the row already there.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit, clock, models
from backend.db import Database
from backend.dossiers import schemas as sd
from backend.dossiers.file_store import FileStore
from backend.errors import DomainError

NOT_FOUND = "Không tìm thấy hồ sơ có mã này."
NO_FILE = "Không tìm thấy tệp số hóa này của hồ sơ."
OTHER_FILE = ("Thành phần “{component}” của hồ sơ đã có bản số hóa khác: "
              "không ghi đè bản đã lưu.")
FILE_OR_REASON = ("Cần đúng một trong: tệp số hóa (sha256, size), bản đã có để dùng lại "
                  "(reuse_of) hoặc lý do miễn số hóa.")
NOT_REUSABLE = "Bản số hóa muốn dùng lại không phải của người nộp hồ sơ này, hoặc không còn."


def _dossier(s: Session, office_id: int, code: str) -> models.Dossier:
    found = s.scalar(select(models.Dossier).where(models.Dossier.office_id == office_id,
                                                  models.Dossier.code == code))
    if found is None:
        raise DomainError(404, "dossier_not_found", NOT_FOUND)
    return found


def check_dossier(db: Database, office_id: int, code: str) -> None:
    with db.read() as s:
        _dossier(s, office_id, code)


def to_schema(row: models.DossierFile, by: str) -> sd.DossierFile:
    return sd.DossierFile(id=row.id, component=row.component, sha256=row.sha256,
                          size=row.size, pages=row.pages, signer=row.signer,
                          exempt_reason=row.exempt_reason, digitised_by=by,
                          digitised_at=row.digitised_at, reused_from=row.reused_from_id)


def _applicant_key(store: FileStore, dossier: models.Dossier) -> str | None:
    id_number = (dossier.applicant or {}).get("id_number")
    return store.applicant_key(str(id_number)) if id_number else None


def reusable(db: Database, store: FileStore, user: models.User,
             code: str) -> list[sd.Reusable]:
    """Earlier stored papers of this dossier's applicant at this office, newest first."""
    with db.read() as s:
        dossier = _dossier(s, user.office_id, code)
        key = _applicant_key(store, dossier)
        if key is None:
            return []
        F, D = models.DossierFile, models.Dossier
        rows = s.execute(select(F, D.code).join(D, D.id == F.dossier_id).where(
            F.office_id == user.office_id, F.applicant_key == key, F.sha256.is_not(None),
            F.dossier_id != dossier.id).order_by(F.digitised_at.desc(), F.id.desc())).all()
        seen: set[str] = set()
        offers = []
        for row, other_code in rows:
            if row.component in seen:
                continue  # the newest paper of each kind
            seen.add(row.component)
            offers.append(sd.Reusable(file_id=row.id, component=row.component,
                                      pages=row.pages, digitised_at=row.digitised_at,
                                      dossier_code=other_code))
        return offers


def _by(s: Session, row: models.DossierFile) -> str:
    user = s.get(models.User, row.digitised_by_id)
    return user.full_name if user is not None else ""


def register(db: Database, store: FileStore, user: models.User, code: str,
             body: sd.FileRegister) -> tuple[sd.DossierFile, bool]:
    if sum(x is not None for x in (body.sha256, body.exempt_reason, body.reuse_of)) != 1:
        raise DomainError(422, "file_or_reason", FILE_OR_REASON)
    check_dossier(db, user.office_id, code)
    if body.reuse_of is not None:
        return _reuse(db, store, user, code, body)
    if body.sha256 is not None:
        store.finish(user.office_id, body.sha256, body.size)  # whole, hashed, encrypted
    with db.write() as s:
        dossier = _dossier(s, user.office_id, code)
        row = s.scalar(select(models.DossierFile).where(
            models.DossierFile.dossier_id == dossier.id,
            models.DossierFile.component == body.component))
        if row is not None:
            if row.sha256 == body.sha256 and row.exempt_reason == body.exempt_reason:
                return to_schema(row, _by(s, row)), False
            raise DomainError(409, "component_digitised",
                              OTHER_FILE.format(component=body.component))
        row = models.DossierFile(
            office_id=user.office_id, dossier_id=dossier.id, component=body.component,
            sha256=body.sha256, size=body.size if body.sha256 else 0, pages=body.pages,
            signer=body.signer, exempt_reason=body.exempt_reason,
            digitised_by_id=user.id, digitised_at=clock.utc_now_s(),
            applicant_key=_applicant_key(store, dossier) if body.sha256 else None)
        s.add(row)
        s.flush()
        audit.record(s, user.office_id, user, audit.FILE_STORED, dossier.code,
                     component=body.component, pages=body.pages,
                     exempt=body.exempt_reason is not None, sha256=body.sha256)
        return to_schema(row, user.full_name), True


def _reuse(db: Database, store: FileStore, user: models.User, code: str,
           body: sd.FileRegister) -> tuple[sd.DossierFile, bool]:
    """The same citizen's earlier paper stands for this component: no scan, no upload."""
    with db.write() as s:
        dossier = _dossier(s, user.office_id, code)
        earlier = s.get(models.DossierFile, body.reuse_of)
        key = _applicant_key(store, dossier)
        if (earlier is None or earlier.office_id != user.office_id or key is None
                or earlier.applicant_key != key or earlier.sha256 is None):
            raise DomainError(404, "not_reusable", NOT_REUSABLE)
        row = s.scalar(select(models.DossierFile).where(
            models.DossierFile.dossier_id == dossier.id,
            models.DossierFile.component == body.component))
        if row is not None:
            if row.reused_from_id == earlier.id:
                return to_schema(row, _by(s, row)), False
            raise DomainError(409, "component_digitised",
                              OTHER_FILE.format(component=body.component))
        row = models.DossierFile(
            office_id=user.office_id, dossier_id=dossier.id, component=body.component,
            sha256=earlier.sha256, size=earlier.size, pages=earlier.pages,
            signer=earlier.signer, digitised_by_id=user.id, digitised_at=clock.utc_now_s(),
            applicant_key=key, reused_from_id=earlier.id)
        s.add(row)
        s.flush()
        audit.record(s, user.office_id, user, audit.FILE_STORED, dossier.code,
                     component=body.component, pages=earlier.pages, exempt=False,
                     sha256=earlier.sha256, reused_from=earlier.id)
        return to_schema(row, user.full_name), True


def listed(db: Database, user: models.User, code: str) -> list[sd.DossierFile]:
    with db.read() as s:
        dossier = _dossier(s, user.office_id, code)
        rows = s.scalars(select(models.DossierFile).where(
            models.DossierFile.dossier_id == dossier.id).order_by(models.DossierFile.id))
        return [to_schema(r, _by(s, r)) for r in rows]


def read(db: Database, store: FileStore, user: models.User, code: str,
         file_id: int) -> tuple[sd.DossierFile, bytes]:
    with db.read() as s:
        dossier = _dossier(s, user.office_id, code)
        row = s.get(models.DossierFile, file_id)
        if row is None or row.dossier_id != dossier.id or row.sha256 is None:
            raise DomainError(404, "file_not_found", NO_FILE)
        meta = to_schema(row, _by(s, row))
    assert meta.sha256 is not None
    data = store.read(meta.sha256)
    audit.record_read(db, user.office_id, user, audit.FILE_READ, code,
                      component=meta.component, file_id=file_id)
    return meta, data
