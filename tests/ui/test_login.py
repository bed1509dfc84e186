"""Login and first-administrator dialogs: Swedish messages, the dialog keeps the input on failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from sysselsattning.services import users
from sysselsattning.ui.login import FirstAdminDialog, LoginDialog
from sysselsattning.ui.widgets import field_error

PW = "langt-losenord-1"


def test_first_admin_dialog_validates_and_creates(qtbot, ctx):
    d = FirstAdminDialog(ctx)
    qtbot.addWidget(d)
    d.username.setText("anna")
    d.full_name.setText("Anna Admin")
    d.password.setText("kort")
    d.password2.setText("annat")
    d.ok_button.click()
    assert d.result() != QDialog.DialogCode.Accepted
    assert field_error(d.password) == "Lösenordet måste vara minst 10 tecken."
    assert field_error(d.password2) == "Lösenorden är inte lika."
    assert d.username.text() == "anna" and d.full_name.text() == "Anna Admin"  # kept
    d.password.setText(PW)
    d.password2.setText(PW)
    d.ok_button.click()
    assert d.result() == QDialog.DialogCode.Accepted
    assert (ctx.username, ctx.role) == ("anna", "administrator") and ctx.user_id
    assert users.has_users(ctx.db)


def test_first_admin_dialog_on_read_only_database_stays_open(qtbot, sqlite_url, tmp_path, monkeypatch):
    from sysselsattning.services.context import AppContext
    from sysselsattning.storage.db import open_database

    monkeypatch.chdir(tmp_path)
    db = open_database(f"sqlite:///file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro&uri=true")
    try:
        c = AppContext(db=db)
        d = FirstAdminDialog(c)
        qtbot.addWidget(d)
        d.username.setText("anna")
        d.full_name.setText("Anna Admin")
        d.password.setText(PW)
        d.password2.setText(PW)
        d.ok_button.click()
        assert d.result() != QDialog.DialogCode.Accepted
        assert d.error.text() == "Databasen är skrivskyddad – inget sparades."
        assert (d.username.text(), d.full_name.text(), d.password.text()) == ("anna", "Anna Admin", PW)
    finally:
        db.dispose()


def test_login_dialog_wrong_password_then_right(qtbot, ctx):
    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)
    d = LoginDialog(ctx)
    qtbot.addWidget(d)
    d.username.setText("anna")
    d.password.setText("fel lösenord")
    d.ok_button.click()
    assert d.result() != QDialog.DialogCode.Accepted
    assert d.error.text() == "Fel användarnamn eller lösenord."
    assert d.username.text() == "anna" and d.password.text() == ""
    d.password.setText(PW)
    d.ok_button.click()
    assert d.result() == QDialog.DialogCode.Accepted and ctx.username == "anna" and ctx.role == "administrator"


def test_login_dialog_locked_account_shows_time(qtbot, ctx):
    from sysselsattning.services.auth import AuthError, authenticate

    users.create_first_admin(ctx.db, "admin", "Admin", PW, PW)
    users.create_user(ctx, "anna", "Anna", "granskare", PW)  # an administrator only pauses
    for _ in range(5):
        with pytest.raises(AuthError):
            authenticate(ctx.db, "anna", "fel")
    d = LoginDialog(ctx)
    qtbot.addWidget(d)
    d.username.setText("anna")
    d.password.setText(PW)
    d.ok_button.click()
    assert d.result() != QDialog.DialogCode.Accepted
    assert d.error.text().startswith("Kontot är låst efter för många felaktiga försök. Försök igen efter kl.")


def test_ask_login_picks_the_dialog(qtbot, ctx, monkeypatch):
    from sysselsattning.ui import login

    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(type(self).__name__) or QDialog.DialogCode.Rejected)
    assert login.ask_login(ctx) is False and shown == ["FirstAdminDialog"]
    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)
    assert login.ask_login(ctx) is False and shown[-1] == "LoginDialog"


def test_screenshots(qtbot, ctx, tmp_path):
    """Rendered for a look by eye (saved next to the test's tmp folder)."""
    d = FirstAdminDialog(ctx)
    qtbot.addWidget(d)
    d.username.setText("anna")
    d.password.setText("kort")
    d.ok_button.click()
    d.show()
    assert d.grab().save(str(tmp_path / "first_admin.png"))
    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.username.setText("anna")
    dialog.password.setText("fel")
    dialog.ok_button.click()
    dialog.show()
    assert dialog.grab().save(str(tmp_path / "login.png"))
    import os
    import shutil

    out = os.environ.get("SYSSELSATTNING_SHOTS")
    if out:
        for f in ("first_admin.png", "login.png"):
            shutil.copy(tmp_path / f, Path(out) / f)


def test_the_orm_is_made_ready_while_the_login_dialog_waits(qtbot, ctx, monkeypatch):
    """Start-up leaves the ORM out; the login dialog loads it in the background while the person types."""
    from sysselsattning.storage.db import Database
    from sysselsattning.ui import login
    from sysselsattning.ui.tasks import wait_idle

    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)
    ctx.db = Database(engine=ctx.db.engine, url=ctx.db.url)  # as opened at start: no session factory yet
    assert ctx.db._factory is None
    ready = []

    def typing(self):
        wait_idle(10)
        ready.append(ctx.db._factory is not None)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", typing)
    assert login.ask_login(ctx) is False
    assert ready == [True]
