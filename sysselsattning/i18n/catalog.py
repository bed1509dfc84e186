"""gettext catalogues read from ``resources/locale`` with Babel's PO reader (no compile step needed)."""

from __future__ import annotations

import os
from functools import lru_cache

_language = os.environ.get("SYSSELSATTNING_LANG", "sv")


@lru_cache(maxsize=8)
def _catalog(lang: str) -> dict[str, object]:
    from sysselsattning.paths import resource_path

    path = resource_path("locale", lang, "LC_MESSAGES", "messages.po")
    if not path.exists():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    out: dict[str, object] = {}
    for msg in cat:
        if not msg.id or not msg.string:
            continue
        key = msg.id if isinstance(msg.id, str) else msg.id[0]
        if isinstance(msg.string, (tuple, list)):
            if all(msg.string):
                out[key] = tuple(msg.string)
        else:
            out[key] = msg.string
    return out


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in ("sv", "en") else "sv"


def current_language() -> str:
    return _language


def locale_name() -> str:
    return "sv_SE" if _language == "sv" else "en_GB"


def N_(msgid: str) -> str:
    """Mark a message id for extraction without translating it yet.

    For tables of labels built at import time (``STATUS = {"draft": N_("Utkast")}``): the extractor
    (``pybabel extract -k N_``, see ``tools/update_translations.sh``) finds the string, and the code translates it
    with :func:`_` where it is shown, so the language chosen at start-up applies.
    """
    return msgid


def _(msgid: str) -> str:
    """Translate a Swedish message id into the current language."""
    if _language == "sv":
        return msgid
    value = _catalog(_language).get(msgid)
    return value if isinstance(value, str) else msgid


def ngettext(singular: str, plural: str, n: int) -> str:
    if _language != "sv":
        value = _catalog(_language).get(singular)
        if isinstance(value, tuple):
            return str(value[0] if n == 1 else value[-1])
    return singular if n == 1 else plural


#: Labels of tables in modules that were being edited when these were marked (``ui/pages/payruns.py`` STATUS,
#: ``reports/payslip.py`` _SHIELD_WORDS and _UNIT): listed here so the extractor keeps them until they are wrapped
#: in N_() there.
_PENDING_MARKS = (
    N_("Utkast"),
    N_("Godkänd"),
    N_("Utbetald"),
    N_("försörjningsstöd"),
    N_("bostadstillägg"),
    N_("tim"),
    N_("st"),
    N_("ggr"),
)
