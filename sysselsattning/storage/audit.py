"""Audit log written in the same transaction as the change (a ``before_flush`` hook).

Every insert, update and delete of a mapped record adds an :class:`AuditEntry` with the acting user
(:data:`sysselsattning.storage.db.current_user`), the table, the record id and the before/after values.
Services add explicit rows for approvals, exports, logins and overrides with :func:`record`.
The hook also refuses edits to work entries that belong to an approved pay run.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from sysselsattning.storage.orm import AuditEntry, Base, PayRun, WorkEntry, utcnow

_SECRET_COLUMNS = {"password_hash"}


class LockedPeriodError(Exception):
    """A change to an entry of an approved (locked) pay run."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: Base, *, history: str | None = None) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SECRET_COLUMNS:
            out[key] = "***"
            continue
        if history == "before":
            h = state.attrs[key].history
            value = h.deleted[0] if h.deleted else (h.unchanged[0] if h.unchanged else getattr(obj, key, None))
        else:
            value = getattr(obj, key, None)
        out[key] = _jsonable(value)
    return out


def _pk(obj: Base) -> str:
    state = inspect(obj)
    if state.identity:
        return ",".join(str(i) for i in state.identity)
    # Not yet in the identity map (e.g. just inserted): read the key columns from the mapper, which also
    # covers composite keys such as user_organisations (user_id, organisation_id).
    values = [getattr(obj, col.key, None) for col in state.mapper.primary_key]
    return ",".join("" if v is None else str(v) for v in values)


def record(
    session: Session,
    action: str,
    table: str = "",
    record_id: Any = "",
    detail: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Add an explicit audit row (approval, export, login, override …) to the current transaction."""
    from sysselsattning.storage.db import current_user

    session.add(
        AuditEntry(
            username=current_user.get(),
            action=action,
            table_name=table,
            record_id=str(record_id),
            detail=detail[:500],
            before_json=json.dumps(before, ensure_ascii=False, default=str) if before else "",
            after_json=json.dumps(after, ensure_ascii=False, default=str) if after else "",
        )
    )


def _entry_locked(session: Session, entry: WorkEntry) -> bool:
    run_id = inspect(entry).attrs.pay_run_id.history
    original = run_id.deleted[0] if run_id.deleted else entry.pay_run_id
    if original is None:
        return False
    run = session.get(PayRun, original)
    return run is not None and run.status != "draft"


@event.listens_for(Session, "before_flush")
def _audit_before_flush(session: Session, _ctx, _instances) -> None:
    from sysselsattning.storage.db import current_user

    user = current_user.get()
    pending: list[tuple[str, Base]] = []
    for obj in session.new:
        if isinstance(obj, AuditEntry):
            continue
        pending.append(("insert", obj))
    for obj in session.dirty:
        if isinstance(obj, AuditEntry):
            raise PermissionError("Granskningsloggen kan inte ändras")
        if not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, WorkEntry) and _entry_locked(session, obj):
            raise LockedPeriodError(obj.id)
        before = _row(obj, history="before")
        after = _row(obj)
        changed = {k for k in after if before.get(k) != after.get(k)}
        session.add(
            AuditEntry(
                username=user,
                action="update",
                table_name=obj.__tablename__,
                record_id=_pk(obj),
                before_json=json.dumps({k: before[k] for k in changed}, ensure_ascii=False),
                after_json=json.dumps({k: after[k] for k in changed}, ensure_ascii=False),
            )
        )
    for obj in session.deleted:
        if isinstance(obj, AuditEntry):
            raise PermissionError("Granskningsloggen kan inte ändras")
        if isinstance(obj, WorkEntry) and _entry_locked(session, obj):
            raise LockedPeriodError(obj.id)
        session.add(
            AuditEntry(
                username=user,
                action="delete",
                table_name=obj.__tablename__,
                record_id=_pk(obj),
                before_json=json.dumps(_row(obj), ensure_ascii=False),
            )
        )
    if pending:
        session.info.setdefault("_audit_new", []).extend(pending)


@event.listens_for(Session, "after_flush")
def _audit_after_flush(session: Session, _ctx) -> None:
    """Inserts get their id only after the flush; their audit rows are written then."""
    from sysselsattning.storage.db import current_user

    pending = session.info.pop("_audit_new", [])
    if not pending:
        return
    user = current_user.get()
    rows = [
        {
            "username": user,
            "action": "insert",
            "table_name": obj.__tablename__,
            "record_id": _pk(obj),
            "before_json": "",
            "after_json": json.dumps(_row(obj), ensure_ascii=False),
            "detail": "",
            "at": utcnow(),
        }
        for kind, obj in pending
    ]
    session.connection().execute(AuditEntry.__table__.insert(), rows)
