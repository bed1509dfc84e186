"""``sysselsattning export csv --what participants|hours|payruns [--year YYYY] --out FILE.csv`` (docs/architecture.md §5)."""

from __future__ import annotations

from sysselsattning.i18n import _


def _run(args) -> int:
    from pathlib import Path

    from sysselsattning.cli import CliError
    from sysselsattning.commands._export_common import open_ctx
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.i18n import _
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.services import csv_io
    from sysselsattning.services.access import AccessDenied

    year = None
    if args.year is not None:
        from sysselsattning.services.exports import parse_year

        try:
            year = parse_year(args.year)
        except ValidationFailed as exc:
            raise CliError("; ".join(problem_text(p) for p in exc.problems), code=2) from None
    out = Path(args.out)
    ctx = open_ctx(args)
    try:
        try:
            if args.what == "participants":
                result = csv_io.export_participants(ctx, out)
            elif args.what == "hours":
                result = csv_io.export_hours(ctx, out, year=year)
            else:
                result = csv_io.export_payruns(ctx, out, year=year)
        except ValidationFailed as exc:
            raise CliError("; ".join(problem_text(p) for p in exc.problems), code=2) from None
        except AccessDenied as exc:
            raise CliError(str(exc), code=1) from None
        print(_("{n} rader skrivna till {file}").format(n=result.rows, file=out))
        return 0
    finally:
        ctx.db.dispose()


def register(parsers) -> None:
    p = parsers.add("csv", _run, under="export", help=_("CSV-export (UTF-8, semikolon, svenska rubriker)"))
    p.add_argument("--what", required=True, choices=["participants", "hours", "payruns"], help=_("vad som exporteras"))
    p.add_argument("--year", metavar="ÅÅÅÅ", help=_("bara detta år (tid och lönekörningar)"))
    p.add_argument("--out", required=True, metavar="FIL.csv")
    p.set_defaults(out_suffix=".csv")  # --out - (cli.py)
