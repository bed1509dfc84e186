"""Tidrapportering, the entry list tab: filters over any number of entries (pages loaded in the background,
sorted in SQL) and *Rätta…*, a correction for an entry in a locked period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _, format_date, format_hours, format_money
from sysselsattning.i18n.messages import problem_text
from sysselsattning.ui.models import (
    ROW_ROLE,
    EntryListModel,
)
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import (
    DateEdit,
    HoursEdit,
    InputError,
    dialog_buttons,
    hint_label,
    labelled,
    set_accessible,
    set_field_error,
    with_error_label,
)


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
        self.date_to.setAccessibleName(_("Period till"))
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
        dates.addWidget(labelled(_("Period från:"), self.date_from))
        dates.addWidget(self.date_from)
        dates.addWidget(labelled(_("till:"), self.date_to))
        dates.addWidget(self.date_to)
        dates.addSpacing(6)
        dates.addWidget(self.month_button)
        dates.addWidget(self.all_button)
        dates.addStretch(1)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(labelled(_("Arbetsplats:"), self.worksite_combo))
        filters.addWidget(self.worksite_combo, 2)
        filters.addSpacing(10)
        filters.addWidget(labelled(_("Uppgift:"), self.task_combo))
        filters.addWidget(self.task_combo, 2)
        filters.addSpacing(10)
        filters.addWidget(labelled(_("Deltagare:"), self.participant_combo))
        filters.addWidget(self.participant_combo, 3)

        self.model = EntryListModel(ctx, parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        set_accessible(
            self.view,
            _("Registrerade rader"),
            _("Alla tidrader som matchar filtren. Välj kolumn att sortera på i kolumnrubriken."),
        )
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
