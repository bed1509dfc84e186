"""``sysselsattning gui [--page P] [--screenshot FILE.png] [--check-accessibility [--format json]]`` — the desktop program (also the default command).

``--screenshot`` renders the main window at 1280×800 on the given page into a PNG once the page's data has
loaded, then exits (works with ``QT_QPA_PLATFORM=offscreen``, e.g. on a server without a display). It needs
the same login as the window (#15): ``--user NAME`` with the password on standard input
(``--password-stdin``); on PostgreSQL the password may also come the libpq way (PGPASSWORD, pgpass, Kerberos).
Only a SQLite file without any user accounts (where the window would offer to create the first
administrator) is shown without a login.
"""

from __future__ import annotations

import argparse

PAGE_KEYS = ("deltagare", "arbetsplatser", "tid", "lon", "simulering", "rapporter", "installningar")


def run_gui(args: argparse.Namespace) -> int:
    """Open the program (used by ``cli.main`` when no command is given)."""
    if getattr(args, "check_accessibility", False):
        from sysselsattning.ui.accessibility import run_check

        return run_check(getattr(args, "format", None) or "text")
    page = getattr(args, "page", None)
    screenshot = getattr(args, "screenshot", None)
    if page is not None and page not in PAGE_KEYS:
        from sysselsattning.cli import CliError
        from sysselsattning.i18n import _

        raise CliError(_("okänd sida {page}; välj en av: {pages}").format(page=repr(page), pages=", ".join(PAGE_KEYS)))
    password = None
    if screenshot and getattr(args, "password_stdin", False):
        import sys

        password = sys.stdin.readline().rstrip("\r\n")
    from sysselsattning.ui.app import start

    return start(
        getattr(args, "db", None),
        page=page,
        screenshot=screenshot,
        user=getattr(args, "user", None),
        password=password,
    )


def register(parsers) -> None:
    from sysselsattning.i18n import _

    p = parsers.add("gui", run_gui, help=_("öppna programmet (standard när inget kommando anges)"))
    p.add_argument(
        "--page", choices=PAGE_KEYS, metavar="SIDA", help=_("sida att visa: {pages}").format(pages=", ".join(PAGE_KEYS))
    )
    p.add_argument("--screenshot", metavar="FIL.png", help=_("spara en bild av fönstret (1280×800) och avsluta"))
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("med --screenshot: logga in som --user med lösenordet från standard in"),
    )
    p.add_argument(
        "--check-accessibility",
        action="store_true",
        help=_(
            "bygg alla sidor och dialoger utan fönster (200 %%) och lista kontroller utan namn, "
            "för svag kontrast och klippt text; slutkod 1 om något hittas"
        ),
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("utdataformat för --check-accessibility")
    )
