"""The Parametrar and Policy tabs: dated parameters in force, and administrators' overrides."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.domain.money import decimal_to_ore
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.i18n.catalog import N_
from sysselsattning.ui.models import Column
from sysselsattning.ui.pages.settings.common import (
    _is_admin,
    _Model,
    _note,
    _save_and_accept,
    _table,
    _value_text,
    readable_value,
    status_text,
)
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import (
    DateEdit,
    FieldError,
    SearchBox,
    dialog_buttons,
    labelled,
    set_accessible,
    show_problems,
    with_error_label,
)

if TYPE_CHECKING:
    from sysselsattning.ui.pages.settings.page import Page


# ---------------------------------------------------------------------------------------- override
class OverrideDialog(QDialog):
    """Ny åsidosättning: key, from date, value, reason → services.parameters.set_override."""

    def __init__(self, ctx, rows: list, key: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows = {r.key: r for r in rows}
        self.setWindowTitle(_("Åsidosätt parameter"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _note(
                _(
                    "Det nya värdet gäller från och med datumet och vinner över programmets regelfiler. "
                    "Vem som ändrade, när och varför sparas i granskningsloggen."
                )
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.key = QComboBox()
        for k in sorted(self.rows):
            self.key.addItem(k, k)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.valid_from = DateEdit()
        self.valid_from.set_value(date(ctx.now_date().year + 1, 1, 1))
        self.value = QLineEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("t.ex. Nämndbeslut 2026-12-01 § 14"))
        form.addRow(_("Parameter"), with_error_label(self.key))
        form.addRow(_("Nu gäller"), self.current)
        form.addRow(_("Från och med"), with_error_label(self.valid_from))
        form.addRow(_("Nytt värde"), with_error_label(self.value))
        form.addRow(_("Skäl"), with_error_label(self.reason))
        layout.addLayout(form)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        box, self.save_button = dialog_buttons(self, _("Spara"), self.submit)
        layout.addWidget(box)
        self.key.currentIndexChanged.connect(self._show_current)
        if key and key in self.rows:
            self.key.setCurrentIndex(self.key.findData(key))
            self.key.setEnabled(False)
        self._show_current()
        self.fields = {"key": self.key, "valid_from": self.valid_from, "value": self.value, "reason": self.reason}

    def _show_current(self) -> None:
        row = self.rows.get(self.key.currentData())
        if row is None:
            return
        self.current.setText(f"{_value_text(row.value)} {row.unit}  ({row.description})".strip())
        if not self.value.text():
            self.value.setText(_value_text(row.value))

    def submit(self) -> None:
        from sysselsattning.domain.problems import Problem
        from sysselsattning.services.parameters import set_override

        self.error.set_message("")
        if not self.valid_from.is_valid() or self.valid_from.value() is None:
            show_problems([Problem("valid_from", "date_invalid")], self.fields)
            return
        ctx, args = self.ctx, (self.key.currentData(), self.valid_from.value(), self.value.text(), self.reason.text())
        _save_and_accept(self, lambda: set_override(ctx, *args), self.fields, "åsidosättning")


# ------------------------------------------------------------------------------------- parameters
class ParametersTab(QWidget):
    def __init__(self, page: Page):
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = SearchBox(_("Sök parameter, beskrivning eller källa…"))
        bar.addWidget(self.search, 2)
        self.on = DateEdit()
        bar.addWidget(labelled(_("Värden per"), self.on))
        self.on.set_value(self.ctx.now_date())
        self.on.setMaximumWidth(120)
        bar.addWidget(self.on)
        self.override_button = QPushButton(_("Ny åsidosättning…"))
        self.override_button.clicked.connect(lambda: self.page.open_override())
        bar.addWidget(self.override_button)
        layout.addLayout(bar)
        self.model = _Model(
            [
                Column("key", lambda: _("Parameter"), lambda r: r.key),
                Column("description", lambda: _("Beskrivning"), lambda r: r.description),
                Column("value", lambda: _("Värde"), lambda r: r.key, display=self._value),
                Column("from", lambda: _("Från"), lambda r: r.valid_from, kind="date"),
                Column(
                    "status",
                    lambda: _("Status"),
                    lambda r: r.status,
                    display=lambda r: status_text(r.status) + (_(" (åsidosatt)") if r.overridden else ""),
                ),
                Column("source", lambda: _("Källa"), lambda r: r.source),
            ],
            self,
        )
        self.view = _table(self.model)
        set_accessible(self.view, _("Regelparametrar"), _("En rad per parameter med värde, källa och status."))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.view, 1)
        self.note = _note("")
        layout.addWidget(self.note)
        self.search.search_changed.connect(self.view.model().setFilterFixedString)
        self.on.editingFinished.connect(self.refresh)
        admin = _is_admin(self.ctx)
        self.override_button.setEnabled(admin)
        if not admin:
            self.override_button.setToolTip(_("Endast administratörer kan åsidosätta parametrar."))

    @staticmethod
    def _value(row) -> str:
        units = {"kr": N_("kr"), "procent": N_("procent"), "år": N_("år")}
        text = readable_value(row.value)
        return f"{text} {_(units[row.unit])}".strip() if row.unit in units and not isinstance(row.value, dict) else text

    def refresh(self) -> None:
        from sysselsattning.services.parameters import list_parameters

        on = self.on.value() if self.on.is_valid() and self.on.value() else self.ctx.now_date()

        def done(rows) -> None:
            self.model.set_rows(rows)
            header = self.view.horizontalHeader()
            for col, width in ((0, 235), (1, 250), (2, 120), (3, 90), (4, 125)):
                header.resizeSection(col, width)
            self.view.sortByColumn(
                self.view.horizontalHeader().sortIndicatorSection(), self.view.horizontalHeader().sortIndicatorOrder()
            )
            self.note.setText(
                _(
                    "{n} parametrar, värden som gäller {date}. Obekräftade värden ger resultat märkta ”uppskattning”."
                ).format(n=len(rows), date=format_date(on))
            )

        run_in_background(lambda: list_parameters(self.ctx, on), done, parent=self, name="parametrar")


# ------------------------------------------------------------------------------------------ policy
class PolicyTab(QWidget):
    def __init__(self, page: Page):
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        layout.addWidget(
            _note(
                _(
                    "Taket (”socialt frikort”) är programmets eget beslut, inte lag: arvode upp till taket "
                    "under ett kalenderår påverkar inte de skyddade förmånerna. Samma värden används av "
                    "lönekörningarna och simuleringen. Ändringar görs som åsidosättningar från ett datum."
                )
            )
        )
        self.box = QGroupBox(_("Gällande policy"))
        self.grid = QGridLayout(self.box)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 2)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(10)
        layout.addWidget(self.box)
        layout.addStretch(1)
        self.rows: list = []

    def refresh(self) -> None:
        from sysselsattning.services.parameters import list_parameters

        run_in_background(lambda: list_parameters(self.ctx, prefix="frikort."), self._show, parent=self, name="policy")

    def _show(self, rows) -> None:
        self.rows = rows
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for c, title in enumerate((_("Inställning"), _("Värde"), _("Från"), _("Källa och status"))):
            label = QLabel(f"<b>{title}</b>")
            self.grid.addWidget(label, 0, c)
        admin = _is_admin(self.ctx)
        for i, r in enumerate(rows, start=1):
            desc = QLabel(r.description or r.key)
            desc.setWordWrap(True)
            desc.setToolTip(r.key)
            self.grid.addWidget(desc, i, 0)
            value = readable_value(r.value)
            if r.unit == "kr" and isinstance(r.value, Decimal | int) and not isinstance(r.value, bool):
                value = format_money(decimal_to_ore(Decimal(r.value)))
            self.grid.addWidget(QLabel(f"<b>{value}</b>"), i, 1)
            self.grid.addWidget(QLabel(format_date(r.valid_from)), i, 2)
            src = QLabel(f"{r.source} — {status_text(r.status)}")
            src.setWordWrap(True)
            self.grid.addWidget(src, i, 3)
            button = QPushButton(_("Ändra…"))
            button.setEnabled(admin)
            button.clicked.connect(lambda _c=False, key=r.key: self.page.open_override(key))
            self.grid.addWidget(button, i, 4)
