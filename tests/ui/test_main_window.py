"""Main window: every --page key opens its page; Ctrl+1…7; data_changed reaches pages; the gui command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from sysselsattning.commands.gui import PAGE_KEYS as CLI_KEYS
from sysselsattning.ui.main_window import PAGE_KEYS, MainWindow
from sysselsattning.ui.tasks import wait_idle
from sysselsattning.ui.widgets import Placeholder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, ctx, ui_data):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    wait_idle()
    return w


def test_page_keys_match_the_command_line_contract():
    assert PAGE_KEYS == ("deltagare", "arbetsplatser", "tid", "lon", "simulering", "rapporter", "installningar")
    assert CLI_KEYS == PAGE_KEYS


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_each_page_opens_by_key(qtbot, ctx, ui_data, key):
    w = MainWindow(ctx, page=key)
    qtbot.addWidget(w)
    w.show()
    assert wait_idle(10)
    page = w.stack.currentWidget()
    assert page is w.page(key)
    assert w.current_key() == key
    info = w.page_info(key)
    assert w.navigation.currentItem().text() == info.title()
    # Never blank: a real page, or a placeholder that says what is coming.
    if isinstance(page, Placeholder):
        texts = [label.text() for label in page.findChildren(QLabel)]
        assert info.title() in texts and any(len(t) > 40 for t in texts)
    else:
        assert type(page).__name__ == "Page"
    w.close()


def test_pages_are_built_lazily_and_ctrl_number_switches(qtbot, window):
    assert set(window.built_pages()) == {"deltagare"}
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "tid"
    assert set(window.built_pages()) == {"deltagare", "tid"}
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "arbetsplatser"
    window.navigation.setCurrentRow(0)
    assert window.current_key() == "deltagare"


def test_status_bar_shows_database_and_user(window, ctx):
    assert ctx.db.display_name in window.db_label.text()
    assert window.user_label.text() == "Användare: test (administratör)"


def test_data_changed_reaches_pages(qtbot, window):
    seen = []
    window.data_changed.connect(seen.append)
    participants = window.page("deltagare")
    with qtbot.waitSignal(participants.loaded, timeout=5000):
        window.notify_changed({"participants"})
    assert seen == [{"participants"}]


def test_no_reportlab_or_pages_imported_at_start():
    """Start-up speed: the window module must not pull in reportlab or the page modules."""
    code = (
        "import sys; import sysselsattning.ui.app, sysselsattning.ui.main_window, sysselsattning.commands.gui;"
        "bad=[m for m in sys.modules if m.startswith('reportlab') or m.startswith('sysselsattning.ui.pages.')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gui_screenshot_command_writes_png(tmp_path, sqlite_url):
    out = tmp_path / "x.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SYSSELSATTNING_HOME=str(tmp_path / "home"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sysselsattning",
            "--db",
            sqlite_url,
            "gui",
            "--page",
            "deltagare",
            "--screenshot",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_gui_rejects_unknown_page(tmp_path, sqlite_url):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SYSSELSATTNING_HOME=str(tmp_path / "home"))
    result = subprocess.run(
        [sys.executable, "-m", "sysselsattning", "--db", sqlite_url, "gui", "--page", "lön"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_demo_offer_on_empty_database(qtbot, ctx, monkeypatch):
    """An empty database: the user is asked once; 'no' leaves it empty and is remembered."""
    import importlib.util

    from sysselsattning.ui import app

    if importlib.util.find_spec("sysselsattning.services.demo") is None:
        pytest.skip("services.demo finns inte ännu")
    questions = []
    monkeypatch.setattr(app, "ask_yes_no", lambda parent, title, text: questions.append(text) or False)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    app.offer_demo_data(w)
    qtbot.waitUntil(lambda: bool(questions), timeout=5000)
    assert questions == ["Vill du fylla databasen med demodata?"]
    app.offer_demo_data(w)
    wait_idle()
    assert len(questions) == 1
    from sysselsattning.services import registry

    assert registry.count_participants(ctx) == 0


@pytest.mark.parametrize("role", ["handlaggare", "granskare", "samordnare"])
def test_pages_open_for_every_role_without_popups(qtbot, ctx, ui_data, role, monkeypatch):
    """A role without access sees the reason on the page, not a modal error box."""
    from PySide6.QtWidgets import QMessageBox

    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: boxes.append(a))
    ctx.role = role
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    for key in ("deltagare", "arbetsplatser", "tid"):
        w.show_page(key)
        assert wait_idle(10)
    assert boxes == []


def test_f1_opens_the_manual_with_every_task_section(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from sysselsattning.ui.manual import ManualDialog

    assert window.manual_action.shortcut().toString() == "F1"
    assert window.manual_action in window.menuBar().actions()[-1].menu().actions()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ManualDialog) and w.isVisible()]
    assert len(dialogs) == 1
    text = dialogs[0].browser.toPlainText()
    for section in (
        "Logga in",
        "Deltagare",
        "Tidrapportering",
        "Löneperioder och utbetalningsdag",
        "Lönebesked och taket",
        "Simulering",
        "Export",
        "Säkerhetskopior",
        "Kortkommandon",
    ):
        assert section in text
    assert "#" not in text.splitlines()[0]  # rendered Markdown, not the raw source
    dialogs[0].close()


def test_ctrl_p_prints_on_the_pages_that_print(qtbot, window, monkeypatch):
    assert window.print_action.shortcut().matches(QKeySequence("Ctrl+P")) == QKeySequence.SequenceMatch.ExactMatch
    assert window.print_action in window.menuBar().actions()[0].menu().actions()
    assert not window.print_action.isEnabled()  # Deltagare has nothing to print
    page = window.show_page("lon")
    assert window.print_action.isEnabled()
    called = []
    monkeypatch.setattr(page, "print_current", lambda: called.append("lon"))
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert called == ["lon"]
    window.show_page("simulering")
    assert window.print_action.isEnabled()
