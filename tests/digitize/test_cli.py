"""`counter-app digitize` (issue 14, item 9): the files in, the signed PDF/A out, and a
clear Vietnamese line (exit 1) for what cannot be done."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.digitize.conftest import save, text_page

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "digitize", *args],
                          capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **env}, timeout=120)


def test_files_in_signed_pdf_out(tmp_path, office_ca):
    pages = [save(text_page(n), tmp_path / f"trang{n}.png") for n in (1, 2)]
    out = tmp_path / "to-khai.pdf"
    done = _run(*map(str, pages), "--out", str(out), "--sign-p12", str(office_ca.p12),
                "--p12-password-env", "MAT_KHAU_P12", MAT_KHAU_P12=office_ca.password.decode())
    assert done.returncode == 0, done.stderr
    assert f"Đã ghi {out}: 2 trang" in done.stdout and office_ca.signer_name in done.stdout
    data = out.read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2 and pdf.open_metadata()["pdfaid:part"] == "2"
    assert len(PdfFileReader(io.BytesIO(data)).embedded_signatures) == 1


def test_a_missing_password_variable_and_a_broken_file_are_said(tmp_path, office_ca):
    page = save(text_page(1), tmp_path / "trang1.png")
    out = tmp_path / "ra.pdf"
    no_password = _run(str(page), "--out", str(out), "--sign-p12", str(office_ca.p12),
                       "--p12-password-env", "KHONG_CO_BIEN_NAY")
    assert no_password.returncode == 1
    assert "Chưa đặt biến môi trường KHONG_CO_BIEN_NAY" in no_password.stderr
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(b"\xff\xd8 cut short")
    bad = _run(str(broken), "--out", str(out))
    assert bad.returncode == 1 and "Không đọc được tệp hong.jpg" in bad.stderr
    assert not out.exists()  # nothing half-written


def test_signed_on_the_usb_token_from_the_command_line(tmp_path, soft_token, office_ca):
    page = save(text_page(1), tmp_path / "trang1.png")
    out = tmp_path / "token.pdf"
    done = _run(str(page), "--out", str(out), "--sign-pkcs11", str(soft_token.library),
                "--token-label", soft_token.token_label, "--key-label", soft_token.key_label,
                "--pin-env", "PIN_USB", PIN_USB=soft_token.pin)
    assert done.returncode == 0, done.stderr
    assert office_ca.signer_name in done.stdout
    assert len(PdfFileReader(io.BytesIO(out.read_bytes())).embedded_signatures) == 1
    wrong = _run(str(page), "--out", str(tmp_path / "sai.pdf"), "--sign-pkcs11",
                 str(soft_token.library), "--token-label", soft_token.token_label,
                 "--key-label", soft_token.key_label, "--pin-env", "PIN_USB", PIN_USB="999999")
    assert wrong.returncode == 1 and "Mã PIN của USB ký số không đúng" in wrong.stderr
    assert "999999" not in wrong.stderr


def test_scanned_from_the_sane_device_instead_of_files(tmp_path, sane_test_device):
    out = tmp_path / "quet.pdf"
    done = _run("--source", f"sane:{sane_test_device}", "--dpi", "200", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "đã quét trang test:0#10" in done.stdout and f"Đã ghi {out}: 10 trang" in done.stdout
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 10
