"""Tidrapportering: the week grid (keyboard-first) and the list of all recorded entries.

Week grid: pick a worksite and a task; participants are rows, Monday–Sunday columns. Typing in a cell starts
editing; Tab moves right (skipping read-only cells), Enter moves down. The amount (rate of that day ×
quantity) appears under the quantity while typing, with totals per row and per day. *Spara* sends all changed
cells to :func:`sysselsattning.services.timesheets.save_week` (all or nothing); problems come back per cell
(``"{participant_id}:{date}"``) and are shown at the cell in Swedish. Cells of approved (locked) periods,
future days and days without an arvode rate are grey and read-only. Warnings (the yearly cap, the 1 000 kr
limit) do not block.

Entry list: filters (period, worksite, task, participant) over any number of rows — the model loads pages in
the background and sorts in SQL. *Rätta…* records a correction for an entry in a locked period.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _, format_date, format_hours, format_money
from sysselsattning.i18n.messages import problem_text
from sysselsattning.ui.models import (
    WeekGridModel,
    monday_of,
    weekday_name,
)
from sysselsattning.ui.pages.timesheet.entries import EntriesTab
from sysselsattning.ui.pages.timesheet.grid import GridView, ParticipantPicker, unit_name
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import (
    hint_label,
    labelled,
    page_title,
    set_accessible,
)


class WeekTab(QWidget):
    """The week grid for one task at one worksite."""

    changed = Signal(object)
    grid_loaded = Signal()
    saved = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # The week of yesterday: on a Monday the coordinator usually records the week that just ended.
        self.monday = monday_of(ctx.now_date() - timedelta(days=1))
        self._tasks: list[Any] = []
        self._extra_ids: list[int] = []
        self._loading = False

        self.worksite_combo = QComboBox()
        self.worksite_combo.setMinimumWidth(220)
        self.task_combo = QComboBox()
        self.task_combo.setMinimumWidth(200)
        self.prev_button = QPushButton(_("◀ Föregående"))
        self.next_button = QPushButton(_("Nästa ▶"))
        self.today_button = QPushButton(_("Denna vecka"))
        self.week_label = QLabel()
        self.week_label.setObjectName("sectionTitle")
        self.week_label.setMinimumWidth(300)
        self.week_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(labelled(_("Arbetsplats:"), self.worksite_combo))
        top.addWidget(self.worksite_combo, 2)
        top.addSpacing(12)
        top.addWidget(labelled(_("Uppgift:"), self.task_combo))
        top.addWidget(self.task_combo, 2)
        top.addStretch(1)
        nav = QHBoxLayout()
        nav.setSpacing(8)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.week_label)
        nav.addWidget(self.next_button)
        nav.addSpacing(8)
        nav.addWidget(self.today_button)
        nav.addStretch(1)

        self.rate_label = hint_label()
        self.model = WeekGridModel(self)
        self.view = GridView()
        self.view.setModel(self.model)
        set_accessible(
            self.view,
            _("Veckans tider"),
            _(
                "En rad per deltagare, en kolumn per dag. Skriv timmar eller antal i cellen. "
                "Tabb går till nästa dag, Enter till nästa deltagare. Ctrl+S sparar."
            ),
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(WeekGridModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for c in range(WeekGridModel.FIRST_DAY, WeekGridModel.FIRST_DAY + 7):
            self.view.setColumnWidth(c, 84)
        self.view.setColumnWidth(WeekGridModel.COL_TOTAL_QTY, 72)
        self.view.setColumnWidth(WeekGridModel.COL_TOTAL_AMOUNT, 112)
        self.empty_label = hint_label()

        self.picker = ParticipantPicker(ctx)
        self.picker.setMaximumWidth(520)
        self.live_label = QLabel()
        self.live_label.setProperty("tone", "accent")
        self.live_label.setAccessibleName(_("Veckans summa"))
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.hide()
        self.info_label = QLabel()
        self.info_label.setObjectName("info")
        self.info_label.hide()

        self.undo_button = QPushButton(_("Ångra ändringar"))
        self.save_button = QPushButton(_("Spara"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(_("Spara veckan (Ctrl+S)"))
        self.save_button.setMinimumWidth(110)
        bottom = QHBoxLayout()
        bottom.addWidget(self.picker, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(nav)
        layout.addWidget(self.rate_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.live_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.info_label)
        layout.addLayout(bottom)

        self.worksite_combo.currentIndexChanged.connect(self._worksite_changed)
        self.task_combo.currentIndexChanged.connect(lambda _i: self._confirm_then(self.load_grid))
        self.prev_button.clicked.connect(lambda: self.go_week(-1))
        self.next_button.clicked.connect(lambda: self.go_week(1))
        self.today_button.clicked.connect(lambda: self.go_week(0))
        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(self.load_grid)
        self.picker.picked.connect(self._add_participant)
        self.model.totals_changed.connect(self._update_live)
        self.view.selectionModel().currentChanged.connect(lambda *_a: self._update_live())
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self._update_week_label()
        self._update_buttons()

    # ---- loading
    def load_registry(self) -> None:
        from sysselsattning.services import registry

        ctx = self.ctx

        def load() -> tuple[list[Any], list[Any]]:
            return (
                registry.list_worksites(ctx, include_inactive=False),
                registry.list_tasks(ctx, include_inactive=False),
            )

        run_in_background(load, self._registry_loaded, self._show_error, parent=self, name="arbetsplatser")

    def _registry_loaded(self, result: tuple[list[Any], list[Any]]) -> None:
        worksites, tasks = result
        self._tasks = tasks
        current = self.worksite_combo.currentData()
        self.worksite_combo.blockSignals(True)
        self.worksite_combo.clear()
        with_tasks = {t.worksite_id for t in tasks}
        for w in worksites:
            if w.id in with_tasks:
                self.worksite_combo.addItem(f"{w.name} ({w.organisation_name})", w.id)
        i = self.worksite_combo.findData(current)
        self.worksite_combo.setCurrentIndex(i if i >= 0 else 0)
        self.worksite_combo.blockSignals(False)
        self._fill_tasks()
        if not worksites or not tasks:
            self.empty_label.setText(
                _("Det finns inga arbetsplatser med uppgifter ännu. Lägg upp dem under Arbetsplatser och uppgifter.")
            )
            self.empty_label.show()
            self.model.set_grid(None)
            self._update_buttons()

    def _worksite_changed(self, _i: int) -> None:
        self._confirm_then(self._fill_tasks)

    def _fill_tasks(self) -> None:
        worksite_id = self.worksite_combo.currentData()
        current = self.task_combo.currentData()
        self.task_combo.blockSignals(True)
        self.task_combo.clear()
        for t in self._tasks:
            if t.worksite_id == worksite_id:
                self.task_combo.addItem(f"{t.name} ({_('per')} {unit_name(t.unit)})", t.id)
        i = self.task_combo.findData(current)
        self.task_combo.setCurrentIndex(i if i >= 0 else 0)
        self.task_combo.blockSignals(False)
        self._extra_ids = []
        self.load_grid()

    def select(self, worksite_id: int, task_id: int | None = None) -> None:
        """Pick a worksite (and task) programmatically (tests, links from other pages)."""
        i = self.worksite_combo.findData(worksite_id)
        if i >= 0:
            self.worksite_combo.blockSignals(True)
            self.worksite_combo.setCurrentIndex(i)
            self.worksite_combo.blockSignals(False)
            self._fill_tasks()
        if task_id is not None:
            j = self.task_combo.findData(task_id)
            if j >= 0 and j != self.task_combo.currentIndex():
                self.task_combo.setCurrentIndex(j)

    def set_week(self, monday: date) -> None:
        self.monday = monday_of(monday)
        self._update_week_label()
        self.load_grid()

    def go_week(self, step: int) -> None:
        def go() -> None:
            self.monday = monday_of(self.ctx.now_date()) if step == 0 else self.monday + timedelta(days=7 * step)
            self._update_week_label()
            self.load_grid()

        self._confirm_then(go)

    def _confirm_then(self, action: Any) -> None:
        if self.model.is_dirty():
            answer = QMessageBox.question(
                self,
                _("Osparade ändringar"),
                _("Du har ändringar i veckan som inte är sparade. Vill du kasta dem?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        action()

    def _update_week_label(self) -> None:
        sunday = self.monday + timedelta(days=6)
        week = self.monday.isocalendar()[1]
        if self.monday.month == sunday.month:
            span = f"{self.monday.day}–{format_date(sunday, 'long')}"
        else:
            span = f"{format_date(self.monday, 'd MMM')} – {format_date(sunday, 'long')}"
        self.week_label.setText(_("Vecka {week} · {span}").format(week=week, span=span))

    def load_grid(self) -> None:
        task_id = self.task_combo.currentData()
        self._clear_messages()
        if task_id is None:
            self.model.set_grid(None)
            self._update_buttons()
            return
        from sysselsattning.services import timesheets

        ctx, monday, extra = self.ctx, self.monday, tuple(self._extra_ids)
        self._loading = True
        self._update_buttons()
        run_in_background(
            lambda: timesheets.week_grid(ctx, task_id, monday, extra_participant_ids=extra),
            self._grid_loaded,
            self._load_failed,
            parent=self,
            name="veckorapport",
        )

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._update_buttons()
        self._show_error(exc)

    def _grid_loaded(self, grid: Any) -> None:
        self._loading = False
        if grid.task_id != self.task_combo.currentData() or grid.monday != self.monday:
            return  # an older request
        self.model.set_grid(grid)
        self.model.read_only = False
        unit = unit_name(grid.unit)
        rates = {r for r in grid.rates if r is not None}
        if not rates:
            rate_text = _("Uppgiften saknar arvode den här veckan – lägg till ett under Arbetsplatser och uppgifter.")
        elif len(rates) == 1:
            rate_text = _("Arvode {rate} per {unit}.").format(rate=format_money(next(iter(rates))), unit=unit)
        else:
            rate_text = _("Arvodet ändras under veckan (se kolumnrubrikerna).")
        hint = _("Skriv antal med decimalkomma (2,5) eller som 2:30. Tab går åt höger, Enter nedåt, Ctrl+S sparar.")
        locked = any(grid.locked_days)
        if locked:
            hint += " " + _("Grå dagar är låsta (godkänd lönekörning) – rätta dem i listan Alla rader.")
        self.rate_label.setText(f"{rate_text} {hint}")
        if not grid.rows:
            self.empty_label.setText(
                _("Ingen har rapporterat på uppgiften den här veckan. Lägg till deltagare med sökrutan nedan.")
            )
            self.empty_label.show()
        else:
            self.empty_label.hide()
        self._update_buttons()
        self._update_live()
        self.grid_loaded.emit()

    def _add_participant(self, hit: Any) -> None:
        if self.model.grid is None:
            return
        row = self.model.add_participant(hit.id, hit.name, hit.pnr_display)
        if hit.id not in self._extra_ids:
            self._extra_ids.append(hit.id)
        self.empty_label.hide()
        first = next(
            (
                c
                for c in range(WeekGridModel.FIRST_DAY, WeekGridModel.FIRST_DAY + 7)
                if self.model.cell_editable(row, c)
            ),
            WeekGridModel.FIRST_DAY,
        )
        self.view.setCurrentIndex(self.model.index(row, first))
        self.view.setFocus()

    # ---- saving
    def save(self) -> None:
        self.view.commit_open_editor()
        if self.model.grid is None:
            return
        self._clear_messages()
        changes, problems = self.model.changes()
        if problems:
            self._show_problems(problems)
            return
        if not changes:
            self._show_info(_("Inga ändringar att spara."))
            return
        from sysselsattning.services import timesheets

        ctx, task_id, monday = self.ctx, self.model.grid.task_id, self.model.grid.monday
        self.save_button.setEnabled(False)
        run_in_background(
            lambda: timesheets.save_week(ctx, task_id, monday, changes),
            self._saved,
            self._save_failed,
            parent=self,
            write=True,
            name="spara-vecka",
        )

    def _saved(self, result: Any) -> None:
        self.model.set_grid(result.grid)
        self._update_buttons()
        self._show_info(_("Sparat: {n} rutor.").format(n=result.saved))
        if result.warnings:
            self.warning_label.setText("\n".join(result.warnings))
            self.warning_label.show()
        self._update_live()
        self.changed.emit({"time"})
        self.saved.emit()

    def _save_failed(self, exc: BaseException) -> None:
        from sysselsattning.domain.problems import ValidationFailed
        from sysselsattning.services.errors import ConflictError

        self._update_buttons()
        if isinstance(exc, ValidationFailed):
            self._show_problems(exc.problems)
        elif isinstance(exc, ConflictError):
            self.error_label.setText(
                exc.message + " " + _("Veckan har lästs in på nytt; dina ändringar sparades inte.")
            )
            self.error_label.show()
            if exc.current is not None and hasattr(exc.current, "rows"):
                self.model.set_grid(exc.current)
            else:
                self.load_grid()
        else:
            self._show_error(exc)
        self.saved.emit()

    def _show_problems(self, problems: list[Any]) -> None:
        errors: dict[tuple[int, int], str] = {}
        lines: list[str] = []
        for p in problems:
            text = problem_text(p)
            cell = self.model.cell_for_field(p.field)
            if cell is not None:
                errors[cell] = (errors[cell] + " " + text) if cell in errors else text
                name = self.model.data(self.model.index(cell[0], 0))
                day = self.model.day_of(cell[1])
                lines.append(f"{name}, {weekday_name(day)} {format_date(day)}: {text}")
            else:
                lines.append(text)
        self.model.set_errors(errors)
        self.error_label.setText("\n".join(lines) + "\n" + _("Inget sparades."))
        self.error_label.show()
        if errors:
            first = min(errors)
            self.view.setCurrentIndex(self.model.index(*first))
            self.view.setFocus()

    def _show_error(self, exc: BaseException) -> None:
        from sysselsattning.ui.app import error_text

        self.error_label.setText(error_text(exc))
        self.error_label.show()

    def _show_info(self, text: str) -> None:
        self.info_label.setText(text)
        self.info_label.show()

    def _clear_messages(self) -> None:
        self.error_label.hide()
        self.warning_label.hide()
        self.info_label.hide()
        self.model.set_errors({})

    def _update_buttons(self) -> None:
        has_grid = self.model.grid is not None
        self.save_button.setEnabled(has_grid and not self._loading)
        self.undo_button.setEnabled(has_grid)
        self.picker.setEnabled(has_grid)

    def _update_live(self) -> None:
        """The calculation for the current cell, as typed: ``ons 18/11: 2,5 tim × 45,00 kr = 112,50 kr``."""
        index = self.view.currentIndex()
        day = self.model.day_of(index.column()) if index.isValid() else None
        if day is None or self.model.grid is None or self.model.is_total_row(index.row()):
            _total_q, total_a = self.model.grand_total() if self.model.grid is not None else (0, 0)
            self.live_label.setText(
                _("Veckans summa: {amount}").format(amount=format_money(total_a)) if self.model.grid is not None else ""
            )
            return
        q = self.model.quantity(index.row(), index.column())
        rate = self.model._rate(index.row(), index.column() - WeekGridModel.FIRST_DAY)
        name = self.model.data(self.model.index(index.row(), 0))
        if rate is None:
            self.live_label.setText(
                _("{name}, {day}: uppgiften saknar arvode den dagen.").format(name=name, day=format_date(day))
            )
            return
        self.live_label.setText(
            _("{name}, {weekday} {day}: {qty} × {rate} = {amount}").format(
                name=name,
                weekday=weekday_name(day),
                day=format_date(day),
                qty=format_hours(q or 0),
                rate=format_money(rate),
                amount=format_money(self.model.amount(index.row(), index.column())),
            )
        )


# ---------------------------------------------------------------------------------------- entry list


class Page(QWidget):
    """Tidrapportering (``--page tid``)."""

    changed = Signal(object)

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.week = WeekTab(ctx)
        self.entries = EntriesTab(ctx)
        self.tabs.addTab(self.week, _("Veckorapport"))
        self.tabs.addTab(self.entries, _("Alla rader"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(6)
        layout.addWidget(page_title(_("Tidrapportering")))
        layout.addWidget(self.tabs, 1)
        self.week.changed.connect(self._changed)
        self.entries.changed.connect(self._changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._entries_loaded = False

    def refresh(self) -> None:
        self.week.load_registry()
        if self.tabs.currentWidget() is self.entries:
            self.entries.refresh()
            self._entries_loaded = True
        else:
            self._entries_loaded = False

    def _tab_changed(self, _i: int) -> None:
        if self.tabs.currentWidget() is self.entries and not self._entries_loaded:
            self._entries_loaded = True
            self.entries.refresh()

    def _changed(self, changes: Any) -> None:
        self._entries_loaded = self.tabs.currentWidget() is self.entries and self._entries_loaded
        self._own_change = True
        try:
            self.changed.emit(changes)
        finally:
            self._own_change = False

    def on_data_changed(self, changes: set[str]) -> None:
        if getattr(self, "_own_change", False):
            # Our own save: the tab that saved is up to date; the other one reloads when shown.
            if self.tabs.currentWidget() is self.week:
                self._entries_loaded = False
            return
        if changes & {"all", "registry"}:
            self.week.load_registry()
            self.entries.model.filters = None
            self._entries_loaded = False
            if self.tabs.currentWidget() is self.entries:
                self._tab_changed(0)
        elif changes & {"time", "payroll", "participants"}:
            if not self.week.model.is_dirty():
                self.week.load_grid()
            if self.tabs.currentWidget() is self.entries:
                self.entries.refresh()
            else:
                self._entries_loaded = False
