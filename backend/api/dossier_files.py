"""A dossier's digitised components: resumable uploads, registering, the list, the PDFs
(backend/dossiers/files.py). Clerks and supervisors of the dossier's office only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Request, Response

from backend.deps import ClerkPlus, DbDep
from backend.dossiers import files
from backend.dossiers import schemas as sd
from backend.dossiers.file_store import FileStore

router = APIRouter(prefix="/dossiers", tags=["dossier files"])
CHUNK_MAX = 1024 * 1024  # one PUT; the counter sends a file in chunks of this size
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the whole file")]


def _store(request: Request) -> FileStore:
    return request.app.state.files


@router.get("/{code}/uploads/{sha256}", response_model=sd.UploadState)
def upload_state(code: str, sha256: Sha, request: Request, user: ClerkPlus,
                 db: DbDep) -> sd.UploadState:
    """Where to resume: the bytes held so far, or `stored` once nothing more is needed."""
    files.check_dossier(db, user.office_id, code)
    store = _store(request)
    if store.has(sha256):
        return sd.UploadState(received=0, stored=True)
    return sd.UploadState(received=store.received(user.office_id, sha256), stored=False)


@router.put("/{code}/uploads/{sha256}", response_model=sd.UploadState,
            responses={409: {"description": "the chunk does not start where the backend is"}})
def upload_chunk(code: str, sha256: Sha, request: Request, user: ClerkPlus, db: DbDep,
                 chunk: Annotated[bytes, Body(media_type="application/octet-stream")],
                 offset: Annotated[int, Query(ge=0)] = 0) -> sd.UploadState:
    files.check_dossier(db, user.office_id, code)
    store = _store(request)
    if store.has(sha256):
        return sd.UploadState(received=0, stored=True)
    held = store.append(user.office_id, sha256, offset, chunk)
    return sd.UploadState(received=held, stored=False)


@router.post("/{code}/files", response_model=sd.DossierFile, status_code=201,
             responses={200: {"model": sd.DossierFile, "description": "already registered"}})
def register_file(code: str, body: sd.FileRegister, request: Request, response: Response,
                  user: ClerkPlus, db: DbDep) -> sd.DossierFile:
    row, created = files.register(db, _store(request), user, code, body)
    response.status_code = 201 if created else 200
    return row


@router.get("/{code}/reusable", response_model=list[sd.Reusable])
def reusable_files(code: str, request: Request, user: ClerkPlus,
                   db: DbDep) -> list[sd.Reusable]:
    """Papers of this applicant digitised for earlier dossiers: not asked for twice."""
    return files.reusable(db, _store(request), user, code)


@router.get("/{code}/files", response_model=list[sd.DossierFile])
def list_files(code: str, user: ClerkPlus, db: DbDep) -> list[sd.DossierFile]:
    return files.listed(db, user, code)


@router.get("/{code}/files/{file_id}", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def get_file(code: str, file_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request,
             user: ClerkPlus, db: DbDep) -> Response:
    meta, data = files.read(db, _store(request), user, code, file_id)
    return Response(data, media_type="application/pdf",
                    headers={"Cache-Control": "no-store",
                             "X-Content-SHA256": meta.sha256 or ""})
