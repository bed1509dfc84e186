"""``sysselsattning demo [--participants N] [--seed S] [--year Y]`` — fill an EMPTY database with demo data (§10)."""

from __future__ import annotations

import sys

from sysselsattning.i18n import _


def _run(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.commands._export_common import open_ctx
    from sysselsattning.i18n import _
    from sysselsattning.services import demo
    from sysselsattning.services.access import AccessDenied

    if args.participants is not None and args.participants < 1:
        raise CliError(_("--participants måste vara minst 1."), code=2)
    ctx = open_ctx(args)
    try:
        year = args.year or ctx.now_date().year
        if year > ctx.now_date().year or year < 2000:
            raise CliError(
                _("Ogiltigt år {year}: välj ett år från 2000 till {now}.").format(year=year, now=ctx.now_date().year),
                code=2,
            )
        try:
            result = demo.create_demo(
                ctx, participants=args.participants or demo.DEFAULT_PARTICIPANTS, seed=args.seed, year=year
            )
        except demo.NotEmpty as exc:
            raise CliError(str(exc), code=2) from None
        except AccessDenied as exc:
            raise CliError(str(exc), code=1) from None
        print(
            _(
                "Demodata: {o} föreningar, {w} arbetsplatser, {t} uppgifter, {p} deltagare, {e} tidrader ({s:.1f} s)."
            ).format(
                o=result.organisations,
                w=result.worksites,
                t=result.tasks,
                p=result.participants,
                e=result.entries,
                s=result.seconds,
            )
        )
        if result.approved_runs:
            print(
                _("Godkända lönekörningar: {first} – {last}; utkast: {draft}.").format(
                    first=result.approved_runs[0], last=result.approved_runs[-1], draft=result.draft_run or "–"
                )
            )
        elif result.draft_run:
            print(_("Utkast till lönekörning: {draft}.").format(draft=result.draft_run))
        for w in result.warnings:
            print(_("Varning: {text}").format(text=w), file=sys.stderr)
        return 0
    finally:
        ctx.db.dispose()


def register(parsers) -> None:
    p = parsers.add("demo", _run, help=_("fyll en tom databas med påhittade demodata (Helsingborg)"))
    p.add_argument("--participants", type=int, metavar="N", help=_("antal deltagare (standard 60)"))
    p.add_argument("--seed", type=int, default=1, metavar="S", help=_("slumpfrö (samma frö ger samma data)"))
    p.add_argument("--year", type=int, metavar="ÅÅÅÅ", help=_("år (standard: innevarande år, månader fram till i dag)"))
