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

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _, format_date, format_hours, format_money
from sysselsattning.i18n.messages import problem_text
from sysselsattning.ui.models import (
    AMOUNT_ROLE,
    ERROR_ROLE,
    ROW_ROLE,
    EntryListModel,
    WeekGridModel,
    monday_of,
    weekday_name,
)
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import (
    DateEdit,
    HoursEdit,
    InputError,
    SearchBox,
    dialog_buttons,
    hint_label,
    page_title,
    set_field_error,
    with_error_label,
)


def unit_name(unit: str) -> str:
    return {"hour": _("timme"), "piece": _("styck"), "occasion": _("tillfälle")}.get(unit, unit)


# ------------------------------------------------------------------------------------ grid widgets
class CellDelegate(QStyledItemDelegate):
    """Draws a day cell as quantity (top) and amount (below); the editor previews the amount while typing."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        model = index.model()
        row, column = index.row(), index.column()
        if isinstance(model, WeekGridModel):
            editor.textEdited.connect(lambda text: model.set_preview(row, column, text))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        if editor.isModified():  # the user is typing: never overwrite
            return
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def destroyEditor(self, editor: QWidget, index: QModelIndex) -> None:
        model = index.model()
        if isinstance(model, WeekGridModel):
            model.set_preview(index.row(), index.column(), None)
        super().destroyEditor(editor, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        r = option.rect
        editor.setGeometry(QRect(r.left() + 1, r.top() + 1, r.width() - 2, r.height() // 2 + 2))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        model = index.model()
        if not isinstance(model, WeekGridModel) or model.day_of(index.column()) is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        quantity = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        rect = option.rect.adjusted(4, 2, -6, -2)
        top = QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2)
        bottom = QRect(rect.left(), rect.top() + rect.height() // 2, rect.width(), rect.height() - rect.height() // 2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        color = fg.color() if fg is not None else option.palette.text().color()
        font = QFont(option.font)
        if model.is_total_row(index.row()):
            font.setBold(True)
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), quantity)
        amount = index.data(AMOUNT_ROLE) or ""
        if amount:
            small = QFont(font)
            small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
            painter.setFont(small)
            painter.setPen(QColor("#2b4a63") if not selected else color)
            painter.drawText(bottom, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), amount)
        if index.data(ERROR_ROLE):
            painter.setPen(QPen(QColor("#b3261e"), 2))
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
        painter.restore()


class GridView(QTableView):
    """Tab/Shift+Tab move between editable cells; Enter commits and moves down; typing starts editing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(True)
        self.setItemDelegate(CellDelegate(self))
        self.verticalHeader().setDefaultSectionSize(42)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)

    def _editable(self, row: int, column: int) -> bool:
        model = self.model()
        return bool(model.flags(model.index(row, column)) & Qt.ItemFlag.ItemIsEditable)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        if model is None:
            return super().moveCursor(action, modifiers)
        if action in (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious):
            current = self.currentIndex()
            rows, cols = model.rowCount(), model.columnCount()
            if rows == 0:
                return current
            pos = current.row() * cols + current.column() if current.isValid() else -1
            step = 1 if action == QAbstractItemView.CursorAction.MoveNext else -1
            for _i in range(rows * cols):
                pos = (pos + step) % (rows * cols)
                r, c = divmod(pos, cols)
                if self._editable(r, c):
                    return model.index(r, c)
            return current
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter / Return
            self.move_down()

    def keyPressEvent(self, event: Any) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.move_down()
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            index = self.currentIndex()
            if index.isValid() and self._editable(index.row(), index.column()):
                self.model().setData(index, "", Qt.ItemDataRole.EditRole)
                return
        super().keyPressEvent(event)

    def move_down(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        model = self.model()
        for r in range(current.row() + 1, model.rowCount()):
            if self._editable(r, current.column()):
                self.setCurrentIndex(model.index(r, current.column()))
                return
        # last row: go to the next day of the first row (a week typed column by column)
        nxt = self.moveCursor(QAbstractItemView.CursorAction.MoveNext, Qt.KeyboardModifier.NoModifier)
        if nxt.isValid():
            self.setCurrentIndex(nxt)

    def commit_open_editor(self) -> None:
        """Commit the cell being edited (before saving)."""
        if self.state() == QAbstractItemView.State.EditingState:
            editor = self.indexWidget(self.currentIndex())
            if editor is None:
                editor = self.focusWidget() if isinstance(self.focusWidget(), QLineEdit) else None
            if editor is not None:
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class ParticipantPicker(QWidget):
    """A search box with a small hit list: "Lägg till deltagare i veckan"."""

    picked = Signal(object)  # ParticipantHit

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.search = SearchBox(_("Lägg till deltagare i veckan: skriv namn eller personnummer…"))
        self.hits = QListWidget()
        self.hits.setMaximumHeight(120)
        self.hits.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.hits)
        self.search.search_changed.connect(self._search)
        self.search.returnPressed.connect(self._pick_first)
        self.hits.itemActivated.connect(self._pick)
        self.hits.itemClicked.connect(self._pick)
        self._generation = 0

    def _search(self, text: str) -> None:
        self._generation += 1
        generation = self._generation
        if len(text) < 2:
            self.hits.clear()
            self.hits.hide()
            return
        from sysselsattning.services import timesheets

        ctx = self.ctx

        def done(hits: list[Any]) -> None:
            if generation != self._generation:
                return
            self.hits.clear()
            for hit in hits:
                item = QListWidgetItem(f"{hit.name}   {hit.pnr_display}")
                item.setData(Qt.ItemDataRole.UserRole, hit)
                self.hits.addItem(item)
            if not hits:
                item = QListWidgetItem(_("Ingen deltagare hittades."))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.hits.addItem(item)
            self.hits.setVisible(True)

        run_in_background(lambda: timesheets.search_participants(ctx, text), done, parent=self, name="sök-deltagare")

    def _pick_first(self) -> None:
        if self.hits.count() and self.hits.item(0).data(Qt.ItemDataRole.UserRole) is not None:
            self._pick(self.hits.item(0))

    def _pick(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is None:
            return
        self.picked.emit(hit)
        self.search.clear()
        self.hits.clear()
        self.hits.hide()


# ------------------------------------------------------------------------------------------ week tab
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
        top.addWidget(QLabel(_("Arbetsplats:")))
        top.addWidget(self.worksite_combo, 2)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Uppgift:")))
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
        self.live_label.setStyleSheet("color: #2b4a63;")
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
class CorrectionDialog(QDialog):
    """Ask for the right quantity of a locked entry; the difference becomes a correction entry."""

    def __init__(self, entry: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(_("Rätta rad i låst period"))
        self.setMinimumWidth(460)
        info = QLabel(
            _("{name}, {task} på {worksite}, {date}: {qty} ({amount}).").format(
                name=entry.participant_name,
                task=entry.task_name,
                worksite=entry.worksite_name,
                date=format_date(entry.work_date),
                qty=format_hours(entry.quantity),
                amount=format_money(entry.amount_ore),
            )
        )
        info.setWordWrap(True)
        explain = hint_label(
            _(
                "Perioden är godkänd och kan inte ändras. Skillnaden läggs in som en rättelse "
                "som kommer med i nästa öppna lönekörning."
            )
        )
        self.quantity = HoursEdit()
        self.quantity.set_value(entry.quantity)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(_("t.ex. felräknade timmar"))
        form = QFormLayout()
        form.addRow(_("Rätt antal:"), with_error_label(self.quantity))
        form.addRow(_("Kommentar:"), self.comment)
        buttons, _ok = dialog_buttons(self, _("Spara rättelse"), self._accept)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        try:
            value = self.quantity.value()
        except InputError as exc:
            set_field_error(self.quantity, problem_text(exc.as_problem("")))
            return
        if value is None:
            set_field_error(self.quantity, problem_text(InputError("required").as_problem("")))
            return
        if value == self.entry.quantity:
            set_field_error(self.quantity, _("Ange ett annat antal än det som redan är registrerat."))
            return
        self.accept()

    @classmethod
    def ask(cls, entry: Any, parent: QWidget | None = None) -> tuple[int, str] | None:
        dialog = cls(entry, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return int(dialog.quantity.value()), dialog.comment.text().strip()


class EntriesTab(QWidget):
    """All recorded entries with filters; pages load as you scroll, sorting happens in the database."""

    changed = Signal(object)

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.date_from = DateEdit()
        self.date_to = DateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setFixedWidth(112)
        self.month_button = QPushButton(_("Denna månad"))
        self.all_button = QPushButton(_("Alla datum"))
        self.worksite_combo = QComboBox()
        self.worksite_combo.setMinimumWidth(200)
        self.task_combo = QComboBox()
        self.task_combo.setMinimumWidth(160)
        self.participant_combo = QComboBox()
        self.participant_combo.setEditable(True)
        self.participant_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.participant_combo.setMinimumWidth(200)
        if self.participant_combo.completer() is not None:
            self.participant_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            self.participant_combo.completer().setCompletionMode(
                self.participant_combo.completer().CompletionMode.PopupCompletion
            )
        self._tasks: list[Any] = []

        dates = QHBoxLayout()
        dates.setSpacing(6)
        dates.addWidget(QLabel(_("Period från:")))
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(_("till:")))
        dates.addWidget(self.date_to)
        dates.addSpacing(6)
        dates.addWidget(self.month_button)
        dates.addWidget(self.all_button)
        dates.addStretch(1)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(QLabel(_("Arbetsplats:")))
        filters.addWidget(self.worksite_combo, 2)
        filters.addSpacing(10)
        filters.addWidget(QLabel(_("Uppgift:")))
        filters.addWidget(self.task_combo, 2)
        filters.addSpacing(10)
        filters.addWidget(QLabel(_("Deltagare:")))
        filters.addWidget(self.participant_combo, 3)

        self.model = EntryListModel(ctx, parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header.setStretchLastSection(False)
        keys = [c.key for c in self.model.columns]
        widths = {
            "work_date": 90,
            "pnr": 112,
            "worksite": 128,
            "task": 128,
            "quantity": 72,
            "rate": 82,
            "amount": 96,
            "status": 86,
        }
        for key, width in widths.items():
            self.view.setColumnWidth(keys.index(key), width)
        header.setSectionResizeMode(keys.index("participant"), QHeaderView.ResizeMode.Stretch)
        self.view.setColumnHidden(keys.index("comment"), True)  # shown as the row's tooltip instead

        self.count_label = hint_label()
        self.correct_button = QPushButton(_("Rätta…"))
        self.correct_button.setToolTip(_("Lägg in en rättelse för en rad i en låst period"))
        self.correct_button.setEnabled(False)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.correct_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        layout.setSpacing(8)
        layout.addLayout(dates)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self.model.total_changed.connect(self._total_changed)
        self.model.load_failed.connect(self._failed)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._selection_changed())
        self.view.doubleClicked.connect(lambda _i: self.correct())
        self.correct_button.clicked.connect(self.correct)
        self.date_from.editingFinished.connect(self.apply_filters)
        self.date_to.editingFinished.connect(self.apply_filters)
        self.month_button.clicked.connect(self._this_month)
        self.all_button.clicked.connect(self._all_dates)
        self.worksite_combo.currentIndexChanged.connect(self._worksite_changed)
        self.task_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.participant_combo.activated.connect(lambda _i: self.apply_filters())
        self.participant_combo.lineEdit().editingFinished.connect(self._participant_typed)
        self._filters_ready = False

    # ---- choices
    def load_choices(self) -> None:
        from sysselsattning.services import registry

        ctx = self.ctx

        def load() -> tuple[list[Any], list[Any], list[Any]]:
            return (
                registry.list_worksites(ctx),
                registry.list_tasks(ctx),
                registry.list_participants(ctx, sort_key="name"),
            )

        run_in_background(load, self._choices_loaded, self._failed, parent=self, name="filterval")

    def _choices_loaded(self, result: tuple[list[Any], list[Any], list[Any]]) -> None:
        worksites, tasks, participants = result
        self._tasks = tasks
        for combo in (self.worksite_combo, self.participant_combo):
            combo.blockSignals(True)
        ws, pid = self.worksite_combo.currentData(), self.participant_combo.currentData()
        self.worksite_combo.clear()
        self.worksite_combo.addItem(_("Alla arbetsplatser"), None)
        for w in worksites:
            self.worksite_combo.addItem(w.name, w.id)
        self.worksite_combo.setCurrentIndex(max(0, self.worksite_combo.findData(ws)))
        self.participant_combo.clear()
        self.participant_combo.addItem(_("Alla deltagare"), None)
        for p in participants:
            self.participant_combo.addItem(f"{p.name} ({p.pnr_display})", p.id)
        self.participant_combo.setCurrentIndex(max(0, self.participant_combo.findData(pid)))
        for combo in (self.worksite_combo, self.participant_combo):
            combo.blockSignals(False)
        self._fill_tasks()

    def _worksite_changed(self, _i: int) -> None:
        self._fill_tasks()

    def _fill_tasks(self) -> None:
        ws = self.worksite_combo.currentData()
        current = self.task_combo.currentData()
        self.task_combo.blockSignals(True)
        self.task_combo.clear()
        self.task_combo.addItem(_("Alla uppgifter"), None)
        for t in self._tasks:
            if ws is None or t.worksite_id == ws:
                label = t.name if ws is not None else f"{t.name} ({t.worksite_name})"
                self.task_combo.addItem(label, t.id)
        self.task_combo.setCurrentIndex(max(0, self.task_combo.findData(current)))
        self.task_combo.blockSignals(False)
        self._filters_ready = True
        self.apply_filters()

    def _participant_typed(self) -> None:
        text = self.participant_combo.currentText().strip()
        if not text:
            self.participant_combo.setCurrentIndex(0)
        else:
            i = self.participant_combo.findText(text, Qt.MatchFlag.MatchContains)
            if i >= 0:
                self.participant_combo.setCurrentIndex(i)
        self.apply_filters()

    def _this_month(self) -> None:
        today = self.ctx.now_date()
        first = today.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        self.date_from.set_value(first)
        self.date_to.set_value(nxt - timedelta(days=1))
        self.apply_filters()

    def _all_dates(self) -> None:
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.apply_filters()

    # ---- filters
    def current_filters(self) -> Any:
        from sysselsattning.services.timesheets import EntryFilters

        def read(edit: DateEdit) -> date | None:
            try:
                value = edit.value()
            except InputError as exc:
                set_field_error(edit, problem_text(exc.as_problem("")))
                return None
            set_field_error(edit, "")
            return value

        pid = self.participant_combo.currentData() if self.participant_combo.currentIndex() > 0 else None
        return EntryFilters(
            date_from=read(self.date_from),
            date_to=read(self.date_to),
            worksite_id=self.worksite_combo.currentData(),
            task_id=self.task_combo.currentData(),
            participant_id=pid,
        )

    def apply_filters(self) -> None:
        filters = self.current_filters()
        if filters == self.model.filters:
            return
        self.message.hide()
        self.model.set_filters(filters)
        self._selection_changed()

    def refresh(self) -> None:
        if self.model.filters is None:
            # The first page and the filter choices load in parallel: the rows do not wait for the lists.
            self.apply_filters()
            self.load_choices()
        else:
            self.model.reload()

    def _header_clicked(self, section: int) -> None:
        column = self.model.columns[section]
        if column.sort_key is None:
            header = self.view.horizontalHeader()
            header.setSortIndicator(
                self.model.sort_column(),
                Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder,
            )
            return
        order = self.view.horizontalHeader().sortIndicatorOrder()
        self.model.sort(section, order)

    def _total_changed(self, total: int) -> None:
        from sysselsattning.i18n import format_decimal, ngettext

        if total < 0:
            self.count_label.setText(_("Räknar rader…"))
        else:
            self.count_label.setText(ngettext("{n} rad", "{n} rader", total).format(n=format_decimal(total)))

    def _failed(self, exc: BaseException) -> None:
        from sysselsattning.ui.app import error_text

        self.message.setText(error_text(exc))
        self.message.show()

    def _selection_changed(self) -> None:
        entry = self.selected_entry()
        self.correct_button.setEnabled(entry is not None and entry.locked and not entry.is_correction)

    def selected_entry(self) -> Any:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.data(index, ROW_ROLE)

    # ---- correction
    def correct(self, entry: Any = None, answer: tuple[int, str] | None = None) -> None:
        """*Rätta…*: ask the right quantity and record the difference as a correction entry."""
        entry = entry or self.selected_entry()
        if entry is None:
            return
        if not entry.locked:
            QMessageBox.information(
                self, _("Rätta"), _("Raden ligger i en öppen period och kan ändras i veckorapporten.")
            )
            return
        if answer is None:
            answer = CorrectionDialog.ask(entry, self)
        if answer is None:
            return
        quantity, comment = answer
        from sysselsattning.services import timesheets

        ctx = self.ctx

        def done(_row: Any) -> None:
            self.model.reload()
            self.changed.emit({"time"})

        run_in_background(
            lambda: timesheets.correct_entry(ctx, entry.id, quantity, comment),
            done,
            self._failed,
            parent=self,
            write=True,
            name="rättelse",
        )


# -------------------------------------------------------------------------------------------- page
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
