"""What a new password must be: a passphrase (≥ 10 characters), not one of the passwords
people pick first, and not built on the username.

Length and a common-password list instead of composition rules (NIST SP 800-63B): "Abc@1234"
passes every "upper, digit, symbol" rule and is among the first guesses. A password is
compared without accents, case, spaces or the digits and symbols at its ends, so
"Mật khẩu 2026!" is recognised as "matkhau".
"""

from __future__ import annotations

import string
import unicodedata
from functools import lru_cache

import resources

MIN_LENGTH = 10
MAX_LENGTH = 200  # argon2 hashes any length; a megabyte "password" is only a slow request
RULE = (f"at least {MIN_LENGTH} characters; not a common password; "
        "not containing the username")
_ENDS = string.digits + string.punctuation + " "


class WeakPassword(ValueError):
    """The message is for the person choosing the password (Vietnamese)."""


@lru_cache(maxsize=1)
def common() -> frozenset[str]:
    text = resources.path("passwords", "common.txt").read_text(encoding="utf-8")
    words = [w for w in text.split() if not w.startswith("#")]
    return frozenset(words + [_compact(w) for w in words])


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(kept.lower().split())


def _compact(text: str) -> str:
    """Letters and digits only: "mat-khau.moi" is "matkhaumoi"."""
    return "".join(c for c in text if c.isalnum())


def _forms(plain: str) -> set[str]:
    compact = _compact(plain)
    return {plain, plain.strip(_ENDS), compact, compact.strip(string.digits)} - {""}


def problem(password: str, username: str = "") -> str | None:
    """Why this password is refused, in Vietnamese; None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Mật khẩu cần ít nhất {MIN_LENGTH} ký tự (nên dùng một cụm từ dễ nhớ)."
    if len(password) > MAX_LENGTH:
        return f"Mật khẩu dài quá {MAX_LENGTH} ký tự."
    plain = _plain(password)
    core = plain.strip(_ENDS)
    name = _plain(username)
    if len(name) >= 3 and (name in plain or (core and core in name)):
        return "Mật khẩu không được chứa tên đăng nhập."
    if _forms(plain) & common():
        return "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."
    if len(set(plain)) < 4:
        return "Mật khẩu lặp lại quá ít ký tự khác nhau; hãy chọn mật khẩu khác."
    return None


def check(password: str, username: str = "") -> str:
    """The password itself when acceptable; WeakPassword with the reason otherwise."""
    reason = problem(password, username)
    if reason is not None:
        raise WeakPassword(reason)
    return password
