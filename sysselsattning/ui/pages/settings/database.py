"""The Databas tab: the database in use, backup and restore, and gallring (retention)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _, format_date
from sysselsattning.ui.pages.settings.common import (
    _error_text,
    _is_admin,
    _note,
    _write,
)
from sysselsattning.ui.tasks import run_in_background

if TYPE_CHECKING:
    from sysselsattning.ui.pages.settings.page import Page


# ---------------------------------------------------------------------------------------- database
class DatabaseTab(QWidget):
    def __init__(self, page: Page):
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        box = QGroupBox(_("Databasen"))
        form = QFormLayout(box)
        self.labels: dict[str, QLabel] = {}
        for key, title in (
            ("name", _("Databas")),
            ("kind", _("Typ")),
            ("schema", _("Schemaversion")),
            ("last", _("Senaste säkerhetskopia")),
            ("folder", _("Mapp för säkerhetskopior")),
        ):
            label = QLabel("…")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            form.addRow(title, label)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(_("Säkerhetskopiera nu"))
        self.restore_button = QPushButton(_("Återställ…"))
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        self.status = _note("")
        form.addRow("", self.status)
        layout.addWidget(box)

        gall = QGroupBox(_("Gallring"))
        g = QVBoxLayout(gall)
        g.addWidget(
            _note(
                _(
                    "Deltagare som varit inaktiva länge anonymiseras: namn, personnummer, adress, telefon, "
                    "kontonummer och hushållsuppgifter tas bort. Löneuppgifterna sparas i sju år enligt "
                    "bokföringslagen (7 kap. 2 §)."
                )
            )
        )
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Anonymisera efter")))
        self.years = QSpinBox()
        self.years.setRange(1, 50)
        self.years.setSuffix(_(" år"))
        self.years.setValue(2)
        row.addWidget(self.years)
        self.save_years = QPushButton(_("Spara"))
        self.preview_button = QPushButton(_("Förhandsgranska…"))
        self.apply_button = QPushButton(_("Gallra nu…"))
        for b in (self.save_years, self.preview_button, self.apply_button):
            row.addWidget(b)
        row.addStretch(1)
        g.addLayout(row)
        self.retention_result = _note("")
        g.addWidget(self.retention_result)
        layout.addWidget(gall)
        layout.addStretch(1)

        admin = _is_admin(self.ctx)
        for b in (self.restore_button, self.save_years, self.preview_button, self.apply_button):
            b.setEnabled(admin)
        self.years.setEnabled(admin)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore)
        self.save_years.clicked.connect(self.store_years)
        self.preview_button.clicked.connect(lambda: self.retention(apply=False))
        self.apply_button.clicked.connect(lambda: self.retention(apply=True))

    def refresh(self) -> None:
        from sysselsattning.services import backup
        from sysselsattning.services.parameters import get_setting

        db = self.ctx.db

        def load() -> dict:
            status = backup.status(db)
            return {
                "schema": status.schema or "–",
                "last": status.last_backup,
                "pg_last": get_setting(db, "backup.postgresql_senast"),
                "years": get_setting(db, "gallring.ar"),
                "sqlite": status.sqlite,
            }

        run_in_background(load, self._show, parent=self, name="databas")

    def _show(self, info: dict) -> None:
        from sysselsattning.paths import backup_dir

        self.labels["name"].setText(self.ctx.db.display_name)
        self.labels["kind"].setText(
            _("SQLite-fil på den här datorn") if info["sqlite"] else _("PostgreSQL-server (delad)")
        )
        self.labels["schema"].setText(info["schema"])
        if info["sqlite"]:
            last = info["last"]
            self.labels["last"].setText(f"{format_date(last.date())} {last:%H:%M}" if last else _("ingen ännu"))
            self.labels["folder"].setText(str(backup_dir()))
        else:
            self.labels["last"].setText(
                info["pg_last"] or _("okänd – sköts av IT-avdelningen med pg_dump (se docs/postgresql.md)")
            )
            self.labels["folder"].setText(_("på databasservern"))
            self.backup_button.setEnabled(False)
            self.restore_button.setEnabled(False)
            self.status.setText(_("Säkerhetskopior av PostgreSQL görs med pg_dump och återställs med pg_restore."))
        with contextlib.suppress(ValueError):
            self.years.setValue(int(info["years"]))

    def backup_now(self) -> None:
        from sysselsattning.services.backup import backup_now

        db = self.ctx.db
        self.backup_button.setEnabled(False)

        def done(path) -> None:
            self.backup_button.setEnabled(True)
            self.status.setText(_("Säkerhetskopian sparades: {path}").format(path=path) if path else "")
            self.refresh()

        def failed(exc) -> None:
            self.backup_button.setEnabled(True)
            self.status.setText(_error_text(exc))

        _write(self, lambda: backup_now(db, "manuell"), done, failed, "säkerhetskopia")

    def restore(self) -> None:
        from sysselsattning.ui.restore_dialog import ask_restore

        safety = ask_restore(self.ctx, self)
        if safety is not None:
            self.status.setText(
                _("Databasen är återställd. Läget före återställningen sparades i {path}.").format(path=safety)
            )
            self.page.changed.emit({"all"})
            self.refresh()

    def store_years(self) -> None:
        from sysselsattning.services.parameters import set_setting

        ctx, years = self.ctx, str(self.years.value())
        _write(
            self,
            lambda: set_setting(ctx, "gallring.ar", years),
            lambda _r: self.retention_result.setText(_("Sparat.")),
            lambda exc: self.retention_result.setText(_error_text(exc)),
            "gallring-år",
        )

    def confirm_retention(self, count: int) -> bool:
        answer = QMessageBox.question(
            self,
            _("Gallring"),
            _(
                "Anonymisera {n} deltagare? Det går inte att ångra (utom genom att återställa en säkerhetskopia)."
            ).format(n=count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def retention(self, *, apply: bool) -> None:
        """Gallring: the preview is read in the background; after the user confirms, the anonymisation runs on
        the writer queue."""
        from sysselsattning.services import retention

        ctx, years = self.ctx, self.years.value()

        def failed(exc: BaseException) -> None:
            self.retention_result.setText(_error_text(exc))

        def applied(report) -> None:
            self.page.changed.emit({"participants"})
            self._show_retention(report)

        def previewed(report) -> None:
            if not apply:
                self._show_retention(report)
            elif not report.items:
                self.retention_result.setText(_("Ingen deltagare att gallra."))
            elif self.confirm_retention(len(report.items)):
                _write(self, lambda: retention.apply(ctx, years=years), applied, failed, "gallring")

        run_in_background(lambda: retention.preview(ctx, years=years), previewed, failed, parent=self, name="gallring")

    def _show_retention(self, report) -> None:
        names = ", ".join(f"{i.name} ({i.personnummer_masked})" for i in report.items[:10])
        more = _(" med flera") if len(report.items) > 10 else ""
        verb = _("anonymiserades") if report.applied else _("skulle anonymiseras")
        self.retention_result.setText(
            _("{n} deltagare inaktiva sedan {date} eller tidigare {verb}{colon}{names}{more}").format(
                n=len(report.items),
                date=format_date(report.cutoff),
                verb=verb,
                colon=": " if names else ".",
                names=names,
                more=more,
            )
        )
