"""The simulator page's toolbar: which view of the year to show, and save / open / compare / the letter."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from sysselsattning.i18n import _
from sysselsattning.ui.pages.simulation.common import case_names


class ResultsToolbar(QWidget):
    """Signals: ``view_changed(str)`` ("compare" or a case key); one ``…_requested()`` per command.

    The keyboard shortcuts (Ctrl+S, Ctrl+O, Ctrl+P, Ctrl+Skift+S) belong to the page, so they work wherever
    the focus is on it.
    """

    view_changed = Signal(str)
    save_requested = Signal()
    open_requested = Signal()
    compare_requested = Signal()
    print_letter_requested = Signal()
    save_letter_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        top = QHBoxLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        self.view_combo = QComboBox()
        self.view_combo.addItem(_("Jämför de tre fallen"), "compare")
        for c, n in case_names().items():
            self.view_combo.addItem(_("Detaljer: {fall}").format(fall=n.lower()), c)
        self.view_combo.currentIndexChanged.connect(lambda _i: self.view_changed.emit(self.view_combo.currentData()))
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
        letter_menu.addAction(_("Skriv ut brevet…"), self.print_letter_requested.emit)
        letter_menu.addAction(_("Spara brevet som PDF…"), self.save_letter_requested.emit)
        self.print_button.setMenu(letter_menu)
        for b in (self.save_button, self.open_button, self.compare_button, self.print_button):
            top.addWidget(b)
        self.save_button.clicked.connect(self.save_requested.emit)
        self.open_button.clicked.connect(self.open_requested.emit)
        self.compare_button.clicked.connect(self.compare_requested.emit)

    def tab_order(self) -> list[QWidget]:
        return [self.view_combo, self.save_button, self.open_button, self.compare_button, self.print_button]
