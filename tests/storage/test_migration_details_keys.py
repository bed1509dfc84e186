"""Migration 0013b: pay-line ``details_json`` keys get readable names, stored rows included, and back."""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import command

from sysselsattning.storage.db import alembic_config

OLD = {"pd": "2026-03-25", "n": 2, "tp": "30", "fk": "full", "cap": True, "sh": ["forsorjningsstod"], "w": [],
       "est": False, "ecap": True}  # fmt: skip


def test_stored_rows_are_renamed_and_restored(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "0016a")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("PRAGMA foreign_keys=OFF"))
        cols = [c["name"] for c in sa.inspect(conn).get_columns("pay_lines")]
        values = {c: 0 for c in cols if c != "id"}
        values.update(details_json=json.dumps(OLD), payout_method="cash", tax_reason="", id=1)
        for c in sa.inspect(conn).get_columns("pay_lines"):
            if c["name"] in values and values[c["name"]] == 0 and "CHAR" in str(c["type"]).upper():
                values[c["name"]] = "x"
        values["payout_method"] = "cash"
        names = ", ".join(values)
        conn.execute(sa.text(f"INSERT INTO pay_lines ({names}) VALUES ({', '.join(':' + k for k in values)})"), values)
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        d = json.loads(conn.execute(sa.text("SELECT details_json FROM pay_lines WHERE id = 1")).scalar_one())
    assert d == {
        "payment_date": "2026-03-25",
        "entry_count": 2,
        "tax_percent": "30",
        "fee_kind": "full",
        "cap_applies": True,
        "cap_shields": ["forsorjningsstod"],
        "warnings": [],
        "estimate": False,
        "cap_estimate": True,
    }
    command.downgrade(cfg, "0016a")
    with engine.connect() as conn:
        assert json.loads(conn.execute(sa.text("SELECT details_json FROM pay_lines WHERE id = 1")).scalar_one()) == OLD
    engine.dispose()
