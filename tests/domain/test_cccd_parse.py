"""Table tests for parse_cccd_qr: every accept and reject rule."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from counter_app.domain.cccd import CccdCard, CccdError, format_cccd_qr, parse_cccd_qr

TODAY = date(2026, 6, 1)
ADDRESS = "Số 1 Phố Huế, Hai Bà Trưng, Hà Nội"
VALID = f"001090012345||Nguyễn Văn A|01011990|Nam|{ADDRESS}|15042021"


def payload(**overrides: str) -> str:
    fields = {
        "id": "001090012345",
        "old": "",
        "name": "Nguyễn Văn A",
        "dob": "01011990",
        "sex": "Nam",
        "address": ADDRESS,
        "issue": "15042021",
    }
    fields.update(overrides)
    return "|".join(fields.values())


def parse(text: str) -> CccdCard:
    return parse_cccd_qr(text, today=TODAY)


def test_reference_payload_from_domain_md() -> None:
    card = parse(VALID)
    assert card == CccdCard(
        id_number="001090012345",
        old_id_number=None,
        full_name="Nguyễn Văn A",
        date_of_birth=date(1990, 1, 1),
        sex="Nam",
        address=ADDRESS,
        issue_date=date(2021, 4, 15),
        extra=(),
    )
    assert format_cccd_qr(card) == VALID


@pytest.mark.parametrize(
    ("text", "attribute", "expected"),
    [
        # old 9-digit ID kept when present
        (payload(old="012345678"), "old_id_number", "012345678"),
        # woman born in the 2000s: digit 4 = 3, year pair 04
        (payload(id="079304001234", sex="Nữ", dob="29022004", issue="01032020"),
         "date_of_birth", date(2004, 2, 29)),
        (payload(id="079304001234", sex="Nữ", dob="29022004", issue="01032020"), "sex", "Nữ"),
        # sex case-insensitive and ASCII "Nu"
        (payload(sex="NAM"), "sex", "Nam"),
        (payload(sex="nam"), "sex", "Nam"),
        (payload(id="001190012345", sex="Nu"), "sex", "Nữ"),
        (payload(id="001190012345", sex="NỮ"), "sex", "Nữ"),
        (payload(id="001190012345", sex="nữ"), "sex", "Nữ"),
        # whitespace runs in the name collapse; fields are trimmed
        (payload(name="  Nguyễn   Văn\tA "), "full_name", "Nguyễn Văn A"),
        (payload(id=" 001090012345 "), "id_number", "001090012345"),
        (payload(sex=" Nam "), "sex", "Nam"),
        # issue date on the day of birth (cards for newborns since 2024) is fine
        (payload(id="001224012345", dob="02032024", issue="02032024"),
         "issue_date", date(2024, 3, 2)),
        # born 31/12/1999, digit 0 and pair 99
        (payload(id="096099012345", dob="31121999"), "date_of_birth", date(1999, 12, 31)),
        # dates exactly today are not in the future
        (payload(issue="01062026"), "issue_date", TODAY),
    ],
)
def test_accepts(text: str, attribute: str, expected: object) -> None:
    assert getattr(parse(text), attribute) == expected


@pytest.mark.parametrize(
    "wrapped",
    [
        VALID + "\r\n",
        VALID + "\n",
        "\r\n" + VALID,
        "  " + VALID + "\t ",
        "\ufeff" + VALID,
        VALID + "\x00",
        "\x00\ufeff " + VALID + " \r\n\x00",
    ],
)
def test_surrounding_junk_is_stripped(wrapped: str) -> None:
    assert parse(wrapped) == parse(VALID)


def test_nfd_input_gives_nfc_output() -> None:
    nfd = unicodedata.normalize("NFD", VALID)
    assert nfd != VALID
    card = parse(nfd)
    assert card == parse(VALID)
    for value in (card.full_name, card.address, card.sex):
        assert unicodedata.is_normalized("NFC", value)


def test_nfd_female_sex_field() -> None:
    text = unicodedata.normalize("NFD", payload(id="001190012345", sex="Nữ"))
    assert parse(text).sex == "Nữ"


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_mojibake_is_repaired(codec: str) -> None:
    garbled = VALID.encode("utf-8").decode(codec, errors="strict" if codec == "latin-1" else "replace")
    if "\ufffd" in garbled:  # cp1252 has holes; scanners using it would not deliver these
        pytest.skip("payload hits an undefined cp1252 byte")
    assert "Nguyá»…n" in garbled if codec == "cp1252" else "Nguyá»" in garbled
    assert parse(garbled) == parse(VALID)


def test_mojibake_example_from_domain_md() -> None:
    card = parse(payload(name="Nguyá»…n VÄƒn A"))
    assert card.full_name == "Nguyễn Văn A"


def test_mojibake_female_and_bom() -> None:
    text = "\ufeff" + payload(id="001190012345", name="Trần Thị Hà", sex="Nữ")
    garbled = text.encode("utf-8").decode("cp1252")
    card = parse(garbled)
    assert (card.full_name, card.sex) == ("Trần Thị Hà", "Nữ")


def test_mojibake_nbsp_at_the_very_end_survives_payload_trimming() -> None:
    # "à" is C3 A0; read as Latin-1/cp1252 its last byte is an NBSP at the payload's end.
    text = (VALID + "|Trần Thị Hà").encode("utf-8").decode("cp1252")
    assert text.endswith("\xa0")
    assert parse(text + "\r\n").extra == ("Trần Thị Hà",)


def test_extra_fields_are_kept() -> None:
    text = VALID + "|Nguyễn Văn B|001060000001|Trần Thị C|"
    card = parse(text)
    assert card.extra == ("Nguyễn Văn B", "001060000001", "Trần Thị C", "")
    assert format_cccd_qr(card) == text


def test_many_extra_fields_never_rejected() -> None:
    assert len(parse(VALID + "|x" * 40).extra) == 40


def reject_cases() -> list[tuple[str, str, str | None, str]]:
    return [
        ("", "empty", None, "Mã QR rỗng"),
        (" \r\n", "empty", None, "Mã QR rỗng"),
        ("001090012345||Nguyễn Văn A|01011990|Nam", "field_count", None,
         "Mã QR thiếu trường: cần ít nhất 7 trường, nhận được 5"),
        ("hello world", "field_count", None, "nhận được 1"),
        (payload(id="00109001234"), "id_format", "id_number", "Số định danh phải có đúng 12 chữ số"),
        (payload(id="0010900123456"), "id_format", "id_number", "đúng 12 chữ số"),
        (payload(id="00109001234X"), "id_format", "id_number", "đúng 12 chữ số"),
        (payload(id=""), "id_format", "id_number", "đúng 12 chữ số"),
        (payload(id="００１０９００１２３４５"), "id_format", "id_number", "đúng 12 chữ số"),
        (payload(old="12345678"), "id_format", "old_id_number", "9 chữ số"),
        (payload(old="12345678A"), "id_format", "old_id_number", "9 chữ số"),
        (payload(id="001290012345"), "century_sex", "id_number",
         "Chữ số thế kỷ/giới tính (2) không khớp năm sinh 1990 và giới tính Nam"),
        (payload(id="001190012345"), "century_sex", "id_number",
         "Chữ số thế kỷ/giới tính (1) không khớp năm sinh 1990 và giới tính Nam (phải là 0)"),
        (payload(sex="Nữ"), "century_sex", "id_number", "giới tính Nữ (phải là 1)"),
        (payload(id="001091012345"), "birth_year", "id_number",
         "Hai chữ số năm sinh trong số định danh (91) không khớp năm sinh 1990"),
        (payload(id="001099012345", dob="01011899"), "century_sex", "id_number",
         "năm sinh nằm ngoài khoảng 1900-2399"),
        (payload(dob="31021990"), "dob", "date_of_birth", "Ngày sinh 31/02/1990 không hợp lệ"),
        (payload(dob="29021990"), "dob", "date_of_birth", "Ngày sinh 29/02/1990 không hợp lệ"),
        (payload(dob="01131990"), "dob", "date_of_birth", "Ngày sinh 01/13/1990 không hợp lệ"),
        (payload(dob="00011990"), "dob", "date_of_birth", "không hợp lệ"),
        (payload(dob="01/01/1990"), "dob", "date_of_birth", "ddmmyyyy"),
        (payload(dob="1011990"), "dob", "date_of_birth", "ddmmyyyy"),
        (payload(dob="０１０１１９９０"), "dob", "date_of_birth", "ddmmyyyy"),
        (payload(id="001227012345", dob="01012027", issue="01012027"), "dob", "date_of_birth",
         "Ngày sinh 01/01/2027 ở tương lai"),
        (payload(issue="02062026"), "issue_date", "issue_date", "Ngày cấp 02/06/2026 ở tương lai"),
        (payload(issue="31042021"), "issue_date", "issue_date", "Ngày cấp 31/04/2021 không hợp lệ"),
        (payload(issue=""), "issue_date", "issue_date", "ddmmyyyy"),
        (payload(issue="31121989"), "issue_date", "issue_date", "Ngày cấp trước ngày sinh"),
        (payload(sex="Male"), "sex", "sex", "Giới tính phải là 'Nam' hoặc 'Nữ'"),
        (payload(sex=""), "sex", "sex", "Giới tính"),
        (payload(sex="N"), "sex", "sex", "Giới tính"),
        (payload(name=""), "empty", "full_name", "Họ và tên trống"),
        (payload(name=" \t "), "empty", "full_name", "Họ và tên trống"),
    ]


@pytest.mark.parametrize(("text", "code", "field", "message"), reject_cases())
def test_rejects(text: str, code: str, field: str | None, message: str) -> None:
    with pytest.raises(CccdError) as caught:
        parse(text)
    assert caught.value.code == code
    assert caught.value.field == field
    assert message in str(caught.value)


def test_fields_shifted_by_a_missing_old_id_do_not_leak_the_number() -> None:
    # The ID number lands in the DOB slot: the message must not echo it in full.
    text = "001090012345|Nguyễn Văn A|001090012345|Nam|x|y|z"
    with pytest.raises(CccdError) as caught:
        parse(text)
    assert "001090012345" not in str(caught.value)


def test_default_today_rejects_far_future_dates() -> None:
    with pytest.raises(CccdError) as caught:
        parse_cccd_qr(payload(issue="01012999"))
    assert caught.value.code == "issue_date"


def test_repr_masks_personal_data() -> None:
    card = parse(payload(old="012345678", name="Nguyễn Thị Hoa"))
    text = repr(card) + str(card) + f"{card}"
    for secret in ("001090012345", "012345678", "Thị Hoa", "Phố Huế", "1990"):
        assert secret not in text
    assert "*********345" in text
    assert "Nguyễn T. H." in text
