"""Start-up imports only what the first page needs (issue #17): no reportlab, no Alembic, no report or export
modules, no charts, and only the page that is shown. Checked on a real start in a fresh process (never timed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from sysselsattning.cli import main
code = main(["--db", sys.argv[1], "gui", "--page", sys.argv[2], "--screenshot", sys.argv[3]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

NEVER_AT_START = ("reportlab", "alembic", "sysselsattning.reports", "sysselsattning.exports", "PySide6.QtCharts")


def start(url: str, page: str, tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SYSSELSATTNING_HOME=str(tmp_path / "home"))
    out = subprocess.run(
        [sys.executable, "-c", PROBE, url, page, str(tmp_path / f"{page}.png")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("page", "module"), [("deltagare", "participants"), ("tid", "timesheet")])
def test_start_imports_only_the_first_page_and_nothing_heavy(sqlite_url, tmp_path, page, module):
    result = start(sqlite_url, page, tmp_path)
    assert result["code"] == 0
    modules = result["modules"]
    heavy = [m for m in modules if any(m == h or m.startswith(h + ".") for h in NEVER_AT_START)]
    assert heavy == []
    shown = f"sysselsattning.ui.pages.{module}"
    pages = [m for m in modules if m.startswith("sysselsattning.ui.pages.")]
    assert pages and all(m == shown or m.startswith(shown + ".") for m in pages), pages  # the page and its parts
    assert (tmp_path / f"{page}.png").stat().st_size > 10_000  # the window was really painted


def test_the_participant_page_starts_without_the_orm(sqlite_url, tmp_path):
    """The default first page reads through the Core tables (storage.tables): neither SQLAlchemy's ORM nor the
    mapped classes are imported before the first write (about 90 ms of a cold start)."""
    result = start(sqlite_url, "deltagare", tmp_path)
    assert result["code"] == 0
    modules = set(result["modules"])
    assert "sysselsattning.storage.tables" in modules
    assert "sqlalchemy.orm" not in modules
    assert "sysselsattning.storage.orm" not in modules
    assert "sysselsattning.storage.audit" not in modules


def test_the_first_unit_of_work_brings_the_orm_and_the_audit_hook(tmp_path):
    """What start-up leaves out comes with the first session: a write is audited as before."""
    env = dict(os.environ, SYSSELSATTNING_HOME=str(tmp_path / "home"))
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    probe = """
import json, sys
from sysselsattning.services.context import open_context
from sysselsattning.services import parameters
ctx = open_context(sys.argv[1])
before = sorted(m for m in ("sqlalchemy.orm", "sysselsattning.storage.audit") if m in sys.modules)
parameters.set_setting(ctx, "language", "en")
after = sorted(m for m in ("sqlalchemy.orm", "sysselsattning.storage.audit") if m in sys.modules)
print(json.dumps({"before": before, "after": after}))
"""
    runs = []
    for _ in range(2):  # the first run makes the schema (Alembic brings the ORM); the second opens it as at start
        out = subprocess.run(
            [sys.executable, "-c", probe, url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert out.returncode == 0, out.stderr
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert runs[1] == {"before": [], "after": ["sqlalchemy.orm", "sysselsattning.storage.audit"]}
    import sqlite3

    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        rows = conn.execute("SELECT action FROM audit_log WHERE table_name = 'settings'").fetchall()
    assert len(rows) == 1  # the setting was written once (the second run found it stored) and audited
