"""Audit log written in the same transaction as the change.

SQLite (one workstation): a ``before_flush``/``after_flush`` hook writes a row for every insert, update and
delete of a mapped record, with the acting user (:data:`sysselsattning.storage.db.current_user`: the logged-in
user, or the operating-system account for the command line), the workstation in ``client_addr``, the table,
the record id and the before/after values, each row chained to the previous one by SHA-256
(:mod:`sysselsattning.storage.audit_chain`). The hook also refuses edits to work entries of an approved run.

PostgreSQL: the database writes the log itself — row triggers owned by ``sf_audit`` record every change,
from the program or from ``psql``, with ``session_user``, the server's time, the client address and the
transaction (:mod:`sysselsattning.storage.pg_security`). The program adds only explicit event rows
(approvals, exports, printing, overrides) through ``sf_audit.event()``, which takes who and when from the
server as well.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from sysselsattning.storage import audit_chain
from sysselsattning.storage.orm import AuditEntry, Base, PayRun, WorkEntry
from sysselsattning.storage.tables import utcnow

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


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def os_account() -> str:
    """The operating-system account running the program (SQLite's command-line identity)."""
    from sysselsattning.storage.db import _os_account

    return _os_account()


def workstation() -> str:
    """``os-account@host`` of this process (SQLite rows' ``client_addr``)."""
    import socket

    return f"{os_account()}@{socket.gethostname()}"[:64]


def readable_log(session: Session):
    """The table to read the log from: ``audit_log``, or on PostgreSQL for roles without a grant on it (the
    granskare) the view ``sf_review_audit_log`` — the same columns, personnummer masked by the server."""
    from sqlalchemy import Column, MetaData, Table, text

    t = AuditEntry.__table__
    if not _is_postgres(session):
        return t
    if session.execute(text("SELECT has_table_privilege('public.audit_log', 'SELECT')")).scalar():
        return t
    return Table("sf_review_audit_log", MetaData(), *(Column(c.name, c.type) for c in t.columns))


def chain_rows(session: Session) -> list[audit_chain.ChainRow]:
    """Every audit row with its chain fields, for :func:`audit_chain.verify_rows`. Roles that may read the log
    only through ``sf_review_audit_log`` (PostgreSQL granskare: no personnummer) get the server's own payload
    check (``payload_ok``) instead of the payload."""
    from sqlalchemy import Boolean, Column, select

    t = readable_log(session)
    names = [
        "id",
        "chain_seq",
        "at",
        "username",
        "action",
        "table_name",
        "record_id",
        "detail",
        "client_addr",
        "txid",
        "before_json",
        "after_json",
        "payload_hash",
        "prev_hash",
        "row_hash",
        "redacted_at",
    ]
    cols = [t.c[n] for n in names]
    if t is AuditEntry.__table__:
        return [audit_chain.ChainRow(*r) for r in session.execute(select(*cols)).all()]
    t.append_column(Column("payload_ok", Boolean))
    return [
        audit_chain.ChainRow(*r[:16], payload_ok=bool(r[16]))
        for r in session.execute(select(*cols, t.c.payload_ok)).all()
    ]


def _append(connection, rows: list[dict[str, Any]]) -> None:
    """SQLite: insert audit rows at the end of the chain (the unit of work holds the write lock)."""
    if not rows:
        return
    from sqlalchemy import func, select

    t = AuditEntry.__table__
    last = connection.execute(select(t.c.id, t.c.row_hash, t.c.chain_seq).order_by(t.c.id.desc()).limit(1)).first()
    next_id = (last.id if last else 0) + 1
    seq = (
        connection.execute(select(func.max(t.c.chain_seq))).scalar() or 0
    ) + 1  # the chain may start after older, unchained rows
    prev = (last.row_hash or "") if last else ""
    addr = workstation()
    out = []
    for r in rows:
        row = {
            "at": r.get("at") or utcnow(),
            "username": (r.get("username") or "")[:64],
            "action": r["action"],
            "table_name": r.get("table_name", ""),
            "record_id": str(r.get("record_id", ""))[:64],
            "before_json": r.get("before_json", ""),
            "after_json": r.get("after_json", ""),
            "detail": (r.get("detail") or "")[:500],
            "client_addr": addr,
            "txid": None,
        }
        row["id"], row["chain_seq"] = next_id, seq
        row["payload_hash"] = audit_chain.payload_hash(row["before_json"], row["after_json"])
        row["prev_hash"] = prev
        row["row_hash"] = audit_chain.row_hash(
            prev,
            seq,
            next_id,
            row["at"],
            row["username"],
            row["action"],
            row["table_name"],
            row["record_id"],
            row["detail"],
            row["client_addr"],
            None,
            row["payload_hash"],
        )
        row["redacted_at"] = None
        prev = row["row_hash"]
        next_id += 1
        seq += 1
        out.append(row)
    connection.execute(t.insert(), out)


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

    before_json = json.dumps(before, ensure_ascii=False, default=str) if before else ""
    after_json = json.dumps(after, ensure_ascii=False, default=str) if after else ""
    if _is_postgres(session):
        from sqlalchemy import text

        session.execute(
            text("SELECT sf_audit.event(:a, :t, :r, :d, :b, :f)"),
            {"a": action, "t": table, "r": str(record_id), "d": detail[:500], "b": before_json, "f": after_json},
        )
        return
    session.flush()  # the changes this row describes come first in the chain
    _append(
        session.connection(),
        [
            {
                "username": current_user.get(),
                "action": action,
                "table_name": table,
                "record_id": record_id,
                "detail": detail,
                "before_json": before_json,
                "after_json": after_json,
            }
        ],
    )


def redact(session: Session, ids: list[int]) -> None:
    """Gallring: replace the payload of these audit rows with ``{"gallrad": true}`` (the chain stays whole)."""
    if not ids:
        return
    from sqlalchemy import bindparam, text, update

    if _is_postgres(session):
        session.execute(text("SELECT sf_audit.redact(:ids)"), {"ids": list(ids)})
        return
    t = AuditEntry.__table__
    session.execute(
        update(t)
        .where(t.c.id == bindparam("rid"))
        .values(before_json=audit_chain.REDACTED, after_json=audit_chain.REDACTED, redacted_at=utcnow()),
        [{"rid": i} for i in ids],
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

    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry):
            raise PermissionError("Granskningsloggen kan inte ändras")
    if _is_postgres(session):
        return  # the database's row triggers write the log (and refuse changes to locked runs)
    user = current_user.get()
    pending: list[tuple[str, Base]] = []
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, AuditEntry):
            continue
        pending.append(("insert", obj))
    for obj in session.dirty:
        if not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, WorkEntry) and _entry_locked(session, obj):
            raise LockedPeriodError(obj.id)
        before = _row(obj, history="before")
        after = _row(obj)
        changed = {k for k in after if before.get(k) != after.get(k)}
        rows.append(
            {
                "username": user,
                "action": "update",
                "table_name": obj.__table__.name,
                "record_id": _pk(obj),
                "before_json": json.dumps({k: before[k] for k in changed}, ensure_ascii=False),
                "after_json": json.dumps({k: after[k] for k in changed}, ensure_ascii=False),
            }
        )
    for obj in session.deleted:
        if isinstance(obj, WorkEntry) and _entry_locked(session, obj):
            raise LockedPeriodError(obj.id)
        rows.append(
            {
                "username": user,
                "action": "delete",
                "table_name": obj.__table__.name,
                "record_id": _pk(obj),
                "before_json": json.dumps(_row(obj), ensure_ascii=False),
            }
        )
    if pending:
        session.info.setdefault("_audit_new", []).extend(pending)
    if rows:
        session.info.setdefault("_audit_rows", []).extend(rows)


@event.listens_for(Session, "after_flush")
def _audit_after_flush(session: Session, _ctx) -> None:
    """Inserts get their id only after the flush; their audit rows are written then, with the updates and
    deletes of the same flush, at the end of the chain."""
    from sysselsattning.storage.db import current_user

    pending = session.info.pop("_audit_new", [])
    rows = session.info.pop("_audit_rows", [])
    if not pending and not rows:
        return
    user = current_user.get()
    rows = [
        *rows,
        *(
            {
                "username": user,
                "action": "insert",
                "table_name": obj.__table__.name,
                "record_id": _pk(obj),
                "after_json": json.dumps(_row(obj), ensure_ascii=False),
            }
            for _kind, obj in pending
        ),
    ]
    _append(session.connection(), rows)
