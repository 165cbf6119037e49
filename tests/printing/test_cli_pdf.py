import subprocess
import sys

import pytest
import zxingcpp

from printing.cli import main
from tests.printing.escpos_decode import decode, split_documents
from tests.printing.text_paper import assert_fits, printed_lines

DOCUMENTS = ("ticket", "receipt", "supplement", "refusal", "return", "apology", "stop", "control",
             "ledger", "test")
COLUMNS = {80: 48, 58: 32}
DOTS = {80: 576, 58: 384}


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("mode", ["raster", "tcvn3", "cp1258"])
def test_print_sample_writes_what_the_printer_gets(tmp_path, document, width, mode):
    out = tmp_path / "out.bin"
    args = ["print-sample", document, "--width", str(width), "--mode", mode, "--out", str(out)]
    assert main(args) == 0
    stream = out.read_bytes()
    if mode == "raster":
        decoded = decode(stream)
        assert decoded.width_dots == DOTS[width] and decoded.lines == []
    else:
        decoded, lines = printed_lines(stream)
        assert decoded.code_pages == [{"tcvn3": 30, "cp1258": 52}[mode]]
        assert_fits(decoded, lines, COLUMNS[width])
        assert all(p.shape[1] == DOTS[width] for p in decoded.pictures)


def test_two_copies_are_two_documents_each_with_one_code_page(tmp_path):
    out = tmp_path / "r.bin"
    assert main(["print-sample", "receipt", "--mode", "cp1258", "--copies", "2", "--out",
                 str(out)]) == 0
    first, second = split_documents(out.read_bytes())
    _, lines1 = printed_lines(first)
    _, lines2 = printed_lines(second)
    assert "Liên 1: Lưu tại cơ quan" in lines1 and "Liên 2: Giao người nộp hồ sơ" in lines2
    assert decode(first).code_pages == decode(second).code_pages == [52]


def test_pos5890_profile_sample(tmp_path):
    out = tmp_path / "r.bin"
    assert main(["print-sample", "receipt", "--width", "58", "--mode", "cp1258",
                 "--profile", "POS-5890", "--out", str(out)]) == 0
    decoded = decode(out.read_bytes())
    assert decoded.code_pages == [94] and "qr" not in decoded.names() and not decoded.has_cut


def test_bad_options_exit_with_a_message(tmp_path, capsys):
    out = str(tmp_path / "x.bin")
    assert main(["print-sample", "receipt", "--mode", "cp1258", "--profile", "TM-T88IV",
                 "--out", out]) == 2
    assert "bảng mã" in capsys.readouterr().err


def test_cli_as_a_process_with_png_and_pdf(tmp_path):
    from pypdf import PdfReader

    out, png, pdf = tmp_path / "r.bin", tmp_path / "r.png", tmp_path / "r.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "printing.cli", "print-sample", "receipt", "--width", "80",
         "--mode", "raster", "--out", str(out), "--png", str(png), "--pdf", str(pdf)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert png.stat().st_size > 0
    assert pdf.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "H01.22-241126-0001" in text and "Nguyễn Thị Hoa" in text


def test_receipt_pdf_has_selectable_text_and_a_qr(tmp_path):
    from pypdf import PdfReader

    from printing.documents.receipt import demo_receipt
    from printing.pdf import receipt_pdf

    data = demo_receipt()
    path = tmp_path / "receipt.pdf"
    receipt_pdf(data, path)
    reader = PdfReader(path)
    assert path.read_bytes()[:5] == b"%PDF-" and len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for needle in (data.dossier_code, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                   "NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", "Độc lập - Tự do - Hạnh phúc"):
        assert needle in text
    [image] = reader.pages[0].images
    codes = zxingcpp.read_barcodes(image.image.convert("L"))
    assert [c.text for c in codes] == [data.tracking_url]


def test_forms_02_03_as_pdf(tmp_path):
    from pypdf import PdfReader

    from printing.documents.refusal import demo_refusal
    from printing.documents.supplement import demo_supplement
    from printing.pdf import refusal_pdf, supplement_pdf

    supplement_pdf(demo_supplement(), tmp_path / "02.pdf")
    refusal_pdf(demo_refusal(), tmp_path / "03.pdf")
    assert "Giấy ủy quyền" in PdfReader(tmp_path / "02.pdf").pages[0].extract_text()
    assert "TỪ CHỐI" in PdfReader(tmp_path / "03.pdf").pages[0].extract_text()


def test_qr_of_a_raster_sample_scans(tmp_path):
    out = tmp_path / "t.bin"
    assert main(["print-sample", "test", "--width", "58", "--out", str(out)]) == 0
    reads = zxingcpp.read_barcodes(decode(out.read_bytes()).image().convert("L"))
    assert len(reads) == 1 and reads[0].text.startswith("https://")
