"""Two saved scenarios' year totals side by side, with the difference (the simulator page's Jämför…)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.domain.rules.scenario import parse_scenario
from sysselsattning.domain.rules.simulation import simulate
from sysselsattning.i18n import _, format_money
from sysselsattning.i18n.catalog import N_
from sysselsattning.ui.pages.simulation.common import CASES, case_names


class CompareDialog(QDialog):
    """Two scenarios' year totals side by side, with the difference."""

    ROWS = (
        ("arvode_gross", N_("Arvode före skatt")),
        ("arvode_net", N_("Arvode efter skatt")),
        ("forsorjningsstod", N_("Försörjningsstöd")),
        ("bostadstillagg", N_("Bostadstillägg")),
        ("disposable_income", N_("Att leva på")),
    )

    def __init__(self, items: list[tuple[Any, str, dict]], params, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Jämför scenarier"))
        self.resize(760, 640)
        self._items = items
        self._params = params
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.a = QComboBox()
        self.b = QComboBox()
        for _id, name, _s in items:
            self.a.addItem(name)
            self.b.addItem(name)
        self.b.setCurrentIndex(1)
        la, lb = QLabel(_("Scenario &A:")), QLabel(_("Scenario &B:"))
        la.setBuddy(self.a)
        lb.setBuddy(self.b)
        row.addWidget(la)
        row.addWidget(self.a, 1)
        row.addWidget(lb)
        row.addWidget(self.b, 1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Hela året"), _("A"), _("B"), _("B − A")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.a.currentIndexChanged.connect(self.update_table)
        self.b.currentIndexChanged.connect(self.update_table)
        self.update_table()

    def _totals(self, scenario: dict) -> dict[str, dict[str, int]]:
        result = simulate(parse_scenario(scenario, self._params), self._params)
        return {c: {k: sum(result.case(c).series(k)) for k, _l in self.ROWS} for c in CASES}

    def update_table(self, *_args) -> None:
        ta = self._totals(self._items[self.a.currentIndex()][2])
        tb = self._totals(self._items[self.b.currentIndex()][2])
        names = case_names()
        rows = []
        for c in CASES:
            rows.append((names[c], None, None, True))
            for k, label in self.ROWS:
                if c == "no_work" and k.startswith("arvode"):
                    continue
                rows.append(("   " + _(label), ta[c][k], tb[c][k], False))
        self.table.setRowCount(len(rows))
        for r, (label, va, vb, heading) in enumerate(rows):
            item = QTableWidgetItem(label)
            if heading:
                f = item.font()
                f.setBold(True)
                item.setFont(f)
            self.table.setItem(r, 0, item)
            for col, v in ((1, va), (2, vb), (3, None if va is None else vb - va)):
                it = QTableWidgetItem("" if v is None else format_money(v))
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, it)

    def cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item else ""
