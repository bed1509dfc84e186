"""The command line (design.md §5). ``sysselsattning`` with no command opens the GUI.

Each command lives in a module of :mod:`sysselsattning.commands` with a ``register(parsers)`` function;
the modules are discovered, so adding a command touches no central list. Handlers import what they need
lazily (start-up speed). Errors: bad input → Swedish message on stderr, exit 2; other failures → exit 1;
never a traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from dataclasses import dataclass
from typing import Callable, Sequence

from sysselsattning import __version__


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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors → exit 2 with a Swedish lead
        self.print_usage(sys.stderr)
        self.exit(2, f"Fel: {message}\n")


def _base_parser() -> tuple[argparse.ArgumentParser, Parsers]:
    parser = _Parser(prog="sysselsattning", description="Sysselsättning först – arvoden och förmåner")
    parser.add_argument("--version", action="version", version=f"sysselsattning {__version__}")
    parser.add_argument(
        "--db", metavar="URL", help="databas-URL (standard: SQLite i användarens datamapp, eller SYSSELSATTNING_DB)"
    )
    parser.add_argument("--user", metavar="ANVÄNDARE", help="agera som denna användare (för granskningsloggen)")
    parser.add_argument("--lang", choices=["sv", "en"], help="språk (sv eller en)")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    top = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="KOMMANDO")
    export = top.add_parser("export", help="exportera filer").add_subparsers(
        dest="export_kind", metavar="TYP", parser_class=_Parser
    )
    importing = top.add_parser("import", help="importera CSV").add_subparsers(
        dest="import_kind", metavar="TYP", parser_class=_Parser
    )
    payroll = top.add_parser("payroll", help="lönekörningar").add_subparsers(
        dest="payroll_cmd", metavar="ÅTGÄRD", parser_class=_Parser
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


_VALUE_OPTIONS = ("--db", "--user", "--lang")


def _first_positional(argv: Sequence[str]) -> str | None:
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in _VALUE_OPTIONS:
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
    if any(a in ("-h", "--help", "--version") or a.startswith("--") and "=" in a for a in argv):
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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = quick_parser(argv) or build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        from sysselsattning.i18n import set_language

        set_language(args.lang)
        os.environ["SYSSELSATTNING_LANG"] = args.lang  # beats the GUI's stored language setting
    if args.user:
        from sysselsattning.storage.db import current_user

        current_user.set(args.user)
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command in (None,):
            from sysselsattning.commands.gui import run_gui

            return run_gui(args)
        parser.parse_args([*argv, "--help"])
        return 2
    try:
        return int(handler(args) or 0)
    except CliError as exc:
        print(f"Fel: {exc.message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sysselsattning audit | head`: the reader went away; not an error
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - last line of defence: a Swedish message, not a traceback
        from sysselsattning.errors import describe

        code, message = describe(exc)
        if args.debug:
            raise
        print(f"Fel: {message}", file=sys.stderr)
        return code
