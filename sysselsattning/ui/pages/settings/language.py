"""The Språk tab: svenska / English, stored in the settings table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _
from sysselsattning.ui.pages.settings.common import (
    _error_text,
    _note,
    _write,
)
from sysselsattning.ui.tasks import run_in_background

if TYPE_CHECKING:
    from sysselsattning.ui.pages.settings.page import Page


# ---------------------------------------------------------------------------------------- language
class LanguageTab(QWidget):
    def __init__(self, page: Page):
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        box = QGroupBox(_("Programmets språk"))
        v = QVBoxLayout(box)
        self.sv = QRadioButton("Svenska")
        self.en = QRadioButton("English")
        v.addWidget(self.sv)
        v.addWidget(self.en)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Spara"))
        row.addWidget(self.save_button)
        row.addStretch(1)
        v.addLayout(row)
        self.status = _note(
            _("Språket gäller gränssnittet, lönespecifikationer och brev. Det byts nästa gång programmet startas.")
        )
        v.addWidget(self.status)
        layout.addWidget(box)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)

    def refresh(self) -> None:
        from sysselsattning.services.parameters import get_setting

        def done(lang: str) -> None:
            (self.en if lang == "en" else self.sv).setChecked(True)

        run_in_background(lambda: get_setting(self.ctx.db, "language"), done, parent=self, name="språk")

    def selected(self) -> str:
        return "en" if self.en.isChecked() else "sv"

    def save(self) -> None:
        from sysselsattning.services.parameters import set_setting

        ctx, lang = self.ctx, self.selected()

        def done(_result: Any) -> None:
            self.status.setText(
                _("Sparat. Starta om programmet för att byta språk.")
                if lang == "sv"
                else "Saved. Restart the program to switch the language."
            )
            self.page.changed.emit({"settings"})

        _write(
            self,
            lambda: set_setting(ctx, "language", lang),
            done,
            lambda exc: self.status.setText(_error_text(exc)),
            "språk",
        )
