"""The editable week grid model of the time-recording screen: participants × Mon–Sun, amounts while typing,
totals per row and per day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from sysselsattning.domain.money import times_hundredths
from sysselsattning.i18n import _, format_date, format_hours, format_money
from sysselsattning.ui import theme
from sysselsattning.ui.models.base import (
    AMOUNT_ROLE,
    ERROR_ROLE,
    LEFT,
    RIGHT,
    ROW_ROLE,
    Index,
)

WEEKDAYS = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")


def weekday_name(d: date) -> str:
    names = (_("mån"), _("tis"), _("ons"), _("tor"), _("fre"), _("lör"), _("sön"))
    return names[d.weekday()]


@dataclass
class _GridRow:
    participant_id: int
    name: str
    pnr_display: str
    loaded: list[int | None]  # per day, hundredths
    locked: list[bool]
    cell_rates: list[int | None]


class WeekGridModel(QAbstractTableModel):
    """Editable participants × days grid over a :class:`~sysselsattning.services.timesheets.WeekGrid`.

    Columns: participant, Monday … Sunday, total quantity, total amount. The last row holds the day totals.
    Edits are kept as typed text until :meth:`changes` turns them into ``CellChange`` s; invalid text gives
    a Swedish error at the cell. ``set_preview()`` lets the editor show the amount while typing.
    """

    COL_NAME = 0
    FIRST_DAY = 1
    COL_TOTAL_QTY = 8
    COL_TOTAL_AMOUNT = 9

    totals_changed = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.grid: Any = None
        self._rows: list[_GridRow] = []
        self._edits: dict[tuple[int, int], str] = {}
        self._errors: dict[tuple[int, int], str] = {}
        self._preview: tuple[int, int, str] | None = None
        self.read_only = False

    def _spoken(self, row: int, column: int) -> str:
        """What a screen reader says for a day cell: "Anna Andersson, mån 2026-11-16: 3"."""
        day = self.day_of(column)
        when = f"{weekday_name(day)} {format_date(day)}" if day is not None else ""
        if self.is_total_row(row):
            q, a = self.day_totals(column)
            return _("Summa {when}: {qty}, {amount}").format(
                when=when, qty=format_hours(q) if q else "0", amount=format_money(a)
            )
        text = self._text(row, column) or _("tom")
        return _("{name}, {when}: {value}").format(name=self._rows[row].name, when=when, value=text)

    # ---- data in
    def set_grid(self, grid: Any) -> None:
        self.beginResetModel()
        self.grid = grid
        self._rows = []
        self._edits.clear()
        self._errors.clear()
        self._preview = None
        if grid is not None:
            for r in grid.rows:
                self._rows.append(
                    _GridRow(
                        r.participant_id,
                        r.name,
                        r.pnr_display,
                        [c.quantity_hundredths for c in r.cells],
                        [bool(c.locked) for c in r.cells],
                        [c.rate_ore for c in r.cells],
                    )
                )
        self.endResetModel()
        self.totals_changed.emit()

    def add_participant(self, participant_id: int, name: str, pnr_display: str) -> int:
        """Add an empty row (not saved until a cell is filled); returns its row number."""
        for i, r in enumerate(self._rows):
            if r.participant_id == participant_id:
                return i
        if self.grid is None:
            return -1
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(
            _GridRow(
                participant_id,
                name,
                pnr_display,
                [None] * 7,
                [bool(x) for x in self.grid.locked_days],
                list(self.grid.rates),
            )
        )
        self.endInsertRows()
        self.totals_changed.emit()
        return n

    def participant_ids(self) -> list[int]:
        return [r.participant_id for r in self._rows]

    # ---- cell logic
    def day_of(self, column: int) -> date | None:
        if self.grid is None or not (self.FIRST_DAY <= column < self.FIRST_DAY + 7):
            return None
        return self.grid.days[column - self.FIRST_DAY]

    def is_total_row(self, row: int) -> bool:
        return row == len(self._rows)

    def cell_editable(self, row: int, column: int) -> bool:
        if self.read_only or self.grid is None or self.is_total_row(row) or not (0 <= row < len(self._rows)):
            return False
        d = column - self.FIRST_DAY
        if not (0 <= d < 7):
            return False
        r = self._rows[row]
        return not (r.locked[d] or self.grid.locked_days[d] or self.grid.future_days[d] or self._rate(row, d) is None)

    def cell_state(self, row: int, column: int) -> str:
        """``locked`` | ``future`` | ``no_rate`` | ``open`` for a day cell."""
        d = column - self.FIRST_DAY
        r = self._rows[row]
        if r.locked[d] or self.grid.locked_days[d]:
            return "locked"
        if self.grid.future_days[d]:
            return "future"
        if self._rate(row, d) is None:
            return "no_rate"
        return "open"

    def _rate(self, row: int, d: int) -> int | None:
        rate = self._rows[row].cell_rates[d]
        return rate if rate is not None else self.grid.rates[d]

    def _text(self, row: int, column: int) -> str:
        if self._preview and self._preview[:2] == (row, column):
            return self._preview[2]
        key = (row, column)
        if key in self._edits:
            return self._edits[key]
        return format_hours(self._rows[row].loaded[column - self.FIRST_DAY])

    def quantity(self, row: int, column: int) -> int | None:
        """Current quantity of a day cell (edited or loaded); None when empty or unreadable."""
        from sysselsattning.ui.widgets import InputError, parse_hours_text

        key = (row, column)
        if key in self._edits or (self._preview and self._preview[:2] == key):
            try:
                return parse_hours_text(self._text(row, column))
            except InputError:
                return None
        return self._rows[row].loaded[column - self.FIRST_DAY]

    def amount(self, row: int, column: int) -> int:
        q = self.quantity(row, column)
        rate = self._rate(row, column - self.FIRST_DAY)
        if not q or rate is None:
            return 0
        return int(times_hundredths(rate, q))

    def row_totals(self, row: int) -> tuple[int, int]:
        qty = amt = 0
        for c in range(self.FIRST_DAY, self.FIRST_DAY + 7):
            qty += self.quantity(row, c) or 0
            amt += self.amount(row, c)
        return qty, amt

    def day_totals(self, column: int) -> tuple[int, int]:
        qty = amt = 0
        for r in range(len(self._rows)):
            qty += self.quantity(r, column) or 0
            amt += self.amount(r, column)
        return qty, amt

    def grand_total(self) -> tuple[int, int]:
        qty = amt = 0
        for r in range(len(self._rows)):
            q, a = self.row_totals(r)
            qty += q
            amt += a
        return qty, amt

    def set_preview(self, row: int, column: int, text: str | None) -> None:
        """The editor's current text (as you type); updates the amount and totals at once."""
        self._preview = None if text is None else (row, column, text)
        self._totals_changed_for(row, column)

    def _totals_changed_for(self, row: int, column: int) -> None:
        # One range from the cell to the row's totals: a single-cell dataChanged would make the view push
        # the model's text back into an open editor (and select it) while the user types.
        self.dataChanged.emit(self.index(row, column), self.index(row, self.COL_TOTAL_AMOUNT))
        last = len(self._rows)
        self.dataChanged.emit(self.index(last, 0), self.index(last, self.COL_TOTAL_AMOUNT))
        self.totals_changed.emit()

    def is_dirty(self) -> bool:
        return bool(self.pending_cells())

    def pending_cells(self) -> list[tuple[int, int]]:
        out = []
        for (row, column), text in self._edits.items():
            loaded = self._rows[row].loaded[column - self.FIRST_DAY]
            from sysselsattning.ui.widgets import InputError, parse_hours_text

            try:
                value = parse_hours_text(text)
            except InputError:  # unreadable text is a pending (invalid) change
                out.append((row, column))
                continue
            if (value or None) != (loaded or None):
                out.append((row, column))
        return out

    def changes(self) -> tuple[list[Any], list[Any]]:
        """``(cell_changes, problems)``: unreadable text gives a Problem at the cell instead of a change."""
        from sysselsattning.domain.problems import Problem
        from sysselsattning.services.timesheets import CellChange
        from sysselsattning.ui.widgets import InputError, parse_hours_text

        changes: list[Any] = []
        problems: list[Any] = []
        for row, column in sorted(self.pending_cells()):
            r = self._rows[row]
            day = self.day_of(column)
            assert day is not None
            field = f"{r.participant_id}:{day.isoformat()}"
            try:
                value = parse_hours_text(self._edits[(row, column)])
            except InputError as exc:
                problems.append(Problem(field, exc.code, exc.params))
                continue
            changes.append(
                CellChange(r.participant_id, day, value, loaded_quantity_hundredths=r.loaded[column - self.FIRST_DAY])
            )
        return changes, problems

    def cell_for_field(self, field: str) -> tuple[int, int] | None:
        """``"12:2026-11-18"`` → (row, column)."""
        try:
            pid_text, iso = field.split(":", 1)
            pid = int(pid_text)
            day = date.fromisoformat(iso)
        except ValueError:
            return None
        if self.grid is None or day not in self.grid.days:
            return None
        for i, r in enumerate(self._rows):
            if r.participant_id == pid:
                return i, self.FIRST_DAY + self.grid.days.index(day)
        return None

    def set_errors(self, errors: dict[tuple[int, int], str]) -> None:
        old = set(self._errors)
        self._errors = dict(errors)
        for row, column in old | set(errors):
            idx = self.index(row, column)
            self.dataChanged.emit(idx, idx)

    def error_at(self, row: int, column: int) -> str:
        return self._errors.get((row, column), "")

    def errors(self) -> dict[tuple[int, int], str]:
        return dict(self._errors)

    # ---- Qt
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self.grid is None:
            return 0
        return len(self._rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 10

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.cell_editable(index.row(), index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def _unit_text(self) -> str:
        if self.grid is None:
            return ""
        return {"hour": _("tim"), "piece": _("st"), "occasion": _("tillf.")}.get(self.grid.unit, "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row <= len(self._rows)) or not (0 <= column < 10):
            return None
        total_row = self.is_total_row(row)
        is_day = self.FIRST_DAY <= column < self.FIRST_DAY + 7
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if total_row:
                if column == self.COL_NAME:
                    return _("Summa")
                if is_day:
                    q, _a = self.day_totals(column)
                    return format_hours(q) if q else ""
                q, a = self.grand_total()
                return (format_hours(q) if q else "") if column == self.COL_TOTAL_QTY else format_money(a)
            r = self._rows[row]
            if column == self.COL_NAME:
                return r.name
            if is_day:
                return self._text(row, column)
            q, a = self.row_totals(row)
            if column == self.COL_TOTAL_QTY:
                return f"{format_hours(q)}\xa0{self._unit_text()}" if q else ""
            return format_money(a)
        if role == AMOUNT_ROLE and is_day:
            if total_row:
                _q, a = self.day_totals(column)
            else:
                a = self.amount(row, column)
            return format_money(a) if a else ""
        if role == ERROR_ROLE and not total_row:
            return self._errors.get((row, column), "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT) if column == self.COL_NAME else int(RIGHT)
        if role == Qt.ItemDataRole.BackgroundRole:
            if total_row:
                return QBrush(theme.color("total_bg"))
            if (row, column) in self._errors:
                return QBrush(theme.color("error_bg"))
            if is_day and self.cell_state(row, column) != "open":
                return QBrush(theme.color("locked_bg"))
            if is_day and (row, column) in self._edits and (row, column) in self.pending_cells():
                return QBrush(theme.color("edited_bg"))
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if is_day and not total_row and self.cell_state(row, column) != "open":
                return QBrush(theme.color("muted"))
            return None
        if role == Qt.ItemDataRole.FontRole and total_row:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and is_day:
            return self._spoken(row, column)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and is_day and not total_row:
            return self._errors.get((row, column)) or self.data(index, Qt.ItemDataRole.ToolTipRole) or ""
        if role == Qt.ItemDataRole.ToolTipRole and not total_row:
            if (row, column) in self._errors:
                return self._errors[(row, column)]
            if column == self.COL_NAME:
                return self._rows[row].pnr_display
            if is_day:
                state = self.cell_state(row, column)
                day = self.day_of(column)
                if state == "locked":
                    return _("Perioden är låst (godkänd lönekörning). Rätta i listan över rader.")
                if state == "future":
                    return _("Dagen har inte varit än.")
                if state == "no_rate":
                    return _("Uppgiften saknar arvode för {date}.").format(date=format_date(day))
                rate = self._rate(row, column - self.FIRST_DAY)
                return _("{day} {date}: {rate} per {unit}").format(
                    day=weekday_name(day), date=format_date(day), rate=format_money(rate or 0), unit=self._unit_text()
                )
        if role == ROW_ROLE and not total_row:
            return self._rows[row].participant_id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        if not self.cell_editable(row, column):
            return False
        text = "" if value is None else str(value).strip()
        self._preview = None
        self._edits[(row, column)] = text
        if (row, column) in self._errors:
            del self._errors[(row, column)]
        from sysselsattning.ui.widgets import InputError, parse_hours_text

        try:
            parse_hours_text(text)
        except InputError as exc:
            from sysselsattning.i18n.messages import problem_text

            self._errors[(row, column)] = problem_text(exc.as_problem(""))
        self._totals_changed_for(row, column)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return "" if self.is_total_row(section) else str(section + 1)
            return None
        if not (0 <= section < 10):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.COL_NAME:
                return _("Deltagare")
            if section == self.COL_TOTAL_QTY:
                return _("Antal")
            if section == self.COL_TOTAL_AMOUNT:
                return _("Belopp")
            day = self.day_of(section)
            if day is None:
                return WEEKDAYS[section - self.FIRST_DAY]
            return f"{weekday_name(day)} {day.day}/{day.month}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT) if section == self.COL_NAME else int(RIGHT)
        if role == Qt.ItemDataRole.ToolTipRole and self.grid is not None:
            day = self.day_of(section)
            if day is not None:
                i = section - self.FIRST_DAY
                rate = self.grid.rates[i]
                text = format_date(day, "full")
                if rate is not None:
                    text += " · " + _("arvode {rate}").format(rate=format_money(rate))
                if self.grid.locked_days[i]:
                    text += " · " + _("låst period")
                return text
        return None


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())
