"""Issue #19: the main tasks done with the keyboard alone, in the main window, as a user without a mouse does
them — keys go to whatever has focus (``QApplication.focusWidget()``), no mouse clicks, no direct slot calls.

Only the operating system's own file and print dialogs are replaced (``ask_save_path``, ``ask_path``,
``QFileDialog.getSaveFileName``, ``send_to_printer``): the print job goes to a PDF file, whose text is read back.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from sysselsattning.ui.tasks import wait_idle

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focus():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, target=None) -> None:
    widget = target or focus() or QApplication.activeWindow()
    assert widget is not None, "nothing has keyboard focus"
    qtbot.keyClick(widget, key, modifier)


def type_text(qtbot, text: str) -> None:
    """Type as a user does: each key goes to whatever has focus then (a grid's first key opens its editor)."""
    for char in text:
        assert focus() is not None, "nothing has keyboard focus"
        qtbot.keyClicks(focus(), char)


def tab_to(qtbot, target, limit: int = 60) -> list:
    """Press Tab until ``target`` (or something inside it) has focus; returns the widgets passed on the way."""
    passed = []
    for _i in range(limit):
        f = focus()
        if f is target or (f is not None and target.isAncestorOf(f)):
            return passed
        passed.append(f)
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"{target!r} cannot be reached with Tab (stopped at {focus()!r})")


def answer_dialogs(key=Qt.Key.Key_Return) -> list:
    """Press ``key`` in each modal dialog (a confirmation) as soon as it opens, until the list is cleared with
    ``stop()``; returns the titles seen."""
    seen: list = []
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            seen.append(modal.windowTitle())
            QTest.keyClick(modal.focusWidget() or modal, key)

    timer.timeout.connect(poll)
    timer.start()
    _timers.append(timer)
    return seen


_timers: list = []


@pytest.fixture(autouse=True)
def _stop_answering_dialogs():
    yield
    stop_answering()


def stop_answering() -> None:
    for timer in _timers:
        timer.stop()
    _timers.clear()


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def open_window(qtbot, ctx, page: str):
    from sysselsattning.ui.main_window import MainWindow

    window = MainWindow(ctx, page=page)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    assert wait_idle()
    return window


# ------------------------------------------------------------------------------------------ log in
def test_log_in_with_the_keyboard(qtbot, ctx):
    from sysselsattning.services import users
    from sysselsattning.ui.login import LoginDialog

    users.create_first_admin(ctx.db, "anna", "Anna Andersson", "ett-langt-losenord", "ett-langt-losenord")
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focus() is dialog.username, timeout=5000)
    type_text(qtbot, "anna")
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is dialog.password  # the tab order: user name → password → buttons
    type_text(qtbot, "fel-losenord")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() and focus() is dialog.password  # the error is shown, focus back in the field
    type_text(qtbot, "ett-langt-losenord")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.username == "anna"


# ------------------------------------------------------------------------------ register a participant
def test_register_a_participant_with_the_keyboard(qtbot, ctx, ui_data):
    from sysselsattning.domain.personnummer import with_check_digit
    from sysselsattning.services import registry

    window = open_window(qtbot, ctx, "tid")
    press(qtbot, Qt.Key.Key_1, CTRL)  # Gå till → Deltagare
    page = window.page("deltagare")
    assert window.stack.currentWidget() is page and page.isAncestorOf(focus())
    press(qtbot, Qt.Key.Key_N, CTRL)  # Ny deltagare
    form = page.form
    assert focus() is form.personnummer
    digits = with_check_digit("850101983")
    type_text(qtbot, f"19{digits[:6]}-{digits[6:]}")
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is form.first_name
    type_text(qtbot, "Örjan")
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is form.last_name
    type_text(qtbot, "Åberg")
    press(qtbot, Qt.Key.Key_S, CTRL)  # Spara
    qtbot.waitUntil(lambda: form.info.text() == "Sparat.", timeout=5000)
    saved = registry.get_participant(ctx, form.detail.id)
    assert (saved.first_name, saved.last_name) == ("Örjan", "Åberg")


