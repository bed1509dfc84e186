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

import contextlib
import json
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.domain.money import decimal_to_ore
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.i18n.catalog import N_, current_language
from sysselsattning.ui.models import Column, RowTableModel
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import DateEdit, FieldError, SearchBox, dialog_buttons, show_problems, with_error_label

STATUS = {
    "confirmed": N_("bekräftad"),
    "secondary": N_("sekundär källa"),
    "derived": N_("härledd"),
    "unconfirmed": N_("obekräftad"),
}
ACTIONS = {
    "insert": N_("Ny post"),
    "update": N_("Ändring"),
    "delete": N_("Borttagning"),
    "login": N_("Inloggning"),
    "login_failed": N_("Misslyckad inloggning"),
    "lockout": N_("Konto låst"),
    "approve": N_("Godkännande"),
    "export": N_("Export"),
    "override": N_("Parameter åsidosatt"),
    "gallring": N_("Gallring"),
    "first_admin": N_("Första administratören"),
    "compute": N_("Beräkning"),
    "pay": N_("Utbetald"),
}


def _value_text(value) -> str:
    """A parameter value on screen: yes/no and the decimal point follow the language (parse_value reads both)."""
    from decimal import Decimal

    from sysselsattning.services.parameters import value_text

    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    text = value_text(value)
    return text.replace(",", ".") if isinstance(value, Decimal) and current_language() != "sv" else text


def status_text(status: str) -> str:
    return _(STATUS.get(status, status))


def action_text(action: str) -> str:
    return _(ACTIONS.get(action, action))


def _is_admin(ctx) -> bool:
    from sysselsattning.services.access import can

    return can(ctx, "parameters.write")


class _Model(RowTableModel):
    """Row model whose cells show their full text as a tooltip (long sources, JSON values)."""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            text = super().data(index, Qt.ItemDataRole.DisplayRole)
            return text if text and len(text) > 20 else None
        return super().data(index, role)


def _table(model) -> QTableView:
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _selected(view: QTableView, model: RowTableModel) -> Any:
    idx = view.currentIndex()
    if not idx.isValid():
        return None
    return model.row(view.model().mapToSource(idx).row())


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555555;")
    return label


def _error_text(exc: BaseException) -> str:
    from sysselsattning.ui.app import error_text

    return error_text(exc)


def _write(widget: QWidget, fn, done, failed, name: str) -> None:
    """Every write of this page goes through the writer queue (:func:`~sysselsattning.ui.tasks.run_in_background`
    with ``write=True``: one write at a time, in order, off the UI thread), as on every other page."""
    run_in_background(fn, done, failed, parent=widget, write=True, name=name)


def _save_and_accept(dialog: QDialog, fn, fields: dict, name: str) -> None:
    """Run the dialog's write ``fn`` on the writer queue; accept the dialog when it is saved, otherwise show the
    problems at their fields and anything else under the form (the dialog stays open, the input kept)."""
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.i18n.messages import problem_text

    button = getattr(dialog, "save_button", None)
    if button is not None:
        button.setEnabled(False)
    dialog.error.set_message("")

    def failed(exc: BaseException) -> None:
        if button is not None:
            button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            rest = show_problems(exc.problems, fields)
            if rest:
                dialog.error.set_message(" ".join(problem_text(p) for p in rest))
        else:
            dialog.error.set_message(_error_text(exc))

    _write(dialog, fn, lambda _result: dialog.accept(), failed, name)


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
        bar.addWidget(QLabel(_("Värden per")))
        self.on = DateEdit()
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
        return f"{_value_text(row.value)} {_(units[row.unit])}".strip() if row.unit in units else _value_text(row.value)

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
            value = _value_text(r.value)
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


