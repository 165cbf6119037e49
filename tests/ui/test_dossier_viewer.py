"""The dossier viewer (issue 14 item 7), against the real backend: each digitised
component opens with its thumbnails and page count, and its signature is checked again on
open; bytes altered after storing say so; an exempt component shows its reason; a dead
backend gets a Vietnamese message and no crash."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.client.api import new_idempotency_key
from counter_app.client.dossier_files import DossierFilesApi
from counter_app.desk.digitize import digitise_component
from counter_app.digitize.pages import Page
from counter_app.digitize.signing import load_p12
from counter_app.domain.calendar import OFFICE_TZ
from tests.client.live import draft
from tests.digitize.certs import make_ca
from tests.digitize.conftest import text_page
from tests.ui.session import logged_in_context

pytestmark = pytest.mark.e2e
AT = datetime(2026, 12, 5, 9, 0, tzinfo=OFFICE_TZ)


class Altered(DossierFilesApi):
    """The backend's answer with one byte of the page image changed (a disk fault, or
    someone who edited the stored file)."""

    def content(self, code: str, file_id: int) -> bytes:
        data = bytearray(super().content(code, file_id))
        at = data.index(b"stream", data.index(b"/Subtype /Image")) + 40
        data[at] ^= 0xFF
        return bytes(data)


@pytest.fixture
def stored(live, matched_card, tmp_path):
    ctx = logged_in_context(live.base_url, "canbo1", tmp_path)
    dossier = ctx.api.create_dossier(draft(matched_card), new_idempotency_key())
    ca = make_ca(tmp_path / "ca")
    signer = load_p12(ca.p12, ca.password)
    files = DossierFilesApi(ctx.api)
    sheets = [Page(text_page(n).convert("1"), 300, f"p{n}") for n in (1, 2, 3)]
    digitise_component(files, dossier.code, "Tờ khai", sheets[:2], 2, signer, AT)
    digitise_component(files, dossier.code, "Giấy chứng sinh", sheets[2:], 1, signer, AT)
    files.exempt(dossier.code, "Giấy tờ mật", "Tài liệu mật: chỉ xuất trình, không lưu")
    yield ctx, dossier
    ctx.api.close()


def test_components_open_with_pages_and_a_signature_checked_again(qtbot, stored):
    from ui.counter.dossier_viewer.viewer_window import DossierViewer

    ctx, dossier = stored
    viewer = DossierViewer(ctx, dossier.code)
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.sig_loaded, timeout=20_000) as opened:
        viewer.show()
    assert viewer.list.count() == 3
    first = opened.args[0]
    assert first.file.component == "Tờ khai" and first.valid
    assert viewer.thumbs.count() == 2 and viewer.count.text() == "Trang 1/2"
    assert "Chữ ký số hợp lệ" in viewer.status.text()
    viewer.page.zoom_in()
    assert not viewer.page.fit and viewer.page.label.pixmap().width() > 0

    with qtbot.waitSignal(viewer.sig_loaded, timeout=20_000) as opened:
        viewer.list.setCurrentRow(1)
    assert opened.args[0].valid and viewer.thumbs.count() == 1
    with qtbot.waitSignal(viewer.sig_loaded, timeout=20_000):
        viewer.list.setCurrentRow(2)
    assert "Tài liệu mật" in viewer.status.text() and viewer.thumbs.count() == 0


def test_bytes_altered_after_storing_are_said_on_open(qtbot, stored):
    from ui.counter.dossier_viewer.viewer_window import DossierViewer

    ctx, dossier = stored
    viewer = DossierViewer(ctx, dossier.code, files=Altered(ctx.api))
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.sig_loaded, timeout=20_000) as opened:
        viewer.show()
    view = opened.args[0]
    assert not view.valid and not view.hash_ok
    assert "TỆP ĐÃ BỊ THAY ĐỔI" in viewer.status.text()


def test_a_dead_backend_is_said_in_vietnamese(qtbot, stored, live):
    from ui.counter.dossier_viewer.viewer_window import DossierViewer

    ctx, dossier = stored
    live.stop()
    try:
        viewer = DossierViewer(ctx, dossier.code)
        qtbot.addWidget(viewer)
        viewer.show()
        qtbot.waitUntil(lambda: "máy chủ" in viewer.status.text().lower(), timeout=20_000)
        assert viewer.list.count() == 0
    finally:
        live.start()
