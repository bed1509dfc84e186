"""The plain-row table model and what every model shares (roles, alignment, colours, :class:`Column`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from sysselsattning.domain.collation import sort_key as swedish_sort_key
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.ui import theme

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ROW_ROLE = int(Qt.ItemDataRole.UserRole)
AMOUNT_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # week grid: the cell's amount text
ERROR_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # week grid: the cell's error text

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: ``value(row)`` is the sort value, ``display(row)`` the text (default ``str(value)``)."""

    key: str
    title: Callable[[], str]
    value: Callable[[Any], Any]
    display: Callable[[Any], str] | None = None
    kind: str = "text"  # text | money | number | date | bool
    sort_key: str | None = None  # for SQL-sorted models: the service's sort key

    def text(self, row: Any) -> str:
        if self.display is not None:
            return self.display(row)
        v = self.value(row)
        if v is None:
            return ""
        if self.kind == "money":
            return format_money(v)
        if self.kind == "date":
            return format_date(v)
        if self.kind == "bool":
            return _("Ja") if v else _("Nej")
        return str(v)


def _sortable(value: Any) -> tuple:
    """Sort value: None last, text in Swedish alphabetical order (… Z, Å, Ä, Ö; case only breaks ties)."""
    if value is None:
        return (1, "")
    if isinstance(value, str):
        return (0, swedish_sort_key(value))
    if isinstance(value, tuple):
        return (0, tuple(_sortable(v) for v in value))
    return (0, value)


class RowTableModel(QAbstractTableModel):
    """A read-only table over a list of row objects."""

    def __init__(self, columns: Sequence[Column], parent: Any = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        self._muted: Callable[[Any], bool] | None = None

    # ---- data in
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_muted(self, predicate: Callable[[Any], bool] | None) -> None:
        """Rows for which ``predicate`` is true are drawn grey (inactive, locked)."""
        self._muted = predicate

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def row(self, index: int | Index) -> Any:
        i = index if isinstance(index, int) else index.row()
        return self._rows[i]

    def find_row(self, predicate: Callable[[Any], bool]) -> int:
        for i, r in enumerate(self._rows):
            if predicate(r):
                return i
        return -1

    # ---- Qt
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            not index.isValid()
            or not (0 <= index.row() < len(self._rows))
            or not (0 <= index.column() < len(self.columns))
        ):
            return None
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT) if col.kind in ("money", "number") else int(LEFT)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._muted is not None and self._muted(row):
                return QBrush(theme.color("muted"))
            return None
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return col.value(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title()
            if role == Qt.ItemDataRole.TextAlignmentRole:
                kind = self.columns[section].kind
                return int(RIGHT) if kind in ("money", "number") else int(LEFT)
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._rows)
        ):
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)):
            return
        value = self.columns[column].value
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [self._rows[i.row()] if 0 <= i.row() < len(self._rows) else None for i in old]
        self._rows.sort(key=lambda r: _sortable(value(r)), reverse=order == Qt.SortOrder.DescendingOrder)
        positions = {id(r): i for i, r in enumerate(self._rows)}
        new = [
            self.index(positions[id(r)], i.column()) if r is not None and id(r) in positions else QModelIndex()
            for r, i in zip(old_rows, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()


# ------------------------------------------------------------------------------------- entry list
