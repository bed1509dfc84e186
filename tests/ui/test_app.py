"""Application setup: Swedish error texts, the exception hook, Qt's own Swedish strings, the palette."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox

from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.services.errors import ConflictError
from sysselsattning.ui import app


def test_error_texts_are_swedish_sentences():
    exc = ValidationFailed([Problem("x", "hours_range")])
    assert app.error_text(exc) == "Timmar måste vara mellan 0 och 24 per dag."
    assert app.error_text(ConflictError("Någon annan har ändrat posten.")) == "Någon annan har ändrat posten."
    assert app.error_text(RuntimeError("boom")) == "Oväntat fel: boom"


def test_excepthook_shows_a_swedish_dialog_and_logs_instead_of_a_traceback(qtbot, monkeypatch, caplog):
    shown = []
    monkeypatch.delenv("SYSSELSATTNING_NO_ERROR_DIALOG", raising=False)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append((self.windowTitle(), self.text())) or 0)
    caplog.set_level(logging.ERROR, logger="sysselsattning")
    try:
        raise KeyError("deltagare")
    except KeyError as exc:
        app._excepthook(type(exc), exc, exc.__traceback__)
    assert shown == [("Ett fel inträffade", "Oväntat fel: 'deltagare'")]
    assert "Traceback" in caplog.text  # the details go to the log, not to the user


def test_qt_standard_buttons_are_swedish(qapp):
    app.create_application()
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Avbryt"


def test_fusion_style_and_calm_palette(qapp):
    created = app.create_application()
    from PySide6.QtWidgets import QApplication, QStyleFactory

    # With a style sheet Qt wraps the style in QStyleSheetStyle; the widgets' base style is Fusion.
    assert QApplication.style() is not None
    styles = QStyleFactory.keys()
    assert "Fusion" in styles
    from PySide6.QtWidgets import QPushButton

    assert QPushButton().style().metaObject().className() in ("QFusionStyle", "QStyleSheetStyle")
    created.setStyleSheet("")
    assert created.style().metaObject().className() == "QFusionStyle"
    from sysselsattning.ui import theme

    created.setStyleSheet(theme.stylesheet(theme.current()))
    assert created.palette().color(created.palette().ColorRole.Highlight).name() == "#2f6f9a"


def test_start_backup_copies_the_sqlite_database_in_the_background(qtbot, ctx):
    """Issue: automatic consistent SQLite backup at start — taken off the UI thread, readable afterwards."""
    from PySide6.QtWidgets import QMainWindow

    from sysselsattning.paths import backup_dir
    from sysselsattning.storage import backup
    from sysselsattning.storage.db import head_revision

    window = QMainWindow()
    window.ctx = ctx
    qtbot.addWidget(window)
    before = backup.list_backups(backup_dir())
    handle = app.start_backup(window)
    assert handle is not None
    qtbot.waitUntil(lambda: len(backup.list_backups(backup_dir())) == len(before) + 1, timeout=10_000)
    newest = backup.list_backups(backup_dir())[0]
    assert newest.name.endswith("-start.sqlite")

    assert backup.inspect_backup(newest).schema_revision == head_revision()


def test_start_backup_skips_a_database_server():
    class Db:
        is_sqlite = False

    class Ctx:
        db = Db()

    class Window:
        ctx = Ctx()

    assert app.start_backup(Window()) is None


def test_start_takes_the_backup_after_login_but_not_for_a_screenshot(qapp, monkeypatch, sqlite_url, tmp_path):
    from PySide6.QtWidgets import QApplication

    calls = []
    monkeypatch.setattr(app, "ask_login", lambda ctx, parent: calls.append("login") or True)
    monkeypatch.setattr(app, "start_backup", lambda window: calls.append("backup"))
    monkeypatch.setattr(app, "offer_demo_data", lambda window: None)
    monkeypatch.setattr(app, "install_excepthook", lambda: None)
    monkeypatch.setenv("SYSSELSATTNING_NO_ERROR_DIALOG", "1")  # start() sets it for screenshots; restored after
    monkeypatch.setattr(QApplication, "exec", lambda self: (QApplication.processEvents(), 0)[1])
    assert app.start(sqlite_url) == 0
    assert calls == ["login", "backup"]
    calls.clear()
    assert app.start(sqlite_url, page="deltagare", screenshot=str(tmp_path / "s.png")) == 0
    assert calls == []
