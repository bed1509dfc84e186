"""Reading the audit log (granskningsloggen): filtered lists for the settings page and ``sysselsattning audit``.

The log itself is written by :mod:`sysselsattning.storage.audit` in the same transaction as each change and
cannot be changed through the program (the flush hook refuses updates and deletes of audit rows). Reading it
needs the permission ``audit.read`` (administrator, granskare).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    user: str
    action: str
    table: str
    record: str
    before: Any
    after: Any
    detail: str

    def as_json(self) -> dict[str, Any]:
        """The contract shape of ``audit --format json``."""
        return {
            "at": self.at.isoformat(timespec="seconds") + "Z",
            "user": self.user,
            "action": self.action,
            "table": self.table,
            "record": self.record,
            "before": self.before,
            "after": self.after,
            "detail": self.detail,
        }


def _load(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


_PNR_KEYS = ("personnummer",)


def _mask(value: Any) -> Any:
    """Mask personnummer inside before/after values for roles that do not see full numbers."""
    from sysselsattning.domain.personnummer import mask

    if isinstance(value, dict):
        return {
            k: (mask(str(v)) if k in _PNR_KEYS and isinstance(v, str) and v.isdigit() else _mask(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def list_audit(
    ctx,
    *,
    since: date | None = None,
    until: date | None = None,
    user: str = "",
    action: str = "",
    table: str = "",
    text: str = "",
    limit: int | None = None,
    newest_first: bool = False,
) -> list[AuditRow]:
    """Audit rows matching all given filters. ``since``/``until`` are inclusive dates (UTC)."""
    from sysselsattning.services.access import require, sees_full_pnr
    from sysselsattning.storage.queries import audit as q

    require(ctx, "audit.read")
    clean = (lambda v: v) if sees_full_pnr(ctx) else _mask
    with ctx.db.read() as s:
        rows = q.audit_rows(
            s,
            since=since,
            until=until,
            user=user,
            action=action,
            table=table,
            text=text,
            limit=limit,
            newest_first=newest_first,
        )
    return [
        AuditRow(
            r.id,
            r.at,
            r.username,
            r.action,
            r.table_name,
            r.record_id,
            clean(_load(r.before_json)),
            clean(_load(r.after_json)),
            r.detail,
        )
        for r in rows
    ]


def distinct_values(ctx) -> tuple[list[str], list[str], list[str]]:
    """(users, actions, tables) present in the log — for the filter drop-downs."""
    from sysselsattning.services.access import require
    from sysselsattning.storage.queries import audit as q

    require(ctx, "audit.read")
    with ctx.db.read() as s:
        return q.distinct_values(s)


def verify_chain(ctx):
    """Check the audit log's hash chain (:func:`sysselsattning.storage.audit_chain.verify_rows`): a
    :class:`~sysselsattning.storage.audit_chain.VerifyResult`. Needs ``audit.read``."""
    from sysselsattning.services.access import require
    from sysselsattning.storage.audit import chain_rows
    from sysselsattning.storage.audit_chain import verify_rows

    require(ctx, "audit.read")
    with ctx.db.read() as s:
        return verify_rows(chain_rows(s))
