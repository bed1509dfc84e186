"""The SQLite fast path for statements a use case runs many times with other values.

SQLAlchemy's per-execution cache-key walk and result processing cost more than the pay run's few grouped queries
themselves, and its per-row parameter processing about as much as SQLite's own insert. On SQLite the statement
is therefore compiled once per shape and executed on the driver; other databases (PostgreSQL) take the ordinary
Core path with the same cached statement object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op


def no_index(column: Any) -> Any:
    """``+column``: the same value, but SQLite does not match it to an index (for a sort or a condition),
    so the planner takes the index the query was written for. PostgreSQL reads it as plain unary plus."""
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


CHUNK = 900  # bound parameters per IN list (SQLite's limit is far above; keeps statements small)

_statements: dict[tuple[Any, ...], tuple[Any, str | None, tuple[str, ...], dict[str, Any]]] = {}
_write_sql: dict[tuple[str, ...] | tuple[Any, ...], Any] = {}


def fetch(s: Session, key: tuple[Any, ...], build: Callable[[], Any], params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Rows of the read statement ``build()`` (built once per ``key``, the statement's shape) with ``params``.

    On SQLite the rows come straight from the driver: dates arrive as ISO text, read them with :func:`as_date`.
    """
    conn = s.connection()
    dialect = conn.dialect
    ck = (dialect.name, *key)
    entry = _statements.get(ck)
    if entry is None:
        stmt = build()
        if dialect.name == "sqlite" and dialect.positional:
            compiled = stmt.compile(dialect=dialect)
            entry = (stmt, compiled.string, tuple(compiled.positiontup or ()), dict(compiled.params))
        else:
            entry = (stmt, None, (), {})
        _statements[ck] = entry
    stmt, sql, order, defaults = entry
    if sql is None:
        return [tuple(r) for r in s.execute(stmt, params)]
    args = []
    for name in order:
        v = params[name] if name in params else defaults[name]
        args.append(v.isoformat() if isinstance(v, date) else v)
    return conn.exec_driver_sql(sql, tuple(args)).fetchall()


def as_date(v: Any) -> date | None:
    """A date column's value from :func:`fetch` (a date, ISO text on the SQLite path, or None)."""
    return v if v is None or isinstance(v, date) else date.fromisoformat(str(v)[:10])


def insert_many(s: Session, table: Any, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT ``rows`` (tuples of the columns ``cols``; plain ints and strings) in one executemany."""
    conn = s.connection()
    dialect = conn.dialect
    if dialect.name != "sqlite" or not dialect.positional:
        s.execute(insert(table), [dict(zip(cols, r, strict=True)) for r in rows])
        return
    key = (dialect.name, table.name, cols)
    compiled = _write_sql.get(key)
    if compiled is None:
        c = insert(table).compile(dialect=dialect, column_keys=list(cols))
        order = tuple(c.positiontup or ())
        compiled = _write_sql[key] = (c.string, None if order == cols else [cols.index(n) for n in order])
    sql, positions = compiled
    conn.exec_driver_sql(sql, rows if positions is None else [tuple(r[i] for i in positions) for r in rows])


def update_many(s: Session, table: Any, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """UPDATE rows by id in one executemany: each of ``rows`` is ``(id, *values of cols)``."""
    if not rows:
        return
    stmt = update(table).where(table.c.id == bindparam("row_id")).values({c: bindparam(f"v_{c}") for c in cols})
    conn = s.connection()
    dialect = conn.dialect
    if dialect.name != "sqlite" or not dialect.positional:
        s.execute(stmt, [{"row_id": r[0], **{f"v_{c}": v for c, v in zip(cols, r[1:], strict=True)}} for r in rows])
        return
    key = (dialect.name, "update", table.name, cols)
    compiled = _write_sql.get(key)
    if compiled is None:
        c = stmt.compile(dialect=dialect)
        names = ["row_id", *(f"v_{c}" for c in cols)]
        compiled = _write_sql[key] = (c.string, [names.index(n) for n in (c.positiontup or ())])
    sql, positions = compiled
    conn.exec_driver_sql(sql, [tuple(r[i] for i in positions) for r in rows])


def chunks(seq: Sequence[Any], n: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]
