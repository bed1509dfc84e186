"""Inställningar: parameters, policy, users, database (backup/restore/gallring), audit log, language.

Tabs:

- **Parametrar** — every dated parameter with the value in force on a chosen date, its from-date, status and
  source; an administrator adds an override (key, from date, value, reason) → ``services.parameters.set_override``.
- **Policy** — the cap policy (``frikort.*``) values, changed through the same override mechanism.
- **Användare** — accounts, roles and associations; add, deactivate/activate, new password, unlock (administrators).
- **Databas** — the database in use, schema, last backup; *Säkerhetskopiera nu*, *Återställ…*; gallring.
- **Granskningslogg** — the audit log, filterable, read-only (administrators and granskare).
- **Språk** — svenska / English, stored in the settings table.

Every database read runs in the background (:func:`~sysselsattning.ui.tasks.run_in_background`); the form
dialogs call one service each and stay open with a Swedish message at the field when it fails.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _
from sysselsattning.ui.pages.settings.audit import AuditTab
from sysselsattning.ui.pages.settings.common import (
    _error_text,
)
from sysselsattning.ui.pages.settings.database import DatabaseTab
from sysselsattning.ui.pages.settings.language import LanguageTab
from sysselsattning.ui.pages.settings.parameters import OverrideDialog, ParametersTab, PolicyTab
from sysselsattning.ui.pages.settings.tax import TaxTab
from sysselsattning.ui.pages.settings.users import UsersTab


# -------------------------------------------------------------------------------------------- page
class Page(QWidget):
    """Inställningar (``gui --page installningar``)."""

    changed = Signal(object)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.parameters = ParametersTab(self)
        self.policy = PolicyTab(self)
        self.users = UsersTab(self)
        self.database = DatabaseTab(self)
        self.audit = AuditTab(self)
        self.language = LanguageTab(self)
        self.tax = TaxTab(self)
        for tab, title in (
            (self.parameters, _("Parametrar")),
            (self.policy, _("Policy")),
            (self.users, _("Användare")),
            (self.database, _("Databas")),
            (self.audit, _("Granskningslogg")),
            (self.language, _("Språk")),
            (self.tax, _("Skatt")),
        ):
            self.tabs.addTab(tab, title)
        layout.addWidget(self.tabs)
        self._loaded: set[int] = set()
        self.tabs.currentChanged.connect(self._tab_shown)

    def _tab_shown(self, index: int) -> None:
        if index not in self._loaded:
            self._loaded.add(index)
            self.tabs.widget(index).refresh()

    def refresh(self) -> None:
        """Reload the visible tab now; the others when they are next shown."""
        self._loaded = set()
        self._tab_shown(self.tabs.currentIndex())

    def on_data_changed(self, changes: set[str]) -> None:
        self.refresh()

    def open_override(self, key: str | None = None) -> bool:
        from sysselsattning.rules.parameters import ParameterError
        from sysselsattning.services.errors import DatabaseError
        from sysselsattning.services.parameters import list_parameters

        try:
            rows = list_parameters(self.ctx)
        except (DatabaseError, ParameterError) as exc:  # the overrides or the rule files cannot be read
            QMessageBox.warning(self, _("Parametrar"), _error_text(exc))
            return False
        dialog = OverrideDialog(self.ctx, rows, key, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit({"parameters"})
            self.refresh()
            return True
        return False
