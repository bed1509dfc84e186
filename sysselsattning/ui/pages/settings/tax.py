"""The Skatt tab: each municipality's tax table (the default on the participant form and the table for the
förhöjt avdrag when a participant has no tax information), and where each year's tables come from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.i18n import _
from sysselsattning.ui.pages.settings.common import _error_text, _note, _write
from sysselsattning.ui.tasks import run_in_background

if TYPE_CHECKING:
    from sysselsattning.ui.pages.settings.page import Page


class TaxTab(QWidget):
    def __init__(self, page: Page):
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        box = QGroupBox(_("Skattetabell per kommun"))
        v = QVBoxLayout(box)
        v.addWidget(
            _note(
                _(
                    'En rad per kommun: "Kommun: tabell", t.ex. "Helsingborg: 33". Föreningens ort avgör '
                    "vilken rad som gäller. Tabellen fylls i som förslag på deltagarens skattesituation och "
                    "används med + 10 % när deltagaren saknar skatteuppgift. Utan rad gäller "
                    "parametrarnas standardtabell."
                )
            )
        )
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(_("Skattetabell per kommun"))
        self.text.setMaximumHeight(140)
        v.addWidget(self.text)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Spara"))
        row.addWidget(self.save_button)
        row.addStretch(1)
        v.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        v.addWidget(self.status)
        layout.addWidget(box)
        src = QGroupBox(_("Skattetabellernas källa"))
        sv = QVBoxLayout(src)
        self.sources = QLabel()
        self.sources.setWordWrap(True)
        sv.addWidget(self.sources)
        sv.addWidget(
            _note(
                _(
                    "Importera Skatteverkets fil för ett nytt år med kommandot "
                    "sysselsattning import skattetabell FIL.txt. Utan fil räknas tabellerna fram ur parametrarna."
                )
            )
        )
        layout.addWidget(src)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)

    def refresh(self) -> None:
        from sysselsattning.services import tax_situation, tax_tables
        from sysselsattning.services.parameters import get_setting

        ctx = self.ctx

        def load() -> tuple[str, str]:
            year = ctx.now_date().year
            source = tax_tables.TableSource(ctx.params(), ctx.db)
            lines = []
            for y in (year, year + 1):
                try:
                    tax_tables.rules_for_year(ctx.params(), y)
                    has_rules = True
                except ValidationFailed:  # a year without tax parameters
                    has_rules = False
                basis = source.basis(y)
                if basis == tax_tables.BASIS_OFFICIAL:
                    lines.append(_("{year}: Skatteverkets tabell").format(year=y))
                elif has_rules:
                    lines.append(_("{year}: beräknad ur parametrarna").format(year=y))
                else:
                    lines.append(_("{year}: parametrar saknas ännu").format(year=y))
            return get_setting(ctx.db, tax_situation.MUNICIPAL_TABLES_KEY), "\n".join(lines)

        def done(result: tuple[str, str]) -> None:
            self.text.setPlainText(result[0])
            self.sources.setText(result[1].replace("\n", "<br>"))

        run_in_background(load, done, parent=self, name="skattetabeller")

    def save(self) -> None:
        from sysselsattning.services import tax_situation

        ctx, text = self.ctx, self.text.toPlainText()

        def done(_result: Any) -> None:
            self.status.setText(_("Sparat."))
            self.page.changed.emit({"settings"})

        _write(
            self,
            lambda: tax_situation.set_municipal_tables(ctx, text),
            done,
            lambda exc: self.status.setText(_error_text(exc)),
            "skattetabeller",
        )