def test_register_errors_are_reached_by_keyboard(qtbot, ctx, ui_data):
    """Saving with errors puts focus in a field with an error; each error is its field's description."""
    window = open_window(qtbot, ctx, "deltagare")
    page = window.page("deltagare")
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_text(qtbot, "19850101-1234")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Örjan")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(page.form.last_name.accessibleDescription()), timeout=5000)  # must be filled in
    assert focus() in page.form.fields.values() and focus().accessibleDescription()
    assert "personnummer" in page.form.personnummer.accessibleDescription().lower()


# ------------------------------------------------------------------------------------------ a week
def test_record_a_week_with_the_keyboard(qtbot, ctx, ui_data):
    from sysselsattning.services import timesheets
    from sysselsattning.ui.models import WeekGridModel

    window = open_window(qtbot, ctx, "deltagare")
    press(qtbot, Qt.Key.Key_3, CTRL)  # Gå till → Tidrapportering
    week = window.page("tid").week
    qtbot.waitUntil(lambda: week.worksite_combo.count() > 0 and not week._loading, timeout=5000)
    tab_to(qtbot, week.worksite_combo)
    type_text(qtbot, "Cykel")  # choose the worksite by typing its name
    tab_to(qtbot, week.task_combo)
    type_text(qtbot, "Verk")  # and the task
    qtbot.waitUntil(
        lambda: week.model.grid is not None and week.model.grid.task_id == ui_data.task_id and not week._loading,
        timeout=5000,
    )
    assert week.model.grid.monday == ui_data.monday  # the week that just ended
    tab_to(qtbot, week.view)
    model, view = week.model, week.view
    anna = model.participant_ids().index(ui_data.participants[0].id)
    tuesday = WeekGridModel.FIRST_DAY + 1
    for _i in range(40):  # Tab walks the editable cells day by day
        if view.currentIndex().row() == anna and view.currentIndex().column() == tuesday:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (anna, tuesday)
    spoken = model.data(view.currentIndex(), Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Anna Andersson, tis 2026-11-17: tom"  # what a screen reader says for the cell
    type_text(qtbot, "2,5")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "4")
    press(qtbot, Qt.Key.Key_Return)
    with qtbot.waitSignal(week.saved, timeout=5000):
        press(qtbot, Qt.Key.Key_S, CTRL)
    grid = timesheets.week_grid(ctx, ui_data.task_id, ui_data.monday)
    row = next(r for r in grid.rows if r.participant_id == ui_data.participants[0].id)
    assert [c.quantity_hundredths for c in row.cells][:3] == [300, 250, 400]


# ------------------------------------------------------------------------- compute, approve, print
def test_compute_approve_and_print_a_pay_run_with_the_keyboard(qtbot, ctx, tmp_path, monkeypatch):
    from sysselsattning.services import payroll
    from tests.services.test_payroll_data import add_entry, make_world

    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 10, 6), hours="5")
    add_entry(ctx.db, w, "olle", date(2026, 10, 8), hours="10", task="garden")
    window = open_window(qtbot, ctx, "deltagare")
    press(qtbot, Qt.Key.Key_4, CTRL)  # Gå till → Löneperioder
    page = window.page("lon")
    assert wait_idle()
    press(qtbot, Qt.Key.Key_P, ALT)  # &Period
    assert focus() is page.period or page.period.isAncestorOf(focus())
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "2026-10")
    order = [page.compute_button, page.approve_button]
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is order[0]  # Period → Beräkna → Godkänn…: the order they are read in
    press(qtbot, Qt.Key.Key_Space)  # Beräkna
    assert wait_idle() and wait_idle()
    assert payroll.get_run(ctx, "2026-10").status == "draft"
    tab_to(qtbot, page.approve_button)
    asked = answer_dialogs(Qt.Key.Key_Return)  # "Godkänn lönekörning?" (and a past pay day) → Ja, the default
    press(qtbot, Qt.Key.Key_Space)
    assert wait_idle() and wait_idle()
    stop_answering()
    assert asked and payroll.get_run(ctx, "2026-10").status == "approved"
    # the window manager gives the window back its activation when the dialog closes
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    assert focus() is not None and page.isAncestorOf(focus())  # focus not lost with the disabled button
    # Skriv ut: the slips are written to a PDF and handed to the printer (here: kept as the PDF)
    target = tmp_path / "lonebesked.pdf"
    printed: list[str] = []
    monkeypatch.setattr(page, "ask_save_path", lambda suggested: str(target))
    monkeypatch.setattr(page, "send_to_printer", lambda path: printed.append(path) or True)
    tab_to(qtbot, page.print_button)
    press(qtbot, Qt.Key.Key_Space)
    assert wait_idle(20)
    assert printed == [str(target)]
    assert "Anna" in pdf_text(target)


