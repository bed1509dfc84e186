"""Qt table models over row dataclasses (no SQL here: rows come from services).

- :class:`RowTableModel` — a list of frozen rows with declared :class:`Column` s; sorts the list itself
  (``list.sort`` + ``layoutChanged``: 32 ms for 100k rows, where a ``QSortFilterProxyModel`` needs 28 s).
- :class:`EntryListModel` — the work-entry list over up to millions of rows: it asks the service for pages
  (``canFetchMore``/``fetchMore``, loaded in the background) and sorts in SQL (``sort()`` restarts the
  query with another ORDER BY).
- :class:`WeekGridModel` — the editable week grid of the time-recording screen: participants × Mon–Sun,
  the amount (rate of the day × quantity) updated while typing, totals per row and per day.

Money is right-aligned and formatted by :func:`sysselsattning.i18n.format_money`; ``Qt.UserRole`` gives the
row object, :data:`SORT_ROLE` the native value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QModelRoleData, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from sysselsattning.domain.collation import sort_key as swedish_sort_key
from sysselsattning.domain.money import times_hundredths
from sysselsattning.i18n import _, format_date, format_hours, format_money

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ROW_ROLE = int(Qt.ItemDataRole.UserRole)
AMOUNT_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # week grid: the cell's amount text
ERROR_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # week grid: the cell's error text

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

GREY_TEXT = QColor("#7b8792")
LOCKED_BG = QColor("#eceff2")
ERROR_BG = QColor("#fbe3e0")
EDITED_BG = QColor("#fff8dc")
TOTAL_BG = QColor("#eef3f7")

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
                return QBrush(GREY_TEXT)
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
def _entry_quantity(row: Any) -> str:
    q = row.quantity
    unit = {"hour": _("tim"), "piece": _("st"), "occasion": _("tillf.")}.get(row.unit, "")
    return f"{format_hours(q)}\xa0{unit}"


def _entry_status(row: Any) -> str:
    if row.is_correction:
        return _("Rättelse")
    if row.locked:
        return _("Låst")
    if row.pay_run_id is not None:
        return _("I lönekörning")
    return _("Öppen")


def entry_columns() -> list[Column]:
    return [
        Column("work_date", lambda: _("Datum"), lambda r: r.work_date, kind="date", sort_key="work_date"),
        Column("participant", lambda: _("Deltagare"), lambda r: r.participant_name, sort_key="participant"),
        Column("pnr", lambda: _("Personnummer"), lambda r: r.pnr_display),
        Column("worksite", lambda: _("Arbetsplats"), lambda r: r.worksite_name, sort_key="worksite"),
        Column("task", lambda: _("Uppgift"), lambda r: r.task_name, sort_key="task"),
        Column(
            "quantity",
            lambda: _("Antal"),
            lambda r: r.quantity,
            display=_entry_quantity,
            kind="number",
            sort_key="quantity",
        ),
        Column("rate", lambda: _("À-pris"), lambda r: r.rate_ore, kind="money"),
        Column("amount", lambda: _("Belopp"), lambda r: r.amount_ore, kind="money", sort_key="amount"),
        Column("status", lambda: _("Status"), _entry_status),
        Column("comment", lambda: _("Kommentar"), lambda r: r.comment),
    ]


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
#: Roles a delegate asks for while painting that the entry list never sets (answered without Python work).
_NEVER_SET = frozenset(
    {int(Qt.ItemDataRole.DecorationRole), int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.CheckStateRole)}
)


class EntryListModel(RowTableModel):
    """Work entries, fetched page by page and sorted by the database.

    ``fetch(filters, sort_key, descending, offset, limit) -> list[EntryRow]`` and ``count(filters) -> int``
    default to :func:`sysselsattning.services.timesheets.list_entries` / ``count_entries``. The model shows
    what has arrived; scrolling to the end asks for the next page (``fetchMore``).

    Speed on a million entries (benchmarks/run.py ``hours_view``): every page is one indexed ``LIMIT`` query
    (~1 ms, see services.timesheets) read in a worker thread while the view paints its frame; painting asks
    Qt's ``multiData`` once per cell (not once per role) and each row's texts are formatted once and kept.
    ``sync_first_page=True`` reads the first page on the calling thread instead (measured: no faster to the
    first painted rows — the worker overlaps the view's first paint — so it is off by default). Either way
    ``page_loaded`` is delivered through the event loop, so a listener connected right after
    :meth:`set_filters` still gets it.
    """

    total_changed = Signal(int)  # count of all rows matching the filters (-1 while unknown)
    page_loaded = Signal()
    load_failed = Signal(object)

    PAGE_SIZE = 200

    def __init__(
        self,
        ctx: Any,
        *,
        fetch: Callable[..., list[Any]] | None = None,
        count: Callable[[Any], int] | None = None,
        page_size: int | None = None,
        sync_first_page: bool = False,
        parent: Any = None,
    ):
        super().__init__(entry_columns(), parent)
        self.ctx = ctx
        self._fetch = fetch
        self._count = count
        self.page_size = page_size or self.PAGE_SIZE
        self.sync_first_page = bool(sync_first_page)
        self.filters: Any = None
        self.sort_key = "work_date"
        self.descending = True
        self._generation = 0
        self._loading = False
        self._exhausted = True
        self.total = -1
        self._texts: dict[int, list[str]] = {}
        self._align = [int(RIGHT) if c.kind in ("money", "number") else int(LEFT) for c in self.columns]
        self._grey = QBrush(GREY_TEXT)
        self._italic = QFont()
        self._italic.setItalic(True)
        self.set_muted(lambda r: r.locked and not r.is_correction)

    # ---- loading
    def _fetch_fn(self) -> Callable[..., list[Any]]:
        if self._fetch is not None:
            return self._fetch
        from sysselsattning.services import timesheets

        ctx = self.ctx
        return lambda filters, sort_key, descending, offset, limit: timesheets.list_entries(
            ctx, filters, sort_key, descending, offset, limit
        )

    def _count_fn(self) -> Callable[[Any], int]:
        if self._count is not None:
            return self._count
        from sysselsattning.services import timesheets

        ctx = self.ctx
        return lambda filters: timesheets.count_entries(ctx, filters)

    def set_filters(self, filters: Any) -> None:
        """Start over with new filters: clear, load the first page and the total count."""
        self.filters = filters
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self._rows = []
        self._texts = {}
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self.total = -1
        self.total_changed.emit(-1)
        if self.sync_first_page:
            self._load_first_page_now()
        else:
            self._load_page()
        # The count (a scan of the matching entries) starts once the first page is on its way.
        QTimer.singleShot(0, self, lambda: self._start_count(generation))

    def _start_count(self, generation: int) -> None:
        from sysselsattning.ui.tasks import run_in_background

        if generation != self._generation:
            return
        filters = self.filters
        count = self._count_fn()

        def counted(n: int) -> None:
            if generation == self._generation:
                self.total = int(n)
                self.total_changed.emit(self.total)

        run_in_background(lambda: count(filters), counted, self._failed, parent=self, name="antal-rader")

    def _append_page(self, rows: Sequence[Any], limit: int) -> None:
        self._loading = False
        rows = list(rows)
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        if len(rows) < limit:
            self._exhausted = True

    def _load_first_page_now(self) -> None:
        """The first page on this thread (local SQLite); the signals follow through the event loop."""
        generation = self._generation
        limit = self.page_size
        self._loading = True
        try:
            rows = self._fetch_fn()(self.filters, self.sort_key, self.descending, 0, limit)
        except Exception as exc:  # noqa: BLE001 - shown by the page (load_failed), like a background failure
            self._loading = False
            self._exhausted = True
            QTimer.singleShot(0, self, lambda error=exc: self._failed(error))
            return
        self._append_page(rows, limit)
        QTimer.singleShot(0, self, lambda: generation == self._generation and self.page_loaded.emit())

    def _load_page(self) -> None:
        from sysselsattning.ui.tasks import run_in_background

        if self._loading or self._exhausted:
            return
        self._loading = True
        generation = self._generation
        offset = len(self._rows)
        fetch = self._fetch_fn()
        filters, key, desc, limit = self.filters, self.sort_key, self.descending, self.page_size

        def arrived(rows: list[Any]) -> None:
            if generation != self._generation:
                return
            self._append_page(rows, limit)
            self.page_loaded.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._loading = False
                self._exhausted = True
            self._failed(exc)

        run_in_background(
            lambda: fetch(filters, key, desc, offset, limit), arrived, failed, parent=self, name="tidrader"
        )

    def _failed(self, exc: BaseException) -> None:
        self.load_failed.emit(exc)

    @property
    def loading(self) -> bool:
        return self._loading

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not parent.isValid():
            self._load_page()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """ORDER BY in the database; columns without a service sort key keep the current order."""
        if not (0 <= column < len(self.columns)):
            return
        key = self.columns[column].sort_key
        if key is None:
            return
        desc = order == Qt.SortOrder.DescendingOrder
        if key == self.sort_key and desc == self.descending and self._rows:
            return
        self.sort_key = key
        self.descending = desc
        if self.filters is not None:
            self.reload()

    def sort_column(self) -> int:
        for i, c in enumerate(self.columns):
            if c.sort_key == self.sort_key:
                return i
        return 0

    # ---- painting
    def _row_texts(self, i: int) -> list[str]:
        texts = self._texts.get(i)
        if texts is None:
            row = self._rows[i]
            texts = self._texts[i] = [c.text(row) for c in self.columns]
        return texts

    def multiData(self, index: Index, roleDataSpan: Any) -> None:
        """All roles a delegate needs for one cell in one call (Qt 6 asks ~7 roles per painted cell)."""
        if not index.isValid():
            return
        i, c = index.row(), index.column()
        if not (0 <= i < len(self._rows)) or not (0 <= c < len(self.columns)):
            return
        if isinstance(roleDataSpan, QModelRoleData):  # called with one role
            roleDataSpan = (roleDataSpan,)
        row = self._rows[i]
        texts = self._texts.get(i) or self._row_texts(i)
        muted = row.locked and row.corrects_entry_id is None
        italic = row.corrects_entry_id is not None
        for rd in roleDataSpan:
            role = rd.role()
            if role == _DISPLAY:
                rd.setData(texts[c])
            elif role == _ALIGN:
                rd.setData(self._align[c])
            elif role == _FOREGROUND:
                if muted:
                    rd.setData(self._grey)
            elif role == _FONT:
                if italic:
                    rd.setData(self._italic)
            elif role not in _NEVER_SET:
                value = self.data(index, role)
                if value is not None:
                    rd.setData(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self._rows):
            if role == Qt.ItemDataRole.DisplayRole and 0 <= index.column() < len(self.columns):
                return self._row_texts(index.row())[index.column()]
            if role == Qt.ItemDataRole.FontRole and self._rows[index.row()].is_correction:
                return QFont(self._italic)
            if role == Qt.ItemDataRole.ToolTipRole:
                row = self._rows[index.row()]
                parts = [row.comment] if row.comment else []
                if row.is_correction:
                    parts.append(_("Rättelse av rad {id}").format(id=row.corrects_entry_id))
                elif row.locked:
                    parts.append(_("Låst: ingår i en godkänd lönekörning."))
                return "\n".join(parts) or None
        return super().data(index, role)


# -------------------------------------------------------------------------------------- week grid
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
            try:
                from sysselsattning.ui.widgets import parse_hours_text

                value = parse_hours_text(text)
            except Exception:  # noqa: BLE001 - unreadable text is a pending (invalid) change
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
                return QBrush(TOTAL_BG)
            if (row, column) in self._errors:
                return QBrush(ERROR_BG)
            if is_day and self.cell_state(row, column) != "open":
                return QBrush(LOCKED_BG)
            if is_day and (row, column) in self._edits and (row, column) in self.pending_cells():
                return QBrush(EDITED_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if is_day and not total_row and self.cell_state(row, column) != "open":
                return QBrush(GREY_TEXT)
            return None
        if role == Qt.ItemDataRole.FontRole and total_row:
            font = QFont()
            font.setBold(True)
            return font
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
