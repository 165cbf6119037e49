"""Hypothesis strategies for valid CCCD cards and their payloads."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from counter_app.domain.cccd import FEMALE, MALE, CccdCard
from counter_app.domain.id_number import century_sex_digit
from counter_app.domain.provinces import PROVINCES

TODAY = date(2026, 6, 1)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Quốc", "Thanh", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hương", "Khoa", "Linh", "Lộc", "Nga",
         "Phúc", "Quyên", "Sơn", "Thảo", "Trí", "Uyên", "Việt", "Yến", "Ánh", "Ễ"]
STREETS = ["Số 1 Phố Huế, Hai Bà Trưng, Hà Nội", "12 Lê Lợi, Phường Bến Nghé, Quận 1, Hồ Chí Minh",
           "Thôn Đông, Xã Yên Sở, Huyện Hoài Đức, Hà Nội", "Tổ 5, Phường Hòa Khánh Bắc, Đà Nẵng",
           "Ấp Mỹ Hòa, Xã Tân Phú, Đồng Tháp", "Khu phố 3, Phường Quyết Thắng, Biên Hòa, Đồng Nai"]

names = st.builds(
    lambda f, ms, g: " ".join([f, *ms, g]),
    st.sampled_from(FAMILY),
    st.lists(st.sampled_from(MIDDLE), max_size=2),
    st.sampled_from(GIVEN),
)


@st.composite
def valid_cards(draw: st.DrawFn, today: date = TODAY) -> CccdCard:
    sex = draw(st.sampled_from([MALE, FEMALE]))
    dob = draw(st.dates(min_value=date(1900, 1, 1), max_value=today))
    digit = century_sex_digit(dob.year, sex)
    assert digit is not None
    tail = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    province = draw(st.sampled_from(sorted(PROVINCES)))
    id_number = f"{province}{digit}{dob.year % 100:02d}{tail}"
    old = draw(st.one_of(st.none(), st.text(alphabet="0123456789", min_size=9, max_size=9)))
    issue = draw(st.dates(min_value=dob, max_value=today))
    extra = draw(
        st.lists(
            st.one_of(
                names,
                st.text(alphabet="0123456789", min_size=0, max_size=12),
                st.sampled_from(STREETS),
            ),
            max_size=4,
        )
    )
    return CccdCard(
        id_number=id_number,
        old_id_number=old,
        full_name=draw(names),
        date_of_birth=dob,
        sex=sex,
        address=draw(st.sampled_from(STREETS)),
        issue_date=issue,
        extra=tuple(extra),
    )
