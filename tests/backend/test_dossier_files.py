"""Digitised components stored with the dossier (issue 14, item 4), over real HTTP: a
resumable, idempotent upload (a lost answer or a restarted backend never stores a file
twice or loses what arrived), encrypted on disk by hash, read back only by the dossier's
own office, every read audited; an exemption has a reason instead of a file."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from counter_app.digitize.pages import Page
from counter_app.digitize.pdf_build import build_pdf
from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.test_office_isolation import offices  # noqa: F401 - fixture
from tests.digitize.conftest import text_page

CHUNK = 16 * 1024  # small: the 3-page PDF goes in several chunks


@pytest.fixture(scope="module")
def pdf() -> bytes:
    at = datetime(2026, 12, 4, 9, 0, tzinfo=OFFICE_TZ)
    return build_pdf([Page(text_page(n).convert("1"), 300, f"p{n}") for n in (1, 2, 3)],
                     title="Tờ khai", at=at)


def _put(client, code: str, sha: str, data: bytes, offset: int):
    return client.put(f"/dossiers/{code}/uploads/{sha}", params={"offset": offset},
                      content=data, headers={"Content-Type": "application/octet-stream"})


def test_resumable_upload_survives_a_lost_answer_and_a_restart(start_backend, pdf):
    api = start_backend()
    sha = hashlib.sha256(pdf).hexdigest()
    with api.as_user("canbo1") as clerk:
        code = new_dossier(clerk, matched_card(clerk.get("/demo/cards").json()))["code"]
        assert _put(clerk, code, sha, pdf[:CHUNK], 0).json() == {"received": CHUNK,
                                                                  "stored": False}
        # The answer was lost: the counter sends the same chunk again; nothing doubles.
        assert _put(clerk, code, sha, pdf[:CHUNK], 0).json()["received"] == CHUNK
        skipped = _put(clerk, code, sha, pdf[2 * CHUNK:], 2 * CHUNK)
        assert skipped.status_code == 409, skipped.text
        assert "16384 byte" in skipped.json()["detail"]
    assert api.backend.process is not None
    api.backend.process.kill()  # kill -9 between two chunks
    api.backend.process.wait(10)
    api = start_backend(data_dir=api.backend.data_dir)  # the same folder, started again
    with api.as_user("canbo1") as clerk:
        state = clerk.get(f"/dossiers/{code}/uploads/{sha}").json()
        assert state == {"received": CHUNK, "stored": False}  # resume from here
        for at in range(state["received"], len(pdf), CHUNK):
            assert _put(clerk, code, sha, pdf[at:at + CHUNK], at).status_code == 200
        body = {"component": "Tờ khai thay đổi thông tin cư trú (CT01)", "sha256": sha,
                "size": len(pdf), "pages": 3, "signer": "Bộ phận Một cửa xã Thử Nghiệm"}
        first = clerk.post(f"/dossiers/{code}/files", json=body)
        again = clerk.post(f"/dossiers/{code}/files", json=body)  # the answer was lost
        assert first.status_code == 201 and again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
        listed = clerk.get(f"/dossiers/{code}/files").json()
        assert [(f["component"], f["pages"], f["sha256"]) for f in listed] == [
            (body["component"], 3, sha)]
        got = clerk.get(f"/dossiers/{code}/files/{first.json()['id']}")
        assert got.status_code == 200 and got.content == pdf
        assert got.headers["content-type"] == "application/pdf"
        assert _put(clerk, code, sha, pdf[:CHUNK], 0).json()["stored"] is True
    with api.as_user("quantri") as admin:
        rows = admin.get("/admin/audit", params={"limit": 20}).json()
    actions = [r["action"] for r in rows if r["code"] == code]
    assert "dossier.file_stored" in actions and "dossier.file_read" in actions

    stored = list((api.backend.data_dir / "files").rglob(f"{sha}.bin"))
    assert [p.relative_to(api.backend.data_dir / "files").parts[:2] for p in stored] == [
        (sha[:2], sha[2:4])]  # laid out by hash
    sealed = stored[0].read_bytes()
    assert b"%PDF" not in sealed and b"CCITTFaxDecode" not in sealed  # encrypted at rest
    assert not list((api.backend.data_dir / "files" / "partial").iterdir())
    key = api.backend.data_dir / "files.key"  # with the database, not with the files
    assert key.exists() and not list((api.backend.data_dir / "files").rglob("*.key"))


def test_a_file_that_does_not_match_its_hash_is_refused(start_backend, pdf):
    api = start_backend()
    sha = hashlib.sha256(pdf).hexdigest()
    with api.as_user("canbo1") as clerk:
        code = new_dossier(clerk, matched_card(clerk.get("/demo/cards").json()))["code"]
        damaged = bytearray(pdf)
        damaged[1000] ^= 0xFF
        assert _put(clerk, code, sha, bytes(damaged), 0).status_code == 200
        r = clerk.post(f"/dossiers/{code}/files", json={
            "component": "Tờ khai", "sha256": sha, "size": len(pdf), "pages": 3})
        assert r.status_code == 422 and "không khớp mã SHA-256" in r.json()["detail"]
        short = clerk.post(f"/dossiers/{code}/files", json={
            "component": "Tờ khai", "sha256": sha, "size": len(pdf), "pages": 3})
        assert short.status_code == 409 and "chưa gửi đủ (0/" in short.json()["detail"]
        exempt = clerk.post(f"/dossiers/{code}/files", json={
            "component": "Giấy tờ chỉ xuất trình", "exempt_reason": "Chỉ xuất trình, không lưu"})
        assert exempt.status_code == 201 and exempt.json()["sha256"] is None
        both = clerk.post(f"/dossiers/{code}/files", json={
            "component": "X", "exempt_reason": "Mật", "sha256": sha, "size": 1})
        assert both.status_code == 422


def test_another_office_and_the_status_page_never_get_the_files(offices, pdf):  # noqa: F811
    api, opened, data = offices
    code = data["a_dossier"]["code"]
    sha = hashlib.sha256(pdf).hexdigest()
    mine = opened["canbo1"]
    assert _put(mine, code, sha, pdf, 0).status_code == 200
    stored = mine.post(f"/dossiers/{code}/files", json={
        "component": "Tờ khai", "sha256": sha, "size": len(pdf), "pages": 3}).json()
    for outsider in ("hk_canbo", "hk_giamsat"):
        c = opened[outsider]
        assert c.get(f"/dossiers/{code}/files").status_code == 404
        assert c.get(f"/dossiers/{code}/files/{stored['id']}").status_code == 404
        assert c.get(f"/dossiers/{code}/uploads/{sha}").status_code == 404
    assert opened["kiosk1"].get(f"/dossiers/{code}/files").status_code == 403
    assert opened["giamsat"].get(f"/dossiers/{code}/files/{stored['id']}").content == pdf
    import httpx

    page = httpx.get(data["a_dossier"]["tracking_url"], timeout=15)
    assert page.status_code == 200 and "/files/" not in page.text and sha not in page.text


def test_the_same_citizens_paper_is_offered_again_and_reused(start_backend, pdf):
    """Issue 14, item 6: the citizen is not asked for the same paper twice; another
    citizen is never offered it, and cannot take it by its id."""
    api = start_backend()
    sha = hashlib.sha256(pdf).hexdigest()
    with api.as_user("canbo1") as clerk:
        cards = [c for c in clerk.get("/demo/cards").json() if c["expect"] == "matched"]
        hoa, other = cards[0], next(c for c in cards[1:]
                                    if c["payload"][:12] != cards[0]["payload"][:12])
        first = new_dossier(clerk, hoa)["code"]
        _put(clerk, first, sha, pdf, 0)
        stored = clerk.post(f"/dossiers/{first}/files", json={
            "component": "Giấy khai sinh", "sha256": sha, "size": len(pdf), "pages": 3}).json()

        later = new_dossier(clerk, hoa)["code"]  # the same citizen comes back
        offers = clerk.get(f"/dossiers/{later}/reusable").json()
        assert [(o["component"], o["file_id"], o["dossier_code"], o["pages"])
                for o in offers] == [("Giấy khai sinh", stored["id"], first, 3)]
        assert "id_number" not in str(offers) and hoa["payload"][:12] not in str(offers)
        reused = clerk.post(f"/dossiers/{later}/files", json={
            "component": "Giấy khai sinh", "reuse_of": stored["id"]})
        assert reused.status_code == 201 and reused.json()["reused_from"] == stored["id"]
        assert clerk.get(f"/dossiers/{later}/files/{reused.json()['id']}").content == pdf

        stranger = new_dossier(clerk, other)["code"]
        assert clerk.get(f"/dossiers/{stranger}/reusable").json() == []
        taken = clerk.post(f"/dossiers/{stranger}/files", json={
            "component": "Giấy khai sinh", "reuse_of": stored["id"]})
        assert taken.status_code == 404
