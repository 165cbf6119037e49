"""The clerk digitises a received dossier (issue 14, real backend): adds two pages to one
component, reorders them, a page-count mismatch blocks the save, the right count saves a
signed PDF; the list says which components are done; reopening shows them as stored."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from counter_app import settings as S
from counter_app.client.api import new_idempotency_key
from counter_app.client.dossier_files import DossierFilesApi
from counter_app.digitize.signing import load_p12
from tests.client.live import draft
from tests.digitize.certs import make_ca
from tests.digitize.conftest import save, text_page
from tests.ui.session import logged_in_context

pytestmark = pytest.mark.e2e


def _marked(pdf: pikepdf.Pdf, index: int) -> int:
    image = pikepdf.PdfImage(next(iter(pdf.pages[index].get_images().values())))
    grey = image.as_pil_image().convert("L")
    return next(n for n in range(1, 10) if grey.getpixel((150 + 150 * n, 150)) < 128)


def test_two_pages_reordered_count_checked_then_saved_signed(qtbot, live, matched_card,
                                                             tmp_path):
    from ui.counter.reception.digitize_dialog import DigitizeDialog

    ctx = logged_in_context(live.base_url, "canbo1", tmp_path)
    dossier = ctx.api.create_dossier(draft(matched_card), new_idempotency_key())
    ca = make_ca(tmp_path / "ca")
    ctx.settings.set(S.SIGNING_P12, str(ca.p12))
    ctx.signer = load_p12(ca.p12, ca.password)  # the password was asked once this session
    dialog = DigitizeDialog(ctx, dossier)
    qtbot.addWidget(dialog)
    dialog.show()
    first = dossier.documents[0].name
    assert dialog.component() == first

    files = [save(text_page(n), tmp_path / f"trang{n}.png") for n in (2, 1)]  # wrong order
    dialog.add_files(files)
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 2 and not dialog._busy, timeout=15_000)
    assert "2 trang đã quét" in dialog.components.item(0).text()
    dialog.move_page(1, 0)  # the clerk drags page 1 to the front
    # Page 2 came out badly: rescanned, the new page takes its place, not the end.
    dialog.add_files([save(text_page(2), tmp_path / "trang2-lai.png")], replace_row=1)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=15_000)
    assert dialog.thumbs.count() == 2
    assert [p.source for p in dialog.pages[first]] == ["trang1.png", "trang2-lai.png"]

    dialog.paper_pages.setValue(3)  # the paper has three pages: one is missing
    dialog.save()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=15_000)
    assert "có 3 trang giấy nhưng đã quét 2 trang" in dialog.status.text()
    assert DossierFilesApi(ctx.api).listed(dossier.code) == []

    dialog.paper_pages.setValue(2)
    dialog.save()
    qtbot.waitUntil(lambda: "Đã lưu" in dialog.status.text(), timeout=20_000)
    assert "đã ký số" in dialog.status.text()
    assert "đã lưu 2 trang, đã ký" in dialog.components.item(0).text()
    stored = DossierFilesApi(ctx.api).listed(dossier.code)
    assert [(s.component, s.pages, s.signer) for s in stored] == [(first, 2, ca.signer_name)]
    data = DossierFilesApi(ctx.api).content(dossier.code, stored[0].id)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert [_marked(pdf, i) for i in range(2)] == [1, 2]  # the order the clerk set

    again = DigitizeDialog(ctx, dossier)  # reopened later: the stored component shows
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: "đã lưu 2 trang" in again.components.item(0).text(),
                    timeout=10_000)
    assert again.view_button.isEnabled()
    again.view_stored()  # its pages and its signature, checked again on open
    qtbot.waitUntil(lambda: "Bản đã lưu" in again.status.text(), timeout=15_000)
    assert again.thumbs.count() == 2
    assert f"Chữ ký số hợp lệ của {ca.signer_name}" in again.status.text()

    # The same citizen comes back with another dossier: the paper is offered, not rescanned.
    later = ctx.api.create_dossier(draft(matched_card), new_idempotency_key())
    offered = DigitizeDialog(ctx, later)
    qtbot.addWidget(offered)
    offered.show()
    qtbot.waitUntil(lambda: "đã có bản số hóa ngày" in offered.components.item(0).text(),
                    timeout=10_000)
    offered._show_component()
    assert offered.reuse_button.isVisible() and "không cần quét lại" in offered.status.text()
    offered.reuse_offered()
    qtbot.waitUntil(lambda: "dùng lại bản đã có (2 trang)" in offered.components.item(0).text(),
                    timeout=10_000)
    assert DossierFilesApi(ctx.api).listed(later.code)[0].reused_from == stored[0].id
    offered.close()
    dialog.close()
    again.close()
    ctx.receipts.close()
    ctx.api.close()


def test_a_broken_file_is_said_and_pages_already_added_stay(qtbot, live, matched_card,
                                                            tmp_path):
    from ui.counter.reception.digitize_dialog import DigitizeDialog

    ctx = logged_in_context(live.base_url, "canbo1", tmp_path)
    dossier = ctx.api.create_dossier(draft(matched_card), new_idempotency_key())
    dialog = DigitizeDialog(ctx, dossier)
    qtbot.addWidget(dialog)
    dialog.add_files([save(text_page(1), tmp_path / "tot.png")])
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 1 and not dialog._busy, timeout=15_000)
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(b"\xff\xd8 cut short")
    dialog.add_files([broken])
    qtbot.waitUntil(lambda: not dialog._busy, timeout=15_000)
    assert "Không đọc được tệp hong.jpg" in dialog.status.text()
    assert dialog.thumbs.count() == 1
    # A blank back side scanned with it: found, and gone only when the clerk agrees.
    dialog.add_files([save(Image.new("L", (2480, 3508), 255), tmp_path / "trang.png")])
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 2 and not dialog._busy, timeout=15_000)
    assert dialog.blank_rows() == [1]
    dialog.remove_rows(dialog.blank_rows())
    assert dialog.thumbs.count() == 1 and "Đã bỏ 1 trang trắng" in dialog.status.text()
    dialog.close()
    ctx.receipts.close()
    ctx.api.close()
