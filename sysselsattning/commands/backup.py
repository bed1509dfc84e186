"""``sysselsattning backup [--out FILE]`` and ``sysselsattning restore FILE``.

``backup`` makes a consistent copy of the SQLite database (online backup API) in the backup folder or in
FILE. ``restore`` checks that FILE is a database of a known schema revision, takes a safety backup of the
current database first, then brings back FILE's contents. PostgreSQL is backed up with ``pg_dump`` (see
docs/postgresql.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sysselsattning.i18n import _


def _backup(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.services import backup

    db = backup.open_unmigrated(args.db)
    try:
        backup.require_sqlite_file(db)
        dest = backup.copy_to(db, Path(args.out)) if args.out else backup.backup_now(db, "manuell")
    except backup.BackupInputError as exc:
        raise CliError(str(exc), 2) from None
    except backup.BackupError as exc:
        raise CliError(str(exc), 1) from None
    finally:
        db.dispose()
    print(_("Säkerhetskopia sparad: {file}").format(file=dest))
    return 0


def _restore(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.services import backup

    file = Path(args.file)
    try:
        info = backup.inspect(file)
    except backup.BackupError as exc:
        raise CliError(str(exc), 2) from None
    db = backup.open_unmigrated(args.db)
    try:
        safety = backup.restore(db, file)
    except backup.BackupError as exc:
        raise CliError(str(exc), 1) from None
    finally:
        db.dispose()
    print(
        _(
            "Återställd från {file} (schema {rev}: {n} deltagare, {entries} tidrader, {runs} godkända lönekörningar, "
            "senast godkänd period {period})."
        ).format(
            file=file,
            rev=info.schema_revision,
            n=info.participants,
            entries=info.work_entries,
            runs=info.approved_runs,
            period=info.last_approved_period or "–",
        )
    )
    print(_("Databasen som den var före återställningen finns i: {file}").format(file=safety))
    return 0


def _upgrade(args) -> int:
    from sysselsattning.services import backup

    before, after, head, secured = backup.upgrade_all(args.db)
    if before == after:
        print(_("Databasens schema är redan aktuellt ({rev}).").format(rev=after))
    else:
        print(
            _("Databasens schema är uppgraderat från {before} till {after} (senaste {head}).").format(
                before=before or _("tomt"), after=after, head=head
            )
        )
    if secured:
        print(_("Roller, behörigheter, radsäkerhet, låsningar och granskningslogg i databasen är uppdaterade."))
    elif secured is False:
        print(
            _("Obs: roller och behörigheter uppdaterades inte – kör upgrade med ägarrollen (sf_owner)."),
            file=sys.stderr,
        )
    return 0


def register(parsers) -> None:
    parsers.add(
        "upgrade", _upgrade, help=_("skapa eller uppgradera databasens schema (för PostgreSQL: kör med ägarrollen)")
    )
    p = parsers.add("backup", _backup, help=_("säkerhetskopiera databasen (SQLite)"))
    p.add_argument("--out", metavar="FIL", help=_("spara kopian här (standard: programmets mapp för säkerhetskopior)"))
    p.set_defaults(out_suffix=".sqlite")  # --out - (cli.py)
    r = parsers.add(
        "restore", _restore, help=_("återställ databasen från en säkerhetskopia (en kopia av nuläget sparas först)")
    )
    r.add_argument("file", metavar="FIL")
