"""Procedure catalogue import over HTTP and on the command line: JSON, CSV (Excel's
`;` and BOM), and one bad row refusing the whole file with its row number."""

from __future__ import annotations

import subprocess
import sys

import pytest

CSV_GOOD = (
    "\ufeffcode;name;field;processing_days;processing_unit;cutoff;fee;result_delivery;"
    "documents;legal_basis;sample\r\n"
    "9.900101;Chứng thực chữ ký người dịch;Chứng thực;0;working_days;15:00;10.000;counter;"
    "\"Bản dịch|1|0|1;Giấy tờ tùy thân|0|1|có\";Nghị định 23/2015/NĐ-CP;1\r\n"
    "9.900102;Đăng ký giám hộ;Hộ tịch;3;ngày làm việc;;0;counter|post;"
    "\"Tờ khai đăng ký giám hộ|1|0|1;Văn bản cử giám hộ|1|0|0\";;1\r\n"
)


@pytest.fixture(scope="module")
def admin(demo):
    with demo.as_user("quantri") as c:
        yield c


def _catalogue(clerk) -> dict[str, dict]:
    return {p["code"]: p for p in clerk.get("/procedures").json()}


def test_json_import_creates_then_updates(admin, clerk):
    rows = [{"code": "9.900001", "name": "Thủ tục thử JSON", "field": "Hộ tịch",
             "processing_days": 2, "processing_unit": "working_days", "fee": 5000,
             "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0, "required": True}],
             "result_delivery": ["counter", "post"], "legal_basis": "Luật Hộ tịch 2014",
             "sample": True}]
    r = admin.post("/admin/procedures/import", json=rows)
    assert r.status_code == 200, r.text
    assert r.json() == {"created": 1, "updated": 0, "errors": []}
    p = _catalogue(clerk)["9.900001"]
    assert p["legal_basis"] == "Luật Hộ tịch 2014" and p["sample"] is True
    assert p["cutoff"] is None and p["documents"][0]["required"] is True

    rows[0]["fee"] = 7000
    r = admin.post("/admin/procedures/import", json={"procedures": rows})
    assert r.json() == {"created": 0, "updated": 1, "errors": []}
    assert _catalogue(clerk)["9.900001"]["fee"] == 7000


def test_csv_import_with_excel_semicolons_and_bom(admin, clerk):
    r = admin.post("/admin/procedures/import", content=CSV_GOOD.encode("utf-8"),
                   headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    assert r.json()["created"] + r.json()["updated"] == 2
    cat = _catalogue(clerk)
    a, b = cat["9.900101"], cat["9.900102"]
    assert a["fee"] == 10000 and a["cutoff"] == "15:00" and a["result_delivery"] == ["counter"]
    assert a["documents"] == [
        {"name": "Bản dịch", "originals": 1, "copies": 0, "required": True},
        {"name": "Giấy tờ tùy thân", "originals": 0, "copies": 1, "required": True}]
    assert b["processing_unit"] == "working_days" and b["result_delivery"] == ["counter", "post"]
    assert b["documents"][1]["required"] is False and b["legal_basis"] is None


def test_one_bad_row_refuses_the_whole_file(admin, clerk):
    before = _catalogue(clerk)
    csv_text = ("code,name,field,processing_days,processing_unit,cutoff,fee\n"
                "9.900201,Thủ tục hợp lệ,Hộ tịch,1,working_days,,0\n"
                "9.900202,Thủ tục lỗi,Hộ tịch,1,tuần,,0\n"
                "9.900203,Thủ tục lỗi giờ,Hộ tịch,0,working_days,25:00,0\n")
    r = admin.post("/admin/procedures/import", content=csv_text.encode(),
                   headers={"Content-Type": "text/csv; charset=utf-8"})
    assert r.status_code == 422
    body = r.json()
    assert body["created"] == body["updated"] == 0
    assert [e["row"] for e in body["errors"]] == [3, 4]
    assert "Dòng 3" in body["errors"][0]["message"] and "processing_unit" in body["errors"][0]["message"]
    assert "cutoff" in body["errors"][1]["message"]
    assert "chưa nhập" in body["detail"]
    assert _catalogue(clerk) == before  # not even the valid first row

    dup = [{"code": "9.900301", "name": "A", "field": "B", "processing_days": 1}] * 2
    r = admin.post("/admin/procedures/import", json=dup)
    assert r.status_code == 422 and r.json()["errors"][0]["row"] == 2
    assert "trùng" in r.json()["errors"][0]["message"]


def test_import_is_admin_only(clerk):
    assert clerk.post("/admin/procedures/import", json=[]).status_code == 403


def test_cli_import(tmp_path):
    db = tmp_path / "cli.sqlite3"

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "backend", "admin", "--database", str(db),
                               *args], capture_output=True, text=True, timeout=60)

    assert cli("office", "init", "--code", "X", "--name", "UBND xã Thử",
               "--agency-code", "000.00.01.H99").returncode == 0
    good = tmp_path / "catalogue.csv"
    good.write_text(CSV_GOOD, encoding="utf-8")
    done = cli("procedures", "import", str(good))
    assert done.returncode == 0, done.stderr
    assert "2 thủ tục mới" in done.stdout
    bad = tmp_path / "bad.json"
    bad.write_text('[{"code": "1.1", "name": "", "field": "x", "processing_days": 1}]',
                   encoding="utf-8")
    refused = cli("procedures", "import", str(bad))
    assert refused.returncode == 1 and "Dòng 1" in refused.stderr and "name" in refused.stderr
