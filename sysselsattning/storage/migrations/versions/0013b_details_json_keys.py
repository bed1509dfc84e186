"""pay-line details_json: readable key names

Revision ID: 0013b_details_keys
Revises: 0016a
Create Date: 2026-12-04 21:00:00

The JSON in ``pay_lines.details_json`` (what a slip and the run's list need besides the columns) used short
keys (``pd``, ``tp``, ``ecap`` …). They get readable names; every stored row is rewritten in this one
transaction (approved runs included: the figures do not change, only the names of the keys). Downgrade
writes the short names back.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0013b_details_keys"
down_revision = "0016a"
branch_labels = None
depends_on = None

#: Frozen here (a migration must not follow later code): old key → new key.
RENAMES = {
    "pd": "payment_date",
    "n": "entry_count",
    "tp": "tax_percent",
    "fk": "fee_kind",
    "cap": "cap_applies",
    "sh": "cap_shields",
    "w": "warnings",
    "est": "estimate",
    "ecap": "cap_estimate",
    "e": "entries",
}


def _rewrite(mapping: dict[str, str]) -> None:
    conn = op.get_bind()
    lines = sa.table("pay_lines", sa.column("id", sa.Integer), sa.column("details_json", sa.Text))
    rows = conn.execute(sa.select(lines.c.id, lines.c.details_json)).all()
    for row_id, text in rows:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            continue  # not JSON: left as it is (the readers treat it as empty)
        if not isinstance(data, dict) or not any(k in data for k in mapping):
            continue
        renamed = {mapping.get(k, k): v for k, v in data.items()}
        conn.execute(
            lines.update()
            .where(lines.c.id == row_id)
            .values(details_json=json.dumps(renamed, ensure_ascii=False, separators=(",", ":")))
        )


def upgrade() -> None:
    _rewrite(RENAMES)


def downgrade() -> None:
    _rewrite({new: old for old, new in RENAMES.items()})
