"""``sysselsattning import participants FILE.csv`` / ``import hours FILE.csv`` [--skip-bad] (docs/architecture.md §5).

Every bad row is reported on stderr as ``rad N: …`` and nothing is saved (exit 2), unless ``--skip-bad``:
then the good rows are saved, the bad ones reported, and the exit code is 0.
"""

from __future__ import annotations

import sys

from sysselsattning.i18n import _


def _run(args, what: str) -> int:
    from pathlib import Path

    from sysselsattning.cli import CliError
    from sysselsattning.commands._export_common import open_ctx
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.i18n import _
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.services import csv_io
    from sysselsattning.services.access import AccessDenied

    path = Path(args.file)
    if not path.is_file():
        raise CliError(_("Filen finns inte: {name}").format(name=args.file), code=2)
    ctx = open_ctx(args)
    try:
        try:
            if what == "participants":
                from sysselsattning.services.users import organisation_ids_by_orgnr

                orgnr = getattr(args, "organisation", None)
                org = organisation_ids_by_orgnr(ctx, [orgnr])[0] if orgnr else None
                result = csv_io.import_participants(ctx, path, skip_bad=args.skip_bad, organisation_id=org)
            else:
                result = csv_io.import_hours(ctx, path, skip_bad=args.skip_bad)
        except csv_io.ImportFailed as exc:
            for err in exc.errors:
                print(str(err), file=sys.stderr)
            raise CliError(
                _("{file}: {n} felaktiga rader – inget sparades.").format(file=path.name, n=len(exc.errors)), code=2
            ) from None
        except ValidationFailed as exc:
            raise CliError("; ".join(problem_text(p) for p in exc.problems), code=2) from None
        except AccessDenied as exc:
            raise CliError(str(exc), code=1) from None
        for err in result.errors:
            print(str(err), file=sys.stderr)
        if what == "participants":
            print(
                _("{file}: {c} nya och {u} uppdaterade deltagare; {k} rader hoppades över.").format(
                    file=path.name, c=result.created, u=result.updated, k=result.skipped
                )
            )
        else:
            print(
                _("{file}: {c} tidrader sparade; {k} rader hoppades över.").format(
                    file=path.name, c=result.created, k=result.skipped
                )
            )
        return 0
    finally:
        ctx.db.dispose()


def register(parsers) -> None:
    p = parsers.add(
        "participants",
        lambda a: _run(a, "participants"),
        under="importing",
        help=_(
            "importera deltagare från CSV (personnummer;fornamn;efternamn;adress;postnummer;ort;telefon;"
            "utbetalning;clearingnummer;kontonummer;skattesats)"
        ),
    )
    p.add_argument("file", metavar="FIL.csv")
    p.add_argument("--skip-bad", action="store_true", help=_("spara de korrekta raderna och hoppa över de felaktiga"))
    p.add_argument(
        "--organisation",
        metavar="ORGNR",
        help=_("föreningen nya deltagare hör till (krävs utom för en samordnare med en enda förening)"),
    )
    p = parsers.add(
        "hours",
        lambda a: _run(a, "hours"),
        under="importing",
        help=_("importera tid från CSV (datum;personnummer;arbetsplats;uppgift;timmar;antal;kommentar)"),
    )
    p.add_argument("file", metavar="FIL.csv")
    p.add_argument("--skip-bad", action="store_true", help=_("spara de korrekta raderna och hoppa över de felaktiga"))
