"""Swedish alphabetical order and case-insensitive matching, without the operating system's locale.

Swedish sorts the alphabet A–Z, then Å, Ä, Ö (Svenska Akademiens ordlista, SAOL: "å, ä, ö sist i alfabetet";
the same in SS 03 61 02 / ISO 14651's Swedish tailoring). Other letters with diacritics sort with their base
letter (é with e, ł with l), except those Swedish treats as separate letters: æ with ä, ø with ö, ü with y.
Case does not matter for the order; it only breaks ties, so "de Wit" and "De Wit" stay together.

:func:`sort_key` gives a string whose plain (code point) order is this order — used by Qt models and Python
sorts — and :func:`compare` is the same as a three-way comparison for SQLite's ``create_collation``.
:func:`fold` is the case folding for searches (``unicode_lower`` on SQLite; SQLite's own ``lower()`` only
knows A–Z, so "åsa" would not find "Åsa").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# After 'z' (U+007A) in code point order: å → '{', ä/æ → '|', ö/ø → '}'.
_SPECIAL = {
    "å": "{",
    "ä": "|",
    "æ": "|",
    "ö": "}",
    "ø": "}",
    "ü": "y",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "ı": "i",
}  # letters NFKD does not take apart


def fold(text: str | None) -> str | None:
    """Case folding for case-insensitive matching (Unicode-aware: Å → å, Ł → ł, ß → ss)."""
    return None if text is None else text.casefold()


@lru_cache(maxsize=65536)
def _primary(text: str) -> str:
    out = []
    # NFC first: "å" typed as a + combining ring (macOS file names, some imports) is the letter å.
    for ch in unicodedata.normalize("NFC", text).casefold():
        special = _SPECIAL.get(ch)
        if special is not None:
            out.append(special)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)))
    return "".join(out)


def sort_key(text: str | None) -> tuple[str, str]:
    """Key for Swedish alphabetical order: primary letters, then the original text as a tie-break."""
    if text is None:
        return ("", "")
    return (_primary(text), text)


def compare(a: str | None, b: str | None) -> int:
    """-1 / 0 / 1 in Swedish order (a SQLite collation function)."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)
