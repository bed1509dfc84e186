"""argparse's own texts ("usage:", "show this help message and exit", "invalid choice", …) in the program's
language, through the same catalogue as every other string.

argparse looks its texts up with the module-level names ``_`` and ``ngettext`` (bound to :mod:`gettext` at
import). :func:`install` points those two names at :data:`ARGPARSE_TEXTS`: argparse's English text → a Swedish
message id, which :func:`sysselsattning.i18n._` then shows as it is (Swedish) or translates (English: the
catalogue gives argparse's own wording back). A text argparse adds in a later Python version and that is not
listed stays English.
"""

from __future__ import annotations

import argparse

from sysselsattning.i18n.catalog import N_, _

#: argparse's English text → its Swedish message id (placeholders kept exactly: argparse fills them in).
ARGPARSE_TEXTS: dict[str, str] = {
    "usage: ": N_("användning: "),
    "positional arguments": N_("argument"),
    "options": N_("flaggor"),
    "show this help message and exit": N_("visa den här hjälpen och avsluta"),
    "show program's version number and exit": N_("visa programmets version och avsluta"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: fel: %(message)s\n"),
    "argument %(argument_name)s: %(message)s": N_("argumentet %(argument_name)s: %(message)s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("ogiltigt val: %(value)r (välj bland %(choices)s)"),
    "invalid %(type)s value: %(value)r": N_("ogiltigt värde (%(type)s): %(value)r"),
    "the following arguments are required: %s": N_("följande argument krävs: %s"),
    "unrecognized arguments: %s": N_("okända argument: %s"),
    "expected one argument": N_("ett värde behövs"),
    "expected at most one argument": N_("högst ett värde"),
    "expected at least one argument": N_("minst ett värde behövs"),
    "ambiguous option: %(option)s could match %(matches)s": N_("flertydig flagga: %(option)s kan betyda %(matches)s"),
    "not allowed with argument %s": N_("går inte tillsammans med %s"),
    "one of the arguments %s is required": N_("ett av argumenten %s krävs"),
    "ignored explicit argument %r": N_("värdet %r ignoreras: flaggan tar inget värde"),
    "can't open '%(filename)s': %(error)s": N_("kan inte öppna '%(filename)s': %(error)s"),
    "unexpected option string: %s": N_("oväntad flagga: %s"),
}

#: argparse's ngettext texts (singular English → one Swedish id that reads right for any number).
ARGPARSE_PLURALS: dict[str, str] = {
    "expected %s argument": N_("antal värden som behövs: %s"),
}


def translate(text: str) -> str:
    msgid = ARGPARSE_TEXTS.get(text)
    return _(msgid) if msgid is not None else text


def translate_plural(singular: str, plural: str, n: int) -> str:
    msgid = ARGPARSE_PLURALS.get(singular)
    if msgid is None:
        return singular if n == 1 else plural
    return _(msgid)


def install() -> None:
    """Make argparse use the program's language from now on (idempotent)."""
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]
