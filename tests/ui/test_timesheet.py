"""Week grid by keyboard, errors at the cell, locked periods; the entry list's correction action."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sysselsattning.ui.models import AMOUNT_ROLE, WeekGridModel

MON, TUE, WED, THU = (WeekGridModel.FIRST_DAY + i for i in range(4))


@pytest.fixture
def page(qtbot, ctx, ui_data):
    from sysselsattning.ui.pages.timesheet import Page

    p = Page(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    p.refresh()
    week = p.week
    qtbot.waitUntil(lambda: week.worksite_combo.count() > 0 and week.model.grid is not None, timeout=5000)
    week.set_week(ui_data.monday)
    week.select(ui_data.worksite_id, ui_data.task_id)
    qtbot.waitUntil(
        lambda: (
            week.model.grid is not None
            and week.model.grid.task_id == ui_data.task_id
            and week.model.grid.monday == ui_data.monday
            and not week._loading
        ),
        timeout=5000,
    )
    return p


def _row_of(model: WeekGridModel, participant_id: int) -> int:
    return model.participant_ids().index(participant_id)


def _type(qtbot, view, text: str) -> None:
    """Type into the current cell as a user does: the first key opens the editor (after Tab it is open)."""
    from PySide6.QtWidgets import QAbstractItemView

    if view.state() == QAbstractItemView.State.EditingState:
        qtbot.keyClicks(QApplication.focusWidget(), text)
        return
    qtbot.keyClicks(view, text[0])
    editor = QApplication.focusWidget()
    assert editor is not view, "typing should open an editor in the cell"
    if len(text) > 1:
        qtbot.keyClicks(editor, text[1:])


def _tab(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_week_entered_by_keyboard_shows_amounts_and_totals(qtbot, ctx, ui_data, page):
    week = page.week
    model, view = week.model, week.view
    anna = _row_of(model, ui_data.participants[0].id)
    # Anna already has 3 h on Monday (150 kr); type Tuesday–Thursday.
    view.setFocus()
    view.setCurrentIndex(model.index(anna, TUE))
    _type(qtbot, view, "2,5")
    # While typing (editor still open) the amount and the row total are already there.
    assert model.data(model.index(anna, TUE), AMOUNT_ROLE) == "125,00\xa0kr"
    assert model.data(model.index(anna, WeekGridModel.COL_TOTAL_AMOUNT)) == "275,00\xa0kr"
    assert "2,5 × 50,00\xa0kr = 125,00\xa0kr" in week.live_label.text()
    _tab(qtbot)
    assert view.currentIndex().column() == WED
    _type(qtbot, view, "4")
    _tab(qtbot)
    _type(qtbot, view, "1:30")  # Thursday, h:mm
    _tab(qtbot)
    assert model.data(model.index(anna, THU)) == "1:30"
    assert model.data(model.index(anna, THU), AMOUNT_ROLE) == "75,00\xa0kr"
    # Row: 3 + 2,5 + 4 + 1,5 = 11 h → 550 kr; Wednesday total includes Ali's 2,5 h.
    assert model.data(model.index(anna, WeekGridModel.COL_TOTAL_QTY)) == "11\xa0tim"
    assert model.data(model.index(anna, WeekGridModel.COL_TOTAL_AMOUNT)) == "550,00\xa0kr"
    total_row = model.rowCount() - 1
    assert model.data(model.index(total_row, WED)) == "6,5"
    assert model.data(model.index(total_row, WED), AMOUNT_ROLE) == "325,00\xa0kr"
    assert model.data(model.index(total_row, WeekGridModel.COL_TOTAL_AMOUNT)) == "675,00\xa0kr"

    with qtbot.waitSignal(week.saved, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not week.error_label.isVisible()
    assert "Sparat: 3 rutor." in week.info_label.text()

    from sysselsattning.services import timesheets

    grid = timesheets.week_grid(ctx, ui_data.task_id, ui_data.monday)
    row = next(r for r in grid.rows if r.participant_id == ui_data.participants[0].id)
    assert [c.quantity_hundredths for c in row.cells][:4] == [300, 250, 400, 150]
    assert row.total_amount_ore == 55000


def test_enter_moves_down(qtbot, ctx, ui_data, page):
    model, view = page.week.model, page.week.view
    view.setFocus()
    view.setCurrentIndex(model.index(0, TUE))
    _type(qtbot, view, "1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 1, timeout=2000)  # the delegate commits queued
    assert view.currentIndex().column() == TUE
    assert model.data(model.index(0, TUE)) == "1"


def test_25_hours_error_shown_at_the_cell_and_nothing_saved(qtbot, ctx, ui_data, page):
    week = page.week
    model, view = week.model, week.view
    ali = _row_of(model, ui_data.participants[1].id)
    view.setFocus()
    view.setCurrentIndex(model.index(ali, MON))
    _type(qtbot, view, "3")
    _tab(qtbot)
    _type(qtbot, view, "25")
    _tab(qtbot)
    with qtbot.waitSignal(week.saved, timeout=5000):
        week.save_button.click()
    assert model.error_at(ali, TUE) == "Timmar måste vara mellan 0 och 24 per dag."
    assert model.error_at(ali, MON) == ""
    assert week.error_label.isVisible()
    assert "Timmar måste vara mellan 0 och 24 per dag." in week.error_label.text()
    assert "Inget sparades." in week.error_label.text()
    assert view.currentIndex().row() == ali and view.currentIndex().column() == TUE
    from sysselsattning.services import timesheets

    grid = timesheets.week_grid(ctx, ui_data.task_id, ui_data.monday)
    row = next(r for r in grid.rows if r.participant_id == ui_data.participants[1].id)
    assert row.cells[0].quantity_hundredths is None  # all or nothing: Monday's 3 h not saved either


def test_unreadable_text_is_refused_at_the_cell(qtbot, ctx, ui_data, page):
    week = page.week
    model, view = week.model, week.view
    view.setFocus()
    view.setCurrentIndex(model.index(0, TUE))
    _type(qtbot, view, "två")
    _tab(qtbot)
    assert model.error_at(0, TUE) == "Ogiltigt tal."
    week.save()
    assert "Ogiltigt tal." in week.error_label.text()


def _approve_november(ctx) -> None:
    from sysselsattning.storage.orm import PayRun

    with ctx.db.unit_of_work() as s:
        s.add(
            PayRun(
                label="2026-11",
                kind="month",
                organisation_id=None,
                period_start=date(2026, 11, 1),
                period_end=date(2026, 12, 1),
                payment_date=date(2026, 12, 25),
                status="approved",
            )
        )


def test_locked_period_message_at_the_cell_then_cells_read_only(qtbot, ctx, ui_data, page):
    week = page.week
    model, view = week.model, week.view
    view.setFocus()
    view.setCurrentIndex(model.index(0, TUE))
    _type(qtbot, view, "2")
    _tab(qtbot)
    _approve_november(ctx)  # someone approves the period while the grid is open
    with qtbot.waitSignal(week.saved, timeout=5000):
        week.save()
    message = model.error_at(0, TUE)
    assert message.startswith("Perioden för 2026-11-17 är låst (godkänd lönekörning).")
    assert message in week.error_label.text()
    # Reloaded, the locked days are grey and cannot be edited.
    week.load_grid()
    qtbot.waitUntil(lambda: not week._loading, timeout=5000)
    assert not (model.flags(model.index(0, TUE)) & Qt.ItemFlag.ItemIsEditable)
    assert model.cell_state(0, TUE) == "locked"
    assert not model.setData(model.index(0, TUE), "5")


def test_future_days_are_read_only(qtbot, ctx, ui_data, page):
    week = page.week
    week.set_week(ctx.now_date())  # Monday 23 Nov 2026 = today
    qtbot.waitUntil(
        lambda: week.model.grid is not None and week.model.grid.monday == date(2026, 11, 23) and not week._loading,
        timeout=5000,
    )
    week._add_participant(
        type("Hit", (), {"id": ui_data.participants[2].id, "name": "Łucja Kowalska", "pnr_display": "19780315-****"})()
    )
    model = week.model
    assert model.flags(model.index(0, MON)) & Qt.ItemFlag.ItemIsEditable
    assert not (model.flags(model.index(0, TUE)) & Qt.ItemFlag.ItemIsEditable)


def test_add_participant_by_search_box(qtbot, ctx, ui_data, page):
    week = page.week
    before = len(week.model.participant_ids())
    qtbot.keyClicks(week.picker.search, "Kowal")
    qtbot.waitUntil(
        lambda: week.picker.hits.count() > 0 and week.picker.hits.item(0).data(Qt.ItemDataRole.UserRole) is not None,
        timeout=5000,
    )
    qtbot.keyClick(week.picker.search, Qt.Key.Key_Return)
    assert len(week.model.participant_ids()) == before + 1
    assert week.model.participant_ids()[-1] == ui_data.participants[2].id
    assert week.view.currentIndex().row() == before


def test_correction_of_a_locked_entry_from_the_list(qtbot, ctx, ui_data, page):
    from sysselsattning.services import timesheets

    _approve_november(ctx)
    page.tabs.setCurrentWidget(page.entries)
    entries = page.entries
    qtbot.waitUntil(lambda: entries.model.rowCount() == 2 and entries.model.total == 2, timeout=5000)
    anna_entry = next(r for r in entries.model.rows if r.participant_id == ui_data.participants[0].id)
    assert anna_entry.locked
    row = entries.model.rows.index(anna_entry)
    entries.view.setCurrentIndex(entries.model.index(row, 0))
    assert entries.correct_button.isEnabled()
    with qtbot.waitSignal(entries.changed, timeout=5000):
        entries.correct(answer=(200, "fel antal timmar"))  # 3 h → 2 h
    qtbot.waitUntil(lambda: entries.model.total == 3, timeout=5000)
    corrections = timesheets.list_entries(ctx, timesheets.EntryFilters(only_corrections=True))
    assert len(corrections) == 1
    assert corrections[0].corrects_entry_id == anna_entry.id
    assert corrections[0].quantity == -100 and corrections[0].amount_ore == -5000


def test_week_label_and_navigation(qtbot, ctx, ui_data, page):
    week = page.week
    assert week.week_label.text() == "Vecka 47 · 16–22 november 2026"
    week.go_week(-1)
    assert week.monday == ui_data.monday - timedelta(days=7)
    assert week.week_label.text() == "Vecka 46 · 9–15 november 2026"


def test_yearly_limit_warning_does_not_block_saving(qtbot, ctx, ui_data, page):
    week = page.week
    model, view = week.model, week.view
    lucja = ui_data.participants[2]
    week._add_participant(type("Hit", (), {"id": lucja.id, "name": "Łucja Kowalska", "pnr_display": "x"})())
    row = _row_of(model, lucja.id)
    view.setFocus()
    view.setCurrentIndex(model.index(row, MON))
    for text in ("8", "8", "8"):
        _type(qtbot, view, text)
        _tab(qtbot)
    assert model.data(model.index(row, WeekGridModel.COL_TOTAL_AMOUNT)) == "1\xa0200,00\xa0kr"
    with qtbot.waitSignal(week.saved, timeout=5000):
        week.save()
    assert week.warning_label.isVisible() and not week.error_label.isVisible()
    assert "över 1\xa0000,00\xa0kr" in week.warning_label.text()
    assert "Łucja Kowalska" in week.warning_label.text()
    assert "Sparat: 3 rutor." in week.info_label.text()
