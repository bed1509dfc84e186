"""The audit log's SHA-256 hash chain: one formula for SQLite (written here, in Python) and PostgreSQL
(written by ``sf_audit.seal()`` in :mod:`sysselsattning.storage.pg_security`, the same formula in SQL), and
the check behind ``sysselsattning audit verify``.

Every row has
- ``payload_hash`` = SHA-256 of its before/after values (the personal data), and
- ``row_hash`` = SHA-256 of the previous row's ``row_hash`` and the row's own fields, ``payload_hash``
  included, in chain order (``chain_seq``).

Each field enters the hash as ``<length>:<text>`` (length in characters), so no separator can be forged.
Gallring replaces the payload with :data:`REDACTED` and sets ``redacted_at``: the row hash still covers the
original payload hash, so the chain stays whole; any other change to a payload, a field, the order, a deleted
row in the middle or an unsealed row breaks it at that row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

#: The payload of a redacted (gallrad) row.
REDACTED = '{"gallrad": true}'


def _fields(values: Iterable[str]) -> bytes:
    return "".join(f"{len(v)}:{v}" for v in values).encode("utf-8")


def at_text(at: datetime | None) -> str:
    """The timestamp as hashed: ``YYYY-MM-DDTHH:MM:SS.ffffff`` (PostgreSQL: ``to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.US')``)."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f") if at is not None else ""


def payload_hash(before: str, after: str) -> str:
    return hashlib.sha256(_fields((before or "", after or ""))).hexdigest()


def row_hash(
    prev_hash: str,
    chain_seq: int,
    row_id: int,
    at: datetime | None,
    username: str,
    action: str,
    table_name: str,
    record_id: str,
    detail: str,
    client_addr: str,
    txid: int | None,
    payload: str,
) -> str:
    values = (
        prev_hash or "",
        str(chain_seq),
        str(row_id),
        at_text(at),
        username or "",
        action or "",
        table_name or "",
        record_id or "",
        detail or "",
        client_addr or "",
        "" if txid is None else str(txid),
        payload or "",
    )
    return hashlib.sha256(_fields(values)).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainRow:
    id: int
    chain_seq: int | None
    at: datetime | None
    username: str
    action: str
    table_name: str
    record_id: str
    detail: str
    client_addr: str
    txid: int | None
    before_json: str
    after_json: str
    payload_hash: str
    prev_hash: str
    row_hash: str
    redacted_at: datetime | None
    payload_ok: bool | None = None  #: the server's payload check (review view without the payload), else None


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    checked: int  #: chained rows checked
    unchained: int  #: rows from before the chain existed (older program versions)
    redacted: int  #: rows whose payload was redacted by gallring (chain still whole)
    first_bad_id: int | None = None
    reason: str = ""  #: machine-readable: payload, row, link, unsealed, order
    last_hash: str = ""  #: the newest row's hash (publish it outside the database)
    last_seq: int | None = None


def verify_rows(rows: Sequence[ChainRow]) -> VerifyResult:
    """Check the chain. *rows* are all audit rows, in any order."""
    chained = sorted((r for r in rows if r.chain_seq is not None), key=lambda r: (r.chain_seq, r.id))
    legacy = [r for r in rows if r.chain_seq is None]
    first_chained_id = min((r.id for r in chained), default=None)
    redacted = 0

    def bad(r: ChainRow, reason: str, checked: int) -> VerifyResult:
        return VerifyResult(False, checked, len(legacy), redacted, r.id, reason)

    # A row without a place in the chain is allowed only before the chain began (older program versions).
    for r in sorted(legacy, key=lambda r: r.id):
        if (first_chained_id is not None and r.id > first_chained_id) or r.row_hash:
            return bad(r, "unsealed", 0)
    prev = ""
    for i, r in enumerate(chained):
        intact = (
            r.payload_ok if r.payload_ok is not None else payload_hash(r.before_json, r.after_json) == r.payload_hash
        )
        if not intact:
            if r.redacted_at is not None and {r.before_json or REDACTED, r.after_json or REDACTED} == {REDACTED}:
                redacted += 1
            else:
                return bad(r, "payload", i)
        if r.prev_hash != prev:
            return bad(r, "link", i)
        expected = row_hash(
            r.prev_hash,
            int(r.chain_seq or 0),
            r.id,
            r.at,
            r.username,
            r.action,
            r.table_name,
            r.record_id,
            r.detail,
            r.client_addr,
            r.txid,
            r.payload_hash,
        )
        if expected != r.row_hash:
            return bad(r, "row", i)
        prev = r.row_hash
    last = chained[-1] if chained else None
    return VerifyResult(
        True, len(chained), len(legacy), redacted, None, "", prev, last.chain_seq if last is not None else None
    )
