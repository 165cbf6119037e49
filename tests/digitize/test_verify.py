"""A stored PDF checked again when opened (issue 14, item 7): the pages, PDF/A, the signer
and time; a changed byte says the signature no longer holds; an unsigned file says so."""

from __future__ import annotations

from datetime import datetime

from counter_app.digitize.pages import Page
from counter_app.digitize.pdf_build import build_pdf
from counter_app.digitize.signing import load_p12, sign_pdf
from counter_app.digitize.verify import check_pdf
from counter_app.domain.calendar import OFFICE_TZ
from tests.digitize.conftest import text_page


def _pdf(at: datetime) -> bytes:
    return build_pdf([Page(text_page(n).convert("1"), 300, f"p{n}") for n in (1, 2)],
                     title="Giấy khai sinh", at=at)


def test_a_signed_file_names_its_signer_and_time(office_ca):
    at = datetime.now(OFFICE_TZ).replace(microsecond=0)
    data = sign_pdf(_pdf(at), load_p12(office_ca.p12, office_ca.password), at=at).data
    trusted = check_pdf(data, [office_ca.root_pem])
    assert trusted.ok and trusted.trusted and trusted.pdfa and trusted.pages == 2
    assert trusted.signer == office_ca.signer_name and trusted.signed_at == at
    assert f"Chữ ký số hợp lệ của {office_ca.signer_name} lúc {at:%H:%M %d/%m/%Y}" in \
        trusted.summary()
    here = check_pdf(data)  # a counter that does not know the office's CA
    assert here.ok and here.trusted is None
    assert "chưa kiểm tra chuỗi chứng thư" in here.summary()


def test_a_changed_byte_and_an_unsigned_file_are_said(office_ca):
    at = datetime.now(OFFICE_TZ).replace(microsecond=0)
    data = bytearray(sign_pdf(_pdf(at), load_p12(office_ca.p12, office_ca.password),
                              at=at).data)
    start = data.index(b"stream", data.index(b"/CCITTFaxDecode")) + 200
    data[start] ^= 0xFF
    changed = check_pdf(bytes(data), [office_ca.root_pem])
    assert not changed.ok and "tệp đã bị thay đổi sau khi ký" in changed.summary()
    unsigned = check_pdf(_pdf(at))
    assert not unsigned.ok and unsigned.summary() == "2 trang. CHƯA KÝ SỐ."