# ------------------------------------------------------------------------------------------- users
class UserDialog(QDialog):
    """Ny användare: username, name, role, associations (samordnare), password twice."""

    def __init__(self, ctx, organisations: list, parent: QWidget | None = None):
        super().__init__(parent)
        from sysselsattning.services.users import ROLES, role_label

        self.ctx = ctx
        self.setWindowTitle(_("Ny användare"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for r in ROLES:
            self.role.addItem(role_label(r), r)
        self.role.setCurrentIndex(1)
        self.organisations = QListWidget()
        self.organisations.setMaximumHeight(110)
        for o in organisations:
            item = QListWidgetItem(f"{o.name} ({o.orgnr})")
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.organisations.addItem(item)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Användarnamn"), with_error_label(self.username))
        form.addRow(_("Namn"), with_error_label(self.full_name))
        form.addRow(_("Roll"), with_error_label(self.role))
        form.addRow(_("Föreningar (samordnare)"), with_error_label(self.organisations))
        form.addRow(_("Lösenord"), with_error_label(self.password))
        form.addRow(_("Upprepa lösenordet"), with_error_label(self.password2))
        layout.addLayout(form)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        box, self.save_button = dialog_buttons(self, _("Skapa"), self.submit)
        layout.addWidget(box)
        self.role.currentIndexChanged.connect(
            lambda _i: self.organisations.setEnabled(self.role.currentData() == "samordnare")
        )
        self.fields = {
            "username": self.username,
            "full_name": self.full_name,
            "role": self.role,
            "organisations": self.organisations,
            "password": self.password,
            "password2": self.password2,
        }

    def checked_organisations(self) -> list[int]:
        return [
            self.organisations.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.organisations.count())
            if self.organisations.item(i).checkState() == Qt.CheckState.Checked
        ]

    def submit(self) -> None:
        from sysselsattning.services.users import create_user

        ctx = self.ctx
        args = (self.username.text(), self.full_name.text(), self.role.currentData(), self.password.text())
        kwargs = {"password2": self.password2.text(), "organisation_ids": self.checked_organisations()}
        _save_and_accept(self, lambda: create_user(ctx, *args, **kwargs), self.fields, "ny-användare")


class PasswordDialog(QDialog):
    def __init__(self, ctx, user, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.user = ctx, user
        self.setWindowTitle(_("Nytt lösenord för {name}").format(name=user.username))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Nytt lösenord"), with_error_label(self.password))
        form.addRow(_("Upprepa lösenordet"), with_error_label(self.password2))
        layout.addLayout(form)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        box, _save = dialog_buttons(self, _("Spara"), self.submit)
        layout.addWidget(box)

    def submit(self) -> None:
        from sysselsattning.services.users import set_password

        ctx, user_id, pw, pw2 = self.ctx, self.user.id, self.password.text(), self.password2.text()
        fields = {"password": self.password, "password2": self.password2}
        _save_and_accept(self, lambda: set_password(ctx, user_id, pw, pw2), fields, "lösenord")


class RoleDialog(QDialog):
    """Ändra roll: role and (for samordnare) associations of an existing account."""

    def __init__(self, ctx, user, organisations: list, parent: QWidget | None = None):
        super().__init__(parent)
        from sysselsattning.services.users import ROLES, role_label

        self.ctx, self.user = ctx, user
        self.setWindowTitle(_("Roll för {name}").format(name=user.username))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.role = QComboBox()
        for r in ROLES:
            self.role.addItem(role_label(r), r)
        self.role.setCurrentIndex(max(0, self.role.findData(user.role)))
        self.organisations = QListWidget()
        self.organisations.setMaximumHeight(130)
        for o in organisations:
            item = QListWidgetItem(f"{o.name} ({o.orgnr})")
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if o.id in user.organisation_ids else Qt.CheckState.Unchecked)
            self.organisations.addItem(item)
        form.addRow(_("Roll"), with_error_label(self.role))
        form.addRow(_("Föreningar (samordnare)"), with_error_label(self.organisations))
        layout.addLayout(form)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        box, self.save_button = dialog_buttons(self, _("Spara"), self.submit)
        layout.addWidget(box)
        self.role.currentIndexChanged.connect(lambda _i: self._enable())
        self._enable()

    def _enable(self) -> None:
        self.organisations.setEnabled(self.role.currentData() == "samordnare")

    def checked_organisations(self) -> list[int]:
        return [
            self.organisations.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.organisations.count())
            if self.organisations.item(i).checkState() == Qt.CheckState.Checked
        ]

    def submit(self) -> None:
        from sysselsattning.services.users import set_role

        ctx, user, role, orgs = self.ctx, self.user, self.role.currentData(), self.checked_organisations()
        fields = {"role": self.role, "organisations": self.organisations}
        _save_and_accept(self, lambda: set_role(ctx, user.id, role, orgs, version=user.version), fields, "roll")


