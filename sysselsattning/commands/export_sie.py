"""``sysselsattning export sie --year YYYY --out FILE.se [--organisation ORGNR]``."""

from __future__ import annotations

from sysselsattning import cli
from sysselsattning.i18n import _


def _run(args) -> int:
    from pathlib import Path

    from sysselsattning.commands._export_common import open_ctx, run_service
    from sysselsattning.services.exports import export_sie

    ctx = open_ctx(args)
    try:
        return run_service(lambda: export_sie(ctx, args.year, Path(args.out), organisation=args.organisation))
    finally:
        ctx.db.dispose()


def register(parsers) -> None:
    p = parsers.add(
        "sie",
        _run,
        under="export",
        help=_("SIE 4-verifikationer (4I) för årets godkända lönekörningar; en fil per förening"),
    )
    p.add_argument("--year", required=True, metavar="ÅÅÅÅ")
    p.add_argument("--out", required=True, metavar="FIL.se")
    p.set_defaults(out_suffix=cli.SEVERAL_FILES)  # --out - (cli.py)
    p.add_argument("--organisation", metavar="ORGNR", help=_("bara denna förening (organisationsnummer)"))
