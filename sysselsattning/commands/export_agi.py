"""``sysselsattning export agi --period YYYY-MM --out FILE.xml [--organisation ORGNR]``."""

from __future__ import annotations

from sysselsattning import cli
from sysselsattning.i18n import _


def _run(args) -> int:
    from pathlib import Path

    from sysselsattning.commands._export_common import open_ctx, run_service
    from sysselsattning.services.exports import export_agi

    ctx = open_ctx(args)
    try:
        return run_service(lambda: export_agi(ctx, args.period, Path(args.out), organisation=args.organisation))
    finally:
        ctx.db.dispose()


def register(parsers) -> None:
    p = parsers.add(
        "agi",
        _run,
        under="export",
        help=_(
            "arbetsgivardeklaration på individnivå (AGI) till Skatteverket för utbetalningsmånaden; "
            "en fil per förening (FIL_orgnr.xml) när flera betalat ut"
        ),
    )
    p.add_argument("--period", required=True, metavar="ÅÅÅÅ-MM", help=_("månaden arvodena betalades ut"))
    p.add_argument("--out", required=True, metavar="FIL.xml")
    p.set_defaults(out_suffix=cli.SEVERAL_FILES)  # --out - (cli.py)
    p.add_argument("--organisation", metavar="ORGNR", help=_("bara denna förening (organisationsnummer)"))
