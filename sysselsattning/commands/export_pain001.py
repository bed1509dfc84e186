"""``sysselsattning export pain001 --period YYYY-MM --out FILE.xml``."""

from __future__ import annotations

import sys

from sysselsattning.i18n import _


def _run(args) -> int:
    from pathlib import Path

    from sysselsattning.commands._export_common import open_ctx, run_service
    from sysselsattning.domain.personnummer import mask
    from sysselsattning.i18n import format_money
    from sysselsattning.services.exports import export_pain001

    ctx = open_ctx(args)
    holder = {}

    def call():
        holder["r"] = export_pain001(
            ctx, args.period, Path(args.out), organisation=args.organisation, version=args.version
        )
        return holder["r"]

    try:
        code = run_service(call)
    finally:
        ctx.db.dispose()
    result = holder.get("r")
    if result and result.cash:
        print(_("Kontantutbetalningar (ingår inte i betalfilen):"), file=sys.stderr)
        for c in result.cash:
            print(f"  {mask(c.personnummer)}  {c.name}  {c.organisation}  {format_money(c.net_ore)}", file=sys.stderr)
    return code


def register(parsers) -> None:
    p = parsers.add(
        "pain001",
        _run,
        under="export",
        help=_("ISO 20022 pain.001-betalfil (SEK) för bankutbetalningarna i en godkänd lönekörning"),
    )
    p.add_argument("--period", required=True, metavar="ÅÅÅÅ-MM", help=_("lönekörningens period"))
    p.add_argument("--out", required=True, metavar="FIL.xml")
    p.set_defaults(out_suffix=".xml")  # --out - (cli.py)
    p.add_argument("--organisation", metavar="ORGNR", help=_("bara denna förening (organisationsnummer)"))
    p.add_argument(
        "--version",
        choices=["09", "03"],
        default="09",
        help=_("pain.001.001.09 (standard) eller .03 för banker som fortfarande kräver den"),
    )
