import json
from dataclasses import replace

import pytest

from printing.documents import texts
from printing.documents.copies import copy_labels, labelled_copies
from printing.documents.printer_test import demo_printer_test, printer_test_layout
from printing.documents.receipt import demo_receipt, receipt_layout
from printing.documents.refusal import demo_refusal, refusal_layout
from printing.documents.result_return import demo_result_return, result_return_layout
from printing.documents.supplement import SupplementItem, demo_supplement, supplement_layout
from printing.documents.ticket import demo_ticket, ticket_layout
from printing.layout import KeyValue, Signatures, Table, Text
from printing.render_raster import render_raster

DOCUMENTS = [
    (demo_ticket, ticket_layout),
    (demo_receipt, receipt_layout),
    (demo_supplement, supplement_layout),
    (demo_refusal, refusal_layout),
    (demo_result_return, result_return_layout),
    (demo_printer_test, printer_test_layout),
]


def _text(blocks) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Text):
            out.append(b.text)
        elif isinstance(b, KeyValue):
            out.append(f"{b.key}: {b.value}")
        elif isinstance(b, Table):
            out += [" | ".join(c.title for c in b.columns)] + [" | ".join(r) for r in b.rows]
        elif isinstance(b, Signatures):
            out += [f"{p.title} {p.note} {p.name}" for p in b.parties]
    return "\n".join(out)


@pytest.mark.parametrize(("demo", "layout"), DOCUMENTS)
@pytest.mark.parametrize("width", [576, 384])
def test_every_document_renders_paper_wide(demo, layout, width):
    image = render_raster(layout(demo()), width)
    assert image.width == width and image.mode == "1" and image.height > 200


def test_ticket_number_is_giant_with_priority_and_waiting_count():
    data = demo_ticket(priority=True)
    blocks = ticket_layout(data)
    [number] = [b for b in blocks if isinstance(b, Text) and b.text == data.number]
    assert number.size == "giant" and number.bold and number.fit
    text = _text(blocks)
    assert "ƯU TIÊN" in text and f"Số người chờ trước bạn: {data.waiting_ahead}" in text
    assert data.service_name in text and "08:42 - 24/11/2026" in text and "1900 1234" in text
    assert "ƯU TIÊN" not in _text(ticket_layout(demo_ticket()))
    with pytest.raises(ValueError):
        replace(data, waiting_ahead=-1)


def test_supplement_lists_documents_with_three_kinds_of_copy():
    data = demo_supplement()
    blocks = supplement_layout(data)
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert [c.title for c in table.columns][2:] == ["Bản chính", "Bản sao CT", "Bản sao"]
    assert table.rows[1] == ("2", "Giấy ủy quyền (Sai thông tin người nhận)", "0", "1", "0")
    text = _text(blocks)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Lý do: " in text
    assert "024 3734 5678" in text and data.contact_name in text
    with pytest.raises(ValueError):
        replace(data, items=())
    with pytest.raises(ValueError):
        SupplementItem("x", originals=-1)


def test_refusal_states_the_reason():
    data = demo_refusal()
    text = _text(refusal_layout(data))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and data.reason in text
    with pytest.raises(ValueError):
        replace(data, reason="  ")


def test_return_slip_masks_the_id_number():
    data = demo_result_return()
    text = _text(result_return_layout(data))
    assert "Số định danh: *********345" in text
    assert data.collector_id_number not in text
    assert "15 giờ 20 phút, ngày 01/12/2026" in text and data.dossier_code in text
    assert data.collector_id_number not in data.job_title


def test_two_labelled_copies_office_first():
    pairs = list(labelled_copies(demo_receipt(), receipt_layout, 2))
    assert [d.copy_label for d, _ in pairs] == list(texts.copy_labels())
    assert "Liên 1: Lưu tại cơ quan" in _text(pairs[0][1])
    assert "Liên 2: Giao người nộp hồ sơ" in _text(pairs[1][1])
    assert copy_labels(1) == (None,)
    with pytest.raises(ValueError):
        copy_labels(3)


def test_titles_and_legal_basis_come_from_the_texts_file(tmp_path):
    override = tmp_path / "forms.json"
    override.write_text(json.dumps({"forms": {"refusal": {
        "title": "PHIẾU TỪ CHỐI (MẪU THỬ)", "legal_basis": "Căn cứ văn bản XYZ"}}}),
        encoding="utf-8")
    texts.use_texts_file(override)
    try:
        text = _text(refusal_layout(demo_refusal()))
        assert "PHIẾU TỪ CHỐI (MẪU THỬ)" in text and "Căn cứ văn bản XYZ" in text
        assert texts.form("receipt").title == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    finally:
        texts.use_texts_file(None)
    assert "Mẫu số 03" in _text(refusal_layout(demo_refusal()))
    assert not texts.form("refusal").verified
