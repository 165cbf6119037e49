"""A CUPS queue set up as a raw printer: `lp -d QUEUE -o raw` with the bytes on stdin.

CUPS cannot report a thermal printer's paper or cover state back (python-escpos's
CupsPrinter always says "out"): this transport has no status; the job is done once CUPS
accepted it.
"""

from __future__ import annotations

import shutil
import subprocess


class CupsTransport:
    def __init__(self, queue: str, *, timeout: float = 10.0, lp: str = "lp") -> None:
        self.queue, self.timeout, self._lp = queue, timeout, lp

    def send(self, data: bytes) -> None:
        from .errors import PrinterError

        program = shutil.which(self._lp)
        if program is None:
            raise PrinterError("not_found", "Máy tính không có CUPS (không tìm thấy lệnh lp).")
        try:
            done = subprocess.run(
                [program, "-d", self.queue, "-o", "raw"],
                input=data,
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PrinterError("timeout", "CUPS không nhận lệnh in kịp thời.") from None
        if done.returncode:
            text = done.stderr.decode("utf-8", "replace").strip()
            if "does not exist" in text or "Unknown destination" in text or "not exist" in text:
                raise PrinterError("not_found", f"CUPS không có hàng đợi “{self.queue}”.")
            raise PrinterError("io", f"CUPS từ chối lệnh in: {text or done.returncode}.")

    def close(self) -> None:
        pass