class UsersTab(QWidget):
    def __init__(self, page: Page):
        super().__init__(page)
        from sysselsattning.services.users import role_label

        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        self.admin = _is_admin(self.ctx)
        if not self.admin:
            layout.addWidget(
                _note(
                    _("Endast administratörer hanterar användare. Du är inloggad som {user} ({role}).").format(
                        user=self.ctx.username, role=role_label(self.ctx.role)
                    )
                )
            )
            layout.addStretch(1)
            self.model = None
            return
        bar = QHBoxLayout()
        self.add_button = QPushButton(_("Ny användare…"))
        self.role_button = QPushButton(_("Ändra roll…"))
        self.toggle_button = QPushButton(_("Avaktivera"))
        self.password_button = QPushButton(_("Nytt lösenord…"))
        self.unlock_button = QPushButton(_("Lås upp"))
        for b in (self.add_button, self.role_button, self.toggle_button, self.password_button, self.unlock_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = _Model(
            [
                Column("username", lambda: _("Användarnamn"), lambda u: u.username),
                Column("name", lambda: _("Namn"), lambda u: u.full_name),
                Column("role", lambda: _("Roll"), lambda u: u.role, display=lambda u: role_label(u.role)),
                Column("orgs", lambda: _("Föreningar"), lambda u: ", ".join(u.organisation_names)),
                Column("active", lambda: _("Aktiv"), lambda u: u.active, kind="bool"),
                Column(
                    "locked",
                    lambda: _("Låst till"),
                    lambda u: u.locked_until,
                    display=lambda u: f"{u.locked_until:%Y-%m-%d %H:%M} UTC" if u.locked_until else "",
                ),
            ],
            self,
        )
        self.model.set_muted(lambda u: not u.active)
        self.view = _table(self.model)
        layout.addWidget(self.view, 1)
        layout.addWidget(
            _note(
                _(
                    "Samordnare ser och ändrar bara sina föreningar, handläggare bara de deltagare som är "
                    "tilldelade dem och granskare kan bara läsa. Ett konto låses i 15 minuter efter 5 "
                    "felaktiga inloggningar."
                )
            )
        )
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.password_button.clicked.connect(self.new_password)
        self.unlock_button.clicked.connect(self.unlock)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def _update_buttons(self) -> None:
        u = _selected(self.view, self.model)
        for b in (self.role_button, self.toggle_button, self.password_button, self.unlock_button):
            b.setEnabled(u is not None)
        if u is not None:
            self.toggle_button.setText(_("Avaktivera") if u.active else _("Aktivera"))
            self.unlock_button.setEnabled(u.locked_until is not None)

    def refresh(self) -> None:
        if self.model is None:
            return
        from sysselsattning.services.users import list_users

        def done(rows) -> None:
            self.model.set_rows(rows)
            header = self.view.horizontalHeader()
            for col, width in ((0, 160), (1, 220), (2, 130), (3, 320), (4, 70)):
                header.resizeSection(col, width)
            self._update_buttons()

        run_in_background(lambda: list_users(self.ctx), done, parent=self, name="användare")

    def _organisations(self) -> list:
        try:
            from sysselsattning.services import registry

            return registry.list_organisations(self.ctx, include_inactive=False)
        except Exception:  # noqa: BLE001 - the registry may be unavailable; the dialog still works for other roles
            return []

    def add_user(self) -> None:
        if UserDialog(self.ctx, self._organisations(), self).exec() == QDialog.DialogCode.Accepted:
            self.page.changed.emit({"users"})
            self.refresh()

    def change_role(self) -> None:
        u = _selected(self.view, self.model)
        if u is not None and RoleDialog(self.ctx, u, self._organisations(), self).exec() == QDialog.DialogCode.Accepted:
            self.page.changed.emit({"users"})
            self.refresh()

    def _run(self, fn) -> None:
        def done(_result: Any) -> None:
            self.page.changed.emit({"users"})
            self.refresh()

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, _("Användare"), _error_text(exc))
            done(None)

        _write(self, fn, done, failed, "användare")

    def toggle_active(self) -> None:
        from sysselsattning.services.users import set_active

        u = _selected(self.view, self.model)
        if u is not None:
            ctx = self.ctx
            self._run(lambda: set_active(ctx, u.id, not u.active, version=u.version))

    def new_password(self) -> None:
        u = _selected(self.view, self.model)
        if u is not None and PasswordDialog(self.ctx, u, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def unlock(self) -> None:
        from sysselsattning.services.users import unlock

        u = _selected(self.view, self.model)
        if u is not None:
            ctx = self.ctx
            self._run(lambda: unlock(ctx, u.id))


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


# ------------------------------------------------------------------------------------------- audit
class AuditDetail(QDialog):
    def __init__(self, row, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Händelse i granskningsloggen"))
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"<b>{action_text(row.action)}</b> — {row.table} {row.record} — {row.user} — "
                f"{row.at:%Y-%m-%d %H:%M:%S} UTC"
            )
        )
        text = QPlainTextEdit()
        text.setReadOnly(True)
        parts = []
        if row.detail:
            parts.append(row.detail)
        if row.before is not None:
            parts.append(_("Före:") + "\n" + json.dumps(row.before, ensure_ascii=False, indent=2))
        if row.after is not None:
            parts.append(_("Efter:") + "\n" + json.dumps(row.after, ensure_ascii=False, indent=2))
        text.setPlainText("\n\n".join(parts))
        layout.addWidget(text)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText(_("Stäng"))
        box.rejected.connect(self.reject)
        layout.addWidget(box)


