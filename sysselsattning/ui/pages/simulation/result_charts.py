"""The simulator page's charts: money to live on against monthly arvode; beside it, as tabs, the benefits per
month under the current rules (försörjningsstöd, bostadsbidrag, bostadstillägg, särskilt bostadstillägg,
sjukersättning) and the year's cap use.

The earnings curve (about 20 simulated years) depends only on the household, not on the plan, so it is cached
and recomputed only when the household (or the parameter set, or the curve's range) changes; the plan's points
on it move with the hours slider without a new curve.
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QWidget

from sysselsattning.domain.rules.simulation import SimulationResult
from sysselsattning.i18n import _
from sysselsattning.i18n.catalog import N_
from sysselsattning.i18n.format import MONTHS_SHORT
from sysselsattning.ui.charts import CASE_COLORS, CASE_STYLES, BarChart, LineChart, Series
from sysselsattning.ui.pages.simulation.common import CASES, case_names
from sysselsattning.ui.pages.simulation.common import ore_value as _ore

#: Earnings levels of the curve chart: 0 … 10 000 kr a month in 500 kr steps (extended past a larger plan).
CURVE_STEP_ORE = 50_000
CURVE_MAX_ORE = 1_000_000


class ResultCharts(QWidget):
    """The curve chart (3/5 of the width) beside the cap-use bars (2/5)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._curve_key: str | None = None
        self._curve_rows: list[tuple[int, dict[str, int]]] = []
        charts = QHBoxLayout(self)
        charts.setContentsMargins(0, 0, 0, 0)
        self.curve_chart = LineChart()
        self.curve_chart.set_title(_("Att leva på per månad mot arvode"))
        self.cap_chart = BarChart()
        self.cap_chart.set_title(_("Använt tak (före skatt)"))
        self.benefit_chart = LineChart()
        self.benefit_chart.set_title(_("Förmåner per månad, nuvarande regler"))
        self.benefit_chart.set_x_axis(_("Månad"), [_(m) for m in MONTHS_SHORT])
        self.benefit_chart.setAccessibleName(_("Diagram: förmåner per månad"))
        # The cap use and the benefits per month share the second slot as tabs (three charts side by side do not
        # fit beside the editor at 1280×800).
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.benefit_chart, _("Förmåner"))
        self.side_tabs.addTab(self.cap_chart, _("Tak"))
        self.side_tabs.setAccessibleName(_("Diagram: förmåner per månad och använt tak"))
        charts.addWidget(self.curve_chart, 3)
        charts.addWidget(self.side_tabs, 2)

    def _update_benefits(self, result: SimulationResult) -> None:
        self.benefit_chart.set_series(_benefit_series(result))

    def forget_curve(self) -> None:
        """The household's curve is recomputed at the next update (new parameters or a new scenario)."""
        self._curve_key = None

    def update_charts(self, scenario: dict, result: SimulationResult, plan_ore: int, params: Any) -> None:
        self._update_benefits(result)
        cap = _ore(scenario["policy"]["cap"])
        used = list(result.with_cap.cap_used)
        self.cap_chart.set_bars(
            [_(m) for m in MONTHS_SHORT][: len(used)],
            used,
            limit_ore=cap,
        )
        # The curve depends on the household, not on the plan: cache it by the scenario minus the plan.
        # (a shallow copy with a new "arvode" table: the rest is only read, and a deep copy per slider step
        # cost more than the curve lookup)
        base = {**scenario, "arvode": {**scenario["arvode"], "monthly_gross": ["0.00"] * 12}}
        top = max(CURVE_MAX_ORE, ((plan_ore * 6 // 5) // CURVE_STEP_ORE + 1) * CURVE_STEP_ORE)
        key = json.dumps(base, sort_keys=True) + f"|{top}|{id(params)}"
        if key != self._curve_key:
            levels = list(range(0, top + 1, CURVE_STEP_ORE))
            self._curve_rows = _earnings_curve(base, levels, params)
            self._curve_key = key
        n = case_names()
        series = [
            Series(n[c], QColor(CASE_COLORS[c]), [(x, vals[c]) for x, vals in self._curve_rows], style=CASE_STYLES[c])
            for c in CASES
        ]
        # Where the plan lies on each curve (these points move with the hours slider).
        if self._curve_rows:
            plan_points = []
            for c in ("current_rules", "with_cap"):
                plan_points.append(
                    Series(
                        _("Din plan – {fall}").format(fall=n[c].lower()),
                        QColor(CASE_COLORS[c]),
                        [(plan_ore, _interpolate(self._curve_rows, plan_ore, c))],
                        marker=True,
                    )
                )
            series += plan_points
        self.curve_chart.set_series(series, marker_x=plan_ore)


BENEFIT_SERIES = (
    ("forsorjningsstod", N_("Försörjningsstöd")),
    ("bostadsbidrag", N_("Bostadsbidrag")),
    ("bostadstillagg", N_("Bostadstillägg")),
    ("sarskilt_bostadstillagg", N_("Särskilt bostadstillägg")),
    ("sjukersattning", N_("Sjukersättning")),
)
#: Each at least 3:1 on white and on black (WCAG 1.4.11), and each with its own line style (not colour alone).
BENEFIT_COLORS = {
    "forsorjningsstod": "#2ca02c",
    "bostadsbidrag": "#9467bd",
    "bostadstillagg": "#c45f00",
    "sarskilt_bostadstillagg": "#8c564b",
    "sjukersattning": "#7f7f7f",
}
BENEFIT_STYLES = {
    "forsorjningsstod": "solid",
    "bostadsbidrag": "dash",
    "bostadstillagg": "dot",
    "sarskilt_bostadstillagg": "dashdot",
    "sjukersattning": "dashdotdot",
}


def _benefit_series(result: SimulationResult) -> list[Series]:
    """One line per benefit that is paid in some month under the current rules (x = month index)."""
    out = []
    for key, name in BENEFIT_SERIES:
        values = result.current_rules.series(key)
        if any(values):
            out.append(Series(_(name), QColor(BENEFIT_COLORS[key]), list(enumerate(values)), style=BENEFIT_STYLES[key]))
    return out


def _earnings_curve(base: dict, levels: list[int], params: Any) -> list[tuple[int, dict[str, int]]]:
    from sysselsattning.domain.rules.scenario import parse_scenario
    from sysselsattning.domain.rules.simulation import earnings_curve

    rows = earnings_curve(parse_scenario(base, params), params, levels)
    out = []
    for level, row in zip(levels, rows, strict=True):
        vals = {}
        for c in CASES:
            v = row.get(c) if isinstance(row, dict) else None
            if isinstance(v, dict):
                v = v.get("disposable_income")
            vals[c] = _ore(v)
        out.append((level, vals))
    return out


def _interpolate(rows: list[tuple[int, dict[str, int]]], x: int, case: str) -> int:
    if not rows:
        return 0
    if x <= rows[0][0]:
        return rows[0][1][case]
    for (x0, v0), (x1, v1) in pairwise(rows):
        if x0 <= x <= x1:
            if x1 == x0:
                return v0[case]
            return v0[case] + (v1[case] - v0[case]) * (x - x0) // (x1 - x0)
    return rows[-1][1][case]
