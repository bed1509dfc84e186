"""Simulering: the caseworker sees (and prints) what work does to a household's money.

Left: the scenario editor (household, costs, other incomes, benefits, tax, the cap policy and the planned
work). Right: the year month by month for the three cases (no work / today's rules / with the cap), year
totals, the effective marginal rate in words, and two charts (money to live on against monthly earnings;
the year's cap use), plus save / open / compare / print.

How it stays fast: every change restarts a 50 ms debounce timer; then the form is read into the design.md
§6 dict and the rules engine (``domain.rules.simulation.simulate_dict``) runs synchronously — a year takes
about a millisecond and touches no database. The earnings curve (20 simulated years) depends only on the
household, not on the plan, so it is cached and recomputed only when the household changes. Everything
that reads the database (participants, task rates, the parameter overrides, a participant's recorded
arvode, saved scenarios) runs in :func:`sysselsattning.ui.tasks.run_in_background`.

Validation: each field shows its Swedish problem below itself (``widgets.with_error_label``); errors the
engine finds (``ScenarioError.key``) are mapped back to the field of that key.
"""

from __future__ import annotations

import copy
import json
import os
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.domain.money import ore_to_str, parse_kronor
from sysselsattning.domain.problems import Problem
from sysselsattning.i18n import _, format_money
from sysselsattning.i18n.catalog import N_
from sysselsattning.i18n.messages import problem_text
from sysselsattning.ui.charts import CASE_COLORS, BarChart, LineChart, Series
from sysselsattning.ui.widgets import (
    DateEdit,
    FieldError,
    InputError,
    MoneyEdit,
    PercentEdit,
    hint_label,
    page_title,
    set_field_error,
    with_error_label,
)

CASES = ("no_work", "current_rules", "with_cap")
MONTHS_SHORT = (
    N_("jan"),
    N_("feb"),
    N_("mar"),
    N_("apr"),
    N_("maj"),
    N_("jun"),
    N_("jul"),
    N_("aug"),
    N_("sep"),
    N_("okt"),
    N_("nov"),
    N_("dec"),
)
MONTHS_LONG = (
    N_("januari"),
    N_("februari"),
    N_("mars"),
    N_("april"),
    N_("maj"),
    N_("juni"),
    N_("juli"),
    N_("augusti"),
    N_("september"),
    N_("oktober"),
    N_("november"),
    N_("december"),
)
#: Weeks per month for "hours per week": 52 weeks / 12 months (a calendar conversion, not a rule figure).
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
#: Earnings levels of the curve chart: 0 … 10 000 kr a month in 500 kr steps (extended past a larger plan).
CURVE_STEP_ORE = 50_000
CURVE_MAX_ORE = 1_000_000
MAX_MONEY_ORE = 100_000_000  # 1 000 000 kr: anything larger in a monthly field is a typing error

PLAN_HOURS, PLAN_PIECES, PLAN_KRONOR = "hours", "pieces", "kronor"


def _form(parent: QWidget) -> QFormLayout:
    f = QFormLayout(parent)
    f.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return f


def case_names() -> dict[str, str]:
    return {"no_work": _("Utan arbete"), "current_rules": _("Nuvarande regler"), "with_cap": _("Med tak")}


def _ore(value: Any) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, int):
        return value
    return int(parse_kronor(str(value)))


def kept_per_krona_text(gain_ore: int, gross_ore: int) -> str:
    """ "Av varje intjänad krona behåller du 0 kr / 25 öre / 70 öre" (1 − effective marginal rate)."""
    if gross_ore <= 0:
        return _("Inget arvode planerat.")
    kept = int((Decimal(gain_ore) * 100 / Decimal(gross_ore)).to_integral_value(rounding=ROUND_HALF_UP))
    if kept <= 0 and gain_ore <= 0:
        if kept == 0:
            amount = _("0 kr")
            return _("Av varje intjänad krona behåller du {belopp}.").format(belopp=amount)
        return _("Av varje intjänad krona förlorar du {belopp}.").format(belopp=_small_amount_text(-kept))
    return _("Av varje intjänad krona behåller du {belopp}.").format(belopp=_small_amount_text(kept))


def _small_amount_text(ore: int) -> str:
    if ore >= 100:
        kr, rest = divmod(ore, 100)
        return _("{kr} kr").format(kr=kr) if rest == 0 else _("{kr} kr {ore} öre").format(kr=kr, ore=rest)
    return _("{ore} öre").format(ore=ore)


