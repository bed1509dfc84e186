"""``sysselsattning retention [--dry-run] [--years N]`` — gallring: anonymise long-inactive participants."""

from __future__ import annotations


def _retention(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.commands.users import cli_context
    from sysselsattning.services import retention

    if args.years is not None and not (1 <= args.years <= 50):
        raise CliError("--years måste vara mellan 1 och 50.", 2)
    ctx = cli_context(args)
    report = retention.preview(ctx, years=args.years) if args.dry_run else retention.apply(ctx, years=args.years)
    verb = "skulle anonymiseras" if args.dry_run else "anonymiserades"
    print(f"Deltagare inaktiva sedan {report.cutoff.isoformat()} eller tidigare ({report.years} år): "
          f"{len(report.items)} {verb}. Löneuppgifter sparas (bokföringslagen 7 kap. 2 §).")
    for i in report.items:
        print(f"  {i.personnummer_masked}  {i.name:<30} inaktiv sedan {i.inactive_since.isoformat()}  "
              f"lönerader kvar: {i.pay_lines_kept}  sparade simuleringar tas bort: {i.scenarios_deleted}")
    return 0


def register(parsers) -> None:
    p = parsers.add("retention", _retention, help="gallring: anonymisera deltagare som varit inaktiva länge")
    p.add_argument("--dry-run", action="store_true", help="visa bara vad som skulle anonymiseras")
    p.add_argument("--years", type=int, metavar="N", help="antal år (standard: inställningen gallring.ar, 2)")
