import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.search import ProcedureIndex, fold

CATALOGUE = [
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch"),
    ("1.001695", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con", "Hộ tịch"),
    ("1.004837", "Đăng ký khai tử", "Hộ tịch"),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch"),
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực"),
    ("1.004222", "Đăng ký thường trú", "Cư trú"),
    ("1.003784", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai"),
    ("2.000719", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh"),
    ("1.001612", "Trích lục khai sinh", "Hộ tịch"),
]


@pytest.fixture(scope="module")
def index():
    return ProcedureIndex(CATALOGUE, code=lambda p: p[0], name=lambda p: p[1],
                          field=lambda p: p[2])


@pytest.mark.parametrize("query", ["khai sinh", "dang ky khai sinh", "KHAI SINH",
                                   "Đăng ký khai sinh", "1.001193", "  dang   ky  KHAI sinh "])
def test_birth_registration_comes_first(index, query):
    assert index.search(query)[0][0] == "1.001193"


@pytest.mark.parametrize(("query", "code"), [
    ("ket hon", "1.000894"), ("kết hôn", "1.000894"), ("chung thuc ban sao", "2.000815"),
    ("thuong tru", "1.004222"), ("quyen su dung dat", "1.003784"), ("ho kinh doanh", "2.000719"),
    ("khai tu", "1.004837"), ("dat dai", "1.003784"),
    ("dk khai", None),
])
def test_ranked_hits(index, query, code):
    hits = index.search(query)
    if code is None:
        assert hits == [] or all("khai" in fold(h[1]) for h in hits)
    else:
        assert hits[0][0] == code


def test_code_prefix_lists_the_codes_first(index):
    assert {h[0] for h in index.search("2.000")[:2]} == {"2.000815", "2.000719"}


def test_accents_as_typed_break_ties():
    idx = ProcedureIndex([("a", "Cấp bản sao", ""), ("b", "Cắp ban sao", "")],
                         code=lambda p: p[0], name=lambda p: p[1])
    assert [h[0] for h in idx.search("cấp bản sao")] == ["a", "b"]


def test_prefix_words_match_while_typing(index):
    assert index.search("dang ky thuong")[0][0] == "1.004222"
    assert index.search("trich luc")[0][0] == "1.001612"


def test_no_match_and_empty_query(index):
    assert index.search("xyz không có") == []
    assert len(index.search("")) == len(CATALOGUE)


def test_fold():
    assert fold("Đăng ký KHAI SINH") == "dang ky khai sinh"
    assert fold("Ưu tiên, ưng ý!") == "uu tien ung y"


@given(st.text(max_size=40))
def test_any_query_returns_catalogue_items(query):
    idx = ProcedureIndex(CATALOGUE, code=lambda p: p[0], name=lambda p: p[1])
    assert all(hit in CATALOGUE for hit in idx.search(query))
