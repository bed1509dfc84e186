"""``sysselsattning report income|annual|programme …``: statements and reports as PDF or CSV files.

- ``report income (--period ÅÅÅÅ-MM | --year ÅÅÅÅ) [--participant PNR | --caseworker ANVÄNDARE] --out FIL.pdf|.csv``
  — income report to social services; a handläggare (``--user``) gets only the participants assigned to them;
- ``report annual --year ÅÅÅÅ [--participant PNR] --out FIL.pdf`` — annual statements, one page per participant;
- ``report programme --year ÅÅÅÅ --out FIL.pdf|.csv`` — the programme report.
"""

from __future__ import annotations

from sysselsattning.i18n import _


def _income(args) -> int:
    from pathlib import Path

    from sysselsattning.cli import CliError
    from sysselsattning.commands._export_common import open_ctx, run_service
    from sysselsattning.services.statements import write_income_report

    if bool(args.period) == bool(args.year):
        raise CliError(_("Ange antingen --period ÅÅÅÅ-MM eller --year ÅÅÅÅ."), code=2)
    ctx = open_ctx(args)
    try:
        return run_service(
            lambda: write_income_report(
                ctx,
                Path(args.out),
                period=args.period,
                year=args.year,
                participant=args.participant,
                fmt=args.format,
                caseworker=args.caseworker,
            )
        )
    finally:
        ctx.db.dispose()


def _annual(args) -> int:
    from pathlib import Path

    from sysselsattning.commands._export_common import open_ctx, run_service
    from sysselsattning.services.statements import write_annual_statements

    ctx = open_ctx(args)
    try:
        return run_service(
            lambda: write_annual_statements(
                ctx, args.year, Path(args.out), participant=args.participant, caseworker=args.caseworker
            )
        )
    finally:
        ctx.db.dispose()


def _programme(args) -> int:
    from pathlib import Path

    from sysselsattning.commands._export_common import open_ctx, run_service
    from sysselsattning.services.statements import write_programme_report

    ctx = open_ctx(args)
    try:
        return run_service(lambda: write_programme_report(ctx, args.year, Path(args.out), fmt=args.format))
    finally:
        ctx.db.dispose()


def register(parsers) -> None:
    p = parsers.add(
        "report",
        lambda args: (p.print_help(), 2)[1],
        help=_("inkomstuppgifter till socialtjänsten, årsbesked och programrapport (PDF/CSV)"),
    )
    sub = p.add_subparsers(dest="report_kind", metavar="RAPPORT", parser_class=type(p))

    inc = sub.add_parser("income", help=_("inkomstuppgift per deltagare och utbetalning (försörjningsstöd)"))
    inc.set_defaults(handler=_income)
    inc.add_argument("--period", metavar="ÅÅÅÅ-MM")
    inc.add_argument("--year", metavar="ÅÅÅÅ")
    inc.add_argument("--participant", metavar="PERSONNUMMER")
    inc.add_argument("--caseworker", metavar="ANVÄNDARNAMN", help=_("alla deltagare som är tilldelade handläggaren"))
    inc.add_argument("--format", choices=["pdf", "csv"], help=_("standard: filändelsen"))
    inc.add_argument("--out", required=True, metavar="FIL")
    inc.set_defaults(out_suffix=".pdf")  # --out - (cli.py); --format csv gives .csv

    ann = sub.add_parser("annual", help=_("årsbesked per deltagare: årets arvode, skatt och frikortstak"))
    ann.set_defaults(handler=_annual)
    ann.add_argument("--year", required=True, metavar="ÅÅÅÅ")
    ann.add_argument("--participant", metavar="PERSONNUMMER")
    ann.add_argument("--caseworker", metavar="ANVÄNDARNAMN", help=_("alla deltagare som är tilldelade handläggaren"))
    ann.add_argument("--out", required=True, metavar="FIL.pdf")
    ann.set_defaults(out_suffix=".pdf")  # --out - (cli.py)

    prog = sub.add_parser("programme", help=_("programrapport: deltagare, timmar, arvoden, kostnad, takanvändning"))
    prog.set_defaults(handler=_programme)
    prog.add_argument("--year", required=True, metavar="ÅÅÅÅ")
    prog.add_argument("--format", choices=["pdf", "csv"], help=_("standard: filändelsen"))
    prog.add_argument("--out", required=True, metavar="FIL")
    prog.set_defaults(out_suffix=".pdf")  # --out - (cli.py); --format csv gives .csv
