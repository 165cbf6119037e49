"""Forms 04-07 and the completed forms 01/03 (issue 15), read back from the bytes a
printer receives (the project's own ESC/POS decoder, CP1258 and TCVN3 text routes) and
from the A4 PDF's text."""

from __future__ import annotations

import dataclasses
import re

import pytest
from pypdf import PdfReader

from printing.cli import main
from printing.documents.apology import apology_layout, demo_apology
from printing.documents.control import control_layout, demo_control
from printing.documents.ledger_book import demo_ledger_book, ledger_book_layout
from printing.documents.receipt import Proxy, demo_receipt, receipt_layout
from printing.documents.refusal import demo_refusal, refusal_layout
from printing.documents.stop import demo_stop, stop_layout
from printing.service import job_for
from printing.settings import PrinterSettings
from tests.printing.escpos_decode import decode
from tests.printing.text_paper import printed_lines


def paper(layout, data, width: int = 80, route: str = "cp1258") -> str:
    settings = PrinterSettings(paper_mm=width, text_route=route)  # type: ignore[arg-type]
    job = job_for(settings, "x", data.job_title, layout(data))
    _, lines = printed_lines(job.data)
    # Lines wrap on the roll: compare words, not line breaks.
    return re.sub(r"\s+", " ", " ".join(lines))


CASES = {
    "apology": (apology_layout, demo_apology, [
        "Mẫu số 04 Phụ lục I", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Số: XL-261203-0002", "Kính gửi: Nguyễn Thị Hoa", "001190012345",
        "000.00.17.H01-261124-0007", "14 giờ 05 phút, ngày 04/12/2026",
        "14 giờ 05 phút, ngày 11/12/2026", "xác minh nguồn gốc sử dụng đất",
        "THỦ TRƯỞNG CƠ QUAN"]),
    "stop": (stop_layout, demo_stop, [
        "Mẫu số 05 Phụ lục I", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Số: DG-261203-0001",
        "Công dân, tổ chức xin rút hồ sơ", "hợp pháp hóa lãnh sự", "Phạm Thị Ngọc Ánh"]),
    "control": (control_layout, demo_control, [
        "Mẫu số 06 Phụ lục I", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Bộ phận Một cửa giao cho Phòng Kinh tế", "Kết quả: Trước hạn", "Kết quả: Đúng hạn",
        "Kết quả: Quá hạn", "Văn phòng đăng ký đất đai Hà Nội", "Bên nhận ký"]),
    "ledger": (ledger_book_layout, demo_ledger_book, [
        "Mẫu số 07 Phụ lục I", "SỔ THEO DÕI HỒ SƠ", "Lĩnh vực: Hộ tịch",
        "000.00.17.H01-261103-0001", "Dịch vụ bưu chính", "0987654321", "Ký nhận"]),
}


@pytest.mark.parametrize("kind", sorted(CASES))
@pytest.mark.parametrize(("width", "route"), [(80, "cp1258"), (58, "cp1258"), (80, "tcvn3")])
def test_every_new_form_decodes_from_the_printer_bytes(kind, width, route):
    layout, demo, needles = CASES[kind]
    text = paper(layout, demo(), width, route)
    for needle in needles:
        if route == "tcvn3" and any(c.isupper() and ord(c) > 127 for c in needle):
            continue  # TCVN3 has no accented capitals: those lines go as pictures
        assert needle in text, needle


def test_form_01_carries_the_number_the_id_and_the_authorised_person():
    proxy = Proxy("Lê Minh Tuấn", "001088009876", address="Số 7 phố Kim Mã, Hà Nội",
                  phone="0903 111 222", email="tuan.le@example.vn",
                  authorisation="Giấy ủy quyền số 12/2026 chứng thực ngày 20/11/2026")
    text = paper(receipt_layout, dataclasses.replace(demo_receipt(), proxy=proxy))
    for needle in ("Số: 1234/TNHS", "Số định danh cá nhân: 001190012345",
                   "Người được ủy quyền nộp hồ sơ", "Lê Minh Tuấn", "001088009876",
                   "0903 111 222", "tuan.le@example.vn", "Giấy ủy quyền số 12/2026"):
        assert needle in text, needle
    assert "ủy quyền" not in paper(receipt_layout, demo_receipt())


def test_form_03_carries_id_phone_email_and_the_dossier_code():
    data = dataclasses.replace(demo_refusal(), dossier_code="000.00.17.H01-261124-0011")
    text = paper(refusal_layout, data)
    for needle in ("Số: TC-261124-0003", "001195067890", "0987 654 321",
                   "anh.pham@example.vn", "Mã hồ sơ: 000.00.17.H01-261124-0011"):
        assert needle in text, needle


def test_the_art_26_qr_replaces_the_link_at_the_top():
    content = "000.00.17.H01-241126-0001|1.001193|001190012345|Giấy tiếp nhận|ĐVC"
    data = dataclasses.replace(demo_receipt(), qr_content=content)
    settings = PrinterSettings(paper_mm=80, text_route="cp1258")
    job = job_for(settings, "receipt", data.job_title, receipt_layout(data))
    decoded = decode(job.data)
    assert [q.data.decode("utf-8") for q in decoded.qr_codes] == [content]
    names = decoded.names()
    assert names.index("qr_print") < names.index("text") if "qr_print" in names else True
    default = job_for(settings, "receipt", "r", receipt_layout(demo_receipt()))
    assert [q.data.decode() for q in decode(default.data).qr_codes] == [
        demo_receipt().tracking_url]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_every_new_form_is_in_the_a4_pdf(tmp_path, kind):
    out, pdf = tmp_path / "x.bin", tmp_path / "x.pdf"
    assert main(["print-sample", kind, "--mode", "cp1258", "--out", str(out),
                 "--pdf", str(pdf)]) == 0
    reader = PdfReader(pdf)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    _, _, needles = CASES[kind]
    for needle in needles[:2]:
        assert needle in text, needle
    assert {"apology": "Số: XL-261203-0002", "stop": "Số: DG-261203-0001",
            "control": "Quá hạn", "ledger": "000.00.17.H01-261105-0004"}[kind] in text
    if kind == "ledger":
        box = reader.pages[0].mediabox
        assert box.width > box.height  # A4 landscape
    if kind in ("control", "ledger"):  # the paper forms are tables with signature columns
        squeezed = text.replace(" ", "")  # header cells wrap inside their columns
        assert ("Bênnhậnký" if kind == "control" else "Kýnhận") in squeezed
