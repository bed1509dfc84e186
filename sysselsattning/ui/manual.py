"""Hjälp → Handbok (F1): the Swedish user manual ``docs/handbok.md``, shown as formatted text.

The manual ships with the program (wheel and bundle, see :func:`sysselsattning.paths.manual_path`) and is
rendered by Qt's own Markdown support (``QTextBrowser.setMarkdown``), so no HTML copy has to be kept in step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from sysselsattning.i18n import _
from sysselsattning.paths import manual_path


def manual_text() -> str:
    """The manual's Markdown, or a short Swedish note when a broken installation lacks the file."""
    try:
        return manual_path().read_text(encoding="utf-8")
    except OSError:
        return _("# Handbok\n\nHandboken saknas i den här installationen (docs/handbok.md).")


class ManualDialog(QDialog):
    """A non-modal window with the manual; links to other sites open in the web browser."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Handbok – Sysselsättning först"))
        self.resize(760, 680)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(_("Handbok"))
        self.browser.setMarkdown(manual_text())
        self.browser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Stäng"))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)


def show_manual(parent: QWidget | None = None) -> ManualDialog:
    """Open (or raise) the manual window."""
    existing = getattr(parent, "_manual_dialog", None) if parent is not None else None
    if existing is None:
        existing = ManualDialog(parent)
        if parent is not None:
            parent._manual_dialog = existing  # type: ignore[attr-defined]
    existing.show()
    existing.raise_()
    existing.activateWindow()
    return existing
