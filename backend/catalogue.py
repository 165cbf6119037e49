"""Importing the procedure catalogue from JSON or CSV: every row checked, all or nothing.

JSON: a list of procedure objects, or `{"procedures": [...]}` (the shape of
resources/seed/procedures.json). Keys as in the CSV columns below; `documents` is a list
of `{"name","originals","copies","required"}` and `result_delivery` a list. The seed
file's informational keys (`processing_note`, `fee_note`) are accepted and not stored.

CSV: UTF-8 (with or without BOM; Excel: "CSV UTF-8"), separated by `,` or `;` (Excel in
Vietnamese settings writes `;`), first row = column names:

    code              mã thủ tục, e.g. 1.001193 (letters, digits, . _ -; ≤ 40)    required
    name              tên thủ tục (≤ 300)                                         required
    field             lĩnh vực, e.g. Hộ tịch (≤ 120)                              required
    processing_days   thời hạn giải quyết, whole number 0-365 (0 = trong ngày)   required
    processing_unit   working_days | calendar_days | working_hours               default working_days
                      (also: "ngày làm việc", "ngày", "giờ làm việc")
    cutoff            HH:MM: received later counts from the next working day     optional
    fee               lệ phí in đồng, digits (2000, 2.000 and 2,000 all read 2000) default 0
    result_delivery   counter, post or both separated by | (also "quầy", "bưu chính")
                                                                                  default counter
    documents         thành phần hồ sơ: `name|originals|copies|required` items separated
                      by `;`, e.g. `Tờ khai|1|0|1;Giấy chứng sinh|1|0|1;Giấy ủy quyền|1|0|0`;
                      required: 1/0, x/empty, có/không, yes/no, true/false; a name must
                      not contain | or ;                                          optional
    legal_basis       căn cứ pháp lý (free text ≤ 2000)                          optional
    sample            1 when the row is sample data (same words as required)     default 0
    active            0 hides the procedure from the counters                    default 1
    online_only       1: filed online only (Directive 24/CT-TTg): the counters take no
                      paper dossier for it, they help the citizen file on the portal
                      (same words as required)                                   default 0
    agency_code       mã định danh of the agency that resolves it, when not the receiving
                      office: its dossiers carry that code and its own daily sequence
                      (e.g. 000.00.17.H01.VPDK, or a level-1 code such as H56)     optional

Row numbers in errors are the spreadsheet's: the header is row 1, the first procedure
row 2. A code present in the database is updated, a new one created; procedures absent
from the file are left as they are (deactivate them with active=0).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from backend import models
from counter_app.domain.dossier_code import DossierCodeError, validate_agency_code

COLUMNS = ("code", "name", "field", "processing_days", "processing_unit", "cutoff", "fee",
           "result_delivery", "documents", "legal_basis", "sample", "active", "online_only",
           "agency_code")
REQUIRED = ("code", "name", "field", "processing_days")
INFORMATIONAL = ("processing_note", "fee_note")
MAX_ROWS = 5000
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}")
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
UNITS = {"working_days": "working_days", "ngày làm việc": "working_days",
         "calendar_days": "calendar_days", "ngày": "calendar_days",
         "working_hours": "working_hours", "giờ làm việc": "working_hours", "giờ": "working_hours"}
DELIVERY = {"counter": "counter", "quầy": "counter", "tại quầy": "counter",
            "post": "post", "bưu chính": "post", "bưu điện": "post"}
TRUE = {"1", "x", "có", "yes", "true", "bắt buộc", "y"}
FALSE = {"0", "", "không", "no", "false", "n"}


class ImportRefused(Exception):
    """The whole file is unreadable (not a per-row error)."""


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


class _RowError(Exception):
    pass


def _text(v: Any) -> str:
    return unicodedata.normalize("NFC", str(v)).strip() if v is not None else ""


def _flag(v: Any, column: str) -> bool:
    if isinstance(v, bool):
        return v
    t = _text(v).lower()
    if t in TRUE:
        return True
    if t in FALSE:
        return False
    raise _RowError(f"cột {column}: {t[:20]!r} không phải có/không (1/0)")


def _int(v: Any, column: str, low: int, high: int) -> int:
    if isinstance(v, bool):
        raise _RowError(f"cột {column}: cần một số nguyên")
    if isinstance(v, int):
        n = v
    else:
        t = re.sub(r"[.,\s]", "", _text(v))
        if not t.isdigit():
            raise _RowError(f"cột {column}: {_text(v)[:20]!r} không phải số nguyên không âm")
        n = int(t)
    if not low <= n <= high:
        raise _RowError(f"cột {column}: {n} ngoài khoảng {low}-{high}")
    return n


def _documents(v: Any) -> list[dict[str, Any]]:
    if v is None or v == "":
        return []
    if isinstance(v, list):
        items = v
    else:
        items = []
        for part in (p for p in _text(v).split(";") if p.strip()):
            bits = [b.strip() for b in part.split("|")]
            if len(bits) != 4:
                raise _RowError(f"cột documents: {part.strip()[:40]!r} cần dạng "
                                "tên|bản chính|bản sao|bắt buộc")
            items.append(dict(zip(("name", "originals", "copies", "required"), bits,
                                  strict=True)))
    docs = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or not _text(item.get("name")):
            raise _RowError(f"cột documents: giấy tờ thứ {i} thiếu tên")
        name = _text(item["name"])
        if len(name) > 300:
            raise _RowError(f"cột documents: tên giấy tờ thứ {i} dài quá 300 ký tự")
        docs.append({"name": name,
                     "originals": _int(item.get("originals", 0), "documents (bản chính)", 0, 99),
                     "copies": _int(item.get("copies", 0), "documents (bản sao)", 0, 99),
                     "required": _flag(item.get("required", True), "documents (bắt buộc)")})
    if len(docs) > 50:
        raise _RowError("cột documents: nhiều hơn 50 giấy tờ")
    return docs


def _delivery(v: Any) -> list[str]:
    raw = v if isinstance(v, list) else re.split(r"[|,;]", _text(v)) if _text(v) else ["counter"]
    out: list[str] = []
    for item in raw:
        key = DELIVERY.get(_text(item).lower())
        if key is None:
            raise _RowError(f"cột result_delivery: {_text(item)[:20]!r} không phải counter/post")
        if key not in out:
            out.append(key)
    return out or ["counter"]


def clean_row(raw: dict[str, Any]) -> dict[str, Any]:
    """A validated procedure row, or _RowError with the first problem in Vietnamese."""
    unknown = [k for k in raw if k not in COLUMNS and k not in INFORMATIONAL]
    if unknown:
        raise _RowError(f"cột không hỗ trợ: {', '.join(map(str, unknown))[:80]}")
    for key in REQUIRED:
        if _text(raw.get(key)) == "":
            raise _RowError(f"thiếu cột bắt buộc {key}")
    code = _text(raw["code"])
    if not _CODE.fullmatch(code):
        raise _RowError(f"mã thủ tục {code[:40]!r} không hợp lệ (chữ, số, . _ -; tối đa 40 ký tự)")
    name, fld = _text(raw["name"]), _text(raw["field"])
    if len(name) > 300 or len(fld) > 120:
        raise _RowError("tên thủ tục quá 300 ký tự hoặc lĩnh vực quá 120 ký tự")
    unit = UNITS.get(_text(raw.get("processing_unit")).lower() or "working_days")
    if unit is None:
        raise _RowError(f"cột processing_unit: {_text(raw['processing_unit'])[:20]!r} không "
                        "phải working_days, calendar_days hoặc working_hours")
    cutoff = _text(raw.get("cutoff")) or None
    if cutoff is not None and not _CLOCK.fullmatch(cutoff):
        raise _RowError(f"cột cutoff: {cutoff[:10]!r} không đúng dạng HH:MM")
    legal = _text(raw.get("legal_basis")) or None
    if legal is not None and len(legal) > 2000:
        raise _RowError("cột legal_basis dài quá 2000 ký tự")
    return {
        "code": code, "name": name, "field": fld,
        "processing_days": _int(raw["processing_days"], "processing_days", 0, 365),
        "processing_unit": unit, "cutoff": cutoff,
        "fee": _int(raw.get("fee") if _text(raw.get("fee")) else 0, "fee", 0, 100_000_000),
        "result_delivery": _delivery(raw.get("result_delivery")),
        "documents": _documents(raw.get("documents")), "legal_basis": legal,
        "sample": _flag(raw.get("sample", False), "sample"),
        "active": _flag(raw.get("active", True), "active"),
        "online_only": _flag(raw.get("online_only", False), "online_only"),
        "agency_code": _agency(raw.get("agency_code")),
    }


def _agency(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    try:
        return validate_agency_code(text)
    except DossierCodeError as exc:
        raise _RowError(f"cột agency_code: {exc}") from None


def parse_json(data: bytes | str | list | dict) -> list[tuple[int, dict[str, Any]]]:
    parsed: Any = data
    if isinstance(data, bytes | str):
        try:
            parsed = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ImportRefused(f"Tệp JSON không đọc được: {exc}") from None
    if isinstance(parsed, dict):
        parsed = parsed.get("procedures")
    if not isinstance(parsed, list):
        raise ImportRefused("Tệp JSON phải là một danh sách thủ tục hoặc {\"procedures\": [...]}.")
    return list(enumerate(parsed, 1))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("Tệp CSV phải mã hoá UTF-8 (trong Excel chọn Lưu dạng "
                            "\"CSV UTF-8\").") from None


def parse_csv(data: bytes | str) -> list[tuple[int, dict[str, Any]]]:
    text = _decode(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ImportRefused(f"Tệp CSV không đọc được: {exc}") from None
    if not rows:
        raise ImportRefused("Tệp CSV trống.")
    header = [_text(h).lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportRefused(f"Dòng tiêu đề thiếu cột: {', '.join(missing)}. Các cột: "
                            f"{', '.join(COLUMNS)}.")
    out = []
    for number, cells in enumerate(rows[1:], 2):
        if not any(c.strip() for c in cells):
            continue  # blank lines Excel leaves at the end
        if len(cells) > len(header):
            out.append((number, {"__error__": f"có {len(cells)} ô, nhiều hơn {len(header)} cột "
                                              "của dòng tiêu đề"}))
            continue
        out.append((number, {h: c for h, c in zip(header, cells, strict=False) if h}))
    return out


def validate(rows: list[tuple[int, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(clean rows, errors as {"row", "message"})."""
    if len(rows) > MAX_ROWS:
        raise ImportRefused(f"Tệp có {len(rows)} thủ tục, tối đa {MAX_ROWS} mỗi lần nhập.")
    if not rows:
        raise ImportRefused("Tệp không có thủ tục nào.")
    clean, errors, seen = [], [], {}
    for number, raw in rows:
        try:
            if not isinstance(raw, dict):
                raise _RowError("mỗi thủ tục phải là một đối tượng JSON")
            if "__error__" in raw:
                raise _RowError(raw["__error__"])
            row = clean_row(raw)
            if row["code"] in seen:
                raise _RowError(f"mã {row['code']} trùng với dòng {seen[row['code']]}")
            seen[row["code"]] = number
            clean.append(row)
        except _RowError as exc:
            errors.append({"row": number, "message": f"Dòng {number}: {exc}."})
    return clean, errors


def apply(s: Session, rows: list[dict[str, Any]]) -> Result:
    result = Result()
    for row in rows:
        proc = s.get(models.Procedure, row["code"])
        if proc is None:
            s.add(models.Procedure(**row))
            result.created += 1
        else:
            for key, value in row.items():
                setattr(proc, key, value)
            result.updated += 1
    s.flush()
    return result


def import_rows(s: Session, rows: list[tuple[int, Any]]) -> Result:
    """Validate all rows; write them only when none failed (the caller commits)."""
    clean, errors = validate(rows)
    if errors:
        return Result(errors=errors)
    return apply(s, clean)