# ------------------------------------------------------------------------------------------ table model
class MonthTableModel(QAbstractTableModel):
    """12 months + a total row. ``view``: ``"compare"`` (the three cases side by side) or one case key."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._result: dict | None = None
        self._view = "compare"
        self._btp = False
        self._se = False
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

    def set_result(self, result: dict | None, *, btp: bool, se: bool = False) -> None:
        self.beginResetModel()
        self._result = result
        self._btp = btp
        self._se = se
        self._rebuild_columns()
        self._cache()
        self.endResetModel()

    def _rebuild_columns(self) -> None:
        if self._view == "compare":
            cols = [(_("Arvode\nföre skatt"), "current_rules", "arvode_gross")]
            if self._btp:
                # Six money columns fit beside the editor: försörjningsstöd and bostadstillägg together here,
                # each on its own in the detail views.
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
            if self._btp:
                cols.append((_("Bostads-\ntillägg"), c, "bostadstillagg"))
            if self._se:
                cols.append((_("Sjuk-\nersättning"), c, "sjukersattning"))
            cols.append((_("Att leva på"), c, "disposable_income"))
            if c == "with_cap":
                cols.append((_("Tak\nkvar"), c, "cap_left"))
        self._columns = cols

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        if parent.isValid() or not self._result:
            return 0
        return len(self._result.get("months", [])) + 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _("Månad") if section == 0 else self._columns[section - 1][0]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section > 0:
            if self._columns[section - 1][2] == "benefits":
                return _("Försörjningsstöd + bostadstillägg (var för sig under Detaljer)")
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
        months = self._result.get("months", [])
        _h, case, key = self._columns[column - 1]
        if key == "benefits":
            rows = months if row == len(months) else [months[row]]
            return sum(
                _ore(m.get(case, {}).get("forsorjningsstod")) + _ore(m.get(case, {}).get("bostadstillagg"))
                for m in rows
            )
        if row < len(months):
            return _ore(months[row].get(case, {}).get(key))
        if key in ("cap_used", "cap_left"):
            return _ore(months[-1].get(case, {}).get(key)) if months else 0
        return sum(_ore(m.get(case, {}).get(key)) for m in months)

    def _cache(self) -> None:
        """Texts, alignments and colours computed once per result/view (paint calls data() ~10× per cell)."""
        self._texts: list[list[str]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        if not self._result:
            return
        months = self._result.get("months", [])
        for row in range(len(months) + 1):
            first = _("Hela året") if row == len(months) else _(MONTHS_LONG[row])
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


# --------------------------------------------------------------------------------------------- the page
class Page(QWidget):
    """The simulator page. Signals: ``results_updated()`` after each recompute; ``changed(set)`` after a save."""

    results_updated = Signal()
    changed = Signal(object)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._params = None  # ctx.params() once loaded in the background; the shipped set until then
        self._participant_id: int | None = None
        self._participant_label = ""
        self._tasks: list = []
        self._result: dict | None = None
        self._scenario: dict | None = None
        self._curve_key: str | None = None
        self._curve_rows: list[tuple[int, dict[str, int]]] = []
        self._fields: dict[str, QWidget] = {}
        self._loading = False
        self.last_compute_ms = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self.recompute_now)
        self._build()
        self._connect_changes()
        self.recompute_now()

    # ------------------------------------------------------------------------------------ building
    def _money(self, key: str, text: str = "") -> MoneyEdit:
        w = MoneyEdit()
        w.setText(text)
        w.setMinimumWidth(90)
        self._fields[key] = w
        return w

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        outer.setSpacing(12)

        # ---- left: the editor in a vertical scroll area
        editor = QWidget()
        form_col = QVBoxLayout(editor)
        form_col.setContentsMargins(0, 0, 6, 0)
        form_col.setSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(editor)
        scroll.setFixedWidth(356)
        self._scroll = scroll

        form_col.addWidget(page_title(_("Simulering")))

        # start
        start = QGroupBox(_("Utgångsläge"))
        f = _form(start)
        self.participant_combo = QComboBox()
        self.participant_combo.addItem(_("Fritt scenario (ingen deltagare)"), None)
        self.participant_combo.setMinimumContentsLength(18)
        self.participant_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.load_button = QPushButton(_("Hämta"))
        self.load_button.setToolTip(_("Hämta deltagarens registrerade och godkända arvode i år"))
        self.load_button.clicked.connect(self.load_participant)
        row = QHBoxLayout()
        row.addWidget(self.participant_combo, 1)
        row.addWidget(self.load_button)
        f.addRow(_("Deltagare:"), row)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(self.ctx.now_date().year)
        f.addRow(_("År:"), self.year_spin)
        self.offset_combo = QComboBox()
        self.offset_combo.addItem(_("Månaden efter utbetalningen"), 1)
        self.offset_combo.addItem(_("Samma månad"), 0)
        f.addRow(_("Arvodet räknas mot stödet:"), self.offset_combo)
        self.start_info = hint_label("")
        self.start_info.hide()
        f.addRow(self.start_info)
        form_col.addWidget(start)

        # household
        hh = QGroupBox(_("Hushåll"))
        f = _form(hh)
        self.adult_birth = DateEdit()
        self._fields["household.adults[0].birth_date"] = self.adult_birth
        f.addRow(_("Födelsedatum (deltagaren):"), with_error_label(self.adult_birth))
        self.cohabiting = QCheckBox(_("Gift eller sambo"))
        f.addRow("", self.cohabiting)
        self.partner_birth = DateEdit()
        self.partner_birth.setEnabled(False)
        self._fields["household.adults[1].birth_date"] = self.partner_birth
        f.addRow(_("Födelsedatum (partner):"), with_error_label(self.partner_birth))
        self.cohabiting.toggled.connect(self.partner_birth.setEnabled)
        self.children_edit = QLineEdit()
        self.children_edit.setPlaceholderText(_("ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DD …"))
        self._fields["household.children"] = self.children_edit
        f.addRow(_("Barnens födelsedatum:"), with_error_label(self.children_edit))
        form_col.addWidget(hh)

        # costs
        costs = QGroupBox(_("Kostnader per månad"))
        f = _form(costs)
        self.housing = self._money("household.costs.housing")
        f.addRow(_("Hyra:"), with_error_label(self.housing))
        self.electricity = self._money("household.costs.electricity")
        f.addRow(_("Hushållsel:"), with_error_label(self.electricity))
        self.insurance = self._money("household.costs.home_insurance")
        f.addRow(_("Hemförsäkring:"), with_error_label(self.insurance))
        self.other_cost = self._money("household.costs.other")
        f.addRow(_("Andra skäliga kostnader:"), with_error_label(self.other_cost))
        form_col.addWidget(costs)

        # other incomes
        inc = QGroupBox(_("Andra inkomster per månad (efter skatt)"))
        f = _form(inc)
        self.se_net = self._money("other_income.sjukersattning_net")
        f.addRow(_("Sjukersättning:"), with_error_label(self.se_net))
        self.barnbidrag = self._money("other_income.barnbidrag")
        f.addRow(_("Barnbidrag:"), with_error_label(self.barnbidrag))
        self.other_net = self._money("other_income.other_net")
        f.addRow(_("Övrigt:"), with_error_label(self.other_net))
        form_col.addWidget(inc)

        # benefits
        ben = QGroupBox(_("Förmåner"))
        f = _form(ben)
        self.fs_applies = QCheckBox(_("Försörjningsstöd"))
        self.fs_applies.setChecked(True)
        f.addRow(self.fs_applies)
        self.fs_months = QSpinBox()
        self.fs_months.setRange(0, 120)
        self.fs_months.setSuffix(_(" mån"))
        self._fields["forsorjningsstod.consecutive_months_before_year"] = self.fs_months
        f.addRow(_("Månader i följd före året:"), with_error_label(self.fs_months))
        self.btp_applies = QCheckBox(_("Bostadstillägg (Försäkringskassan)"))
        f.addRow(self.btp_applies)
        self.btp_housing = self._money("bostadstillagg.housing_cost")
        f.addRow(_("Boendekostnad per månad:"), with_error_label(self.btp_housing))
        self.btp_other = self._money("bostadstillagg.other_reducing_income_year")
        f.addRow(_("Annan inkomst som minskar, per år:"), with_error_label(self.btp_other))
        self.se_regime = QComboBox()
        for key, label in (
            ("ingen", _("Ingen sjukersättning")),
            ("steglos", _("Steglös avräkning (beviljad före juli 2008)")),
            ("vilande", _("Vilande sjukersättning")),
            ("ovrig", _("Sjukersättning, annan (anmäl arbete)")),
        ):
            self.se_regime.addItem(label, key)
        self.se_regime.setMinimumContentsLength(16)
        self.se_regime.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._fields["sjukersattning"] = self.se_regime
        f.addRow(_("Sjukersättning:"), with_error_label(self.se_regime))
        self.se_degree = QComboBox()
        for key, label in (
            ("hel", _("Hel")),
            ("tre_fjardedelar", _("Tre fjärdedelar")),
            ("tva_tredjedelar", _("Två tredjedelar")),
            ("halv", _("Halv")),
            ("en_fjardedel", _("En fjärdedel")),
        ):
            self.se_degree.addItem(label, key)
        f.addRow(_("Omfattning:"), self.se_degree)
        self.se_regime.currentIndexChanged.connect(self._sync_enabled)
        self.btp_applies.toggled.connect(self._sync_enabled)
        self.fs_applies.toggled.connect(self._sync_enabled)
        form_col.addWidget(ben)

        # tax
        tax = QGroupBox(_("Skatt på arvodet"))
        f = _form(tax)
        self.tax_mode = QComboBox()
        self.tax_mode.addItem(_("Procent av arvodet"), "percent")
        self.tax_mode.addItem(_("Ingen skatt"), "none")
        f.addRow(_("Skatteavdrag:"), self.tax_mode)
        self.tax_percent = PercentEdit()
        self.tax_percent.setText("30")
        self._fields["arvode.tax.percent"] = self.tax_percent
        f.addRow(_("Procent:"), with_error_label(self.tax_percent))
        self.tax_mode.currentIndexChanged.connect(self._sync_enabled)
        form_col.addWidget(tax)

        # policy
        pol = QGroupBox(_("Frikort (tak)"))
        f = _form(pol)
        self.cap_info = hint_label("")
        f.addRow(self.cap_info)
        self.cap_edit = self._money("policy.cap")
        f.addRow(_("Tak per år:"), with_error_label(self.cap_edit))
        self.cap_basis = QComboBox()
        self.cap_basis.addItem(_("Arvode före skatt"), "gross")
        self.cap_basis.addItem(_("Arvode efter skatt"), "net")
        f.addRow(_("Taket mäts på:"), self.cap_basis)
        self.shield_fs = QCheckBox(_("Skyddar försörjningsstöd"))
        self.shield_btp = QCheckBox(_("Skyddar bostadstillägg"))
        self.shield_fs.setChecked(True)
        self.shield_btp.setChecked(True)
        self._fields["policy.shields"] = self.shield_fs
        f.addRow(self.shield_fs)
        f.addRow(self.shield_btp)
        self.tax_free = QCheckBox(_("Skattefritt under taket (som i Danmark)"))
        f.addRow(self.tax_free)
        self.decision_from = DateEdit()
        self.decision_to = DateEdit()
        self._fields["policy.decision_from"] = self.decision_from
        self._fields["policy.decision_to"] = self.decision_to
        f.addRow(hint_label(_("Frikortsbeslut (lämna tomt för att räkna som om beslutet gäller hela året):")))
        f.addRow(_("Beslut från:"), with_error_label(self.decision_from))
        f.addRow(_("Beslut till:"), with_error_label(self.decision_to))
        form_col.addWidget(pol)

        # plan
        plan = QGroupBox(_("Planerat arbete"))
        f = _form(plan)
        self.plan_mode = QComboBox()
        self.plan_mode.addItem(_("Timmar per vecka × arvode"), PLAN_HOURS)
        self.plan_mode.addItem(_("Antal styck per månad × arvode"), PLAN_PIECES)
        self.plan_mode.addItem(_("Kronor per månad"), PLAN_KRONOR)
        f.addRow(_("Planera som:"), self.plan_mode)
        self.task_combo = QComboBox()
        self.task_combo.addItem(_("Eget arvode"), None)
        self.task_combo.setMinimumContentsLength(16)
        self.task_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        f.addRow(_("Uppgift:"), self.task_combo)
        self.rate_edit = self._money("plan.rate", "60,00")
        f.addRow(_("Arvode per timme/styck:"), with_error_label(self.rate_edit))
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setDecimals(1)
        self.hours_spin.setLocale(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))  # 6,5 tim
        self.hours_spin.setRange(0, 40)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setSuffix(_(" tim"))
        self.hours_spin.setValue(4)
        self.hours_slider = QSlider(Qt.Orientation.Horizontal)
        self.hours_slider.setRange(0, 80)  # half hours
        self.hours_slider.setValue(8)
        self.hours_slider.setPageStep(4)
        self.hours_slider.setAccessibleName(_("Timmar per vecka"))
        row = QHBoxLayout()
        row.addWidget(self.hours_slider, 1)
        row.addWidget(self.hours_spin)
        f.addRow(_("Timmar per vecka:"), row)
        self.hours_slider.valueChanged.connect(lambda v: self.hours_spin.setValue(v / 2))
        self.hours_spin.valueChanged.connect(lambda v: self.hours_slider.setValue(int(round(v * 2))))
        self.pieces_spin = QSpinBox()
        self.pieces_spin.setRange(0, 1000)
        self.pieces_spin.setSuffix(_(" st"))
        f.addRow(_("Antal per månad:"), self.pieces_spin)
        self.kronor_edit = self._money("plan.kronor", "")
        f.addRow(_("Kronor per månad:"), with_error_label(self.kronor_edit))
        self.plan_month_boxes: list[QCheckBox] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        for i, name in enumerate(MONTHS_SHORT):
            cb = QCheckBox(_(name))
            cb.setChecked(True)
            self.plan_month_boxes.append(cb)
            grid.addWidget(cb, i // 6, i % 6)
        f.addRow(QLabel(_("Månader med planerat arbete:")))
        f.addRow(grid)
        self.plan_amount = hint_label("")
        f.addRow(self.plan_amount)
        self.fixed_edits: list[MoneyEdit] = []
        fixed_grid = QGridLayout()
        fixed_grid.setHorizontalSpacing(4)
        fixed_grid.setVerticalSpacing(2)
        for i, name in enumerate(MONTHS_SHORT):
            e = self._money(f"fixed[{i}]")
            e.setMinimumWidth(40)
            e.setPlaceholderText("0")
            e.setAccessibleName(_("Redan utbetalt arvode {manad}").format(manad=_(MONTHS_LONG[i])))
            self.fixed_edits.append(e)
            lab = QLabel(_(name))
            lab.setBuddy(e)
            fixed_grid.addWidget(lab, (i // 4) * 2, i % 4)
            fixed_grid.addWidget(e, (i // 4) * 2 + 1, i % 4)
        fixed_box = QWidget()
        fixed_box.setLayout(fixed_grid)
        f.addRow(hint_label(_("Redan utbetalt eller bestämt arvode (före skatt) – läggs till planen:")))
        f.addRow(fixed_box)
        self.fixed_error = FieldError()
        f.addRow(self.fixed_error)
        self.plan_mode.currentIndexChanged.connect(self._sync_enabled)
        self.task_combo.currentIndexChanged.connect(self._task_chosen)
        form_col.addWidget(plan)
        self.form_error = FieldError()
        form_col.addWidget(self.form_error)
        form_col.addStretch(1)
        outer.addWidget(scroll)

        # ---- right: results
        right = QVBoxLayout()
        right.setSpacing(8)
        top = QHBoxLayout()
        self.view_combo = QComboBox()
        self.view_combo.addItem(_("Jämför de tre fallen"), "compare")
        for c, n in case_names().items():
            self.view_combo.addItem(_("Detaljer: {fall}").format(fall=n.lower()), c)
        self.view_combo.currentIndexChanged.connect(self._view_changed)
        view_label = QLabel(_("&Visa:"))
        view_label.setBuddy(self.view_combo)
        top.addWidget(view_label)
        top.addWidget(self.view_combo)
        top.addStretch(1)
        self.save_button = QPushButton(_("Spara…"))
        self.save_button.setToolTip(_("Spara scenariot (Ctrl+S)"))
        self.open_button = QPushButton(_("Öppna…"))
        self.open_button.setToolTip(_("Öppna ett sparat scenario (Ctrl+O)"))
        self.compare_button = QPushButton(_("Jämför…"))
        self.print_button = QPushButton(_("Brev…"))
        self.print_button.setToolTip(_("Brevet till klienten: skriv ut (Ctrl+P) eller spara som PDF (Ctrl+Skift+S)"))
        letter_menu = QMenu(self.print_button)
        letter_menu.addAction(_("Skriv ut brevet…"), self.print_letter)
        letter_menu.addAction(_("Spara brevet som PDF…"), self.save_letter)
        self.print_button.setMenu(letter_menu)
        for b in (self.save_button, self.open_button, self.compare_button, self.print_button):
            top.addWidget(b)
        self.save_button.clicked.connect(self.save_scenario)
        self.open_button.clicked.connect(self.open_scenario)
        self.compare_button.clicked.connect(self.compare_scenarios)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_scenario)
        QShortcut(QKeySequence.StandardKey.Open, self, self.open_scenario)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_letter)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.save_letter)
        right.addLayout(top)

        self.model = MonthTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setAlternatingRowColors(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        hdr = self.table.horizontalHeader()
        hdr.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hdr.setMinimumSectionSize(56)
        # Tighter than the application's header style so six money columns fit beside the editor.
        hdr.setStyleSheet("QHeaderView::section { padding: 3px 3px; font-weight: normal; }")
        self.model.modelReset.connect(
            lambda: self.model.columnCount() and hdr.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        )
        hdr.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.setAccessibleName(_("Månad för månad"))
        right.addWidget(self.table)
        unit_note = hint_label(
            _("Alla belopp i kronor. Arvodet räknas före skatt; ”att leva på” är inkomster efter skatt plus förmåner.")
        )
        right.addWidget(unit_note)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        right.addWidget(self.summary)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("warning")
        self.warning_label.hide()
        right.addWidget(self.warning_label)

        charts = QHBoxLayout()
        self.curve_chart = LineChart()
        self.curve_chart.set_title(_("Att leva på per månad mot arvode"))
        self.cap_chart = BarChart()
        self.cap_chart.set_title(_("Använt tak (före skatt)"))
        charts.addWidget(self.curve_chart, 3)
        charts.addWidget(self.cap_chart, 2)
        right.addLayout(charts, 2)
        right_w = QWidget()
        right_w.setLayout(right)
        self.results_panel = right_w
        outer.addWidget(right_w, 1)

        self._sync_enabled()
        order: list[QWidget] = [
            self.participant_combo,
            self.load_button,
            self.year_spin,
            self.offset_combo,
            self.adult_birth,
            self.cohabiting,
            self.partner_birth,
            self.children_edit,
            self.housing,
            self.electricity,
            self.insurance,
            self.other_cost,
            self.se_net,
            self.barnbidrag,
            self.other_net,
            self.fs_applies,
            self.fs_months,
            self.btp_applies,
            self.btp_housing,
            self.btp_other,
            self.se_regime,
            self.se_degree,
            self.tax_mode,
            self.tax_percent,
            self.cap_edit,
            self.cap_basis,
            self.shield_fs,
            self.shield_btp,
            self.tax_free,
            self.decision_from,
            self.decision_to,
            self.plan_mode,
            self.task_combo,
            self.rate_edit,
            self.hours_slider,
            self.hours_spin,
            self.pieces_spin,
            self.kronor_edit,
            *self.plan_month_boxes,
            *self.fixed_edits,
            self.view_combo,
            self.save_button,
            self.open_button,
            self.compare_button,
            self.print_button,
            self.table,
        ]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._tab_order = order

    def _connect_changes(self) -> None:
        for w in self.findChildren(QLineEdit):
            w.textChanged.connect(self.schedule)
        for w in self.findChildren(QCheckBox):
            w.toggled.connect(self.schedule)
        for w in self.findChildren(QSpinBox) + self.findChildren(QDoubleSpinBox):
            w.valueChanged.connect(self.schedule)
        for w in (
            self.offset_combo,
            self.se_regime,
            self.se_degree,
            self.tax_mode,
            self.cap_basis,
            self.plan_mode,
            self.task_combo,
        ):
            w.currentIndexChanged.connect(self.schedule)
        self.year_spin.valueChanged.connect(self._year_changed)

    def _view_changed(self, _index: int) -> None:
        self.model.set_view(self.view_combo.currentData())
        self._fit_header()

    def _sync_enabled(self, *_args) -> None:
        self.fs_months.setEnabled(self.fs_applies.isChecked())
        on = self.btp_applies.isChecked()
        self.btp_housing.setEnabled(on)
        self.btp_other.setEnabled(on)
        self.tax_percent.setEnabled(self.tax_mode.currentData() == "percent")
        self.se_degree.setEnabled(self.se_regime.currentData() != "ingen")
        mode = self.plan_mode.currentData()
        self.task_combo.setEnabled(mode != PLAN_KRONOR)
        self.rate_edit.setEnabled(mode != PLAN_KRONOR)
        self.hours_spin.setEnabled(mode == PLAN_HOURS)
        self.hours_slider.setEnabled(mode == PLAN_HOURS)
        self.pieces_spin.setEnabled(mode == PLAN_PIECES)
        self.kronor_edit.setEnabled(mode == PLAN_KRONOR)

    def _task_chosen(self, _index: int) -> None:
        choice = self.task_combo.currentData()
        if choice is None:
            return
        self.rate_edit.set_value(choice.rate_ore)
        if choice.unit == "piece" and self.plan_mode.currentData() == PLAN_HOURS:
            self.plan_mode.setCurrentIndex(self.plan_mode.findData(PLAN_PIECES))
        elif choice.unit == "hour" and self.plan_mode.currentData() == PLAN_PIECES:
            self.plan_mode.setCurrentIndex(self.plan_mode.findData(PLAN_HOURS))

    def _year_changed(self, _v: int) -> None:
        self._update_cap_info(set_value=False)
        self.schedule()

    # ----------------------------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Load the parameter set, participants and task rates in the background (page convention)."""
        from sysselsattning.services import saved_scenarios as svc
        from sysselsattning.ui.tasks import run_in_background

        ctx = self.ctx
        on = date(self.year_spin.value(), 1, 1)
        today = ctx.now_date()
        rate_day = today if today.year == on.year else on

        def load():
            params = ctx.params()
            try:
                participants = svc.participants_for_simulation(ctx)
            except PermissionError:
                participants = []
            try:
                tasks = svc.task_rates(ctx, rate_day)
            except PermissionError:
                tasks = []
            return params, participants, tasks

        self._loading = True
        run_in_background(load, self._loaded, self._load_failed, parent=self, name="simulering: läs")

    def _loaded(self, data) -> None:
        params, participants, tasks = data
        self._loading = False
        self._params = params
        current = self.participant_combo.currentData()
        self.participant_combo.blockSignals(True)
        self.participant_combo.clear()
        self.participant_combo.addItem(_("Fritt scenario (ingen deltagare)"), None)
        for p in participants:
            self.participant_combo.addItem(p.label, p.id)
        idx = self.participant_combo.findData(current)
        self.participant_combo.setCurrentIndex(max(0, idx))
        self.participant_combo.blockSignals(False)
        self.task_combo.blockSignals(True)
        self.task_combo.clear()
        self.task_combo.addItem(_("Eget arvode"), None)
        unit_word = {"hour": _("per timme"), "piece": _("per styck"), "occasion": _("per tillfälle")}
        for t in tasks:
            self.task_combo.addItem(f"{t.label} ({format_money(t.rate_ore)} {unit_word.get(t.unit, '')})", t)
        self.task_combo.blockSignals(False)
        self._tasks = list(tasks)
        self._curve_key = None
        touched = getattr(self, "_touched", False)
        self._update_cap_info(set_value=not self.cap_edit.text().strip())
        self._touched = touched  # filling in the policy's cap is not the user's edit
        self.recompute_now()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        from sysselsattning.ui.app import error_text

        self.form_error.set_message(_("Kunde inte läsa från databasen: {fel}").format(fel=error_text(exc)))

    def on_data_changed(self, changes: set[str]) -> None:
        if changes & {"participants", "registry", "parameters", "all"}:
            self.refresh()

    def params(self):
        if self._params is not None:
            return self._params
        from sysselsattning.rules import default_parameters

        return default_parameters()

    def _update_cap_info(self, *, set_value: bool) -> None:
        year = self.year_spin.value()
        try:
            entry = self.params().entry("frikort.tak", date(year, 1, 1))
        except Exception:  # noqa: BLE001 - no cap parameter for that year
            self.cap_info.setText(_("Inget tak är beslutat för {year}.").format(year=year))
            return
        cap = int(parse_kronor(str(entry.value)))
        self.cap_info.setText(
            _("Taket som gäller {year}: {belopp}. Prova gärna ett annat belopp.").format(
                year=year, belopp=format_money(cap)
            )
        )
        self._policy_cap = cap
        if set_value:
            self.cap_edit.set_value(cap)

    def load_participant(self) -> None:
        """Fill the form from the chosen participant (their recorded arvode this year), in the background."""
        pid = self.participant_combo.currentData()
        if pid is None:
            self._participant_id = None
            self.start_info.hide()
            return
        try:
            from sysselsattning.services.scenarios import scenario_from_participant
        except ImportError:
            self.form_error.set_message(_("Att hämta en deltagares arvode finns inte i den här versionen."))
            return
        from sysselsattning.ui.tasks import run_in_background

        ctx, year = self.ctx, self.year_spin.value()
        self.load_button.setEnabled(False)

        def done(scenario: dict) -> None:
            self.load_button.setEnabled(True)
            self._participant_id = pid
            self._participant_label = self.participant_combo.currentText()
            self.set_scenario(scenario, recorded=True)

        def failed(exc: BaseException) -> None:
            self.load_button.setEnabled(True)
            from sysselsattning.ui.app import error_text

            self.form_error.set_message(error_text(exc))

        run_in_background(
            lambda: scenario_from_participant(ctx, pid, year), done, failed, parent=self, name="simulering: deltagare"
        )

    # ---------------------------------------------------------------------------- form ↔ scenario
    def set_scenario(self, scenario: dict, *, recorded: bool = False) -> None:
        """Fill every field from a §6 dict. With ``recorded`` the months before the current one are the
        participant's recorded arvode and the plan covers the rest of the year."""
        s = scenario
        widgets = [w for w in self.findChildren(QWidget)]
        for w in widgets:
            w.blockSignals(True)
        try:
            self.year_spin.setValue(int(s.get("year", self.year_spin.value())))
            self.offset_combo.setCurrentIndex(max(0, self.offset_combo.findData(int(s.get("income_month_offset", 1)))))
            hh = s.get("household", {})
            adults = hh.get("adults", [])
            self.adult_birth.setText(adults[0].get("birth_date", "") if adults else "")
            self.cohabiting.setChecked(bool(hh.get("cohabiting")) or len(adults) > 1)
            self.partner_birth.setText(adults[1].get("birth_date", "") if len(adults) > 1 else "")
            self.partner_birth.setEnabled(self.cohabiting.isChecked())
            self.children_edit.setText(", ".join(c.get("birth_date", "") for c in hh.get("children", [])))
            costs = hh.get("costs", {})
            for edit, key in (
                (self.housing, "housing"),
                (self.electricity, "electricity"),
                (self.insurance, "home_insurance"),
                (self.other_cost, "other"),
            ):
                edit.set_value(_ore(costs.get(key, "0")))
            oi = s.get("other_income", {})
            for edit, key in (
                (self.se_net, "sjukersattning_net"),
                (self.barnbidrag, "barnbidrag"),
                (self.other_net, "other_net"),
            ):
                edit.set_value(_ore(oi.get(key, "0")))
            fs = s.get("forsorjningsstod", {})
            self.fs_applies.setChecked(bool(fs.get("applies", True)))
            self.fs_months.setValue(int(fs.get("consecutive_months_before_year", 0)))
            btp = s.get("bostadstillagg", {})
            self.btp_applies.setChecked(bool(btp.get("applies", False)))
            self.btp_housing.set_value(_ore(btp.get("housing_cost", "0")))
            self.btp_other.set_value(_ore(btp.get("other_reducing_income_year", "0")))
            se = s.get("sjukersattning")
            regime = se.get("regime", "ingen") if isinstance(se, dict) else "ingen"
            self.se_regime.setCurrentIndex(max(0, self.se_regime.findData(regime)))
            degree = se.get("degree", "hel") if isinstance(se, dict) else "hel"
            self.se_degree.setCurrentIndex(max(0, self.se_degree.findData(degree)))
            self._se_extra = (
                {k: v for k, v in se.items() if k not in ("regime", "degree")} if isinstance(se, dict) else {}
            )
            arv = s.get("arvode", {})
            tax = arv.get("tax", {})
            self.tax_mode.setCurrentIndex(max(0, self.tax_mode.findData(tax.get("mode", "percent"))))
            if tax.get("percent") is not None:
                self.tax_percent.set_value(Decimal(str(tax.get("percent"))))
            pol = s.get("policy", {})
            if pol.get("cap") is not None:
                self.cap_edit.set_value(_ore(pol["cap"]))
            self.cap_basis.setCurrentIndex(max(0, self.cap_basis.findData(pol.get("basis", "gross"))))
            shields = pol.get("shields", ["forsorjningsstod", "bostadstillagg"])
            self.shield_fs.setChecked("forsorjningsstod" in shields)
            self.shield_btp.setChecked("bostadstillagg" in shields)
            self.tax_free.setChecked(bool(pol.get("tax_free", False)))
            self.decision_from.setText(str(pol.get("decision_from") or ""))
            self.decision_to.setText(str(pol.get("decision_to") or ""))
            gross = list(arv.get("monthly_gross", ["0.00"] * 12))
            for i, e in enumerate(self.fixed_edits):
                v = _ore(gross[i]) if i < len(gross) else 0
                e.setText("" if v == 0 else format_money(v, unit=False))
            today = self.ctx.now_date()
            year = self.year_spin.value()
            # Months already begun hold recorded work; the plan starts with the next month.
            first_open = 0 if year > today.year else 12 if year < today.year else today.month
            if recorded:
                for i, cb in enumerate(self.plan_month_boxes):
                    cb.setChecked(i >= first_open)
                info = _(
                    "Hämtat: {deltagare}. Godkänt och inrapporterat arvode står som fasta belopp per månad."
                ).format(deltagare=self._participant_label)
                if first_open < 12:
                    info += " " + _("Planen läggs till från och med {manad}.").format(manad=_(MONTHS_LONG[first_open]))
                self.start_info.setText(info)
                self.start_info.show()
            else:
                # A saved scenario carries its months as fixed amounts; the plan starts empty.
                for cb in self.plan_month_boxes:
                    cb.setChecked(False)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._sync_enabled()
        self._curve_key = None
        self._touched = True
        self.recompute_now()

    def plan_monthly_ore(self) -> int:
        """The planned gross arvode per month from the plan fields (öre). Raises InputError."""
        mode = self.plan_mode.currentData()
        if mode == PLAN_KRONOR:
            return self.kronor_edit.value() or 0
        rate = self.rate_edit.value() or 0
        if mode == PLAN_HOURS:
            hours = Decimal(str(self.hours_spin.value()))
            return int((Decimal(rate) * hours * WEEKS_PER_MONTH).to_integral_value(rounding=ROUND_HALF_UP))
        return rate * self.pieces_spin.value()

    def _read_money(self, edit: MoneyEdit, key: str, problems: list[Problem], *, default: int = 0) -> int:
        try:
            v = edit.value()
        except InputError as exc:
            problems.append(exc.as_problem(key))
            return default
        if v is None:
            return default
        if v < 0:
            problems.append(Problem(key, "money_negative"))
            return default
        if v > MAX_MONEY_ORE:
            problems.append(Problem(key, "amount_too_large", {"max": format_money(MAX_MONEY_ORE)}))
            return default
        return v

    def _read_date(self, edit: QLineEdit, key: str, problems: list[Problem], *, required: bool) -> str | None:
        from sysselsattning.ui.widgets import parse_date_text

        try:
            d = parse_date_text(edit.text())
        except InputError as exc:
            problems.append(exc.as_problem(key))
            return None
        if d is None:
            if required:
                problems.append(Problem(key, "required"))
            return None
        if d > self.ctx.now_date():
            problems.append(Problem(key, "date_future", {"date": d.isoformat()}))
            return None
        return d.isoformat()

    def build_scenario(self) -> tuple[dict | None, list[Problem]]:
        """Read the form into a §6 dict; problems name the field keys of :attr:`_fields`."""
        problems: list[Problem] = []
        year = self.year_spin.value()
        adults = []
        b = self._read_date(self.adult_birth, "household.adults[0].birth_date", problems, required=True)
        adults.append({"birth_date": b})
        cohab = self.cohabiting.isChecked()
        if cohab:
            b2 = self._read_date(self.partner_birth, "household.adults[1].birth_date", problems, required=True)
            adults.append({"birth_date": b2})
        children = []
        from sysselsattning.ui.widgets import parse_date_text

        for part in [p.strip() for p in self.children_edit.text().replace(";", ",").split(",") if p.strip()]:
            try:
                d = parse_date_text(part)
            except InputError:
                problems.append(Problem("household.children", "date_invalid"))
                break
            if d is not None and d > self.ctx.now_date():
                problems.append(Problem("household.children", "date_future", {"date": d.isoformat()}))
                break
            children.append({"birth_date": d.isoformat()})
        m = self._read_money
        costs = {
            "housing": ore_to_str(m(self.housing, "household.costs.housing", problems)),
            "electricity": ore_to_str(m(self.electricity, "household.costs.electricity", problems)),
            "home_insurance": ore_to_str(m(self.insurance, "household.costs.home_insurance", problems)),
            "other": ore_to_str(m(self.other_cost, "household.costs.other", problems)),
        }
        other = {
            "sjukersattning_net": ore_to_str(m(self.se_net, "other_income.sjukersattning_net", problems)),
            "barnbidrag": ore_to_str(m(self.barnbidrag, "other_income.barnbidrag", problems)),
            "other_net": ore_to_str(m(self.other_net, "other_income.other_net", problems)),
        }
        tax_mode = self.tax_mode.currentData()
        tax: dict[str, Any] = {"mode": tax_mode}
        if tax_mode == "percent":
            try:
                pct = self.tax_percent.value()
            except InputError as exc:
                problems.append(exc.as_problem("arvode.tax.percent"))
                pct = None
            if pct is None:
                if not any(p.field == "arvode.tax.percent" for p in problems):
                    problems.append(Problem("arvode.tax.percent", "required"))
            elif not (0 <= pct <= 100):
                problems.append(Problem("arvode.tax.percent", "percent_range"))
            else:
                tax["percent"] = f"{pct.normalize():f}"
        # plan
        try:
            plan = self.plan_monthly_ore()
        except InputError as exc:
            key = "plan.kronor" if self.plan_mode.currentData() == PLAN_KRONOR else "plan.rate"
            problems.append(exc.as_problem(key))
            plan = 0
        if plan < 0:
            key = "plan.kronor" if self.plan_mode.currentData() == PLAN_KRONOR else "plan.rate"
            problems.append(Problem(key, "money_negative"))
            plan = 0
        gross = []
        for i, e in enumerate(self.fixed_edits):
            fixed = m(e, f"fixed[{i}]", problems)
            gross.append(fixed + (plan if self.plan_month_boxes[i].isChecked() else 0))
        self._plan_ore = plan
        cap = m(self.cap_edit, "policy.cap", problems, default=getattr(self, "_policy_cap", 0))
        shields = [
            k for k, cb in (("forsorjningsstod", self.shield_fs), ("bostadstillagg", self.shield_btp)) if cb.isChecked()
        ]
        scenario: dict[str, Any] = {
            "year": year,
            "income_month_offset": int(self.offset_combo.currentData()),
            "household": {"adults": adults, "cohabiting": cohab, "children": children, "costs": costs},
            "other_income": other,
            "forsorjningsstod": {
                "applies": self.fs_applies.isChecked(),
                "consecutive_months_before_year": self.fs_months.value(),
            },
            "bostadstillagg": {
                "applies": self.btp_applies.isChecked(),
                "housing_cost": ore_to_str(m(self.btp_housing, "bostadstillagg.housing_cost", problems)),
                "other_reducing_income_year": ore_to_str(
                    m(self.btp_other, "bostadstillagg.other_reducing_income_year", problems)
                ),
            },
            "arvode": {"monthly_gross": [ore_to_str(g) for g in gross], "tax": tax},
            "policy": {
                "cap": ore_to_str(cap),
                "basis": self.cap_basis.currentData(),
                "shields": shields,
                "tax_free": self.tax_free.isChecked(),
            },
        }
        from sysselsattning.ui.widgets import parse_date_text as _pd

        for key, edit in (("decision_from", self.decision_from), ("decision_to", self.decision_to)):
            try:
                d = _pd(edit.text())
            except InputError as exc:
                problems.append(exc.as_problem(f"policy.{key}"))
                continue
            if d is not None:
                scenario["policy"][key] = d.isoformat()
        regime = self.se_regime.currentData()
        if regime != "ingen" and _engine_accepts("sjukersattning"):
            scenario["sjukersattning"] = {
                **getattr(self, "_se_extra", {}),
                "regime": regime,
                "degree": self.se_degree.currentData(),
            }
        return (None if problems else scenario), problems

    # ------------------------------------------------------------------------------------- compute
    def schedule(self, *_args) -> None:
        """Debounce: recompute 50 ms after the last change."""
        self._touched = True
        self._timer.start()

    def recompute_now(self) -> None:
        t0 = time.perf_counter()
        self._timer.stop()
        scenario, problems = self.build_scenario()
        result = None
        if scenario is not None:
            from sysselsattning.domain.rules.scenario import ScenarioError
            from sysselsattning.domain.rules.simulation import simulate_dict

            try:
                result = simulate_dict(scenario, self.params())
            except ScenarioError as exc:
                problems.append(
                    Problem(_field_for_key(str(exc.key), self._fields), "scenario_invalid", {}, str(exc.message))
                )
            except Exception as exc:  # noqa: BLE001 - a parameter gap (e.g. a year without rules) is shown, not raised
                problems.append(Problem("", "scenario_invalid", {}, _("Kan inte räkna: {fel}").format(fel=exc)))
        if not getattr(self, "_touched", False) and problems and all(p.code == "required" for p in problems):
            # A fresh page: invite rather than scold.
            self._show_problems([])
            self._set_stale(True)
            self.summary.setText(
                _(
                    "Välj en deltagare och tryck Hämta, eller fyll i födelsedatum, kostnader och "
                    "planerat arbete – resultatet visas direkt."
                )
            )
            self.last_compute_ms = (time.perf_counter() - t0) * 1000
            self.results_updated.emit()
            return
        self._show_problems(problems)
        if result is not None:
            self._scenario = scenario
            self._result = result
            self._show_result(scenario, result)
        else:
            self._set_stale(True)
        self.last_compute_ms = (time.perf_counter() - t0) * 1000
        self.results_updated.emit()

    def _show_problems(self, problems: list[Problem]) -> None:
        by_field: dict[str, list[str]] = {}
        rest: list[str] = []
        for p in problems:
            if p.field in self._fields:
                by_field.setdefault(p.field, []).append(problem_text(p))
            else:
                rest.append(problem_text(p))
        fixed_msgs = []
        for key, widget in self._fields.items():
            text = " ".join(by_field.get(key, []))
            if key.startswith("fixed["):
                set_field_error(widget, text)
                if text:
                    i = int(key[6:-1])
                    fixed_msgs.append(f"{_(MONTHS_LONG[i])}: {text}")
            elif isinstance(widget, QLineEdit) or getattr(widget, "_error_label", None) is not None:
                set_field_error(widget, text)
            elif text:
                rest.append(text)
        self.fixed_error.set_message("  ".join(fixed_msgs))
        self.form_error.set_message("\n".join(rest))

    def field_error_text(self, key: str) -> str:
        """The Swedish message shown at the field ``key`` (tests, accessibility)."""
        from sysselsattning.ui.widgets import field_error

        w = self._fields[key]
        return field_error(w)

    def _set_stale(self, stale: bool) -> None:
        self.table.setEnabled(not stale)
        if stale:
            self.summary.setText(_("<i>Rätta de markerade fälten så räknas året om.</i>"))

    def _show_result(self, scenario: dict, result: dict) -> None:
        self._set_stale(False)
        btp = bool(scenario["bostadstillagg"]["applies"]) or any(
            _ore(mo.get(c, {}).get("bostadstillagg")) for mo in result.get("months", []) for c in CASES
        )
        se = any(_ore(mo.get(c, {}).get("sjukersattning")) for mo in result.get("months", []) for c in CASES)
        self.model.set_result(result, btp=btp, se=se)
        self._fit_header()
        months = result.get("months", [])
        disp = {c: sum(_ore(mo.get(c, {}).get("disposable_income")) for mo in months) for c in CASES}
        gross = sum(_ore(mo.get("current_rules", {}).get("arvode_gross")) for mo in months)
        n = case_names()
        lines = [
            _(
                "<b>Hela året:</b> arvode {brutto} före skatt. Att leva på: utan arbete {utan}, "
                "nuvarande regler {nu}, med tak {tak}."
            ).format(
                brutto=format_money(gross),
                utan=format_money(disp["no_work"]),
                nu=format_money(disp["current_rules"]),
                tak=format_money(disp["with_cap"]),
            )
        ]
        for c in ("current_rules", "with_cap"):
            gain = disp[c] - disp["no_work"]
            lines.append(
                f"<b>{n[c]}:</b> "
                + kept_per_krona_text(gain, gross)
                + (" " + _("({vinst} mer under året)").format(vinst=format_money(gain)) if gross else "")
            )
        self.summary.setText("<br>".join(lines))
        warnings = relevant_warnings(result, btp)
        short = list(dict.fromkeys(_(_short_warning(w)) for w in warnings))  # fixed ones: reports.simulation_letter
        self.warning_label.setText(_("Uppskattning: ") + " ".join(short) if short else "")
        self.warning_label.setToolTip("\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        plan = getattr(self, "_plan_ore", 0)
        self.plan_amount.setText(_("Planen ger {belopp} före skatt per månad.").format(belopp=format_money(plan)))
        self._update_charts(scenario, result, plan)

    def _fit_header(self) -> None:
        hdr = self.table.horizontalHeader()
        fm = hdr.fontMetrics()
        lines = max(
            [
                str(self.model.headerData(c, Qt.Orientation.Horizontal)).count("\n") + 1
                for c in range(self.model.columnCount())
            ]
            or [1]
        )
        hdr.setMinimumHeight(fm.height() * lines + 10)
        rows = self.model.rowCount()
        self.table.setFixedHeight(
            hdr.minimumHeight()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
            + 2
        )

    def _update_charts(self, scenario: dict, result: dict, plan_ore: int) -> None:
        months = result.get("months", [])
        cap = _ore(scenario["policy"]["cap"])
        self.cap_chart.set_bars(
            [_(m) for m in MONTHS_SHORT][: len(months)],
            [_ore(mo.get("with_cap", {}).get("cap_used")) for mo in months],
            limit_ore=cap,
        )
        # The curve depends on the household, not on the plan: cache it by the scenario minus the plan.
        base = copy.deepcopy(scenario)
        base["arvode"]["monthly_gross"] = ["0.00"] * 12
        top = max(CURVE_MAX_ORE, ((plan_ore * 6 // 5) // CURVE_STEP_ORE + 1) * CURVE_STEP_ORE)
        key = json.dumps(base, sort_keys=True) + f"|{top}|{id(self._params)}"
        if key != self._curve_key:
            levels = list(range(0, top + 1, CURVE_STEP_ORE))
            self._curve_rows = self._earnings_curve(base, levels)
            self._curve_key = key
        n = case_names()
        series = [
            Series(
                n[c], QColor(CASE_COLORS[c]), [(x, vals[c]) for x, vals in self._curve_rows], dashed=(c == "no_work")
            )
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

    def _earnings_curve(self, base: dict, levels: list[int]) -> list[tuple[int, dict[str, int]]]:
        from sysselsattning.domain.rules.scenario import parse_scenario
        from sysselsattning.domain.rules.simulation import earnings_curve

        rows = earnings_curve(parse_scenario(base), self.params(), levels)
        out = []
        for level, row in zip(levels, rows):
            vals = {}
            for c in CASES:
                v = row.get(c) if isinstance(row, dict) else None
                if isinstance(v, dict):
                    v = v.get("disposable_income")
                vals[c] = _ore(v)
            out.append((level, vals))
        return out

    # -------------------------------------------------------------------------------- saved scenarios
    def save_scenario(self) -> None:
        scenario, problems = self.build_scenario()
        if scenario is None:
            QMessageBox.information(self, _("Spara scenario"), _("Rätta de markerade fälten först."))
            return
        default = (
            _("{deltagare} {year}")
            .format(deltagare=self._participant_label.split(" (")[0], year=scenario["year"])
            .strip()
        )
        name, ok = QInputDialog.getText(self, _("Spara scenario"), _("Namn på scenariot:"), text=default)
        if not ok:
            return
        self.save_as(name, scenario)

    def save_as(self, name: str, scenario: dict | None = None, on_done: Callable[[Any], None] | None = None) -> None:
        """Save in the background (writer queue); problems are shown in Swedish."""
        from sysselsattning.services import saved_scenarios as svc
        from sysselsattning.ui.tasks import run_in_background

        scenario = scenario if scenario is not None else self.build_scenario()[0]
        ctx, pid = self.ctx, self._participant_id

        def done(info) -> None:
            self.changed.emit({"scenarios"})
            if on_done:
                on_done(info)

        run_in_background(
            lambda: svc.save(ctx, name, scenario, participant_id=pid),
            done,
            parent=self,
            write=True,
            name="simulering: spara",
        )

    def open_scenario(self) -> None:
        from sysselsattning.services import saved_scenarios as svc
        from sysselsattning.ui.tasks import run_in_background

        ctx, pid = self.ctx, self._participant_id

        def chosen(rows) -> None:
            if not rows:
                QMessageBox.information(self, _("Öppna scenario"), _("Det finns inga sparade scenarier."))
                return
            labels = [f"{r.name} – {r.created_at:%Y-%m-%d %H:%M} ({r.created_by})" for r in rows]
            label, ok = QInputDialog.getItem(self, _("Öppna scenario"), _("Sparade scenarier:"), labels, 0, False)
            if ok:
                self.open_saved(rows[labels.index(label)].id)

        run_in_background(lambda: svc.list_scenarios(ctx, participant_id=pid), chosen, parent=self)

    def open_saved(self, scenario_id: int, on_done: Callable[[], None] | None = None) -> None:
        from sysselsattning.services import saved_scenarios as svc
        from sysselsattning.ui.tasks import run_in_background

        ctx = self.ctx

        def done(saved) -> None:
            self._participant_id = saved.participant_id
            self.set_scenario(saved.scenario)
            self.start_info.setText(_("Öppnat: {namn}").format(namn=saved.name))
            self.start_info.show()
            if on_done:
                on_done()

        run_in_background(lambda: svc.load(ctx, scenario_id), done, parent=self)

    def compare_scenarios(self) -> None:
        from sysselsattning.services import saved_scenarios as svc
        from sysselsattning.ui.tasks import run_in_background

        ctx, pid = self.ctx, self._participant_id

        def load_all():
            return [svc.load(ctx, r.id) for r in svc.list_scenarios(ctx, participant_id=pid)[:50]]

        def show(saved) -> None:
            current = ("__current__", _("Det som visas nu"), self._scenario) if self._scenario else None
            items = ([current] if current else []) + [(s.id, s.name, s.scenario) for s in saved]
            if len(items) < 2:
                QMessageBox.information(
                    self, _("Jämför scenarier"), _("Spara minst ett scenario för att kunna jämföra.")
                )
                return
            CompareDialog(items, self.params(), self).exec()

        run_in_background(load_all, show, parent=self)

    # ------------------------------------------------------------------------------------ printing
    def letter_pdf(self, client_name: str = "", caseworker: str = "") -> bytes:
        from sysselsattning.reports.simulation_letter import render

        if self._result is None or self._scenario is None:
            raise ValueError(_("Det finns inget resultat att skriva ut."))
        return render(
            self._result, self._scenario, client_name=client_name, caseworker=caseworker, today=self.ctx.now_date()
        )

    def print_letter(self) -> None:
        """Qt's print dialog picks the printer; the letter is rendered in the background and sent to it."""
        if self._result is None:
            QMessageBox.information(self, _("Skriv ut brev"), _("Rätta de markerade fälten först."))
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Skriv ut brevet"))
        if not dialog.exec():
            return
        import tempfile

        from sysselsattning.paths import data_dir

        folder = data_dir() / "utskrifter"
        folder.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(prefix="berakning-", suffix=".pdf", dir=folder)
        os.close(fd)
        name, copies = printer.printerName(), printer.copyCount()
        self.write_letter(path, on_done=lambda p: self._send_to_printer(p, name, copies))

    def _send_to_printer(self, path: str, printer_name: str, copies: int) -> None:
        """The PDF goes to the chosen printer through the system's print service (lp, or Windows' print verb)."""
        import shutil
        import subprocess
        import sys

        try:
            if sys.platform.startswith("win"):
                os.startfile(path, "print")  # type: ignore[attr-defined]
            elif shutil.which("lp"):
                args = (
                    ["lp"]
                    + (["-d", printer_name] if printer_name else [])
                    + (["-n", str(copies)] if copies > 1 else [])
                )
                subprocess.run([*args, path], check=True, capture_output=True, timeout=60)
            else:
                raise OSError(_("ingen utskriftstjänst hittades"))
        except (OSError, subprocess.SubprocessError) as exc:
            QMessageBox.warning(
                self,
                _("Utskrift"),
                _(
                    "Kunde inte skicka till skrivaren ({fel}). Brevet finns i {fil} – öppna det och skriv ut därifrån."
                ).format(fel=exc, fil=path),
            )

    def save_letter(self) -> None:
        """Save the client letter as PDF (rendered in the background) and open it."""
        if self._result is None:
            QMessageBox.information(self, _("Spara brevet"), _("Rätta de markerade fälten först."))
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Spara brevet som PDF"),
            _("berakning-{year}.pdf").format(year=self._scenario["year"]),
            _("PDF (*.pdf)"),
        )
        if not path:
            return
        self.write_letter(path, open_after=True)

    def write_letter(
        self, path: str, *, open_after: bool = False, on_done: Callable[[str], None] | None = None
    ) -> None:
        from sysselsattning.reports.simulation_letter import render
        from sysselsattning.ui.tasks import run_in_background

        result, scenario = copy.deepcopy(self._result), copy.deepcopy(self._scenario)
        client = self._participant_label.split(" (")[0]
        if ", " in client:
            last, first = client.split(", ", 1)
            client = f"{first} {last}"
        caseworker, today = self.ctx.username, self.ctx.now_date()

        def work():
            data = render(result, scenario, client_name=client, caseworker=caseworker, today=today)
            with open(path, "wb") as fh:
                fh.write(data)
            return path

        def done(p: str) -> None:
            if open_after:
                from PySide6.QtCore import QUrl
                from PySide6.QtGui import QDesktopServices

                QDesktopServices.openUrl(QUrl.fromLocalFile(p))
            if on_done:
                on_done(p)

        run_in_background(work, done, progress=_("Skapar brevet…"), parent=self, name="simulering: brev")


# ----------------------------------------------------------------------------------------- compare
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
        from sysselsattning.domain.rules.simulation import simulate_dict

        result = simulate_dict(scenario, self._params)
        months = result.get("months", [])
        return {c: {k: sum(_ore(m.get(c, {}).get(k)) for m in months) for k, _l in self.ROWS} for c in CASES}

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


# ------------------------------------------------------------------------------------------- helpers
def relevant_warnings(result: dict, btp: bool) -> list[str]:
    """The engine's warnings, without the bostadstillägg note when the household has no bostadstillägg."""
    out = []
    for w in result.get("warnings", []) or []:
        text = str(w)
        if not btp and text.startswith("Bostadstillägg"):  # the engine's text is Swedish
            continue
        out.append(text)
    return out


def _short_warning(text: str) -> str:
    """A warning without its list of parameter names (those are in the tooltip and the settings page)."""
    import re

    text = re.sub(r"\s*[–-]\s*obekräftade parametrar:.*$", ".", text)
    text = re.sub(r"\s*\(obekräfta[^)]*\)", " (obekräftat)", text)
    return text.strip()


def _interpolate(rows: list[tuple[int, dict[str, int]]], x: int, case: str) -> int:
    if not rows:
        return 0
    if x <= rows[0][0]:
        return rows[0][1][case]
    for (x0, v0), (x1, v1) in zip(rows, rows[1:]):
        if x0 <= x <= x1:
            if x1 == x0:
                return v0[case]
            return v0[case] + (v1[case] - v0[case]) * (x - x0) // (x1 - x0)
    return rows[-1][1][case]


def _field_for_key(key: str, fields: dict[str, QWidget]) -> str:
    """Map an engine error key (e.g. ``household.costs.housing`` or ``arvode.monthly_gross[2]``) to a field."""
    if key in fields:
        return key
    if key.startswith("arvode.monthly_gross"):
        try:
            return f"fixed[{int(key.split('[')[1].split(']')[0])}]"
        except (IndexError, ValueError):
            return "fixed[0]"
    if key.startswith("household.children"):
        return "household.children"
    if key.startswith("sjukersattning"):
        return "sjukersattning"
    for k in fields:
        if key.startswith(k):
            return k
    return key


_ACCEPTS: dict[str, bool] = {}


def _engine_accepts(top_key: str) -> bool:
    """Whether the rules engine's scenario parser knows a top-level key (checked once)."""
    if top_key not in _ACCEPTS:
        try:
            from sysselsattning.domain.rules import scenario as sc

            known = getattr(sc, "TOP_KEYS", None)
            _ACCEPTS[top_key] = bool(known) and top_key in known
        except ImportError:
            _ACCEPTS[top_key] = False
    return _ACCEPTS[top_key]
