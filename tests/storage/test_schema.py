"""The schema: migrations from empty, constraints refuse bad rows, audit rows are written."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from sysselsattning.storage.db import current_revision, head_revision, table_names
from sysselsattning.storage.orm import AuditEntry, Organisation, Participant, Task, TaskRate, Worksite


def test_migrates_up_from_empty(any_db):
    assert current_revision(any_db.engine) == head_revision()
    assert {"participants", "work_entries", "pay_runs", "audit_log"} <= set(table_names(any_db.engine))


def _org(s):
    o = Organisation(name="Verdandi", orgnr="556036-0793")
    s.add(o)
    s.flush()
    return o


def test_foreign_key_is_enforced(any_db):
    with pytest.raises(IntegrityError), any_db.unit_of_work() as s:
        s.add(Worksite(organisation_id=9999, name="Ingenstans"))


def test_check_constraint_refuses_negative_rate(any_db):
    with any_db.unit_of_work() as s:
        o = _org(s)
        w = Worksite(organisation_id=o.id, name="Cykelverkstaden")
        s.add(w)
        s.flush()
        t = Task(worksite_id=w.id, name="Cykelreparation", unit="piece")
        s.add(t)
    with pytest.raises(IntegrityError), any_db.unit_of_work() as s:
        s.add(TaskRate(task_id=t.id, valid_from=date(2026, 1, 1), rate_ore=-100))
    with any_db.read() as s:
        assert s.scalars(select(TaskRate)).all() == []


def test_check_constraint_refuses_unknown_payout(any_db):
    with pytest.raises(IntegrityError), any_db.unit_of_work() as s:
        s.add(Participant(personnummer="198112289874", first_name="A", last_name="B", payout_method="swish"))


def test_every_insert_is_audited(any_db):
    with any_db.unit_of_work() as s:
        _org(s)
    with any_db.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "organisations")).all()
    assert len(rows) == 1 and rows[0].action == "insert" and "Verdandi" in rows[0].after_json


def test_current_schema_is_recognised_without_importing_alembic(tmp_path):
    """Start-up speed: opening an up-to-date database must not import Alembic (~0.1 s)."""
    import subprocess
    import sys

    from sysselsattning.storage.db import head_revision_fast, open_database

    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    open_database(url).dispose()  # creates and migrates
    assert head_revision_fast() == head_revision()
    code = (
        "import sys; from sysselsattning.storage.db import open_database; "
        f"open_database({url!r}).dispose(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unicode_lower_and_swedish_collation_on_sqlite(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT unicode_lower('ÅSA Łukasz ÖBERG')").scalar_one() == "åsa łukasz öberg"
        names = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT n FROM (SELECT 'Öberg' AS n UNION ALL SELECT 'Åberg' UNION ALL SELECT 'Ärlig' "
                "UNION ALL SELECT 'Zetterberg' UNION ALL SELECT 'andersson') ORDER BY n COLLATE sv"
            )
        ]
    assert names == ["andersson", "Zetterberg", "Åberg", "Ärlig", "Öberg"]
