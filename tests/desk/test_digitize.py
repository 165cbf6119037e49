"""Digitising a component of a received dossier, without a window (issue 14): pages, PDF/A,
signature, upload that resumes, the row on the backend; a page-count mismatch blocks it."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from counter_app.client.api import new_idempotency_key
from counter_app.client.dossier_files import DossierFilesApi
from counter_app.desk.digitize import PAGE_COUNT, digitise_component
from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import Page
from counter_app.digitize.signing import load_p12
from counter_app.domain.calendar import OFFICE_TZ
from tests.client.live import draft, service
from tests.digitize.certs import make_ca
from tests.digitize.conftest import text_page

pytestmark = pytest.mark.e2e
COMPONENT = "Tờ khai thay đổi thông tin cư trú (CT01)"


def _pages(n: int) -> list[Page]:
    return [Page(text_page(i).convert("1"), 300, f"p{i}") for i in range(1, n + 1)]


def test_a_component_is_signed_stored_and_read_back(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    dossier = svc.api.create_dossier(draft(matched_card), new_idempotency_key())
    ca = make_ca(tmp_path / "ca")
    files = DossierFilesApi(svc.api, chunk=20_000)  # several chunks
    at = datetime.now(OFFICE_TZ).replace(microsecond=0)
    stored = digitise_component(files, dossier.code, COMPONENT, _pages(2), 2,
                                load_p12(ca.p12, ca.password), at)
    assert (stored.component, stored.pages, stored.signer) == (COMPONENT, 2, ca.signer_name)
    assert [f.id for f in files.listed(dossier.code)] == [stored.id]
    data = files.content(dossier.code, stored.id)
    assert hashlib.sha256(data).hexdigest() == stored.sha256
    assert len(PdfFileReader(io.BytesIO(data)).embedded_signatures) == 1
    svc.close()


def test_an_upload_cut_off_resumes_where_the_backend_got_to(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    dossier = svc.api.create_dossier(draft(matched_card), new_idempotency_key())
    files = DossierFilesApi(svc.api, chunk=20_000)
    data = b"%PDF-1.7 " + bytes(range(256)) * 400
    sha = hashlib.sha256(data).hexdigest()
    with live.http() as c:  # the first chunk arrived before the link dropped
        c.put(f"/dossiers/{dossier.code}/uploads/{sha}", params={"offset": 0},
              content=data[:20_000], headers={"Content-Type": "application/octet-stream"})
    sent: list[int] = []
    original = svc.api.request

    def counting(method, path, **kw):
        if method == "PUT":
            sent.append(kw["params"]["offset"])
        return original(method, path, **kw)

    svc.api.request = counting  # type: ignore[method-assign]
    stored = files.store(dossier.code, "Giấy khai sinh", data, 1, "")
    assert sent[0] == 20_000  # nothing sent twice
    assert stored.sha256 == sha and files.content(dossier.code, stored.id) == data
    svc.close()


def test_a_page_count_mismatch_blocks_the_save_before_anything_is_sent(live, matched_card,
                                                                        tmp_path):
    svc = service(live, tmp_path)
    dossier = svc.api.create_dossier(draft(matched_card), new_idempotency_key())
    files = DossierFilesApi(svc.api)
    with pytest.raises(DigitizeError) as refused:
        digitise_component(files, dossier.code, COMPONENT, _pages(2), 3, None,
                           datetime.now(OFFICE_TZ))
    assert refused.value.message == PAGE_COUNT.format(component=COMPONENT, paper=3, scanned=2)
    assert files.listed(dossier.code) == []
    svc.close()


def test_a_dead_backend_keeps_the_signed_file_on_this_pc_until_it_answers(live, matched_card,
                                                                          tmp_path):
    from counter_app.desk.pending_uploads import Kept, pending_uploads

    svc = service(live, tmp_path, timeout=2.0)
    dossier = svc.api.create_dossier(draft(matched_card), new_idempotency_key())
    files = DossierFilesApi(svc.api)
    pending = pending_uploads(svc)
    live.stop()
    try:
        kept = digitise_component(files, dossier.code, COMPONENT, _pages(2), 2, None,
                                  datetime.now(OFFICE_TZ), pending)
        assert isinstance(kept, Kept) and kept.pages == 2
        assert [k.component for k in pending.waiting()] == [COMPONENT]
        sealed = (pending.folder / f"{kept.sha256}.bin").read_bytes()
        assert b"%PDF" not in sealed  # encrypted with the outbox's key
        assert pending.send(files) == []  # still down: nothing lost, nothing sent
        assert len(pending.waiting()) == 1
    finally:
        live.start()
    sent = pending.send(files)
    assert [(s.component, s.pages, s.sha256) for s in sent] == [(COMPONENT, 2, kept.sha256)]
    assert pending.waiting() == [] and not list(pending.folder.iterdir())
    assert [f.sha256 for f in files.listed(dossier.code)] == [kept.sha256]
    svc.close()


def test_form_01_printed_again_lists_the_digitised_components(live, matched_card, tmp_path):
    """The receipt says which components were digitised (issue 14, item 7): the bytes a
    thermal printer gets, read back through the independent decoder."""
    from counter_app.desk.printer import DeskPrinter
    from counter_app.desk.reprint import reprint_receipt
    from printing.settings import PrinterSettings
    from printing.transports import FileTransport
    from tests.printing.text_paper import printed_lines

    svc = service(live, tmp_path)
    dossier = svc.api.create_dossier(draft(matched_card), new_idempotency_key())
    files = DossierFilesApi(svc.api)
    ca = make_ca(tmp_path / "ca")
    digitise_component(files, dossier.code, COMPONENT, _pages(2), 2,
                       load_p12(ca.p12, ca.password), datetime.now(OFFICE_TZ))
    files.exempt(dossier.code, "Giấy tờ xuất trình", "Chỉ xuất trình, không lưu")
    path = tmp_path / "printer.bin"
    printer = DeskPrinter(PrinterSettings(kind="file", path=str(path), text_route="tcvn3",
                                          status_check=False), FileTransport(str(path)))
    try:
        jobs = reprint_receipt(printer, dossier, None, "Cán bộ", files.listed(dossier.code))
        assert [str(j.result(30).state) for j in jobs.result(30)] == ["done"] * len(
            jobs.result(30))
    finally:
        printer.close()
    _decoded, lines = printed_lines(path.read_bytes())
    text = " ".join(" ".join(lines).split())  # a long line wraps on 80 mm paper
    assert "Thành phần đã số hóa:" in text
    assert f"{COMPONENT}: 2 trang, đã ký số" in text
    assert "Giấy tờ xuất trình: miễn số hóa (Chỉ xuất trình, không lưu)" in text
    svc.close()
