"""Parameter overrides (an administrator's value of a rule parameter from a date) and the settings table.

What start-up reads (the overrides in force, the language setting) goes through the Core tables; the ORM
classes are imported in the writing functions (issue #17)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Connection, select

from sysselsattning.storage import tables

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class StoredOverride(NamedTuple):
    id: int
    key: str
    valid_from: date
    value_json: str
    reason: str
    created_by: str
    created_at: datetime


def overrides_in_order(conn: Connection) -> list[StoredOverride]:
    """Every stored override, oldest ``valid_from`` first (then as entered): the order they apply in. Core on a
    connection: no ORM mapper set-up on the start-up path."""
    t = tables.parameter_overrides
    rows = conn.execute(
        select(t.c.id, t.c.key, t.c.valid_from, t.c.value_json, t.c.reason, t.c.created_by, t.c.created_at).order_by(
            t.c.valid_from, t.c.id
        )
    ).all()
    return [StoredOverride(*r) for r in rows]


def overrides_newest_first(s: Session) -> list[StoredOverride]:
    """Every stored override, the latest entered first (the settings page's list)."""
    from sysselsattning.storage.orm import ParameterOverride

    o = ParameterOverride
    return [
        StoredOverride(r.id, r.key, r.valid_from, r.value_json, r.reason, r.created_by, r.created_at)
        for r in s.scalars(select(o).order_by(o.created_at.desc(), o.id.desc())).all()
    ]


def add_override(s: Session, *, key: str, valid_from: date, value_json: str, reason: str, created_by: str) -> int:
    """Store an override (flushed) and return its id."""
    from sysselsattning.storage.orm import ParameterOverride

    row = ParameterOverride(key=key, valid_from=valid_from, value_json=value_json, reason=reason, created_by=created_by)
    s.add(row)
    s.flush()
    return row.id


def setting(conn: Connection | Session, key: str) -> str | None:
    """A stored setting's value, or None when it was never stored (Core: a connection at start-up will do)."""
    t = tables.settings
    return conn.execute(select(t.c.value).where(t.c.key == key)).scalar()


def store_setting(s: Session, key: str, value: str) -> None:
    """Store a setting (no write when the value is already stored)."""
    from sysselsattning.storage.orm import Setting

    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value


def settings_with_prefix(s: Session, prefix: str) -> dict[str, str]:
    """Stored settings whose key starts with ``prefix``."""
    from sysselsattning.storage.orm import Setting

    return {r.key: r.value for r in s.scalars(select(Setting).where(Setting.key.like(prefix + "%")))}
