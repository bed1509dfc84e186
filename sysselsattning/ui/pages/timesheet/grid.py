"""The week grid's parts: the cell delegate (quantity over the amount), the grid view's keyboard rules and
the participant picker of :mod:`sysselsattning.ui.pages.timesheet.page`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _
from sysselsattning.ui import theme
from sysselsattning.ui.models import (
    AMOUNT_ROLE,
    ERROR_ROLE,
    WeekGridModel,
)
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import (
    SearchBox,
    set_accessible,
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
        if selected:  # text on the highlight colour: the palette's pair for it (4.5:1), not the cell's colour
            color = option.palette.highlightedText().color()
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
            painter.setPen(color)
            painter.drawText(bottom, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), amount)
        if index.data(ERROR_ROLE):
            painter.setPen(QPen(theme.color("error_border"), 2))
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
        set_accessible(self.search, _("Lägg till deltagare i veckan"), self.search.placeholderText())
        set_accessible(self.hits, _("Träffar"), _("Välj med piltangenterna och Enter."))
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
