"""#13: the window catches only the errors it expects and shows them in Swedish; anything else (a bug) is
raised to the exception hook (logged with its traceback, a Swedish box), never turned into a quiet default."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy.exc import OperationalError

from sysselsattning.services import users
from sysselsattning.ui import app, login

PW = "langt-losenord-1"


def _db_down(*_a, **_kw):
    raise OperationalError("SELECT 1", {}, Exception("could not connect to server: Connection refused"))


def _bug(*_a, **_kw):
    raise RuntimeError("bug")


# ---------------------------------------------------------------------------------------------- login
def test_first_admin_dialog_passes_a_bug_on_and_creates_nothing(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(users, "create_first_admin", _bug)
    d = login.FirstAdminDialog(ctx)
    qtbot.addWidget(d)
    d.username.setText("anna")
    d.full_name.setText("Anna Admin")
    d.password.setText(PW)
    d.password2.setText(PW)
    with pytest.raises(RuntimeError, match="bug"):
        d.submit()
    assert d.result() != QDialog.DialogCode.Accepted and not users.has_users(ctx.db)


def test_login_dialog_shows_an_unreachable_database_and_passes_a_bug_on(qtbot, ctx, monkeypatch):
    from sysselsattning.services import auth

    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)
    d = login.LoginDialog(ctx)
    qtbot.addWidget(d)
    d.username.setText("anna")
    d.password.setText(PW)
    monkeypatch.setattr(auth, "authenticate", _db_down)
    d.submit()
    assert d.result() != QDialog.DialogCode.Accepted
    assert d.error.text().startswith("Databasfel:") and d.username.text() == "anna"
    monkeypatch.setattr(auth, "authenticate", _bug)
    with pytest.raises(RuntimeError, match="bug"):
        d.submit()


def test_single_sign_on_leaves_a_refused_connection_to_the_dialog_but_not_a_bug(ctx, monkeypatch):
    from sysselsattning.services import auth

    monkeypatch.setattr(auth, "login_postgres", _db_down)
    assert login._postgres_single_sign_on(ctx) is False
    monkeypatch.setattr(auth, "login_postgres", _bug)
    with pytest.raises(RuntimeError, match="bug"):
        login._postgres_single_sign_on(ctx)


@pytest.mark.parametrize(
    "apply", [lambda ctx: login._apply_language(ctx), lambda ctx: app.apply_stored_language(None, ctx)]
)
def test_the_stored_language_survives_a_database_error_logged_but_not_a_bug(ctx, monkeypatch, caplog, apply):
    from sysselsattning.i18n import current_language
    from sysselsattning.services import parameters

    monkeypatch.delenv("SYSSELSATTNING_LANG", raising=False)
    monkeypatch.setattr(parameters, "get_setting", _db_down)
    caplog.set_level(logging.WARNING, logger="sysselsattning")
    apply(ctx)
    assert current_language() == "sv"
    assert "Språkinställningen kunde inte läsas" in caplog.text and "Traceback" in caplog.text
    monkeypatch.setattr(parameters, "get_setting", _bug)
    with pytest.raises(RuntimeError, match="bug"):
        apply(ctx)


def test_screenshot_login_reports_an_unreachable_database_and_passes_a_bug_on(ctx, monkeypatch):
    from sysselsattning.services import users as users_service

    monkeypatch.setattr(users_service, "has_users", _db_down)
    assert app.screenshot_login(ctx, "anna", PW).startswith("Databasfel:")
    monkeypatch.setattr(users_service, "has_users", _bug)
    with pytest.raises(RuntimeError, match="bug"):
        app.screenshot_login(ctx, "anna", PW)


# -------------------------------------------------------------------------------------------- start-up
def test_start_step_logs_the_traceback_and_shows_the_swedish_message(monkeypatch, caplog, capsys):
    monkeypatch.setenv("SYSSELSATTNING_NO_ERROR_DIALOG", "1")
    caplog.set_level(logging.ERROR, logger="sysselsattning")
    assert app.start_step("Databasen kunde inte öppnas", lambda: 42) == 42
    assert app.start_step("Databasen kunde inte öppnas", _bug) is app._FAILED
    assert "Databasen kunde inte öppnas" in caplog.text and "RuntimeError: bug" in caplog.text
    assert capsys.readouterr().err == "Fel: Oväntat fel: bug\n"


def test_log_file_is_none_only_when_the_data_folder_cannot_be_made(monkeypatch):
    from sysselsattning import logs, paths

    def refused():
        raise PermissionError(13, "Åtkomst nekad", "/home")

    monkeypatch.setattr(paths, "data_dir", refused)
    assert logs.log_file() is None and app._demo_marker(SimpleNamespace(db=SimpleNamespace(url="x"))) is None
    monkeypatch.setattr(paths, "data_dir", _bug)
    with pytest.raises(RuntimeError, match="bug"):
        logs.log_file()
    with pytest.raises(RuntimeError, match="bug"):
        app._demo_marker(SimpleNamespace(db=SimpleNamespace(url="x")))


# ------------------------------------------------------------------------------------- pages, dialogs
def test_parameter_dialog_shows_a_database_error_and_passes_a_bug_on(qtbot, ctx, monkeypatch):
    from sysselsattning.services import parameters
    from sysselsattning.ui.pages.settings import Page

    users.create_first_admin(ctx.db, "anna", "Anna Admin", PW, PW)
    page = Page(ctx)
    qtbot.addWidget(page)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(parameters, "list_parameters", _db_down)
    assert page.open_override() is False
    assert shown and shown[0][0] == "Parametrar" and shown[0][1].startswith("Databasfel:")
    monkeypatch.setattr(parameters, "list_parameters", _bug)
    with pytest.raises(RuntimeError, match="bug"):
        page.open_override()


def test_restore_dialog_shows_a_full_disk_and_passes_a_bug_on(qtbot, ctx, tmp_path, monkeypatch):
    from sysselsattning.services import backup
    from sysselsattning.ui.restore_dialog import RestoreDialog

    d = RestoreDialog(ctx)
    qtbot.addWidget(d)
    d.selected = tmp_path / "kopia.sqlite"
    monkeypatch.setattr(RestoreDialog, "confirm", lambda self: True)

    def full(*_a, **_kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "restore", full)
    d.do_restore()
    assert d.result() != QDialog.DialogCode.Accepted and "No space left on device" in d.error.text()
    monkeypatch.setattr(backup, "restore", _bug)
    with pytest.raises(RuntimeError, match="bug"):
        d.do_restore()


def test_week_grid_unreadable_text_is_pending_but_a_bug_is_raised(monkeypatch):
    from sysselsattning.ui import widgets
    from sysselsattning.ui.models.week import WeekGridModel

    model = WeekGridModel()
    model._rows = [SimpleNamespace(loaded=[None] * 7)]
    model._edits = {(0, model.FIRST_DAY): "två timmar"}
    assert model.pending_cells() == [(0, model.FIRST_DAY)]
    monkeypatch.setattr(widgets, "parse_hours_text", _bug)
    with pytest.raises(RuntimeError, match="bug"):
        model.pending_cells()


def test_entry_list_first_page_failure_is_logged_with_its_traceback(qtbot, ctx, caplog):
    from sysselsattning.services.timesheets import EntryFilters
    from sysselsattning.ui.models.entries import EntryListModel

    caplog.set_level(logging.ERROR, logger="sysselsattning")
    model = EntryListModel(ctx, fetch=_bug, count=lambda f: 0, sync_first_page=True)
    with qtbot.waitSignal(model.load_failed, timeout=5000):
        model.set_filters(EntryFilters())
    assert "tidrader" in caplog.text and "RuntimeError: bug" in caplog.text


def test_call_now_lets_an_interrupt_through():
    from sysselsattning.ui.tasks import call_now

    def interrupted():
        raise KeyboardInterrupt

    assert call_now(lambda: 7, "sju") == (7, None)
    with pytest.raises(KeyboardInterrupt):
        call_now(interrupted, "avbruten")


def test_high_contrast_is_read_from_the_system(qapp, monkeypatch):
    """The chained call used to fail inside PySide6 and the broad except answered "normal contrast" always."""
    from PySide6.QtCore import Qt

    from sysselsattning.ui import theme

    monkeypatch.delenv("SYSSELSATTNING_CONTRAST", raising=False)
    assert theme.system_wants_high_contrast() is False  # the offscreen platform has no preference; no error
    hints = SimpleNamespace(
        accessibility=lambda: SimpleNamespace(contrastPreference=lambda: Qt.ContrastPreference.HighContrast)
    )
    monkeypatch.setattr(theme.QGuiApplication, "styleHints", staticmethod(lambda: hints))
    assert theme.system_wants_high_contrast() is True
