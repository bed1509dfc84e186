"""The month-by-month table of the simulator page: a table model over one year's result and its view."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView, QWidget

from sysselsattning.domain.rules.simulation import SimulationResult
from sysselsattning.i18n import _, format_money
from sysselsattning.i18n.format import MONTHS_LONG
from sysselsattning.ui.charts import CASE_COLORS
from sysselsattning.ui.pages.simulation.common import CASES

#: The benefits summed in the compare view's "Förmåner" columns.
BENEFIT_KEYS = ("forsorjningsstod", "bostadsbidrag", "bostadstillagg", "sarskilt_bostadstillagg")


class MonthTableModel(QAbstractTableModel):
    """12 months + a total row. ``view``: ``"compare"`` (the three cases side by side) or one case key."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._result: SimulationResult | None = None
        self._view = "compare"
        self._btp = False
        self._se = False
        self._bb = False
        self._sbtp = False
        self._columns: list[tuple[str, str, str]] = []  # (header, case, key)
        self._rebuild_columns()

    def set_view(self, view: str) -> None:
        self.beginResetModel()
        self._view = view
        self._rebuild_columns()
        self._cache()
        self.endResetModel()

    def view(self) -> str:
        return self._view

    def set_result(
        self, result: SimulationResult | None, *, btp: bool, se: bool = False, bb: bool = False, sbtp: bool = False
    ) -> None:
        self.beginResetModel()
        self._result = result
        self._btp = btp
        self._se = se
        self._bb = bb
        self._sbtp = sbtp
        self._rebuild_columns()
        self._cache()
        self.endResetModel()

    def _rebuild_columns(self) -> None:
        if self._view == "compare":
            cols = [(_("Arvode\nföre skatt"), "current_rules", "arvode_gross")]
            if self._btp or self._bb:
                # Six money columns fit beside the editor: försörjningsstöd and the housing benefits together
                # here, each on its own in the detail views.
                cols += [
                    (_("Förmåner\nnu"), "current_rules", "benefits"),
                    (_("Förmåner\nmed tak"), "with_cap", "benefits"),
                ]
            else:
                cols += [
                    (_("Försörjnings-\nstöd nu"), "current_rules", "forsorjningsstod"),
                    (_("Försörjnings-\nstöd med tak"), "with_cap", "forsorjningsstod"),
                ]
            short = {"no_work": _("utan arbete"), "current_rules": _("nu"), "with_cap": _("med tak")}
            cols += [(_("Att leva på\n{fall}").format(fall=short[c]), c, "disposable_income") for c in CASES]
        else:
            c = self._view
            cols = [
                (_("Arvode\nföre skatt"), c, "arvode_gross"),
                (_("Skatt"), c, "tax"),
                (_("Arvode\nefter skatt"), c, "arvode_net"),
                (_("Försörjnings-\nstöd"), c, "forsorjningsstod"),
            ]
            if self._bb:
                cols.append((_("Bostads-\nbidrag"), c, "bostadsbidrag"))
            if self._btp:
                cols.append((_("Bostads-\ntillägg"), c, "bostadstillagg"))
            if self._sbtp:
                cols.append((_("Särskilt\nbostadstill."), c, "sarskilt_bostadstillagg"))
            if self._se:
                cols.append((_("Sjuk-\nersättning"), c, "sjukersattning"))
            cols.append((_("Att leva på"), c, "disposable_income"))
            if c == "with_cap":
                cols.append((_("Tak\nkvar"), c, "cap_left"))
        self._columns = cols

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() or not self._result:
            return 0
        return len(self._result.current_rules.gross) + 1

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _("Månad") if section == 0 else self._columns[section - 1][0]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section > 0:
            if self._columns[section - 1][2] == "benefits":
                return _(
                    "Försörjningsstöd + bostadsbidrag + bostadstillägg + särskilt bostadstillägg "
                    "(var för sig under Detaljer)"
                )
            return self._columns[section - 1][0].replace("\n", " ")
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft if section == 0 else Qt.AlignmentFlag.AlignRight) | int(
                Qt.AlignmentFlag.AlignVCenter
            )
        return None

    def value(self, row: int, column: int) -> int | None:
        """The öre in a cell (None for the month column); the last row is the year total."""
        if not self._result or column == 0:
            return None
        _h, case, key = self._columns[column - 1]
        result = self._result.case(case)
        keys = BENEFIT_KEYS if key == "benefits" else (key,)
        series = [result.series(k) for k in keys]
        if row < len(series[0]):
            return sum(s[row] for s in series)
        if key in ("cap_used", "cap_left"):
            return series[0][-1] if series[0] else 0
        return sum(sum(s) for s in series)

    def _cache(self) -> None:
        """Texts, alignments and colours computed once per result/view (paint calls data() ~10× per cell)."""
        self._texts: list[list[str]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        if not self._result:
            return
        months = len(self._result.current_rules.gross)
        for row in range(months + 1):
            first = _("Hela året") if row == months else _(MONTHS_LONG[row])
            self._texts.append(
                [first]
                + [format_money(self.value(row, col) or 0, unit=False) for col in range(1, len(self._columns) + 1)]
            )
        self._colors = [None] + [
            QColor(CASE_COLORS[case]).darker(130) if self._view == "compare" and key == "disposable_income" else None
            for _h, case, key in self._columns
        ]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not self._result:
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._ALIGN_LEFT if col == 0 else self._ALIGN_RIGHT
        if role == Qt.ItemDataRole.FontRole and row == len(self._texts) - 1:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colors[col]
        return None

    _ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    _ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


#: The benefits summed in the compare view's "Förmåner" columns.
BENEFIT_KEYS = ("forsorjningsstod", "bostadsbidrag", "bostadstillagg", "sarskilt_bostadstillagg")


class MonthTable(QTableView):
    """The view: no scrolling, tight headers so six money columns fit beside the editor, height fitted to
    the twelve months and the total row."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.month_model = MonthTableModel(self)
        self.setModel(self.month_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(22)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        hdr = self.horizontalHeader()
        hdr.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hdr.setMinimumSectionSize(56)
        # Tighter than the application's header style so six money columns fit beside the editor.
        hdr.setStyleSheet("QHeaderView::section { padding: 3px 3px; font-weight: normal; }")
        self.month_model.modelReset.connect(
            lambda: (
                self.month_model.columnCount() and hdr.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            )
        )
        hdr.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Månad för månad"))
        self.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        self.setAccessibleDescription(
            _("En rad per månad och en rad för hela året. Kolumnerna visar beloppen för varje fall.")
        )

    def set_view(self, view: str) -> None:
        """``"compare"`` or one case key (the detail view of that case)."""
        self.month_model.set_view(view)
        self.fit_height()

    def fit_height(self) -> None:
        """Header tall enough for its wrapped titles; the table exactly as high as its rows."""
        hdr = self.horizontalHeader()
        fm = hdr.fontMetrics()
        model = self.month_model
        lines = max(
            [str(model.headerData(c, Qt.Orientation.Horizontal)).count("\n") + 1 for c in range(model.columnCount())]
            or [1]
        )
        hdr.setMinimumHeight(fm.height() * lines + 10)
        rows = model.rowCount()
        self.setFixedHeight(
            hdr.minimumHeight() + rows * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth() + 2
        )
