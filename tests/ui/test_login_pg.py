"""Issue #15 in the window: on PostgreSQL the login dialog connects as the person; ``gui --screenshot`` needs
the same login (finding 11: it used to skip it and show every personnummer)."""

from __future__ import annotations

import io
import uuid

import pytest
from PySide6.QtWidgets import QDialog

from sysselsattning.services import users
from sysselsattning.services.context import AppContext
from sysselsattning.storage.db import open_database

PW = "ett-langt-losenord-15"


@pytest.fixture
def pg_person(pg_url):
    db = open_database(pg_url)
    name = f"sam{uuid.uuid4().hex[:6]}"
    users.create_user(AppContext(db=db), name, "Sam Ordnare", "granskare", PW)  # as the owner (IT)
    db.dispose()
    return pg_url, name


@pytest.mark.postgres
def test_login_dialog_connects_as_the_person(qtbot, pg_person, monkeypatch):
    from sysselsattning.ui import app
    from sysselsattning.ui.login import LoginDialog

    monkeypatch.setenv("SYSSELSATTNING_NO_ERROR_DIALOG", "1")
    url, name = pg_person
    ctx = app.open_context(url)
    d = LoginDialog(ctx)
    qtbot.addWidget(d)
    d.username.setText(name)
    d.password.setText("fel-losenord")
    d.ok_button.click()
    assert d.result() != QDialog.DialogCode.Accepted
    assert d.error.text() == "Fel användarnamn eller lösenord." and d.password.text() == ""
    d.password.setText(PW)
    d.ok_button.click()
    assert d.result() == QDialog.DialogCode.Accepted
    assert (ctx.username, ctx.role) == (name, "granskare")
    with ctx.db.read() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT session_user")).scalar_one() == name
    ctx.db.dispose()


@pytest.mark.postgres
def test_screenshot_needs_the_login_on_postgresql(pg_person, tmp_path, monkeypatch, capsys):
    from sysselsattning.cli import main

    url, name = pg_person
    monkeypatch.delenv("PGPASSWORD", raising=False)
    png = tmp_path / "s.png"
    monkeypatch.setattr("sys.stdin", io.StringIO("fel-losenord\n"))
    args = ["gui", "--db", url, "--page", "deltagare", "--screenshot", str(png), "--user", name, "--password-stdin"]
    assert main(args) == 2
    assert "Fel användarnamn eller lösenord" in capsys.readouterr().err and not png.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(PW + "\n"))
    assert main(args) == 0 and png.stat().st_size > 1000


def test_screenshot_needs_the_login_on_sqlite(sqlite_url, tmp_path, monkeypatch, capsys):
    from sysselsattning.cli import main

    db = open_database(sqlite_url)
    users.create_first_admin(db, "anna", "Anna", PW, PW)
    db.dispose()
    png = tmp_path / "s.png"
    assert main(["gui", "--db", sqlite_url, "--page", "deltagare", "--screenshot", str(png)]) == 2
    assert "kräver inloggning" in capsys.readouterr().err and not png.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(PW + "\n"))
    args = ["gui", "--db", sqlite_url, "--page", "deltagare", "--screenshot", str(png)]
    assert main([*args, "--user", "anna", "--password-stdin"]) == 0 and png.exists()
