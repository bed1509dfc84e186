"""Återställ från säkerhetskopia: choose a backup, see what it contains, restore it.

Lists the automatic backups of the database in use (newest first) and lets the user pick any other file.
For the selected file it shows when it was taken, its schema revision, and the number of participants, work
entries and approved pay runs with the last approved period — read from the file itself
(:func:`sysselsattning.services.backup.inspect`), so a wrong or damaged file is refused before anything
is touched. Restoring first saves a safety copy of the current state (shown afterwards).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _, format_date
from sysselsattning.i18n.catalog import N_
from sysselsattning.services import backup
from sysselsattning.ui.widgets import FieldError, dialog_buttons

_REASONS = {
    "start": N_("vid start"),
    "manuell": N_("manuell"),
    "godkannande": N_("efter godkännande"),
    "fore_aterstallning": N_("före återställning"),
}


def reason_text(reason: str) -> str:
    if reason.startswith("fore_uppgradering"):
        return _("före uppgradering")
    return _(_REASONS.get(reason, reason)) if reason else ""


class RestoreDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, *, directory: Path | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.directory = directory
        self.selected: Path | None = None
        self.safety: Path | None = None
        self.setWindowTitle(_("Återställ från säkerhetskopia"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Välj en säkerhetskopia. Innan databasen ersätts sparas en kopia av nuläget, så att "
                "återställningen kan ångras."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(_("Säkerhetskopior"))
        self.list.setMinimumWidth(340)
        row.addWidget(self.list, 1)
        info = QWidget()
        form = QFormLayout(info)
        self.labels: dict[str, QLabel] = {}
        for key, title in (
            ("file", _("Fil")),
            ("taken", _("Tagen")),
            ("reason", _("Anledning")),
            ("schema", _("Schemaversion")),
            ("participants", _("Deltagare")),
            ("entries", _("Tidrader")),
            ("runs", _("Godkända lönekörningar")),
            ("last", _("Senast godkänd period")),
            ("size", _("Storlek")),
        ):
            label = QLabel("–")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            form.addRow(title, label)
        row.addWidget(info, 1)
        layout.addLayout(row, 1)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.other = QPushButton(_("Annan fil…"))
        self.other.clicked.connect(self.choose_file)
        buttons.addWidget(self.other)
        buttons.addStretch(1)
        box, self.restore_button = dialog_buttons(self, _("Återställ"), self.do_restore)
        self.restore_button.setEnabled(False)
        buttons.addWidget(box)
        layout.addLayout(buttons)
        self.list.currentItemChanged.connect(
            lambda cur, _prev: self.show_info(Path(cur.data(Qt.ItemDataRole.UserRole)) if cur else None)
        )
        if backup.sqlite_file(ctx.db) is None:
            self.error.set_message(
                _("Databasen är inte en SQLite-fil. PostgreSQL återställs med pg_restore (se docs/postgresql.md).")
            )
            self.other.setEnabled(False)
            return
        for found in backup.list_backups(ctx.db, directory):
            self.add_file(found.path)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.error.set_message(_("Inga automatiska säkerhetskopior hittades. Välj en fil med ”Annan fil…”."))

    def add_file(self, path: Path) -> QListWidgetItem:
        found = backup.describe(path)
        if found.taken_at is not None:
            text = f"{found.taken_at:%Y-%m-%d %H:%M:%S}  ({reason_text(found.reason)})"
        else:
            text = path.name
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        self.list.addItem(item)
        return item

    def choose_file(self) -> None:
        from sysselsattning.paths import backup_dir

        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Välj säkerhetskopia"),
            str(self.directory or backup_dir()),
            _("SQLite-databaser (*.sqlite *.db);;Alla filer (*)"),
        )
        if name:
            self.list.setCurrentItem(self.add_file(Path(name)))

    def show_info(self, path: Path | None) -> None:
        self.selected = None
        self.restore_button.setEnabled(False)
        for label in self.labels.values():
            label.setText("–")
        self.error.set_message("")
        if path is None:
            return
        self.labels["file"].setText(path.name)
        try:
            info = backup.inspect(path)
        except backup.BackupError as exc:
            self.error.set_message(str(exc))
            return
        self.selected = path
        self.restore_button.setEnabled(True)
        taken = info.taken_at
        self.labels["taken"].setText(f"{format_date(taken.date())} {taken:%H:%M}" if taken else "–")
        self.labels["reason"].setText(reason_text(info.reason) or "–")
        self.labels["schema"].setText(info.schema_revision or "–")
        self.labels["participants"].setText(str(info.participants))
        self.labels["entries"].setText(str(info.work_entries))
        self.labels["runs"].setText(str(info.approved_runs))
        self.labels["last"].setText(info.last_approved_period or _("ingen"))
        self.labels["size"].setText(_("{kb} kB").format(kb=max(1, info.size_bytes // 1024)))

    def confirm(self) -> bool:
        """Asked before replacing the database (tests patch this)."""
        answer = QMessageBox.question(
            self,
            _("Återställ"),
            _("Ersätta databasens innehåll med säkerhetskopian? Nuläget sparas först som en egen kopia."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def do_restore(self) -> None:
        if self.selected is None or not self.confirm():
            return
        try:
            self.safety = backup.restore(self.ctx.db, self.selected, directory=self.directory)
        except backup.BackupError as exc:
            self.error.set_message(str(exc))
            return
        except OSError as exc:  # the safety copy cannot be written (disk full, permissions): the dialog stays open
            from sysselsattning.ui.app import error_text

            self.error.set_message(error_text(exc))
            return
        self.ctx.invalidate_params()
        self.accept()


def ask_restore(ctx, parent: QWidget | None = None) -> Path | None:
    """Show the dialog; returns the safety copy's path after a restore, else None."""
    dialog = RestoreDialog(ctx, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.safety
    return None
