"""The audit log, the reading side: filtered lists and the values the filter drop-downs offer.

Reads go through :func:`sysselsattning.storage.audit.readable_log` (the table, or on PostgreSQL the masked view
for roles without a grant on it). Rows come back as stored: the service decodes and masks them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import distinct, or_, select
from sqlalchemy.orm import Session

from sysselsattning.storage.audit import readable_log


class AuditLogRow(NamedTuple):
    id: int
    at: datetime
    username: str
    action: str
    table_name: str
    record_id: str
    before_json: str
    after_json: str
    detail: str


def audit_rows(
    s: Session,
    *,
    since: date | None = None,
    until: date | None = None,
    user: str = "",
    action: str = "",
    table: str = "",
    text: str = "",
    limit: int | None = None,
    newest_first: bool = False,
) -> list[AuditLogRow]:
    """Audit rows matching all given filters, in log order (or newest first). ``since``/``until`` are inclusive
    dates (UTC); ``text`` is found in the detail, the before/after values, or is the record id."""
    log = readable_log(s).c
    q = select(
        log.id,
        log.at,
        log.username,
        log.action,
        log.table_name,
        log.record_id,
        log.before_json,
        log.after_json,
        log.detail,
    )
    if since:
        q = q.where(log.at >= datetime.combine(since, time.min))
    if until:
        q = q.where(log.at < datetime.combine(until + timedelta(days=1), time.min))
    if user:
        q = q.where(log.username == user)
    if action:
        q = q.where(log.action == action)
    if table:
        q = q.where(log.table_name == table)
    if text:
        like = f"%{text}%"
        q = q.where(
            or_(
                log.detail.ilike(like),
                log.before_json.ilike(like),
                log.after_json.ilike(like),
                log.record_id == text,
            )
        )
    q = q.order_by(log.id.desc() if newest_first else log.id)
    if limit:
        q = q.limit(limit)
    return [AuditLogRow(*r) for r in s.execute(q).all()]


def distinct_values(s: Session) -> tuple[list[str], list[str], list[str]]:
    """(users, actions, tables) present in the log, each sorted, empty values left out."""
    log = readable_log(s).c
    users, actions, tables = (
        sorted(v for v in s.scalars(select(distinct(col))).all() if v)
        for col in (log.username, log.action, log.table_name)
    )
    return users, actions, tables
