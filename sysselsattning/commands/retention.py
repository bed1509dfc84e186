"""``sysselsattning retention [--dry-run] [--years N]`` — gallring: anonymise long-inactive participants."""

from __future__ import annotations

from sysselsattning.i18n import _


def _retention(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.commands.users import cli_context
    from sysselsattning.services import retention

    if args.years is not None and not (1 <= args.years <= 50):
        raise CliError(_("--years måste vara mellan 1 och 50."), 2)
    ctx = cli_context(args)
    report = retention.preview(ctx, years=args.years) if args.dry_run else retention.apply(ctx, years=args.years)
    verb = _("skulle anonymiseras") if args.dry_run else _("anonymiserades")
    print(
        _(
            "Deltagare inaktiva sedan {date} eller tidigare ({years} år): {n} {verb}. Löneuppgifter sparas "
            "(bokföringslagen 7 kap. 2 §)."
        ).format(date=report.cutoff.isoformat(), years=report.years, n=len(report.items), verb=verb)
    )
    for i in report.items:
        print(
            f"  {i.personnummer_masked}  {i.name:<30} "
            + _("inaktiv sedan {date}  lönerader kvar: {kept}  sparade simuleringar tas bort: {deleted}").format(
                date=i.inactive_since.isoformat(), kept=i.pay_lines_kept, deleted=i.scenarios_deleted
            )
        )
    return 0


def register(parsers) -> None:
    p = parsers.add("retention", _retention, help=_("gallring: anonymisera deltagare som varit inaktiva länge"))
    p.add_argument("--dry-run", action="store_true", help=_("visa bara vad som skulle anonymiseras"))
    p.add_argument("--years", type=int, metavar="N", help=_("antal år (standard: inställningen gallring.ar, 2)"))
