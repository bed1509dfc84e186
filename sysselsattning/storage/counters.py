"""Gap-free numbering (pay slip numbers, AGI specification numbers …) that is safe with several clients.

``next_number(session, name)`` increments the ``counters`` row *name* inside the caller's transaction and
returns the new value. Two clients can never get the same number:

- PostgreSQL: ``UPDATE counters SET value = value + 1 WHERE name = :n RETURNING value`` takes the row lock
  (what ``SELECT … FOR UPDATE`` would take); a second transaction waits on it until the first commits or rolls
  back, then re-reads the committed value (READ COMMITTED re-evaluation), so it gets the next number.
- SQLite: the same ``UPDATE … RETURNING`` is the transaction's first write and therefore takes the database
  write lock (only one writer at a time; others wait up to ``busy_timeout``).

Because the number is taken in the caller's transaction, a rolled-back use case gives its number back: the
series stays without gaps (required for pay slip numbering, bokföringslagen 5 kap. 7 § — verifikationer
numbered in an unbroken series).

A missing counter is created with ``INSERT … ON CONFLICT DO NOTHING`` so that two clients creating the same
counter at once do not fail.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sysselsattning.storage.orm import Counter

_table = Counter.__table__


def _insert_ignore(session: Session, name: str, start: int) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - other back-ends are not supported
        raise NotImplementedError(dialect)
    session.execute(insert(_table).values(name=name, value=start).on_conflict_do_nothing(index_elements=["name"]))


def next_number(session: Session, name: str, *, start: int = 0) -> int:
    """Take the next number of the series *name* (first number is ``start + 1``).

    Args:
        session: the caller's unit of work; the number is only used if it commits.
        name: the series, e.g. ``"slip"`` or ``"agi_spec"``.
        start: the value before the first number when the series does not exist yet.
    """
    stmt = _table.update().where(_table.c.name == name).values(value=_table.c.value + 1).returning(_table.c.value)
    value = session.execute(stmt).scalar_one_or_none()
    if value is None:
        _insert_ignore(session, name, start)
        value = session.execute(stmt).scalar_one()
    return int(value)


def peek(session: Session, name: str) -> int:
    """The last number given out (0 when none) — for display only, never for taking a number."""
    return int(session.scalar(select(_table.c.value).where(_table.c.name == name)) or 0)
