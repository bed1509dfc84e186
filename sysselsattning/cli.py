"""The command line (docs/architecture.md §5). ``sysselsattning`` with no command opens the GUI.

Each command lives in a module of :mod:`sysselsattning.commands` with a ``register(parsers)`` function;
the modules are discovered, so adding a command touches no central list. Handlers import what they need
lazily (start-up speed). Errors: bad input → Swedish message on stderr, exit 2; other failures → exit 1;
never a traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sysselsattning import __version__
from sysselsattning.i18n import _, argparse_texts


class CliError(Exception):
    """A failure to report on stderr in Swedish. ``code`` 2 = bad input, 1 = other failure."""

    def __init__(self, message: str, code: int = 2):
        self.message = message
        self.code = code
        super().__init__(message)


@dataclass
class Parsers:
    top: argparse._SubParsersAction
    export: argparse._SubParsersAction
    importing: argparse._SubParsersAction
    payroll: argparse._SubParsersAction

    def add(
        self, name: str, handler: Callable[[argparse.Namespace], int | None], *, help: str, under: str = "top"
    ) -> argparse.ArgumentParser:
        group = getattr(self, under)
        p = group.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p


#: Options every command takes, before or after the sub-command (docs/architecture.md §5).
GLOBAL_VALUE_OPTIONS = ("--db", "--user", "--lang")

#: Commands that may create the database they are pointed at; every other command refuses a ``--db`` naming an
#: SQLite file that does not exist (a mistyped path must not silently become an empty database).
CREATES_DATABASE = frozenset({None, "gui", "demo", "upgrade", "restore"})


def _add_global_options(parser: argparse.ArgumentParser, *, default) -> None:
    """--db/--user/--lang/--debug. On the top-level parser they default to None; on every sub-command parser
    they default to SUPPRESS, so an option given after the sub-command sets the value and one given before is
    not overwritten."""
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help=_("databas-URL (standard: SQLite i användarens datamapp, eller SYSSELSATTNING_DB)"),
    )
    parser.add_argument(
        "--user",
        metavar=_("ANVÄNDARE"),
        default=default,
        help=_("agera som denna användare (för granskningsloggen)"),
    )
    parser.add_argument("--lang", choices=["sv", "en"], default=default, help=_("språk (sv eller en)"))
    parser.add_argument("--debug", action="store_true", default=default, help=argparse.SUPPRESS)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, top: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not top:
            _add_global_options(self, default=argparse.SUPPRESS)

    def error(self, message: str):  # argparse's own errors → exit 2 with a Swedish lead
        self.print_usage(sys.stderr)
        self.exit(2, _("Fel: {message}").format(message=message) + "\n")


def _base_parser() -> tuple[argparse.ArgumentParser, Parsers]:
    argparse_texts.install()
    parser = _Parser(prog="sysselsattning", description=_("Sysselsättning först – arvoden och förmåner"), top=True)
    parser.add_argument("--version", action="version", version=f"sysselsattning {__version__}")
    _add_global_options(parser, default=None)
    top = parser.add_subparsers(dest="command", parser_class=_Parser, metavar=_("KOMMANDO"))
    export = top.add_parser("export", help=_("exportera filer")).add_subparsers(
        dest="export_kind", metavar=_("TYP"), parser_class=_Parser
    )
    importing = top.add_parser("import", help=_("importera CSV")).add_subparsers(
        dest="import_kind", metavar=_("TYP"), parser_class=_Parser
    )
    payroll = top.add_parser("payroll", help=_("lönekörningar")).add_subparsers(
        dest="payroll_cmd", metavar=_("ÅTGÄRD"), parser_class=_Parser
    )
    return parser, Parsers(top=top, export=export, importing=importing, payroll=payroll)


def build_parser() -> argparse.ArgumentParser:
    """The full parser: every module in :mod:`sysselsattning.commands` registers its commands."""
    parser, parsers = _base_parser()
    import sysselsattning.commands as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register:
            register(parsers)
    return parser


def _first_positional(argv: Sequence[str]) -> str | None:
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in GLOBAL_VALUE_OPTIONS:
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def quick_parser(argv: Sequence[str]) -> argparse.ArgumentParser | None:
    """Start-up speed (~15 ms of argparse set-up for ~30 commands): for the GUI — no command, or ``gui`` —
    a parser with only the module that registers it. None (→ :func:`build_parser`) for anything else, for
    ``--help`` and when the module does not register the command, so messages and help stay complete."""
    if any(a in ("-h", "--help", "--version") or (a.startswith("--") and "=" in a) for a in argv):
        return None
    command = _first_positional(argv)
    if command not in (None, "gui"):
        return None
    parser, parsers = _base_parser()
    if command is not None:
        module = importlib.import_module("sysselsattning.commands.gui")
        module.register(parsers)
        if command not in parsers.top.choices:
            return None
    return parser


def _language_in(argv: Sequence[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` anywhere in the arguments (help texts are made before parsing)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def missing_database(args: argparse.Namespace) -> str | None:
    """The SQLite file a ``--db`` names when it does not exist and the command is not one that creates the
    database; None otherwise (not SQLite, in memory, no --db, or the file is there)."""
    if not getattr(args, "db", None) or args.command in CREATES_DATABASE:
        return None
    from sysselsattning.services.database import sqlite_file

    path = sqlite_file(args.db)
    return str(path) if path is not None and not path.exists() else None


#: ``--out -``: a command that writes one file declares ``p.set_defaults(out_suffix=".pdf")`` (the suffix its
#: service expects); one that writes a file per association declares ``out_suffix=SEVERAL_FILES`` and refuses it.
STDOUT = "-"
SEVERAL_FILES = "several"


def _run_handler(handler, args: argparse.Namespace) -> int:
    """Run the command; with ``--out -`` it writes into a private temporary file whose bytes then go to standard
    output, and what the command prints meanwhile goes to standard error (standard output carries only the file)."""
    if getattr(args, "out", None) != STDOUT:
        return int(handler(args) or 0)
    suffix = getattr(args, "out_suffix", None)
    if suffix == SEVERAL_FILES:
        raise CliError(_("--out - går inte här: kommandot skriver en fil per förening. Ange ett filnamn."), code=2)
    import contextlib
    import io
    import tempfile
    from pathlib import Path

    fmt = getattr(args, "format", None)
    if fmt in ("pdf", "csv"):
        suffix = f".{fmt}"
    with tempfile.TemporaryDirectory(prefix="sysselsattning-") as folder:
        path = Path(folder) / f"standard-ut{suffix or ''}"
        args.out = str(path)
        said = io.StringIO()
        try:
            with contextlib.redirect_stdout(said):
                code = int(handler(args) or 0)
        finally:
            sys.stderr.write(said.getvalue().replace(str(path), _("standard ut")))
        if code == 0 and path.exists():
            sys.stdout.flush()
            sys.stdout.buffer.write(path.read_bytes())
            sys.stdout.flush()
        return code


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from sysselsattning.paths import private_files

    private_files()  # database, backups, PDFs, exports and screenshots: 0600, folders 0700 (#15)
    lang = _language_in(argv)
    if lang in ("sv", "en"):
        from sysselsattning.i18n import set_language

        set_language(lang)
    parser = quick_parser(argv) or build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        from sysselsattning.i18n import set_language

        set_language(args.lang)
        os.environ["SYSSELSATTNING_LANG"] = args.lang  # beats the GUI's stored language setting
    missing = missing_database(args)
    if missing is not None:
        print(
            _("Fel: {message}").format(message=_("Databasen finns inte: {path}").format(path=missing)), file=sys.stderr
        )
        return 2
    if args.user:
        from sysselsattning.services.context import act_as

        act_as(args.user)
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command in (None,):
            from sysselsattning.commands.gui import run_gui

            return run_gui(args)
        parser.parse_args([*argv, "--help"])
        return 2
    try:
        return _run_handler(handler, args)
    except CliError as exc:
        print(_("Fel: {message}").format(message=exc.message), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sysselsattning audit | head`: the reader went away; not an error
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except Exception as exc:  # the command line's last-resort boundary: every failure becomes a
        # Swedish message and an exit code (2 bad input, 1 other), never a traceback on the screen unless --debug;
        # a failure (not bad input) has its traceback written to the log file.
        from sysselsattning.errors import describe

        code, message = describe(exc)
        if args.debug:
            raise
        if code != 2:
            from sysselsattning.logs import log, setup_logging

            setup_logging()
            log.error("Kommandot %s misslyckades", args.command, exc_info=exc)
        print(_("Fel: {message}").format(message=message), file=sys.stderr)
        return code
