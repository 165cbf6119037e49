"""Form 07 over HTTP: one book per field over a period, the form's columns (phone,
resolving agency, result channel, an empty signature column), CSV and XLSX alike."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from backend.dossiers.ledger_book import HEADER
from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.dossier_helpers import matched_card, new_dossier

PAPER = "1.001193"  # Đăng ký khai sinh, Hộ tịch
OTHER_FIELD = "2.000815"  # Chứng thực


@pytest.fixture(scope="module")
def book(clerk, cards):
    card = matched_card(cards)
    made = [new_dossier(clerk, card, procedure=PAPER),
            new_dossier(clerk, card, procedure=OTHER_FIELD),
            new_dossier(clerk, card, procedure=PAPER, result_delivery="post",
                        delivery_address="Số 5 ngõ 12 Đào Tấn, Hà Nội")]
    today = datetime.now(OFFICE_TZ).date().isoformat()
    return made, today


def test_one_book_per_field_with_the_columns_of_form_07(clerk, book):
    made, today = book
    r = clerk.get("/ledger/book", params={"from": today, "to": today})
    assert r.status_code == 200, r.text
    books = {b["field"]: b["rows"] for b in r.json()["books"]}
    civil = [row for row in books["Hộ tịch"] if row["code"] in {made[0]["code"], made[2]["code"]}]
    assert [row["code"] for row in civil] == [made[0]["code"], made[2]["code"]]
    nos = [row["no"] for row in books["Hộ tịch"]]
    assert nos == list(range(1, len(nos) + 1))  # each book numbers from 1
    assert made[1]["code"] in [row["code"] for row in books["Chứng thực"]]
    first, by_post = civil
    assert first["address_phone"].endswith("0912345678")  # address, then phone
    assert first["channel"] == "Trực tiếp tại Bộ phận Một cửa"
    assert by_post["channel"] == "Dịch vụ bưu chính"
    assert first["resolving_agency"] and first["received_at"] and first["due_at"]

    only = clerk.get("/ledger/book", params={"from": today, "to": today, "field": "Chứng thực"})
    assert [b["field"] for b in only.json()["books"]] == ["Chứng thực"]


def test_csv_and_xlsx_carry_the_same_books(clerk, book):
    from openpyxl import load_workbook

    made, today = book
    raw = clerk.get("/ledger/book", params={"from": today, "to": today, "format": "csv"})
    assert raw.status_code == 200 and raw.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert lines[1] == HEADER and HEADER[-1] == "Ký nhận"
    assert any(made[0]["code"] in line for line in lines)
    x = clerk.get("/ledger/book", params={"from": today, "to": today, "format": "xlsx"})
    wb = load_workbook(io.BytesIO(x.content))
    assert {"Hộ tịch", "Chứng thực"} <= set(wb.sheetnames)
    ws = wb["Hộ tịch"]
    assert [c.value for c in ws[2]] == HEADER
    codes = [row[1].value for row in ws.iter_rows(min_row=3)]
    assert made[0]["code"] in codes and made[1]["code"] not in codes
    assert ws.page_setup.orientation == "landscape"


def test_a_bad_period_is_refused_in_vietnamese(clerk):
    r = clerk.get("/ledger/book", params={"from": "2026-03-05", "to": "2026-03-01"})
    assert r.status_code == 422 and "Khoảng ngày" in r.json()["detail"]
    r = clerk.get("/ledger/book", params={"from": "2024-01-01", "to": "2026-03-01"})
    assert r.status_code == 422