# ---------------------------------------------------------------------------- simulate and print
def test_simulate_and_print_a_letter_with_the_keyboard(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    window = open_window(qtbot, ctx, "deltagare")
    press(qtbot, Qt.Key.Key_5, CTRL)  # Gå till → Simulering
    page = window.page("simulering")
    editor = page.editor
    assert page.isAncestorOf(focus())
    tab_to(qtbot, editor.adult_birth)  # Födelsedatum (deltagaren)
    type_text(qtbot, "1992-04-12")
    rent = editor.housing  # Hyra
    passed = tab_to(qtbot, rent)
    assert editor.adult_birth in passed  # the tab order follows the form from top to bottom
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "6500")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page._result is not None, timeout=10000)
    target = tmp_path / "brev.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: True))
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)  # Spara brevet som PDF
    assert wait_idle(30)
    qtbot.waitUntil(lambda: target.exists() and target.stat().st_size > 1000, timeout=20000)
    assert "6500" in json.dumps(page._scenario)  # the rent typed above is in the letter's scenario
    assert "Vad arbete med arvode betyder" in pdf_text(target).replace("\n", " ")


# --------------------------------------------------------------------------------------- export AGI
def test_export_agi_with_the_keyboard(qtbot, ctx, tmp_path, monkeypatch):
    from tests.exports import helpers as h

    h.build_year(ctx.db, participants=8, months=10, seed=5)
    window = open_window(qtbot, ctx, "deltagare")
    press(qtbot, Qt.Key.Key_6, CTRL)  # Gå till → Rapporter
    page = window.page("rapporter")
    assert wait_idle()
    tab_to(qtbot, page.list)
    press(qtbot, Qt.Key.Key_Home)  # AGI is first in the list
    assert page.current_kind().key == "agi"
    press(qtbot, Qt.Key.Key_M, ALT)  # &Månad
    assert focus() is page.month
    type_text(qtbot, "sep")  # September, by typing
    assert page.selected_month() == 9
    target = tmp_path / "agi_2026-09.xml"
    monkeypatch.setattr(page, "ask_path", lambda suggested, fmt: target)
    tab_to(qtbot, page.create_button)
    press(qtbot, Qt.Key.Key_Space)  # Skapa fil…
    assert wait_idle(30)
    written = sorted(tmp_path.glob("*.xml"))
    assert written, page.status.text()
    assert written[0].read_bytes().lstrip().startswith(b"<?xml")
    assert page.last_result is not None


@pytest.mark.parametrize(
    "key", ["deltagare", "arbetsplatser", "tid", "lon", "simulering", "rapporter", "installningar"]
)
def test_every_page_is_reached_by_its_shortcut_and_gets_focus(qtbot, ctx, key):
    from sysselsattning.ui.main_window import PAGE_KEYS

    window = open_window(qtbot, ctx, "deltagare" if key != "deltagare" else "tid")
    n = PAGE_KEYS.index(key) + 1
    press(qtbot, getattr(Qt.Key, f"Key_{n}"), CTRL)
    page = window.page(key)
    assert window.stack.currentWidget() is page
    assert page.isAncestorOf(focus()), f"focus stayed at {focus()!r}"
    # the menu lists the shortcut
    assert window.page_actions[key].shortcut().toString() == f"Ctrl+{n}"
