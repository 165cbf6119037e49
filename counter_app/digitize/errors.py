"""What goes wrong when digitising, said for the clerk (Vietnamese) with the detail for the
admin's log kept apart."""

from __future__ import annotations


class DigitizeError(Exception):
    """`message` is for the clerk; str(exc) (the detail) is for the log."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(detail or message)
        self.message = message

    def __reduce__(self) -> tuple[type[DigitizeError], tuple[str, str]]:
        # Raised in the PDF-building process (build_process.py) and unpickled here: both
        # texts must arrive, not just the one Exception.args keeps.
        return (type(self), (self.message, str(self)))