def audit_change_text(row) -> str:
    if row.detail:
        return row.detail
    if row.action == "update" and isinstance(row.after, dict):
        before = row.before if isinstance(row.before, dict) else {}
        return "; ".join(f"{k}: {before.get(k)!s} → {v!s}" for k, v in row.after.items())
    if row.action == "insert" and isinstance(row.after, dict):
        for key in ("name", "username", "label", "key"):
            if key in row.after:
                return str(row.after[key])
        if "first_name" in row.after:
            return f"{row.after.get('first_name', '')} {row.after.get('last_name', '')}".strip()
    return ""


class AuditTab(QWidget):
    LIMIT = 2000

    def __init__(self, page: Page):
        super().__init__(page)
        from sysselsattning.services.access import can

        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        self.allowed = can(self.ctx, "audit.read")
        if not self.allowed:
            layout.addWidget(_note(_("Granskningsloggen kan läsas av administratörer och granskare.")))
            layout.addStretch(1)
            self.model = None
            return
        bar = QHBoxLayout()
        self.since = DateEdit()
        self.until = DateEdit()
        for w in (self.since, self.until):
            w.setMaximumWidth(110)
        self.user = QComboBox()
        self.action = QComboBox()
        self.table = QComboBox()
        for combo in (self.user, self.action, self.table):
            combo.setMinimumWidth(130)
            combo.addItem(_("Alla"), "")
        self.text = SearchBox(_("Sök i ändringar och detaljer (t.ex. ett namn, en period eller ett post-id)…"))
        self.search_button = QPushButton(_("Sök"))
        for label, w in (
            (_("Från"), self.since),
            (_("Till"), self.until),
            (_("Användare"), self.user),
            (_("Händelse"), self.action),
            (_("Tabell"), self.table),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addStretch(1)
        layout.addLayout(bar)
        bar2 = QHBoxLayout()
        bar2.addWidget(self.text, 1)
        bar2.addWidget(self.search_button)
        layout.addLayout(bar2)
        self.model = _Model(
            [
                Column("at", lambda: _("Tid (UTC)"), lambda r: r.at, display=lambda r: f"{r.at:%Y-%m-%d %H:%M:%S}"),
                Column("user", lambda: _("Användare"), lambda r: r.user),
                Column("action", lambda: _("Händelse"), lambda r: r.action, display=lambda r: action_text(r.action)),
                Column("table", lambda: _("Tabell"), lambda r: r.table),
                Column("record", lambda: _("Post"), lambda r: r.record),
                Column("change", lambda: _("Ändring / detalj"), lambda r: audit_change_text(r)),
            ],
            self,
        )
        self.view = _table(self.model)
        self.view.doubleClicked.connect(self.show_detail)
        layout.addWidget(self.view, 1)
        self.note = _note("")
        layout.addWidget(self.note)
        self.search_button.clicked.connect(self.refresh)
        self.text.search_changed.connect(lambda _t: self.refresh())
        for combo in (self.user, self.action, self.table):
            combo.activated.connect(lambda _i: self.refresh())
        self._filters_loaded = False

    def refresh(self) -> None:
        if self.model is None:
            return
        from sysselsattning.services.audit_log import distinct_values, list_audit

        since = self.since.value() if self.since.is_valid() else None
        until = self.until.value() if self.until.is_valid() else None
        kw = dict(
            since=since,
            until=until,
            user=self.user.currentData() or "",
            action=self.action.currentData() or "",
            table=self.table.currentData() or "",
            text=self.text.text().strip(),
            limit=self.LIMIT,
            newest_first=True,
        )
        load_filters = not self._filters_loaded

        def load():
            return list_audit(self.ctx, **kw), (distinct_values(self.ctx) if load_filters else None)

        run_in_background(load, self._show, parent=self, name="granskningslogg")

    def _show(self, result) -> None:
        rows, filters = result
        if filters is not None:
            self._filters_loaded = True
            for combo, values, label in (
                (self.user, filters[0], str),
                (self.action, filters[1], action_text),
                (self.table, filters[2], str),
            ):
                for v in values:
                    combo.addItem(label(v), v)
        self.model.set_rows(rows)
        header = self.view.horizontalHeader()
        for col, width in ((0, 150), (1, 110), (2, 160), (3, 130), (4, 60)):
            header.resizeSection(col, width)
        more = (
            _(" (de senaste {n} visas – begränsa med filtren)").format(n=self.LIMIT) if len(rows) >= self.LIMIT else ""
        )
        self.note.setText(
            _("{n} händelser{more}. Loggen kan inte ändras i programmet. Dubbelklicka för före/efter.").format(
                n=len(rows), more=more
            )
        )

    def show_detail(self, index) -> None:
        row = self.model.row(self.view.model().mapToSource(index).row())
        AuditDetail(row, self).exec()


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
        for tab, title in (
            (self.parameters, _("Parametrar")),
            (self.policy, _("Policy")),
            (self.users, _("Användare")),
            (self.database, _("Databas")),
            (self.audit, _("Granskningslogg")),
            (self.language, _("Språk")),
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
        from sysselsattning.services.parameters import list_parameters

        try:
            rows = list_parameters(self.ctx)
        except Exception as exc:  # noqa: BLE001
            QMessageBox.warning(self, _("Parametrar"), _error_text(exc))
            return False
        dialog = OverrideDialog(self.ctx, rows, key, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit({"parameters"})
            self.refresh()
            return True
        return False
