"""``slips --period YYYY-MM --out FILE.pdf [--participant PNR]``: pay slips of an APPROVED run, one PDF."""

from __future__ import annotations

from sysselsattning.i18n import _


def register(parsers) -> None:
    p = parsers.add("slips", _slips, help=_("lönebesked för en godkänd lönekörning (PDF)"))
    p.add_argument("--period", required=True, metavar="ÅÅÅÅ-MM", help=_("perioden, t.ex. 2026-03"))
    p.add_argument("--out", required=True, metavar="FIL.pdf")
    p.set_defaults(out_suffix=".pdf")  # --out - (cli.py)
    p.add_argument("--participant", metavar="PERSONNUMMER", help=_("bara denna deltagares lönebesked"))
    p.add_argument("--org", metavar="ORGNR", help=_("föreningen (bara för vecko- och tillfälleskörningar)"))
    p.add_argument(
        "--preview",
        action="store_true",
        help=_("en lönekörning som inte är godkänd: skriv en förhandsgranskning (märkt på varje sida)"),
    )


def _slips(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.commands.payroll import call, open_ctx, organisation_id, write_pdf
    from sysselsattning.domain.personnummer import PersonnummerError, parse
    from sysselsattning.i18n import _
    from sysselsattning.services import documents, payroll, registry

    ctx = open_ctx(args)
    org = organisation_id(ctx, args.org)
    run = call(payroll.get_run, ctx, args.period, org)
    participant_id = None
    if args.participant:
        try:
            canonical = parse(args.participant, today=ctx.now_date()).canonical
        except PersonnummerError:
            raise CliError(_("Ogiltigt personnummer: {pnr}").format(pnr=args.participant), code=2) from None
        participant_id = registry.participant_id_by_pnr(ctx, canonical)
        if participant_id is None:
            raise CliError(_("Deltagaren {pnr} finns inte.").format(pnr=args.participant), code=2)
    data, n = call(documents.payslips_pdf, ctx, run.label, participant_id, org, preview=args.preview)
    if not n:
        raise CliError(
            _("Det finns inga lönebesked för {who} i {label}.").format(
                who=args.participant or _("någon"), label=run.label
            ),
            code=2,
        )
    write_pdf(args.out, data)
    print(_("Skrev {n} lönebesked till {file}.").format(n=n, file=args.out))
    return 0
