"""The Användare tab: accounts, roles and associations (administrators), with its dialogs."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _
from sysselsattning.services.access import AccessDenied
from sysselsattning.ui.models import Column
from sysselsattning.ui.pages.settings.common import (
    _error_text,
    _is_admin,
    _Model,
    _note,
    _save_and_accept,
    _selected,
    _table,
    _write,
)
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import FieldError, dialog_buttons, set_accessible, with_error_label

if TYPE_CHECKING:
    from sysselsattning.ui.pages.settings.page import Page


# ------------------------------------------------------------------------------------------- users
def _organisation_checklist(organisations: list, checked: Container[int], height: int) -> QListWidget:
    """The associations a samordnare works with, as a checkable list (``checked``: the ids ticked)."""
    lst = QListWidget()
    lst.setMaximumHeight(height)
    for o in organisations:
        item = QListWidgetItem(f"{o.name} ({o.orgnr})")
        item.setData(Qt.ItemDataRole.UserRole, o.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if o.id in checked else Qt.CheckState.Unchecked)
        lst.addItem(item)
    return lst


def _checked_ids(lst: QListWidget) -> list[int]:
    return [
        lst.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(lst.count())
        if lst.item(i).checkState() == Qt.CheckState.Checked
    ]


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
        self.organisations = _organisation_checklist(organisations, (), 110)
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
        return _checked_ids(self.organisations)

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
        self.organisations = _organisation_checklist(organisations, user.organisation_ids, 130)
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
        return _checked_ids(self.organisations)

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
        set_accessible(self.view, _("Användare"), _("En rad per användarkonto med roll och föreningar."))
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
        from sysselsattning.services import registry

        try:
            return registry.list_organisations(self.ctx, include_inactive=False)
        except AccessDenied:  # the dialog still works for roles without associations
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
