"""The one error the printing layer raises, with a reason the UI can act on and a
Vietnamese message it can show as is."""

from __future__ import annotations

from typing import Literal

ReasonCode = Literal[
    "offline",  # printer off, unplugged, or refusing connections
    "timeout",  # printer stopped answering or accepting data
    "not_found",  # no such device path or host name
    "paper_out",  # reported by status (DLE EOT 2/4)
    "paper_near_end",  # DLE EOT 4: a warning on a printed job, never a failure
    "cover_open",  # reported by status (DLE EOT 2)
    "error",  # DLE EOT 1/2: the printer reports an error (cutter jam, head too hot)
    "permission",  # the OS refuses access to the device (e.g. not in the lp group)
    "io",  # any other I/O failure while sending
    "config",  # settings that cannot work (unknown kind or profile, paper too wide)
    "internal",  # a bug: rendering or encoding raised something unexpected
]


class PrinterError(Exception):
    def __init__(self, reason_code: ReasonCode, message_vi: str) -> None:
        super().__init__(message_vi)
        self.reason_code: ReasonCode = reason_code
        self.message_vi = message_vi

    def __repr__(self) -> str:
        return f"PrinterError({self.reason_code!r}, {self.message_vi!r})"
