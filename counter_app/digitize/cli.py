"""`counter-app digitize`: files in, exactly the signed PDF/A the counter would store out.

    counter-app digitize trang1.jpg trang2.tif --out to-khai.pdf [--dpi 300] [--color]
    counter-app digitize --source sane:DEVICE --out to-khai.pdf   (scans instead;
        twain:SOURCE on Windows) [--duplex] [--ocr: an invisible Vietnamese text layer]
        [--sign-p12 van-phong.p12 --p12-password-env P12_PASSWORD
         | --sign-pkcs11 LIB --token-label L --key-label K --pin-env TOKEN_PIN]

Passwords and PINs come from environment variables, never from the command line (they
would stay in the shell's history and in the process list).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import datetime
from pathlib import Path

from counter_app.digitize.errors import DigitizeError

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="counter-app digitize",
        description="Số hóa giấy tờ: ảnh quét (JPEG, PNG, TIFF nhiều trang) hoặc PDF của "
                    "máy quét thành một tệp PDF/A-2b, ký số nếu có chứng thư.")
    p.add_argument("files", nargs="*", type=Path, help="các tệp ảnh hoặc PDF, theo thứ tự trang")
    p.add_argument("--source", metavar="sane:DEVICE",
                   help="quét từ máy quét thay cho tệp, vd. sane:test:0 (xem scanimage -L), "
                        "hoặc twain:TÊN trên Windows")
    p.add_argument("--duplex", action="store_true", help="quét hai mặt (khay nạp giấy)")
    p.add_argument("--ocr", action="store_true",
                   help="thêm lớp chữ ẩn tiếng Việt (tesseract) để tìm kiếm được chữ")
    p.add_argument("--out", required=True, type=Path, help="tệp PDF ghi ra")
    p.add_argument("--stamp", action="store_true",
                   help="hiện chữ ký số trên trang đầu (người ký, thời gian)")
    p.add_argument("--dpi", type=int, help="độ phân giải khi tệp không ghi (mặc định 300)")
    p.add_argument("--color", action="store_true",
                   help="giữ màu (ảnh, thẻ căn cước); mặc định đen trắng cho trang chữ")
    p.add_argument("--title", default="", help="tên giấy tờ (ghi vào thông tin tệp)")
    p.add_argument("--sign-p12", type=Path, help="tệp chứng thư số .p12/.pfx để ký")
    p.add_argument("--p12-password-env", default="P12_PASSWORD",
                   help="tên biến môi trường chứa mật khẩu tệp .p12 (mặc định P12_PASSWORD)")
    p.add_argument("--sign-pkcs11", type=Path, metavar="LIB",
                   help="thư viện PKCS#11 của USB ký số (.dll/.so của nhà cung cấp)")
    p.add_argument("--token-label", help="tên USB ký số (nhãn token)")
    p.add_argument("--key-label", help="tên khóa ký trên USB")
    p.add_argument("--pin-env", default="TOKEN_PIN",
                   help="tên biến môi trường chứa mã PIN của USB (mặc định TOKEN_PIN)")
    return p


def _secret(variable: str, what: str) -> str:
    value = os.environ.get(variable)
    if value is None:
        raise DigitizeError(f"Chưa đặt biến môi trường {variable} chứa {what}.")
    return value


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from counter_app.atomic_file import replace_file
    from counter_app.digitize.pages import read_images
    from counter_app.digitize.pdf_build import build_pdf
    from counter_app.domain.clock import office_now

    at: datetime = office_now()
    try:
        if args.source:
            from counter_app.digitize.scanners import FolderScanner, ScanSettings, open_scanner

            kind, _, device = args.source.partition(":")
            if kind not in ("sane", "twain") or not device:
                raise DigitizeError("--source nhận máy quét SANE: sane:TÊN (xem scanimage -L) "
                                    "hoặc TWAIN: twain:TÊN.")
            settings = ScanSettings(dpi=args.dpi or 300, colour=args.color, duplex=args.duplex)
            scanner = open_scanner(args.source, settings)
            assert not isinstance(scanner, FolderScanner)
            pages = scanner.scan(
                settings, on_page=lambda p: print(f"  đã quét trang {p.source}", flush=True))
        elif args.files:
            pages = read_images(args.files, colour=args.color, dpi=args.dpi)
        else:
            raise DigitizeError("Cho biết các tệp cần số hóa, hoặc --source để quét.")
        pdf = build_pdf(pages, title=args.title or args.out.stem, at=at)
        if args.ocr:  # before the signature, which then covers the text as well
            from counter_app.digitize.ocr import add_text_layer

            with_text = add_text_layer(pdf, pages)
            pdf = with_text.data
            if with_text.note:
                print(with_text.note, file=sys.stderr)
        signer_name = ""
        if args.sign_p12 is not None:
            from counter_app.digitize.signing import load_p12, sign_pdf

            password = _secret(args.p12_password_env, "mật khẩu tệp chữ ký số")
            signed = sign_pdf(pdf, load_p12(args.sign_p12, password.encode()), at=at,
                              stamp=args.stamp)
            pdf, signer_name = signed.data, signed.signer
        elif args.sign_pkcs11 is not None:
            from counter_app.digitize.signing import sign_pdf
            from counter_app.digitize.signing_pkcs11 import TokenChoice, token_signer

            if not args.token_label or not args.key_label:
                raise DigitizeError("Ký bằng USB cần cả --token-label và --key-label.")
            choice = TokenChoice(args.sign_pkcs11, args.token_label, args.key_label)
            with token_signer(choice, _secret(args.pin_env, "mã PIN của USB ký số")) as signer:
                signed = sign_pdf(pdf, signer, at=at, stamp=args.stamp)
            pdf, signer_name = signed.data, signed.signer
        replace_file(args.out, pdf)
    except DigitizeError as exc:
        log.error("digitize failed: %s", exc)
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:  # the output folder: full disk, no permission
        print(f"Lỗi: không ghi được {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    signed_by = f", ký bởi {signer_name}" if signer_name else ""
    print(f"Đã ghi {args.out}: {len(pages)} trang, {len(pdf) // 1024} KB{signed_by}.")
    return 0
