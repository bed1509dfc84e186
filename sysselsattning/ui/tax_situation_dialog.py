"""The participant's tax situation (docs/handbok.md "Skatt på arvodet"): the questions the coordinator asks at
registration, the table from the A-skattsedel, a jämkning decision, and — live — which mode the program will
use and why, in words. Saved from a date; earlier situations stay for earlier payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.domain import tax as taxmod
from sysselsattning.i18n import _
from sysselsattning.i18n.catalog import N_
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import DateEdit, dialog_buttons, show_problems, with_error_label

MAIN_INCOME_CHOICES = (
    ("", N_("Arvodet – ingen annan inkomst av arbete")),
    ("sjukersattning", N_("Sjukersättning")),
    ("aktivitetsersattning", N_("Aktivitetsersättning")),
    ("pension", N_("Pension")),
    ("a_kassa", N_("A-kassa")),
    ("annan_arbetsgivare", N_("Lön från en annan arbetsgivare")),
    ("annat", N_("Annan inkomst")),
)


class TaxSituationDialog(QDialog):
    """Record the situation from a date (services.tax_situation.record)."""

    def __init__(
        self,
        ctx: Any,
        participant_id: int,
        *,
        birth_date: date | None,
        organisation_id: int | None,
        organisations: list[tuple[int, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        from sysselsattning.services import tax_situation

        self.ctx = ctx
        self.participant_id = participant_id
        self.birth_date = birth_date
        self.organisation_id = organisation_id
        self.org_names = dict(organisations)
        self.setWindowTitle(_("Skattesituation"))
        today = ctx.now_date()
        office = (
            tax_situation.office_tables(ctx, [organisation_id], today.year).get(organisation_id)
            if organisation_id is not None
            else tax_situation.default_table(ctx, today.year)
        )
        self.office_table = office

        self.valid_from = DateEdit()
        self.valid_from.set_value(today)
        self.main_income = QComboBox()
        for key, label in MAIN_INCOME_CHOICES:
            self.main_income.addItem(_(label), key)
        self.table = QSpinBox()
        self.table.setRange(29, 42)
        self.table.setValue(office if office and 29 <= office <= 42 else 32)
        self.no_tax_info = QCheckBox(_("Skatteuppgift saknas – deltagaren har inte visat A-skattsedel"))
        self.short_work = QCheckBox(_("Uppdraget är tänkt att pågå kortare tid än en vecka"))
        self.main_payer = QComboBox()
        self.main_payer.addItem(_("– bara en förening betalar –"), None)
        for oid, name in organisations:
            self.main_payer.addItem(name, oid)
        self.jamkning_kind = QComboBox()
        self.jamkning_kind.addItem(_("Inget beslut"), "")
        self.jamkning_kind.addItem(_("Procent"), "percent")
        self.jamkning_kind.addItem(_("Belopp per utbetalning (kr)"), "amount")
        self.jamkning_value = QLineEdit()
        self.jamkning_value.setMaximumWidth(100)
        self.jamkning_from = DateEdit()
        self.jamkning_to = DateEdit()
        self.jamkning_to.set_value(date(today.year, 12, 31))
        self.fields: dict[str, QWidget] = {
            "valid_from": self.valid_from,
            "other_main_income": self.main_income,
            "table": self.table,
            "jamkning_kind": self.jamkning_kind,
            "jamkning_value": self.jamkning_value,
            "jamkning_from": self.jamkning_from,
            "jamkning_to": self.jamkning_to,
        }

        ask = QLabel(
            _(
                "Fråga deltagaren: Får du sjukersättning eller aktivitetsersättning, pension, a-kassa eller lön från "
                "en annan arbetsgivare? Be om A-skattsedeln (tabellnumret) och ett eventuellt jämkningsbeslut."
            )
        )
        ask.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Gäller från:"), with_error_label(self.valid_from))
        form.addRow(_("Huvudinkomst:"), with_error_label(self.main_income))
        form.addRow(_("Tabell (A-skattsedeln):"), with_error_label(self.table))
        form.addRow("", self.no_tax_info)
        form.addRow("", self.short_work)
        form.addRow(_("Huvudbetalare:"), self.main_payer)
        jam = QGroupBox(_("Jämkningsbeslut från Skatteverket"))
        jf = QFormLayout(jam)
        jf.addRow(_("Beslut:"), self.jamkning_kind)
        jf.addRow(_("Procent eller belopp:"), with_error_label(self.jamkning_value))
        span = QHBoxLayout()
        span.addWidget(with_error_label(self.jamkning_from))
        span.addWidget(QLabel("–"))
        span.addWidget(with_error_label(self.jamkning_to))
        jf.addRow(_("Gäller:"), span)
        self.reason = QLabel()
        self.reason.setObjectName("info")
        self.reason.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.hide()
        box, self.save_button = dialog_buttons(self, _("Spara"), self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(ask)
        layout.addLayout(form)
        layout.addWidget(jam)
        layout.addWidget(QLabel("<b>" + _("Så dras skatten:") + "</b>"))
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(box)
        self.resize(620, 0)

        for w in (self.main_income, self.main_payer, self.jamkning_kind):
            w.currentIndexChanged.connect(self.update_reason)
        for c in (self.no_tax_info, self.short_work):
            c.toggled.connect(self.update_reason)
        self.table.valueChanged.connect(self.update_reason)
        for e in (self.jamkning_value, self.valid_from, self.jamkning_from, self.jamkning_to):
            e.textChanged.connect(self.update_reason)
        self._load_current()
        self.update_reason()

    def _load_current(self) -> None:
        from sysselsattning.services import tax_situation

        rows = tax_situation.history(self.ctx, self.participant_id)
        if not rows:
            return
        r = rows[-1]
        i = self.main_income.findData(r.other_main_income or "")
        self.main_income.setCurrentIndex(max(0, i))
        if r.table_no:
            self.table.setValue(r.table_no)
        self.no_tax_info.setChecked(not r.has_tax_info)
        self.short_work.setChecked(bool(r.short_work))
        self.main_payer.setCurrentIndex(max(0, self.main_payer.findData(r.main_payer_organisation_id)))
        self.jamkning_kind.setCurrentIndex(max(0, self.jamkning_kind.findData(r.jamkning_kind or "")))
        if r.jamkning_percent_hundredths is not None:
            self.jamkning_value.setText(f"{Decimal(r.jamkning_percent_hundredths) / 100:f}".replace(".", ","))
        elif r.jamkning_amount_ore is not None:
            self.jamkning_value.setText(f"{Decimal(r.jamkning_amount_ore) / 100:f}".replace(".", ","))
        self.jamkning_from.set_value(r.jamkning_from)
        if r.jamkning_to:
            self.jamkning_to.set_value(r.jamkning_to)

    def current_input(self) -> Any:
        from sysselsattning.services.tax_situation import SituationInput

        other = self.main_income.currentData() or ""
        return SituationInput(
            valid_from=self.valid_from.text().strip(),
            main_income_here=not other,
            other_main_income=other,
            table=str(self.table.value()) if not self.no_tax_info.isChecked() else "",
            has_tax_info=not self.no_tax_info.isChecked(),
            short_work=self.short_work.isChecked(),
            main_payer_organisation_id=self.main_payer.currentData(),
            jamkning_kind=self.jamkning_kind.currentData() or "",
            jamkning_value=self.jamkning_value.text().strip(),
            jamkning_from=self.jamkning_from.text().strip() or None,
            jamkning_to=self.jamkning_to.text().strip() or None,
        )

    def update_reason(self, *_a: Any) -> None:
        """The mode the program will use, in words (domain/tax.choose_mode on what is typed)."""
        from sysselsattning.services.tax_situation import reason_text

        kind = self.jamkning_kind.currentData() or ""
        self.jamkning_value.setEnabled(bool(kind))
        self.jamkning_from.setEnabled(bool(kind))
        self.jamkning_to.setEnabled(bool(kind))
        self.table.setEnabled(not self.no_tax_info.isChecked())
        d = self.current_input()
        try:
            on = date.fromisoformat(str(d.valid_from))
        except ValueError:
            on = self.ctx.now_date()
        pct = amount = None
        try:
            if kind == "percent":
                pct = Decimal(d.jamkning_value.replace(",", ".").replace("%", "") or "0")
            elif kind == "amount":
                amount = int(Decimal(d.jamkning_value.replace(",", ".").replace(" ", "") or "0") * 100)
        except InvalidOperation:
            pass
        sit = taxmod.TaxSituation(
            valid_from=on,
            main_income_here=d.main_income_here,
            other_main_income=d.other_main_income,
            table=int(d.table) if d.table else None,
            has_tax_info=d.has_tax_info,
            short_work=d.short_work,
            main_payer_organisation_id=d.main_payer_organisation_id,
            jamkning_kind=kind,
            jamkning_percent=pct,
            jamkning_amount_ore=amount,
        )
        choice = taxmod.choose_mode(
            sit,
            taxmod.TaxSetting(),
            organisation_id=self.organisation_id,
            on=on,
            birth_date=self.birth_date,
            params=self.ctx.params(),
            office_table=self.office_table,
        )
        self.reason.setText(reason_text(choice, org_names=self.org_names))

    def save(self) -> None:
        from sysselsattning.services import tax_situation

        data = self.current_input()
        ctx, pid, org = self.ctx, self.participant_id, self.organisation_id
        self.save_button.setEnabled(False)
        self.message.hide()
        run_in_background(
            lambda: tax_situation.record(ctx, pid, data, organisation_id=org),
            lambda _id: self.accept(),
            self._failed,
            parent=self,
            write=True,
            name="spara-skattesituation",
        )

    def _failed(self, exc: BaseException) -> None:
        from sysselsattning.domain.problems import ValidationFailed
        from sysselsattning.ui.app import error_text

        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            from sysselsattning.i18n.messages import problem_text

            rest = show_problems(exc.problems, self.fields)
            if rest:
                self.message.setText(" ".join(problem_text(p) for p in rest))
                self.message.show()
            return
        self.message.setText(error_text(exc))
        self.message.show()
