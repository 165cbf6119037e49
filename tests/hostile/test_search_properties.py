"""Procedure search properties over generated catalogues of Vietnamese names (the tests in
tests/domain/test_search.py check ranking on a fixed catalogue and that any query returns
catalogue items): what a clerk types without accents, in any case, in NFC or NFD, from a
keyboard or a pasted document, finds the procedure."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given
from hypothesis import strategies as st

from counter_app.domain.search import ProcedureIndex, fold
from tests.hostile.vietnamese import normal_forms, phrases


def index_of(names: list[str]) -> ProcedureIndex:
    items = [(f"1.{i:06d}", name) for i, name in enumerate(names)]
    return ProcedureIndex(items, code=lambda p: p[0], name=lambda p: p[1])


def codes(hits: list[tuple[str, str]]) -> list[str]:
    return [code for code, _ in hits]


catalogues = st.lists(phrases(max_words=6), min_size=1, max_size=25)


@given(catalogues, st.data())
def test_a_piece_of_a_name_typed_without_accents_finds_it(names, data):
    target = data.draw(st.integers(0, len(names) - 1))
    bare = fold(names[target])
    start = data.draw(st.integers(0, len(bare) - 1))
    end = data.draw(st.integers(start + 1, len(bare)))
    query = bare[start:end]
    assume(query.strip())
    hits = index_of(names).search(query, limit=len(names))
    assert f"1.{target:06d}" in codes(hits), (query, names[target])


@given(catalogues, st.data(), normal_forms, st.booleans())
def test_results_do_not_depend_on_unicode_form_or_case(names, data, form, upper):
    query = data.draw(st.one_of(phrases(max_words=3), st.sampled_from(names)))
    index = index_of(names)
    expected = index.search(query)
    typed = unicodedata.normalize(form, query.upper() if upper else query)
    assert codes(index.search(typed)) == codes(expected)


@given(catalogues, st.data())
def test_a_catalogue_stored_in_nfd_searches_like_one_in_nfc(names, data):
    query = data.draw(st.one_of(phrases(max_words=3), st.sampled_from(names)))
    nfd = [unicodedata.normalize("NFD", name) for name in names]
    assert codes(index_of(nfd).search(query)) == codes(index_of(names).search(query))


@given(catalogues, st.data())
def test_the_exact_name_comes_first_among_its_equals(names, data):
    # Typing a whole name with its accents puts that name (or one spelled the same way)
    # in first place, whatever else in the catalogue shares its words.
    name = data.draw(st.sampled_from(names))
    first = index_of(names).search(name)[0]
    assert fold(first[1]) == fold(name)
