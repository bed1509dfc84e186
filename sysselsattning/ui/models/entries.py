"""The work-entry list model: pages of up to millions of rows, loaded in the background and sorted in SQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QModelRoleData, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont

from sysselsattning.i18n import _, format_hours
from sysselsattning.ui import theme
from sysselsattning.ui.models.base import (
    LEFT,
    RIGHT,
    Column,
    Index,
    RowTableModel,
)


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


#: Milliseconds between the first page and the start of the total count (see :meth:`EntryListModel.reload`).
COUNT_DELAY_MS = 50

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
        self._grey = QBrush(theme.color("muted"))
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
        # The count scans every matching entry (about 40 ms for a million on SQLite). It starts a little after
        # the first page, once the first screen has been painted, so that the two never compete for the machine:
        # the rows come first, the total a moment later.
        from sysselsattning.ui.tasks import start_later

        start_later(COUNT_DELAY_MS, self, lambda: self._start_count(generation))

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
        from sysselsattning.ui.tasks import call_now

        generation = self._generation
        limit = self.page_size
        self._loading = True
        fetch, filters, key, desc = self._fetch_fn(), self.filters, self.sort_key, self.descending
        rows, exc = call_now(lambda: fetch(filters, key, desc, 0, limit), "tidrader")
        if exc is not None:  # logged; shown by the page (load_failed), like a background failure
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
