"""Shared by the export commands: open the context, run a service, print its summary."""

from __future__ import annotations

import sys


def open_ctx(args):
    """``--user NAME`` acts as that account with its role (a handläggare gets only their participants);
    without it the command acts as ``system`` with administrator rights (the CLI is local, trusted access)."""
    from sysselsattning.commands.users import cli_context

    return cli_context(args)


def run_service(call) -> int:
    """Run ``call()`` → ExportResult; bad input becomes a CliError (exit 2), access denial exit 1."""
    from sysselsattning.cli import CliError
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.services.access import AccessDenied

    try:
        result = call()
    except ValidationFailed as exc:
        raise CliError("; ".join(problem_text(p) for p in exc.problems), code=2) from None
    except AccessDenied as exc:
        raise CliError(str(exc), code=1) from None
    for line in result.summary:
        print(line)
    for warning in result.warnings:
        print(f"Varning: {warning}", file=sys.stderr)
    return 0
