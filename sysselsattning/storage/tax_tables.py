"""Imported Skatteverket tax-table files (one per year) and the participants' tax situations: the SQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert, select

from sysselsattning.domain.tax_tables import OfficialRow
from sysselsattning.storage.audit import record
from sysselsattning.storage.db import Database
from sysselsattning.storage.orm import Organisation, ParticipantTaxSituation, TaxTableFile, TaxTableRow
from sysselsattning.storage.tables import utcnow

_COLS = ("c1", "c2", "c3", "c4", "c5", "c6")


def replace_year(
    db: Database, year: int, rows: list[OfficialRow], *, filename: str, sha256: str, mismatches: int, username: str
) -> int:
    """Store a year's file in one transaction, replacing an earlier import of that year; audited once."""
    with db.unit_of_work() as s:
        old = s.get(TaxTableFile, year)
        before = {"filename": old.filename, "sha256": old.sha256} if old else None
        s.execute(delete(TaxTableRow).where(TaxTableRow.year == year))
        if old is not None:
            s.delete(old)
            s.flush()
        s.add(
            TaxTableFile(
                year=year,
                filename=filename,
                sha256=sha256,
                row_count=len(rows),
                mismatches=mismatches,
                imported_by=username,
                imported_at=utcnow(),
            )
        )
        s.flush()
        # Core bulk insert (7 966 rows): one audit row for the import, not one per table row.
        s.execute(
            insert(TaxTableRow),
            [
                {
                    "year": year,
                    "table_no": r.table,
                    "percent": r.percent,
                    "income_from": r.income_from,
                    "income_to": r.income_to,
                    **dict(zip(_COLS, r.values, strict=True)),
                }
                for r in rows
            ],
        )
        record(
            s,
            "import",
            "tax_table_files",
            year,
            detail=f"Skattetabeller {year} importerade från {filename} ({len(rows)} rader, SHA-256 {sha256[:12]}…)",
            before=before,
            after={"filename": filename, "sha256": sha256, "rows": len(rows)},
        )
    return len(rows)


def imported_years(db: Database) -> dict[int, tuple[str, str, int]]:
    """year → (filename, sha256, mismatches) of every imported file."""
    t = TaxTableFile.__table__
    with db.engine.connect() as conn:
        return {
            r.year: (r.filename, r.sha256, r.mismatches)
            for r in conn.execute(select(t.c.year, t.c.filename, t.c.sha256, t.c.mismatches))
        }


def _read(db: Database, session, read):
    """``read(connection)`` in ``session`` when given, else on a connection of its own."""
    if session is not None:
        return read(session)
    with db.engine.connect() as conn:
        return read(conn)


def load_year(db: Database, year: int, *, session=None) -> list[OfficialRow] | None:
    """The rows of an imported year, or None when that year has not been imported (in ``session`` if given)."""
    return _read(db, session, lambda conn: _load_year(conn, year))


def year_identity(db: Database, year: int, *, session=None) -> tuple[str, str] | None:
    """(sha256, import time) of an imported year, or None: what identifies its rows without reading them."""
    f = TaxTableFile.__table__
    stmt = select(f.c.sha256, f.c.imported_at).where(f.c.year == year)
    row = _read(db, session, lambda conn: conn.execute(stmt).first())
    return None if row is None else (str(row[0]), str(row[1]))


def _load_year(conn, year: int) -> list[OfficialRow] | None:
    f = TaxTableFile.__table__
    t = TaxTableRow.__table__
    if conn.execute(select(f.c.year).where(f.c.year == year)).first() is None:
        return None
    result = conn.execute(
        select(t.c.table_no, t.c.percent, t.c.income_from, t.c.income_to, *(t.c[c] for c in _COLS)).where(
            t.c.year == year
        )
    )
    return [OfficialRow(r[0], bool(r[1]), r[2], r[3], tuple(r[4:10])) for r in result]


# --- tax situations ---------------------------------------------------------------------------------


def situations(
    db: Database, participant_ids: list[int] | None = None, *, session=None
) -> dict[int, list[ParticipantTaxSituation]]:
    """participant id → their tax situations, oldest first (detached ORM rows, read-only use)."""
    q = select(ParticipantTaxSituation).order_by(
        ParticipantTaxSituation.participant_id, ParticipantTaxSituation.valid_from
    )
    if participant_ids is not None:
        q = q.where(ParticipantTaxSituation.participant_id.in_(participant_ids))
    if session is not None:
        rows = list(session.scalars(q))
    else:
        with db.read() as s:
            rows = list(s.scalars(q))
            s.expunge_all()
    out: dict[int, list[ParticipantTaxSituation]] = {}
    for r in rows:
        out.setdefault(r.participant_id, []).append(r)
    return out


def save_situation(db: Database, participant_id: int, valid_from: date, values: dict) -> int:
    """Insert (or replace the row with the same from-date of) a participant's tax situation; audited."""
    with db.unit_of_work() as s:
        row = s.scalars(
            select(ParticipantTaxSituation).where(
                ParticipantTaxSituation.participant_id == participant_id,
                ParticipantTaxSituation.valid_from == valid_from,
            )
        ).first()
        if row is None:
            row = ParticipantTaxSituation(participant_id=participant_id, valid_from=valid_from)
            s.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        s.flush()
        return row.id


def organisation_cities(db: Database, organisation_ids: list[int], *, session=None) -> dict[int, str]:
    """Association id → its ort (the municipality used for the default tax table)."""
    t = Organisation.__table__
    q = select(t.c.id, t.c.city).where(t.c.id.in_(organisation_ids))
    if session is not None:
        return {r.id: r.city for r in session.execute(q)}
    with db.engine.connect() as conn:
        return {r.id: r.city for r in conn.execute(q)}


def participant_organisations(session, participant_ids: list[int]) -> dict[int, int | None]:
    """Participant id → the association they are registered with."""
    from sysselsattning.storage.orm import Participant

    t = Participant.__table__
    q = select(t.c.id, t.c.organisation_id).where(t.c.id.in_(participant_ids))
    return {r.id: r.organisation_id for r in session.execute(q)}
