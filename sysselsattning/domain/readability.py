"""LIX (läsbarhetsindex, Björnsson 1968), pure: how hard a Swedish text is to read.

``LIX = words / sentences + 100 × long words / words`` — a long word has more than six letters. Under 30 is
"mycket lättläst" / easy (children's books, lättläst texts), 30–40 easy-to-medium, 40–50 medium (news).
The participant-facing prose (pay slip, simulation letter, cap box) is kept at LIX ≤ 30 (#19).

Words are runs of letters (a hyphenated word like "e-post" counts once; numbers, amounts and dates are
not words). A sentence ends at ``.``, ``!``, ``?`` or ``:`` followed by a space or the end, and at each
separate text passed in (a heading or a line in a box is its own sentence, as LIX counters treat them).
Names and other proper nouns are not prose: pass them as ``exclude`` and their words are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LIX_EASY = 30.0

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")


@dataclass(frozen=True)
class Lix:
    words: int
    sentences: int
    long_words: int

    @property
    def value(self) -> float:
        if self.words == 0 or self.sentences == 0:
            return 0.0
        return self.words / self.sentences + 100.0 * self.long_words / self.words

    def long(self) -> float:
        return 100.0 * self.long_words / self.words if self.words else 0.0


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def _letters(word: str) -> int:
    return sum(1 for ch in word if ch.isalpha())


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if words(p)]


def measure(texts: Iterable[str], exclude: Iterable[str] = ()) -> Lix:
    """LIX counts over several texts (each ends a sentence); words of ``exclude`` (names) are left out."""
    skip = {w.casefold() for name in exclude for w in words(name)}
    n_words = n_sentences = n_long = 0
    for text in texts:
        for sentence in sentences(text):
            ws = [w for w in words(sentence) if w.casefold() not in skip]
            if not ws:
                continue
            n_sentences += 1
            n_words += len(ws)
            n_long += sum(1 for w in ws if _letters(w) > 6)
    return Lix(n_words, n_sentences, n_long)


def lix(text: str | Iterable[str], exclude: Iterable[str] = ()) -> float:
    """The LIX value of a text (or of several texts, each ending a sentence)."""
    return measure([text] if isinstance(text, str) else text, exclude).value
