"""Signing with a PKCS#11 USB token, the way Vietnamese officials sign (ký số).

The clerk picks the token's library once (the vendor's .dll on Windows, a .so on Linux);
the PIN is asked once per session and kept in memory only. The key and its certificate are
found on the token by label. A wrong PIN, a token not plugged in or a missing key each get
their own Vietnamese message; the PIN never reaches a log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from counter_app.digitize.errors import DigitizeError

log = logging.getLogger(__name__)

NO_LIBRARY = ("Không nạp được thư viện của USB ký số ({name}). Cài phần mềm của nhà cung "
              "cấp chữ ký số, rồi chọn lại thư viện trong Thiết lập.")
NO_TOKEN = "Không thấy USB ký số “{label}”. Cắm USB ký số vào máy rồi thử lại."
WRONG_PIN = "Mã PIN của USB ký số không đúng. Nhập lại (nhập sai nhiều lần USB sẽ bị khóa)."
LOCKED_PIN = "USB ký số đã bị khóa do nhập sai mã PIN nhiều lần: liên hệ nhà cung cấp."
NO_KEY = "Trên USB ký số không có khóa “{label}”: kiểm tra lại tên khóa trong Thiết lập."


@dataclass(frozen=True)
class TokenChoice:
    library: Path
    token_label: str
    key_label: str


def open_token(choice: TokenChoice, pin: str) -> tuple[object, Callable[[], None]]:
    """A pyHanko signer on the token, and how to close its session (at sign-out)."""
    import pkcs11
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    if not Path(choice.library).is_file():
        raise DigitizeError(NO_LIBRARY.format(name=Path(choice.library).name),
                            f"no such file {choice.library}")
    try:
        session = open_pkcs11_session(str(choice.library),
                                      token_criteria=TokenCriteria(label=choice.token_label),
                                      user_pin=pin)
    except p11.PinIncorrect as exc:
        log.warning("token %s: wrong PIN", choice.token_label)
        raise DigitizeError(WRONG_PIN, "wrong PIN") from exc
    except p11.PinLocked as exc:
        raise DigitizeError(LOCKED_PIN, "PIN locked") from exc
    except pkcs11.PKCS11Error as exc:  # also the library that does not load
        if "while loading" in str(exc):
            raise DigitizeError(NO_LIBRARY.format(name=Path(choice.library).name),
                                str(exc)) from exc
        raise DigitizeError(NO_TOKEN.format(label=choice.token_label), str(exc)) from exc
    try:
        session.get_key(label=choice.key_label, object_class=pkcs11.ObjectClass.PRIVATE_KEY)
    except (p11.NoSuchKey, p11.MultipleObjectsReturned) as exc:
        session.close()
        raise DigitizeError(NO_KEY.format(label=choice.key_label), repr(exc)) from exc
    signer = PKCS11Signer(session, key_label=choice.key_label, cert_label=choice.key_label)
    return signer, session.close


@contextmanager
def token_signer(choice: TokenChoice, pin: str) -> Generator[object]:
    """A pyHanko signer on the token while the block runs; the session closes after."""
    signer, close = open_token(choice, pin)
    try:
        yield signer
    finally:
        close()


def parse_choice(setting: str) -> TokenChoice:
    """The `signing_pkcs11` setting, "<library>|<token label>|<key label>"."""
    parts = setting.split("|")
    if len(parts) != 3 or not all(p.strip() for p in parts):
        raise DigitizeError("Thiết lập USB ký số cần dạng: thư viện|tên USB|tên khóa.")
    return TokenChoice(Path(parts[0].strip()), parts[1].strip(), parts[2].strip())
