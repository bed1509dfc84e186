"""audit hash chain, client address and transaction; who computed a pay run (#15)

Revision ID: 0015_audit
Revises: 0013b_details_keys
Create Date: 2026-12-04 20:10:00

The audit log becomes a hash chain: each row stores ``payload_hash`` (SHA-256 of its before/after payload)
and ``row_hash`` (SHA-256 of the previous row's hash and the row's own fields, payload hash included).
Gallring replaces the payload and sets ``redacted_at``; the row hash still covers the original payload hash,
so the chain stays whole. Rows written before this revision keep empty hashes and are reported by
``audit verify`` as "utan kedja" (the chain starts at the first row with a hash).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_audit"
down_revision = "0013b_details_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_addr", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("txid", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("payload_hash", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("redacted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_audit_log_chain_seq", ["chain_seq"], unique=True)
    with op.batch_alter_table("pay_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("computed_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pay_runs", schema=None) as batch_op:
        batch_op.drop_column("computed_by")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_chain_seq")
        for col in ("chain_seq", "redacted_at", "row_hash", "prev_hash", "payload_hash", "txid", "client_addr"):
            batch_op.drop_column(col)
