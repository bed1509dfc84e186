"""The simulator page's scenario editor: the form on the left, read into and filled from a design §6 dict.

Household, costs, other incomes, benefits, tax, the cap policy and the planned work, in a vertical scroll area.
Each field shows its Swedish problem below itself (``widgets.with_error_label``); :meth:`ScenarioEditor.read`
returns the §6 dict or the problems keyed by the field keys of :attr:`ScenarioEditor.fields`, and
:meth:`ScenarioEditor.show_problems` puts them at their fields. Every edit emits ``edited``, except a step of the
hours slider (or its spin box), which emits ``plan_stepped``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.domain.money import parse_kronor
from sysselsattning.domain.problems import Problem
from sysselsattning.i18n import _, format_money
from sysselsattning.i18n.format import MONTHS_LONG, MONTHS_SHORT
from sysselsattning.i18n.messages import problem_text
from sysselsattning.rules.parameters import ParameterMissing
from sysselsattning.ui.pages.simulation.common import (
    PLAN_HOURS,
    PLAN_KRONOR,
    PLAN_PIECES,
)
from sysselsattning.ui.pages.simulation.form_io import ScenarioFormMixin
from sysselsattning.ui.widgets import (
    DateEdit,
    FieldError,
    MoneyEdit,
    PercentEdit,
    field_error,
    hint_label,
    page_title,
    set_field_error,
    with_error_label,
)


def _form(parent: QWidget) -> QFormLayout:
    f = QFormLayout(parent)
    f.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return f


class ScenarioEditor(ScenarioFormMixin, QScrollArea):
    """The form. ``today`` gives the date that birth dates may not be after (the context's clock)."""

    edited = Signal()
    plan_stepped = Signal()  # the hours slider (or its spin box) moved: only the plan changed

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.fields: dict[str, QWidget] = {}
        self.policy_cap = 0  # the cap of the parameter set for the year, used while the cap field is empty
        self.plan_ore = 0  # the plan's monthly gross, from the last read()
        self._se_extra: dict[str, Any] = {}
        editor = QWidget()
        form_col = QVBoxLayout(editor)
        form_col.setContentsMargins(0, 0, 6, 0)
        form_col.setSpacing(8)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(editor)
        self.setFixedWidth(356)

        form_col.addWidget(page_title(_("Simulering")))

        # start
        start = QGroupBox(_("Utgångsläge"))
        f = _form(start)
        self.participant_combo = QComboBox()
        self.participant_combo.addItem(_("Ingen deltagare (fritt)"), None)
        self.participant_combo.setMinimumContentsLength(18)
        self.participant_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.load_button = QPushButton(_("Hämta"))
        self.load_button.setToolTip(_("Hämta deltagarens registrerade och godkända arvode i år"))
        row = QHBoxLayout()
        row.addWidget(self.participant_combo, 1)
        row.addWidget(self.load_button)
        f.addRow(_("Deltagare:"), row)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today().year)
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
        self.fields["household.adults[0].birth_date"] = self.adult_birth
        f.addRow(_("Födelsedatum (deltagaren):"), with_error_label(self.adult_birth))
        self.cohabiting = QCheckBox(_("Gift eller sambo"))
        f.addRow("", self.cohabiting)
        self.partner_birth = DateEdit()
        self.partner_birth.setEnabled(False)
        self.fields["household.adults[1].birth_date"] = self.partner_birth
        f.addRow(_("Födelsedatum (partner):"), with_error_label(self.partner_birth))
        self.cohabiting.toggled.connect(self.partner_birth.setEnabled)
        self.children_edit = QLineEdit()
        self.children_edit.setPlaceholderText(_("ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DD …"))
        self.fields["household.children"] = self.children_edit
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
        self.fields["forsorjningsstod.consecutive_months_before_year"] = self.fs_months
        f.addRow(_("Månader i följd före året:"), with_error_label(self.fs_months))
        self.btp_applies = QCheckBox(_("Bostadstillägg (Försäkringskassan)"))
        f.addRow(self.btp_applies)
        self.btp_housing = self._money("bostadstillagg.housing_cost")
        f.addRow(_("Boendekostnad per månad:"), with_error_label(self.btp_housing))
        self.btp_se_ae = self._money("bostadstillagg.se_ae_year")
        self.btp_se_ae.setPlaceholderText(_("från sjukersättningen"))
        self.btp_se_ae.setToolTip(
            _("Sjuk- eller aktivitetsersättning per år före skatt. Tomt: räknas från sjukersättningen nedan.")
        )
        f.addRow(_("Sjuk-/aktivitetsersättning per år:"), with_error_label(self.btp_se_ae))
        self.btp_other_80 = self._money("bostadstillagg.other_income_year")
        self.btp_other_80.setToolTip(_("Till exempel a-kassa eller föräldrapenning. Räknas till 80 procent."))
        f.addRow(_("Annan inkomst per år (80 %):"), with_error_label(self.btp_other_80))
        self.btp_other = self._money("bostadstillagg.other_reducing_income_year")
        self.btp_other.setToolTip(_("Inkomst som räknas fullt, till exempel kapitalinkomst."))
        f.addRow(_("Inkomst som räknas fullt, per år:"), with_error_label(self.btp_other))
        self.bb_applies = QCheckBox(_("Bostadsbidrag (Försäkringskassan)"))
        f.addRow(self.bb_applies)
        self.bb_housing = self._money("bostadsbidrag.housing_cost")
        self.bb_housing.setToolTip(_("Den bostadskostnad Försäkringskassan räknar med (hyra med värme)."))
        f.addRow(_("Bostadskostnad för bidraget:"), with_error_label(self.bb_housing))
        self.bb_other_bgi = self._money("bostadsbidrag.other_bgi_year")
        self.bb_other_bgi.setToolTip(
            _("Inkomst per år före skatt utan arvodet: lön, sjukersättning, a-kassa, föräldrapenning.")
        )
        f.addRow(_("Inkomst per år utan arvodet:"), with_error_label(self.bb_other_bgi))
        self.bb_reported = QCheckBox(_("Arvodet anmäls till Försäkringskassan"))
        self.bb_reported.setChecked(True)
        self.fields["bostadsbidrag.arvode_reported"] = self.bb_reported
        f.addRow(self.bb_reported)
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
        self.fields["sjukersattning"] = self.se_regime
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
        self.se_gross = self._money("sjukersattning.monthly_gross")
        self.se_gross.setPlaceholderText(_("som efter skatt"))
        f.addRow(_("Sjukersättning före skatt per månad:"), with_error_label(self.se_gross))
        self.se_vilande_before = QSpinBox()
        self.se_vilande_before.setRange(0, 120)
        self.se_vilande_before.setSuffix(_(" mån"))
        self.fields["sjukersattning.vilande_months_before_year"] = self.se_vilande_before
        f.addRow(_("Vilande månader före året:"), with_error_label(self.se_vilande_before))
        self.se_regime.currentIndexChanged.connect(self.sync_enabled)
        self.btp_applies.toggled.connect(self.sync_enabled)
        self.bb_applies.toggled.connect(self.sync_enabled)
        self.fs_applies.toggled.connect(self.sync_enabled)
        form_col.addWidget(ben)

        # tax
        tax = QGroupBox(_("Skatt på arvodet"))
        f = _form(tax)
        self.tax_mode = QComboBox()
        self.tax_mode.addItem(_("Procent av arvodet"), "percent")
        self.tax_mode.addItem(_("Skattetabell (arvodet är huvudinkomsten)"), "table")
        self.tax_mode.addItem(_("Ingen skatt"), "none")
        f.addRow(_("Skatteavdrag:"), self.tax_mode)
        self.tax_percent = PercentEdit()
        self.tax_percent.setText("30")
        self.fields["arvode.tax.percent"] = self.tax_percent
        f.addRow(_("Procent:"), with_error_label(self.tax_percent))
        self.tax_table = QSpinBox()
        self.tax_table.setRange(28, 42)  # 28 = "standard": the parameters' default table
        self.tax_table.setSpecialValueText(_("standard"))
        self.tax_table.setValue(28)
        self.tax_table.setToolTip(
            _("Tabellnumret från A-skattsedeln. Används för skatteavdraget och för slutlig skatt (återbäring).")
        )
        self.fields["arvode.tax.table"] = self.tax_table
        f.addRow(_("Tabell:"), with_error_label(self.tax_table))
        self.tax_mode.currentIndexChanged.connect(self.sync_enabled)
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
        self.shield_bb = QCheckBox(_("Skyddar bostadsbidrag"))
        self.shield_fs.setChecked(True)
        self.shield_btp.setChecked(True)
        self.fields["policy.shields"] = self.shield_fs
        f.addRow(self.shield_fs)
        f.addRow(self.shield_btp)
        f.addRow(self.shield_bb)
        self.tax_free = QCheckBox(_("Skattefritt under taket (som i Danmark)"))
        f.addRow(self.tax_free)
        self.decision_from = DateEdit()
        self.decision_to = DateEdit()
        self.fields["policy.decision_from"] = self.decision_from
        self.fields["policy.decision_to"] = self.decision_to
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
        self.hours_spin.valueChanged.connect(lambda v: self.hours_slider.setValue(round(v * 2)))
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
        self.plan_mode.currentIndexChanged.connect(self.sync_enabled)
        self.task_combo.currentIndexChanged.connect(self._task_chosen)
        form_col.addWidget(plan)
        self.form_error = FieldError()
        form_col.addWidget(self.form_error)
        form_col.addStretch(1)
        self.sync_enabled()
        self._connect_changes()

    def _money(self, key: str, text: str = "") -> MoneyEdit:
        w = MoneyEdit()
        w.setText(text)
        w.setMinimumWidth(90)
        self.fields[key] = w
        return w

    def tab_order(self) -> list[QWidget]:
        """The editor's fields in reading order (the page chains them with the toolbar and the table)."""
        return [
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
            self.btp_se_ae,
            self.btp_other_80,
            self.btp_other,
            self.bb_applies,
            self.bb_housing,
            self.bb_other_bgi,
            self.bb_reported,
            self.se_regime,
            self.se_degree,
            self.se_gross,
            self.se_vilande_before,
            self.tax_mode,
            self.tax_percent,
            self.cap_edit,
            self.cap_basis,
            self.shield_fs,
            self.shield_btp,
            self.shield_bb,
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
        ]

    def _connect_changes(self) -> None:
        # The hours slider and its spin box are the plan's quick control: they emit ``plan_stepped`` (the page
        # recomputes at once, no debounce); the slider moves the spin box, so one signal per step.
        stepper = {self.hours_spin, *self.hours_spin.findChildren(QLineEdit)}
        for w in self.findChildren(QLineEdit):
            if w not in stepper:
                w.textChanged.connect(self._emit_edited)
        for w in self.findChildren(QCheckBox):
            w.toggled.connect(self._emit_edited)
        for w in self.findChildren(QSpinBox) + self.findChildren(QDoubleSpinBox):
            if w not in stepper:
                w.valueChanged.connect(self._emit_edited)
        self.hours_spin.valueChanged.connect(self._emit_plan_stepped)
        for w in (
            self.offset_combo,
            self.se_regime,
            self.se_degree,
            self.tax_mode,
            self.cap_basis,
            self.plan_mode,
            self.task_combo,
        ):
            w.currentIndexChanged.connect(self._emit_edited)

    def _emit_edited(self, *_args: Any) -> None:
        self.edited.emit()

    def _emit_plan_stepped(self, *_args: Any) -> None:
        self.plan_stepped.emit()

    def sync_enabled(self, *_args: Any) -> None:
        self.fs_months.setEnabled(self.fs_applies.isChecked())
        on = self.btp_applies.isChecked()
        for w in (self.btp_housing, self.btp_se_ae, self.btp_other_80, self.btp_other):
            w.setEnabled(on)
        bb = self.bb_applies.isChecked()
        for w in (self.bb_housing, self.bb_other_bgi, self.bb_reported):
            w.setEnabled(bb)
        regime = self.se_regime.currentData()
        self.se_gross.setEnabled(regime != "ingen")
        self.se_vilande_before.setEnabled(regime == "vilande")
        self.tax_percent.setEnabled(self.tax_mode.currentData() == "percent")
        self.tax_table.setEnabled(self.tax_mode.currentData() != "none")
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

    # ------------------------------------------------------------------------------- choices
    def set_participants(self, participants: list[Any]) -> None:
        """The participants to start from (``label``, ``id``); keeps the current choice, emits nothing."""
        current = self.participant_combo.currentData()
        self.participant_combo.blockSignals(True)
        self.participant_combo.clear()
        self.participant_combo.addItem(_("Ingen deltagare (fritt)"), None)
        for p in participants:
            self.participant_combo.addItem(p.label, p.id)
        idx = self.participant_combo.findData(current)
        self.participant_combo.setCurrentIndex(max(0, idx))
        self.participant_combo.blockSignals(False)

    def set_tasks(self, tasks: list[Any]) -> None:
        """The task rates offered for the plan (``label``, ``rate_ore``, ``unit``); emits nothing."""
        self.task_combo.blockSignals(True)
        self.task_combo.clear()
        self.task_combo.addItem(_("Eget arvode"), None)
        unit_word = {"hour": _("per timme"), "piece": _("per styck"), "occasion": _("per tillfälle")}
        for t in tasks:
            self.task_combo.addItem(f"{t.label} ({format_money(t.rate_ore)} {unit_word.get(t.unit, '')})", t)
        self.task_combo.blockSignals(False)

    def update_cap_info(self, params: Any, *, set_value: bool) -> None:
        """Say which cap the parameter set has for the year; with ``set_value`` also put it in the field."""
        year = self.year_spin.value()
        try:
            entry = params.entry("frikort.tak", date(year, 1, 1))
        except ParameterMissing:  # no cap decided for that year
            self.cap_info.setText(_("Inget tak är beslutat för {year}.").format(year=year))
            return
        cap = int(parse_kronor(str(entry.value)))
        self.cap_info.setText(
            _("Taket som gäller {year}: {belopp}. Prova gärna ett annat belopp.").format(
                year=year, belopp=format_money(cap)
            )
        )
        self.policy_cap = cap
        if set_value:
            self.cap_edit.set_value(cap)

    def show_problems(self, problems: list[Problem]) -> list[str]:
        """Put each problem at its field; returns the texts that belong to no field (shown under the form)."""
        by_field: dict[str, list[str]] = {}
        rest: list[str] = []
        for p in problems:
            if p.field in self.fields:
                by_field.setdefault(p.field, []).append(problem_text(p))
            else:
                rest.append(problem_text(p))
        fixed_msgs = []
        for key, widget in self.fields.items():
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
        return rest

    def field_error_text(self, key: str) -> str:
        """The Swedish message shown at the field ``key`` (tests, accessibility)."""
        return field_error(self.fields[key])

    def field_for_key(self, key: str) -> str:
        """Map an engine error key (e.g. ``household.costs.housing`` or ``arvode.monthly_gross[2]``) to a field."""
        fields = self.fields
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
