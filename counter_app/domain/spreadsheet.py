"""Text that goes into a spreadsheet cell (CSV or XLSX exports) must never run as a formula.

A procedure name, a clerk's name or an applicant's address can start with `=`, `+`, `-`,
`@` (or a tab / carriage return that some programs skip first): Excel and LibreOffice
would evaluate `=HYPERLINK("http://…","Bấm vào đây")` and leak or mislead. Such text gets
a leading apostrophe, which spreadsheet programs read as "this is text" (OWASP's advice
for CSV injection); openpyxl then stores it as a string, never as a formula.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
