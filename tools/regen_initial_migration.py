"""Regenerate migration 0001 from ``storage/orm.py`` (allowed only before the first release).

Usage: ``.venv/bin/python tools/regen_initial_migration.py``. Deterministic: the result depends only on
orm.py, so running it again after someone else's model change is safe.
"""

import tempfile
from pathlib import Path

from alembic import command

from sysselsattning.storage.db import alembic_config

versions = Path(__file__).resolve().parent.parent / "sysselsattning" / "storage" / "migrations" / "versions"
for old in versions.glob("0001_*.py"):
    old.unlink()
with tempfile.TemporaryDirectory() as tmp:
    cfg = alembic_config(f"sqlite:///{tmp}/empty.sqlite")
    command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
