"""Login at start (docs/architecture.md §9): the first administrator on an empty user table, else a login dialog.

``ask_login(ctx, parent) -> bool`` is called by :func:`sysselsattning.ui.app.start` before the main window.
On success the given :class:`~sysselsattning.services.context.AppContext` is changed in place to act as the
logged-in user (username, role, user_id, organisation_ids) and True is returned; Cancel returns False.

Form pattern (also for every other form dialog): on a failure — wrong password, a validation problem, a
read-only database, a full disk — the dialog stays open, shows a Swedish message at the field or above the
buttons, and keeps what was typed (only the password field is emptied after a wrong password).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _
from sysselsattning.ui.widgets import FieldError, dialog_buttons, show_problems, with_error_label

log = logging.getLogger(__name__)


def _error_text(exc: BaseException) -> str:
    from sysselsattning.ui.app import error_text

    return error_text(exc)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


def _apply_identity(ctx, identity) -> None:
    ctx.username = identity.username
    ctx.role = identity.role
    ctx.user_id = identity.user_id
    ctx.organisation_ids = identity.organisation_ids
    ctx.act()


class FirstAdminDialog(QDialog):
    """Shown when no user exists: create the first administrator (no default password)."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.identity = None
        self.setWindowTitle(_("Första administratören"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(_("Välkommen till Sysselsättning först")))
        intro = QLabel(
            _(
                "Det finns inga användare ännu. Skapa det första administratörskontot. Det finns inget "
                "standardlösenord – välj ett lösenord på minst 10 tecken och förvara det säkert."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username = QLineEdit()
        self.username.setPlaceholderText(_("t.ex. anna.andersson"))
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Användarnamn"), with_error_label(self.username))
        form.addRow(_("Namn"), with_error_label(self.full_name))
        form.addRow(_("Lösenord"), with_error_label(self.password))
        form.addRow(_("Upprepa lösenordet"), with_error_label(self.password2))
        layout.addLayout(form)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        buttons, self.ok_button = dialog_buttons(self, _("Skapa administratör"), self.submit)
        layout.addWidget(buttons)
        self.fields = {
            "username": self.username,
            "full_name": self.full_name,
            "password": self.password,
            "password2": self.password2,
        }

    def submit(self) -> None:
        from sysselsattning.domain.problems import ValidationFailed
        from sysselsattning.services import users
        from sysselsattning.services.errors import DatabaseError, StateError

        self.error.set_message("")
        try:
            self.identity = users.create_first_admin(
                self.ctx.db, self.username.text(), self.full_name.text(), self.password.text(), self.password2.text()
            )
        except ValidationFailed as exc:
            rest = show_problems(exc.problems, self.fields)
            if rest:
                from sysselsattning.i18n.messages import problem_text

                self.error.set_message(" ".join(problem_text(p) for p in rest))
            return
        except (StateError, DatabaseError) as exc:  # someone was first, or a read-only/locked/full database:
            show_problems([], self.fields)  # shown in the dialog, which stays open with the input kept
            self.error.set_message(_error_text(exc))
            return
        _apply_identity(self.ctx, self.identity)
        self.accept()


class LoginDialog(QDialog):
    """User name and password; Swedish messages for a wrong password and a locked account."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.identity = None
        self.setWindowTitle(_("Logga in – Sysselsättning först"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(_("Logga in")))
        where = QLabel(_("Databas: {name}").format(name=ctx.db.display_name))
        where.setProperty("tone", "muted")
        where.setWordWrap(True)
        layout.addWidget(where)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Användarnamn"), self.username)
        form.addRow(_("Lösenord"), self.password)
        layout.addLayout(form)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        buttons, self.ok_button = dialog_buttons(self, _("Logga in"), self.submit)
        layout.addWidget(buttons)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        from sysselsattning.services.auth import AuthError, authenticate, login_postgres
        from sysselsattning.services.errors import DatabaseError, SchemaTooNew

        self.error.set_message("")
        if not self.username.text().strip():
            self.error.set_message(_("Skriv ditt användarnamn."))
            self.username.setFocus()
            return
        try:
            if not self.ctx.db.is_sqlite:  # PostgreSQL: logging in is connecting as the person (#15)
                from sysselsattning.ui.app import _adopt

                _adopt(self.ctx, login_postgres(self.ctx, self.username.text(), self.password.text()))
                self.accept()
                return
            self.identity = authenticate(self.ctx.db, self.username.text(), self.password.text())
        except AuthError as exc:
            self.error.set_message(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        except (DatabaseError, SchemaTooNew) as exc:  # e.g. the server cannot be reached; the dialog stays open
            self.error.set_message(_error_text(exc))
            return
        _apply_identity(self.ctx, self.identity)
        self.accept()


def _apply_language(ctx) -> None:
    from sysselsattning.i18n import set_language
    from sysselsattning.services.errors import DatabaseError
    from sysselsattning.services.parameters import get_setting

    try:
        lang = get_setting(ctx.db, "language")  # a missing setting is the default, not an error
    except DatabaseError:
        # The language is a preference, never a reason not to start: logged, and the window's first read of
        # the database shows the problem to the person.
        log.warning("Språkinställningen kunde inte läsas", exc_info=True)
        return
    set_language(lang)


def _postgres_single_sign_on(ctx) -> bool:
    """PostgreSQL without a dialog when libpq can log in by itself (Kerberos/GSSAPI, the pgpass file)."""
    from sysselsattning.services.auth import AuthError, login_postgres
    from sysselsattning.services.errors import DatabaseError, SchemaTooNew
    from sysselsattning.ui.app import _adopt

    try:
        _adopt(ctx, login_postgres(ctx, None, None))
    except (AuthError, DatabaseError, SchemaTooNew):  # the login dialog shows the problem when the person tries
        return False
    return True


def _prepare_orm_while_waiting(ctx, dialog: QDialog) -> None:
    """Start-up leaves SQLAlchemy's ORM out (issue #17); logging in writes (the login is audited), so it is
    loaded in the background while the person types. A failure here is left to the login to report."""
    from sysselsattning.ui.tasks import run_in_background

    run_in_background(ctx.db.prepare_orm, on_error=lambda _exc: None, parent=dialog, name="orm")


def ask_login(ctx, parent: QWidget | None = None) -> bool:
    """First administrator (no users yet) or login. True when ``ctx`` now acts as a logged-in user.

    PostgreSQL: single sign-on when libpq can connect by itself, else the login dialog, which connects with
    the typed name and password. The first administrator is made by IT (docs/postgresql.md)."""
    if not ctx.db.is_sqlite:
        if _postgres_single_sign_on(ctx):
            _apply_language(ctx)
            return True
        from sysselsattning.services.auth import default_pg_user

        pg_dialog = LoginDialog(ctx, parent)
        _prepare_orm_while_waiting(ctx, pg_dialog)
        pg_dialog.username.setText(default_pg_user(ctx.db.url))
        pg_dialog.password.setFocus()
        ok = pg_dialog.exec() == QDialog.DialogCode.Accepted
        if ok:
            _apply_language(ctx)
        return ok
    from sysselsattning.services.users import has_users

    dialog: QDialog = LoginDialog(ctx, parent) if has_users(ctx.db) else FirstAdminDialog(ctx, parent)
    _prepare_orm_while_waiting(ctx, dialog)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    if ok:
        _apply_language(ctx)
    return ok
