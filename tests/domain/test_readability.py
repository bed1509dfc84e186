"""LIX, the Swedish readability index (pure)."""

from __future__ import annotations

import pytest

from sysselsattning.domain.readability import lix, measure, sentences, words


def test_words_are_letters_only():
    assert words("Du får 1 234,50 kr den 25 mars.") == ["Du", "får", "kr", "den", "mars"]
    assert words("Ring på e-post eller telefon!") == ["Ring", "på", "e-post", "eller", "telefon"]


def test_sentences_end_at_punctuation_not_inside_numbers():
    assert sentences("Du får 1 234,50 kr. Det är bra! Eller? Obs: ring") == [
        "Du får 1 234,50 kr",
        "Det är bra",
        "Eller",
        "Obs",
        "ring",
    ]
    assert sentences("Version 2.5 gäller.") == ["Version 2.5 gäller"]


def test_the_standard_formula_by_hand():
    # 2 sentences, 9 words; long (> 6 letters): Arvodet, inkomst, Berätta, handläggare — not "räknas" (6)
    text = "Arvodet räknas som inkomst. Berätta det för din handläggare."
    m = measure([text])
    assert (m.words, m.sentences) == (9, 2)
    assert m.long_words == 4
    assert lix(text) == pytest.approx(9 / 2 + 100 * 4 / 9)  # 48.9


def test_each_text_is_its_own_sentence_and_names_are_excluded():
    m = measure(["Frikort", "Du har inget frikort."])
    assert m.sentences == 2 and m.words == 5
    with_name = lix("Prata med Mohammedsson på Föreningshuset.")
    without = lix("Prata med Mohammedsson på Föreningshuset.", exclude=["Mohammedsson", "Föreningshuset"])
    assert with_name > without
    assert lix("") == 0.0
