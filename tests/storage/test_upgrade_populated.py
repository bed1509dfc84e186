"""An existing installation's database, with data, upgrades to the current schema on SQLite.

Alembic's batch mode rebuilds a table by copy, DROP and rename; with foreign keys on, dropping a table that
other rows reference failed ('FOREIGN KEY constraint failed' on DROP TABLE organisations), so every database
made by the previous release could not be opened. The upgrade now runs with the references checked before the
commit instead, and a broken reference rolls the whole upgrade back."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from sysselsattning.storage.db import alembic_config, current_revision, open_database, upgrade

ORG = (
    "INSERT INTO organisations (id, name, orgnr, address, postal_code, city, contact_name, contact_phone,"
    " contact_email, agi_registered, pay_frequency, payment_day, bank_clearing, bank_account, bank_bic,"
    " bank_iban, active, created_at, version) VALUES (1, 'Cykelverkstan', '802999-0010', 'Gatan 1', '25221',"
    " 'Helsingborg', 'Zoë Åberg', '042-87 10 99', '', 1, 'month', 25, '', '', '', '', 1, '2026-01-01', 1)"
)
SITE = (
    "INSERT INTO worksites (id, organisation_id, name, address, postal_code, city, active, created_at, version)"
    " VALUES (1, 1, 'Verkstaden', 'Gatan 1', '25221', 'Helsingborg', 1, '2026-01-01', 1)"
)


def _release_database(path) -> str:
    """A database at the first release's schema (revision 0001) with an association and a worksite."""
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute(ORG)
    con.execute(SITE)
    con.commit()
    con.close()
    return url


def test_a_populated_release_database_upgrades_to_head(tmp_path):
    url = _release_database(tmp_path / "gammal.sqlite")
    engine = open_database(url, migrate=False).engine  # the program's engine: foreign keys on
    upgrade(engine)
    assert current_revision(engine) != "0001"
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute(text("SELECT name FROM organisations")).scalar_one() == "Cykelverkstan"
        assert conn.execute(text("SELECT organisation_id FROM worksites")).scalar_one() == 1
    engine.dispose()


def test_a_broken_reference_rolls_the_upgrade_back(tmp_path):
    path = tmp_path / "trasig.sqlite"
    url = _release_database(path)
    con = sqlite3.connect(path)  # foreign keys off: a worksite of an association that does not exist
    con.execute(SITE.replace("(1, 1,", "(2, 99,").replace("'Verkstaden'", "'Föräldralös'"))
    con.commit()
    con.close()
    engine = open_database(url, migrate=False).engine
    with pytest.raises(RuntimeError, match="foreign key check failed"):
        upgrade(engine)
    assert current_revision(engine) == "0001"  # nothing half-done
    engine.dispose()
