"""The input guard's table of body formats (backend/body_types.py) says what the OpenAPI
document says, for every operation, and the guard never builds that document: its first
build is ~200 ms of pure Python on the event loop, during which no request (a clerk's
save) was answered."""

from __future__ import annotations

import hashlib

from backend.body_types import table
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.inprocess import serve


def _app(tmp_path):
    from backend.app import create_app
    from backend.db import Database
    from backend.settings import Settings

    url = f"sqlite:///{tmp_path / 'backend.sqlite3'}"
    return create_app(Settings(database_url=url), Database(url))


def test_the_table_is_the_documents_request_bodies(tmp_path):
    app = _app(tmp_path)
    made = table(app)
    doc = app.openapi()
    documented = {path: {method.upper(): frozenset(op.get("requestBody", {}).get("content", {}))
                         for method, op in ops.items()}
                  for path, ops in doc["paths"].items()}
    assert made == documented
    # The same order: the first path that matches answers, in both.
    assert list(made) == list(doc["paths"])
    uploads = "/api/v1/dossiers/{code}/uploads/{sha256}"
    assert made[uploads]["PUT"] == {"application/octet-stream"}  # what the guard relies on
    assert made["/api/v1/admin/procedures/import"]["POST"] == {"application/json", "text/csv"}


def test_uploads_and_refusals_never_build_the_openapi_document(tmp_path):
    pdf = b"%PDF-1.7 \x00 scanned page"  # a NUL is data in a file's chunk
    sha = hashlib.sha256(pdf).hexdigest()
    with serve(tmp_path) as (api, app, _clock):
        built = []
        document = app.openapi
        app.openapi = lambda: built.append(1) or document()  # type: ignore[method-assign]
        with api.as_user("canbo1") as clerk:
            code = new_dossier(clerk, matched_card(clerk.get("/demo/cards").json()))["code"]
            put = clerk.put(f"/dossiers/{code}/uploads/{sha}", params={"offset": 0},
                            content=pdf, headers={"Content-Type": "application/octet-stream"})
            assert put.status_code == 200, put.text
            not_json = clerk.post("/dossiers", content=b"code=1",
                                  headers={"Content-Type": "text/plain"})
            assert not_json.status_code == 415  # still refused, by the table
            nul = clerk.post("/dossiers", content=b'{"a": "\\u0000"}',
                             headers={"Content-Type": "application/json"})
            assert nul.status_code == 422
        assert built == []
