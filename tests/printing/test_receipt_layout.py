from dataclasses import replace

import pytest

from printing.documents.receipt import (
    QR_CAPTION,
    DocumentLine,
    receipt_layout,
)
from printing.layout import KeyValue, QrCode, Signatures, Table, Text


def _texts(blocks):
    out = []
    for b in blocks:
        if isinstance(b, Text):
            out.append(b.text)
        elif isinstance(b, KeyValue):
            out.append(f"{b.key}: {b.value}")
        elif isinstance(b, Signatures):
            out += [f"{p.title} {p.note} {p.name}" for p in b.parties]
    return out


def test_form_01_has_every_numbered_item_in_order(demo):
    texts = _texts(receipt_layout(demo))
    joined = "\n".join(texts)
    for needle in (
        "UBND THÀNH PHỐ HÀ NỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Liên 2: Giao người nộp hồ sơ",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "H01.22-241126-0001",
        "Nguyễn Thị Hoa",
        "(2) Số lượng hồ sơ: 01 bộ",
        "(3) Thời gian giải quyết: 05 ngày làm việc",
        "(4) Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 24/11/2026",
        "(5) Thời gian trả kết quả: 14 giờ 05 phút, ngày 01/12/2026",
        "Lệ phí: Miễn phí",
        "Vào sổ theo dõi hồ sơ: quyển số 02, số thứ tự 1234",
        "Hà Nội, ngày 24 tháng 11 năm 2026",
        "Email: hoa.nguyen@example.vn",
        "Mẫu số 01 Phụ lục I Thông tư số 03/2025/TT-VPCP",
        "NGƯỜI NỘP HỒ SƠ (Ký và ghi rõ họ tên) Nguyễn Thị Hoa",
        "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Trần Văn Bình",
        QR_CAPTION,
    ):
        assert needle in joined
    positions = [joined.index(f"({k})") for k in range(1, 7)]
    assert positions == sorted(positions)


def test_documents_table_lists_originals_and_copies(demo):
    (table,) = [b for b in receipt_layout(demo) if isinstance(b, Table)]
    assert table.rows[2] == ("3", "Giấy chứng nhận kết hôn của cha, mẹ", "0", "1")
    assert len(table.rows) == len(demo.documents)


def test_dossier_code_is_large_and_bold(demo):
    (code,) = [
        b for b in receipt_layout(demo) if isinstance(b, Text) and b.text == demo.dossier_code
    ]
    assert code.bold and code.size == "huge"


def test_qr_carries_only_the_tracking_url(demo):
    (qr,) = [b for b in receipt_layout(demo) if isinstance(b, QrCode)]
    assert qr.data == demo.tracking_url


def test_optional_parts_and_fee(demo):
    changed = replace(
        demo, copy_label=None, applicant_phone=None, applicant_email=None, fee=50_000,
        ledger_book=None, legal_basis="Căn cứ Quyết định số 1/QĐ-UBND",
    )
    texts = "\n".join(_texts(receipt_layout(changed)))
    assert "Liên" not in texts and "Điện thoại" not in texts and "Email" not in texts
    assert "Lệ phí: 50.000 đ" in texts
    assert "Vào sổ theo dõi hồ sơ, số: 1234" in texts
    assert "Căn cứ Quyết định số 1/QĐ-UBND" in texts and "Thông tư" not in texts


@pytest.mark.parametrize(
    "change",
    [
        {"tracking_url": "Nguyễn Thị Hoa 001090012345"},
        {"sets": 0},
        {"fee": -5},
    ],
)
def test_invalid_receipts_are_refused(demo, change):
    with pytest.raises(ValueError):
        replace(demo, **change)


def test_negative_document_count_is_refused():
    with pytest.raises(ValueError):
        DocumentLine("Tờ khai", -1, 0)


def test_job_title_has_no_personal_data(demo):
    assert demo.dossier_code in demo.job_title
    assert demo.applicant_name not in demo.job_title
