"""pay day per association, bank details copied into pay lines (issue #14)

- organisations.payment_month_offset: 0 = paid in the month worked, 1 = the month after (with payment_day
  this decides every run's payment date, moved to the previous bank day);
- pay_lines.bank_clearing / bank_account: the participant's account AT APPROVAL; pain.001 pays only this
  copy, so changing an account afterwards cannot redirect an approved payment. Lines approved before this
  migration get the participant's current account (the best that is known).

Revision ID: 0002_payday
Revises: 0001
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_payday"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payment_month_offset", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_check_constraint(
            op.f("ck_organisations_payment_month_offset"), "payment_month_offset IN (0, 1)"
        )
    with op.batch_alter_table("pay_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bank_clearing", sa.String(length=5), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("bank_account", sa.String(length=20), nullable=False, server_default=""))
    op.execute(
        "UPDATE pay_lines SET bank_clearing = (SELECT p.clearing FROM participants p"
        " WHERE p.id = pay_lines.participant_id),"
        " bank_account = (SELECT p.account FROM participants p WHERE p.id = pay_lines.participant_id)"
        " WHERE pay_run_id IN (SELECT id FROM pay_runs WHERE status IN ('approved', 'paid'))"
    )


def downgrade() -> None:
    with op.batch_alter_table("pay_lines", schema=None) as batch_op:
        batch_op.drop_column("bank_account")
        batch_op.drop_column("bank_clearing")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_organisations_payment_month_offset"), type_="check")
        batch_op.drop_column("payment_month_offset")
