"""The kiosk's admin PIN: chosen at setup, kept only as a salted scrypt hash, and guarded
by a delay that grows with each wrong guess.

There is no default PIN. A kiosk stands in a public lobby; a PIN everyone can look up
("0000") would let anyone close it and reach the desktop of an office PC.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import os
import time
from collections.abc import Callable

from counter_app.settings import Setting, Settings

KIOSK_PIN_HASH = Setting("kiosk_admin_pin_hash", "", str,
                         "Mã băm (scrypt, có muối) của mã PIN quản trị máy lấy số; "
                         "đặt bằng `counter-app kiosk --set-pin` hoặc ở màn hình đầu tiên")
# Versions before this one kept the PIN itself; it is blanked when a new PIN is saved.
LEGACY_CLEAR_PIN = Setting("kiosk_admin_pin", "", str, "Không còn dùng")

MIN_DIGITS = 6
_N, _R, _P = 2**14, 8, 1  # ~50 ms and 16 MB per try: cheap once, dear by the million
FREE_TRIES = 2
MAX_DELAY_S = 300


def pin_problem(pin: str) -> str | None:
    """Why this PIN may not be chosen, in words for the admin; None when it is fine."""
    if not pin.isascii() or not pin.isdigit():
        return "Mã PIN chỉ gồm chữ số."
    if len(pin) < MIN_DIGITS:
        return f"Mã PIN cần ít nhất {MIN_DIGITS} chữ số."
    if len(set(pin)) == 1:
        return "Mã PIN không được gồm một chữ số lặp lại."
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {-1}):
        return "Mã PIN không được là dãy số liên tiếp (như 123456)."
    return None


def hash_pin(pin: str) -> str:
    """`scrypt$n$r$p$salt$hash`, base64; the PIN itself is never stored."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def pin_matches(pin: str, stored: str) -> bool:
    """Constant-time check of a PIN against hash_pin()'s output; False for anything else."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def delay_after(failures: int) -> int:
    """Seconds to wait after this many wrong PINs in a row: 0, 0, 2, 4, 8 … up to 5 min."""
    if failures <= FREE_TRIES:
        return 0
    return min(MAX_DELAY_S, 2 ** (failures - FREE_TRIES))


class PinGuard:
    """Wrong guesses in a row and when the next try is allowed. It outlives the PIN dialog,
    so closing and reopening the dialog does not reset the wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.failures = 0
        self._until = 0.0

    def wait_left(self) -> int:
        """Whole seconds before the next try (0: try now)."""
        left = self._until - self._clock()
        return max(0, math.ceil(left))

    def failed(self) -> int:
        self.failures += 1
        self._until = self._clock() + delay_after(self.failures)
        return self.wait_left()

    def succeeded(self) -> None:
        self.failures, self._until = 0, 0.0


def save_pin(settings: Settings, pin: str) -> None:
    """Hash and save (runs off the UI thread: scrypt and a disk write)."""
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    settings.set(KIOSK_PIN_HASH, hash_pin(pin))
    settings.set(LEGACY_CLEAR_PIN, "")
    settings.save()


def set_pin_from_terminal(settings: Settings, ask: Callable[[str], str] | None = None,
                          say: Callable[[str], None] = print) -> int:
    """`counter-app kiosk --set-pin`: ask twice without echo, refuse weak PINs, save."""
    if ask is None:
        from getpass import getpass as ask
    for _ in range(3):
        pin = ask("Mã PIN quản trị mới (ít nhất 6 chữ số): ").strip()
        problem = pin_problem(pin)
        if problem:
            say(problem)
            continue
        if ask("Nhập lại mã PIN: ").strip() != pin:
            say("Hai lần nhập không khớp.")
            continue
        save_pin(settings, pin)
        say(f"Đã lưu mã PIN quản trị (chỉ lưu mã băm) vào {settings.path}.")
        return 0
    say("Chưa đặt được mã PIN.")
    return 1
