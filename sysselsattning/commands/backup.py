"""``sysselsattning backup [--out FILE]`` and ``sysselsattning restore FILE``.

``backup`` makes a consistent copy of the SQLite database (online backup API) in the backup folder or in
FILE. ``restore`` checks that FILE is a database of a known schema revision, takes a safety backup of the
current database first, then brings back FILE's contents. PostgreSQL is backed up with ``pg_dump`` (see
docs/postgresql.md).
"""

from __future__ import annotations

from pathlib import Path


def _backup(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.storage import backup
    from sysselsattning.storage.db import open_database

    db = open_database(args.db, migrate=False)
    try:
        source = backup.sqlite_path(db)
        if source is None:
            raise CliError("Databasen är inte en SQLite-fil. Säkerhetskopiera PostgreSQL med pg_dump (se docs/postgresql.md).", 1)
        if not source.exists():
            raise CliError(f"Databasfilen finns inte: {source}", 2)
        if args.out:
            out = Path(args.out)
            if out.exists() and out.is_dir():
                raise CliError(f"{out} är en mapp – ange ett filnamn.", 2)
            dest = backup.copy_database(source, out)
        else:
            dest = backup.backup_now(db, "manuell")
    except backup.BackupError as exc:
        raise CliError(str(exc), 1) from None
    finally:
        db.dispose()
    print(f"Säkerhetskopia sparad: {dest}")
    return 0


def _restore(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.storage import backup
    from sysselsattning.storage.db import open_database

    file = Path(args.file)
    try:
        info = backup.inspect_backup(file)
    except backup.BackupError as exc:
        raise CliError(str(exc), 2) from None
    db = open_database(args.db, migrate=False)
    try:
        safety = backup.restore(db, file)
    except backup.BackupError as exc:
        raise CliError(str(exc), 1) from None
    finally:
        db.dispose()
    print(f"Återställd från {file} (schema {info.schema_revision}: {info.participants} deltagare, "
          f"{info.work_entries} tidrader, {info.approved_runs} godkända lönekörningar, "
          f"senast godkänd period {info.last_approved_period or '–'}).")
    print(f"Databasen som den var före återställningen finns i: {safety}")
    return 0


def _upgrade(args) -> int:
    from sysselsattning.storage.db import current_revision, head_revision, open_database

    db = open_database(args.db, migrate=False)
    try:
        before = current_revision(db.engine)
    finally:
        db.dispose()
    db = open_database(args.db)  # upgrades (a SQLite file is backed up first)
    try:
        after = current_revision(db.engine)
    finally:
        db.dispose()
    if before == after:
        print(f"Databasens schema är redan aktuellt ({after}).")
    else:
        print(f"Databasens schema är uppgraderat från {before or 'tomt'} till {after} (senaste {head_revision()}).")
    return 0


def register(parsers) -> None:
    parsers.add("upgrade", _upgrade, help="skapa eller uppgradera databasens schema (för PostgreSQL: kör med ägarrollen)")
    p = parsers.add("backup", _backup, help="säkerhetskopiera databasen (SQLite)")
    p.add_argument("--out", metavar="FIL", help="spara kopian här (standard: programmets mapp för säkerhetskopior)")
    r = parsers.add("restore", _restore, help="återställ databasen från en säkerhetskopia (en kopia av nuläget sparas först)")
    r.add_argument("file", metavar="FIL")
