"""What goes wrong when digitising, said for the clerk (Vietnamese) with the detail for the
admin's log kept apart."""

from __future__ import annotations


class DigitizeError(Exception):
    """`message` is for the clerk; str(exc) (the detail) is for the log."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(detail or message)
        self.message = message
