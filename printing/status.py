"""Real-time printer status (DLE EOT n), turned into what a clerk can act on.

Asked over any link that can answer (network, serial, USB) before a job, with a short
timeout: a printer with its cover open or out of paper fails the job *before* any byte of
it is sent, so nothing is half printed.

Bits (Epson reference; bit 1 and 4 are always 1, bit 0 and 7 always 0 in every answer):
  n=1 printer:        bit 3 offline
  n=2 offline cause:  bit 2 cover open, bit 5 stopped at paper end, bit 6 error
  n=4 paper sensor:   bits 2-3 paper near end, bits 5-6 paper end
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import PrinterError, ReasonCode

DLE_EOT = b"\x10\x04"
_FIXED_MASK, _FIXED = 0x93, 0x12


@dataclass(frozen=True)
class PrinterStatus:
    reason: ReasonCode | None  # None = ready
    message_vi: str
    warnings: tuple[str, ...] = ()  # e.g. paper near end: print, but tell the clerk
    raw: dict[int, int] = field(default_factory=dict[int, int])

    @property
    def ready(self) -> bool:
        return self.reason is None

    def raise_if_not_ready(self) -> None:
        if self.reason is not None:
            raise PrinterError(self.reason, self.message_vi)


READY = PrinterStatus(None, "Máy in sẵn sàng.")
PAPER_NEAR_END = "Giấy sắp hết: hãy chuẩn bị cuộn giấy mới."


def valid(byte: int) -> bool:
    return byte & _FIXED_MASK == _FIXED


def interpret(raw: dict[int, int]) -> PrinterStatus:
    """raw: n -> answer byte for the DLE EOT queries that were answered."""
    printer, cause, paper = raw.get(1, 0x12), raw.get(2, 0x12), raw.get(4, 0x12)
    warnings = (PAPER_NEAR_END,) if paper & 0x0C and not paper & 0x60 else ()
    if cause & 0x04:
        return PrinterStatus("cover_open", "Nắp máy in đang mở: hãy đóng nắp.", warnings, raw)
    if paper & 0x60 or cause & 0x20:
        return PrinterStatus("paper_out", "Máy in hết giấy: hãy thay cuộn giấy mới.", (), raw)
    if cause & 0x40:
        return PrinterStatus(
            "error", "Máy in báo lỗi (kẹt dao cắt hoặc đầu in quá nóng): tắt và bật lại máy.",
            warnings, raw,
        )
    if printer & 0x08:
        return PrinterStatus("offline", "Máy in đang tạm dừng (offline).", warnings, raw)
    return PrinterStatus(None, READY.message_vi, warnings, raw)


def query(write: Callable[[bytes], None], read_byte: Callable[[], int | None]) -> PrinterStatus:
    """Ask DLE EOT 1, then 2 and 4; read_byte returns None on timeout.

    Each query is written and its answer read before the next, so a stale answer cannot be
    taken for the wrong question; bytes that are not a status answer are skipped.
    """
    raw: dict[int, int] = {}
    for n in (1, 2, 4):
        write(DLE_EOT + bytes([n]))
        while True:
            byte = read_byte()
            if byte is None:
                raise PrinterError("timeout", "Máy in không trả lời khi hỏi trạng thái.")
            if valid(byte):
                raw[n] = byte
                break
    return interpret(raw)
