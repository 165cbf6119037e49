"""Masking of personal data for logs, screens that others can see, and public pages.

Log lines and the public tracking page must never carry a full ID number, name or
address (docs/domain.md, issue 7); every place that prints such a value goes through here.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = re.compile(r"\d{9,12}")


def mask_id_number(id_number: str | None) -> str:
    """`001090012345` -> `*********345`: enough for a clerk to tell two cards apart."""
    if not id_number:
        return ""
    s = str(id_number).strip()
    if len(s) <= 3:
        return "*" * len(s)
    return "*" * (len(s) - 3) + s[-3:]


def mask_name(full_name: str | None) -> str:
    """`Nguyễn Thị Hoa` -> `Nguyễn T. H.`: family name kept, the rest as initials."""
    if not full_name:
        return ""
    parts = unicodedata.normalize("NFC", full_name).split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][0] + "."
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:])])


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


_TOKEN_PATH = re.compile(r"(/t/|/by-token/)[^/?#]+")


def loggable_path(path: str) -> str:
    """A URL path fit for a log line: a tracking token opens the applicant's status page,
    so `/t/<token>` and `/dossiers/by-token/<token>` keep only the route."""
    return _TOKEN_PATH.sub(r"\1<token>", path)


def scrub(text: str) -> str:
    """Replace every run of 9-12 digits (old or new ID numbers) in free text."""
    return _DIGITS.sub(lambda m: mask_id_number(m.group(0)), text)
