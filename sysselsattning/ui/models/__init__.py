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

from sysselsattning.ui.models.base import (
    AMOUNT_ROLE,
    CENTER,
    ERROR_ROLE,
    LEFT,
    RIGHT,
    ROW_ROLE,
    SORT_ROLE,
    Column,
    RowTableModel,
)
from sysselsattning.ui.models.entries import EntryListModel, entry_columns
from sysselsattning.ui.models.week import WeekGridModel, monday_of, weekday_name

__all__ = [
    "AMOUNT_ROLE",
    "CENTER",
    "ERROR_ROLE",
    "LEFT",
    "RIGHT",
    "ROW_ROLE",
    "SORT_ROLE",
    "Column",
    "EntryListModel",
    "RowTableModel",
    "WeekGridModel",
    "entry_columns",
    "monday_of",
    "weekday_name",
]
