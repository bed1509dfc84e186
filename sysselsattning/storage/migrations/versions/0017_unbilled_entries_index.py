"""the entries' pay-run index split in two partial indexes: unbilled (covering, in pay-run order) and billed (#17)

Revision ID: 0017_unbilled
Revises: 0015_audit
Create Date: 2026-12-04 22:50:00

A draft pay run sums the unbilled entries (``pay_run_id IS NULL``) per participant and worksite. Through
``ix_work_entries_pay_run`` SQLite found them, read every row from the table and sorted them for the GROUP BY.

- ``ix_work_entries_unbilled`` holds exactly the unbilled entries, in (participant, worksite) order and with
  every column the sums need, so the read is one pass over the index. It only holds the entries of periods not
  yet paid, so it stays small and cheap to keep up to date.
- ``ix_work_entries_billed`` replaces ``ix_work_entries_pay_run`` for ``pay_run_id = ?`` (an approved run's
  entries): the same index without the unbilled rows. Without table statistics (a database that has never been
  analysed) SQLite would otherwise still prefer the old index for ``pay_run_id IS NULL``, an equality to it.

Like ``ix_work_entries_corrects`` both are declared here only, not in the ORM: a dialect-specific WHERE there
would import SQLAlchemy's PostgreSQL dialect at every start.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_unbilled"
down_revision = "0015_audit"
branch_labels = None
depends_on = None

_UNBILLED = ["participant_id", "worksite_id", "work_date", "amount_ore", "corrects_entry_id", "version"]


def _where(cond: str) -> dict[str, sa.TextClause]:
    return {"sqlite_where": sa.text(cond), "postgresql_where": sa.text(cond)}


def upgrade() -> None:
    op.drop_index("ix_work_entries_pay_run", table_name="work_entries")
    op.create_index("ix_work_entries_billed", "work_entries", ["pay_run_id"], **_where("pay_run_id IS NOT NULL"))
    op.create_index("ix_work_entries_unbilled", "work_entries", _UNBILLED, **_where("pay_run_id IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_work_entries_unbilled", table_name="work_entries", **_where("pay_run_id IS NULL"))
    op.drop_index("ix_work_entries_billed", table_name="work_entries", **_where("pay_run_id IS NOT NULL"))
    op.create_index("ix_work_entries_pay_run", "work_entries", ["pay_run_id"])
