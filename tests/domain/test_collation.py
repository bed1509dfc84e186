"""Swedish alphabetical order (SAOL: å, ä, ö last) and Unicode case folding for searches."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sysselsattning.domain.collation import compare, fold, sort_key


def test_swedish_letters_after_z_in_the_order_a_ring_a_umlaut_o_umlaut():
    names = ["Öberg", "Ärlig", "Åberg", "Zetterberg", "andersson", "Ødegaard", "Æbelø"]
    assert sorted(names, key=sort_key) == ["andersson", "Zetterberg", "Åberg", "Æbelø", "Ärlig", "Öberg", "Ødegaard"]


def test_accents_sort_with_the_base_letter_and_u_umlaut_with_y():
    assert sorted(["Eriksson", "Éklund", "Lund", "Łukasz", "Myrdal", "Müller"], key=sort_key) == [
        "Éklund",
        "Eriksson",
        "Łukasz",
        "Lund",
        "Müller",
        "Myrdal",
    ]


def test_decomposed_input_sorts_like_composed():
    nfd = unicodedata.normalize("NFD", "Åsa")
    assert sort_key(nfd)[0] == sort_key("Åsa")[0]


def test_fold_is_unicode_aware():
    assert fold("ÅSA ÄNG ÖRN ŁÓDŹ") == "åsa äng örn łódź"
    assert fold(None) is None


@given(st.text(max_size=12), st.text(max_size=12), st.text(max_size=12))
def test_compare_is_a_total_order(a, b, c):
    assert compare(a, a) == 0
    assert compare(a, b) == -compare(b, a)
    if compare(a, b) <= 0 and compare(b, c) <= 0:
        assert compare(a, c) <= 0
