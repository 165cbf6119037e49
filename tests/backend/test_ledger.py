"""The day's tracking book: CSV (UTF-8 BOM) parses with the csv module, XLSX re-opens
with openpyxl, and both hold the same rows: dossiers, then supplements and refusals."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime

import openpyxl

from tests.backend.dossier_helpers import matched_card, new_dossier, step
from tests.backend.test_forms import supplement

FORMULA = '=HYPERLINK("http://x.invalid","bấm")'


def _csv_sections(data: bytes) -> tuple[list[list[str]], list[list[str]]]:
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    blank = rows.index([])
    assert rows[blank + 1] == ["Phiếu yêu cầu bổ sung và phiếu từ chối"]
    return rows[:blank], rows[blank + 2:]


def _sheet(ws) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]


def test_ledger_csv_and_xlsx_hold_the_same_rows(clerk, cards):
    card = matched_card(cards)
    d = new_dossier(clerk, card, procedure="2.000815")
    for s in ("processing", "ready"):
        step(clerk, d["code"], s)
    clerk.post(f"/dossiers/{d['code']}/return", headers={"Idempotency-Key": uuid.uuid4().hex},
               json={"collector": {"id_number": d["applicant"]["id_number"],
                                   "full_name": d["applicant"]["full_name"], "relation": "self"},
                     "identity_outcome": "matched"})
    s = clerk.post("/supplements", json=supplement(card),
                   headers={"Idempotency-Key": uuid.uuid4().hex}).json()
    r = clerk.post("/refusals", headers={"Idempotency-Key": uuid.uuid4().hex}, json={
        "procedure_code": "1.003003", "applicant": {"full_name": FORMULA},
        "reason": "Không thuộc thẩm quyền"}).json()
    day = datetime.fromisoformat(d["received_at"]).date().isoformat()

    got = clerk.get("/ledger", params={"date": day, "format": "csv"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert f"so-theo-doi-ho-so-{day}.csv" in got.headers["content-disposition"]
    dossiers, forms = _csv_sections(got.content)
    assert dossiers[0][:3] == ["Số thứ tự", "Mã hồ sơ", "Tiếp nhận lúc"]
    mine = next(row for row in dossiers[1:] if row[1] == d["code"])
    assert mine[0] == str(d["ledger_no"]) and mine[3] == d["applicant"]["full_name"]
    assert mine[4] == d["applicant"]["address"] and mine[6] == "2"  # 1 original + 1 copy
    assert mine[8] == "Đã trả kết quả" and mine[9] != "" and mine[10] == "Nguyễn Thị Lan"
    numbers = [row[0] for row in forms[1:]]
    assert s["number"] in numbers and r["number"] in numbers
    refusal_row = next(row for row in forms[1:] if row[0] == r["number"])
    assert refusal_row[3] == "'" + FORMULA  # never a live formula in Excel

    x = clerk.get("/ledger", params={"date": day, "format": "xlsx"})
    assert x.status_code == 200 and "spreadsheetml" in x.headers["content-type"]
    wb = openpyxl.load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == ["Sổ theo dõi hồ sơ", "Bổ sung - Từ chối"]
    assert _sheet(wb.worksheets[0]) == dossiers
    assert _sheet(wb.worksheets[1]) == forms
    assert wb.worksheets[1].cell(1 + numbers.index(r["number"]) + 1, 4).data_type == "s"


def test_ledger_of_an_empty_day_and_bad_input(clerk):
    dossiers, forms = _csv_sections(clerk.get("/ledger", params={"date": "2020-01-01"}).content)
    assert len(dossiers) == 1 and len(forms) == 1  # headers only
    assert clerk.get("/ledger", params={"date": "hôm qua"}).status_code == 422
    assert clerk.get("/ledger", params={"format": "pdf"}).status_code == 422
