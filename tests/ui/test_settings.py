"""The settings page (Inställningar): tabs load, administrators override parameters and manage users,
others cannot; the audit log is viewable and filterable; backup and restore from the Databas tab."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from sysselsattning.services import users
from sysselsattning.services.auth import login_context
from sysselsattning.ui.tasks import wait_idle

PW = "langt-losenord-1"


@pytest.fixture
def admin(ctx):
    users.create_first_admin(ctx.db, "anna", "Anna Admin", PW, PW)
    return login_context(ctx, "anna", PW)


def _page(qtbot, c):
    from sysselsattning.ui.pages.settings import Page

    page = Page(c)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    page.refresh()
    wait_idle(10)
    return page


def _shot(page, name: str) -> None:
    out = os.environ.get("SYSSELSATTNING_SHOTS")
    if out:
        page.grab().save(str(Path(out) / name))


def test_all_tabs_load_and_render(qtbot, admin):
    from tests.services.registry_helpers import participant, setup_task

    org, _ws, _t = setup_task(admin)
    users.create_user(admin, "sam", "Sam Samordnare", "samordnare", PW, organisation_ids=[org.id])
    participant(admin, "Åsa", "Öberg")
    page = _page(qtbot, admin)
    for i, name in enumerate(["parametrar", "policy", "anvandare", "databas", "granskningslogg", "sprak"]):
        page.tabs.setCurrentIndex(i)
        wait_idle(10)
        _shot(page, f"settings_{name}.png")
    keys = [r.key for r in page.parameters.model.rows]
    assert "frikort.tak" in keys and "skatt.sidoinkomst_procent" in keys
    assert [u.username for u in page.users.model.rows] == ["anna", "sam"]
    assert page.audit.model.rows and page.audit.model.rows[0].id > page.audit.model.rows[-1].id  # newest first
    assert page.database.labels["kind"].text() == "SQLite-fil på den här datorn"
    assert page.policy.rows and all(r.key.startswith("frikort.") for r in page.policy.rows)


def test_override_dialog(qtbot, admin, monkeypatch):
    from sysselsattning.services.parameters import list_parameters
    from sysselsattning.ui.pages.settings import OverrideDialog
    from sysselsattning.ui.widgets import field_error

    d = OverrideDialog(admin, list_parameters(admin), "frikort.tak")
    qtbot.addWidget(d)
    assert d.value.text() == "20000" and not d.key.isEnabled()
    d.value.setText("tjugo")
    d.reason.setText("")
    d.save_button.click()
    wait_idle(10)
    assert d.result() != QDialog.DialogCode.Accepted
    assert field_error(d.reason) == "Ange ett skäl till ändringen."
    assert "ett tal" in field_error(d.value)
    d.value.setText("25 000")
    d.reason.setText("Nämndbeslut")
    d.valid_from.setText("2027-01-01")
    d.save_button.click()
    wait_idle(10)
    assert d.result() == QDialog.DialogCode.Accepted
    assert admin.params().get("frikort.tak", date(2027, 1, 1)) == Decimal("25000")


def test_user_dialog_creates_and_validates(qtbot, admin):
    from sysselsattning.ui.pages.settings import UserDialog
    from sysselsattning.ui.widgets import field_error

    d = UserDialog(admin, [])
    qtbot.addWidget(d)
    d.username.setText("gun")
    d.role.setCurrentIndex(d.role.findData("granskare"))
    d.password.setText(PW)
    d.password2.setText(PW + "x")
    d.save_button.click()
    wait_idle(10)
    assert d.result() != QDialog.DialogCode.Accepted and field_error(d.password2) == "Lösenorden är inte lika."
    d.password2.setText(PW)
    d.save_button.click()
    wait_idle(10)
    assert d.result() == QDialog.DialogCode.Accepted
    assert login_context(admin, "gun", PW).role == "granskare"


def test_non_admin_sees_no_admin_controls(qtbot, admin):
    users.create_user(admin, "gun", "Gun", "granskare", PW)
    gun = login_context(admin, "gun", PW)
    page = _page(qtbot, gun)
    assert not page.parameters.override_button.isEnabled()
    assert page.users.model is None
    assert not page.database.restore_button.isEnabled() and not page.database.apply_button.isEnabled()
    page.tabs.setCurrentIndex(4)
    wait_idle(10)
    assert page.audit.model is not None and page.audit.model.rows  # granskare reads the log
    users.create_user(admin, "hans", "Hans", "handlaggare", PW)
    hans = login_context(admin, "hans", PW)
    page2 = _page(qtbot, hans)
    assert page2.audit.model is None


def test_audit_filter(qtbot, admin):
    page = _page(qtbot, admin)
    page.tabs.setCurrentIndex(4)
    wait_idle(10)
    assert {r.action for r in page.audit.model.rows} >= {"login", "insert"}
    page.audit.action.setCurrentIndex(page.audit.action.findData("login"))
    page.audit.refresh()
    wait_idle(10)
    assert page.audit.model.rows and {r.action for r in page.audit.model.rows} == {"login"}
    from sysselsattning.ui.pages.settings import audit_change_text

    assert all(isinstance(audit_change_text(r), str) for r in page.audit.model.rows)


def test_backup_and_restore_from_the_database_tab(qtbot, admin, monkeypatch):
    from sysselsattning.services.parameters import set_override
    from sysselsattning.storage import backup
    from sysselsattning.ui.restore_dialog import RestoreDialog

    page = _page(qtbot, admin)
    page.tabs.setCurrentIndex(3)
    wait_idle(10)
    page.database.backup_now()
    wait_idle(10)
    assert "Säkerhetskopian sparades" in page.database.status.text()
    made = backup.list_backups()
    assert len(made) == 1
    set_override(admin, "frikort.tak", date(2027, 1, 1), "30000", "efter kopian")
    d = RestoreDialog(admin)
    qtbot.addWidget(d)
    d.show()
    assert d.list.count() == 1 and d.restore_button.isEnabled()
    assert d.labels["schema"].text() and d.labels["participants"].text() == "0"
    _shot(d, "restore_dialog.png")
    monkeypatch.setattr(RestoreDialog, "confirm", lambda self: True)
    d.restore_button.click()
    assert d.result() == QDialog.DialogCode.Accepted and d.safety is not None
    admin.invalidate_params()
    assert admin.params().get("frikort.tak", date(2027, 1, 1)) == Decimal("20000")  # the override is gone again


def test_restore_dialog_refuses_junk(qtbot, admin, tmp_path):
    from sysselsattning.ui.restore_dialog import RestoreDialog

    junk = tmp_path / "junk.sqlite"
    junk.write_text("nej")
    d = RestoreDialog(admin)
    qtbot.addWidget(d)
    d.list.setCurrentItem(d.add_file(junk))
    assert not d.restore_button.isEnabled() and "inte en SQLite-databas" in d.error.text()


def test_language_is_stored(qtbot, admin):
    from sysselsattning.services.parameters import get_setting

    page = _page(qtbot, admin)
    page.tabs.setCurrentIndex(5)
    wait_idle(10)
    assert page.language.sv.isChecked()
    page.language.en.setChecked(True)
    page.language.save()
    wait_idle(10)
    assert get_setting(admin.db, "language") == "en"


def test_retention_preview_from_the_tab(qtbot, admin):
    page = _page(qtbot, admin)
    page.database.retention(apply=False)
    wait_idle(10)
    assert page.database.retention_result.text().startswith("0 deltagare inaktiva sedan")


def test_role_dialog(qtbot, admin):
    from PySide6.QtCore import Qt

    from sysselsattning.services import registry
    from sysselsattning.ui.pages.settings import RoleDialog
    from sysselsattning.ui.widgets import field_error
    from tests.services.registry_helpers import setup_task

    org, _ws, _t = setup_task(admin)
    u = users.create_user(admin, "gun", "Gun", "granskare", PW)
    d = RoleDialog(admin, u, registry.list_organisations(admin))
    qtbot.addWidget(d)
    d.role.setCurrentIndex(d.role.findData("samordnare"))
    d.save_button.click()
    wait_idle(10)
    assert d.result() != QDialog.DialogCode.Accepted
    assert field_error(d.organisations) == "En samordnare måste ha minst en förening."
    d.organisations.item(0).setCheckState(Qt.CheckState.Checked)
    d.save_button.click()
    wait_idle(10)
    assert d.result() == QDialog.DialogCode.Accepted
    assert login_context(admin, "gun", PW).organisation_ids == frozenset({org.id})
    # the last administrator cannot lose the role: the dialog says so and stays open
    me = next(x for x in users.list_users(admin) if x.username == "anna")
    d2 = RoleDialog(admin, me, [])
    qtbot.addWidget(d2)
    d2.role.setCurrentIndex(d2.role.findData("granskare"))
    d2.save_button.click()
    wait_idle(10)
    assert d2.result() != QDialog.DialogCode.Accepted and "sista aktiva administratören" in d2.error.text()


def test_parameter_tables_are_shown_readably_not_as_json(qtbot, admin):
    """Issue #14: the AGI deadline table reads 'normal: 12 · januari: 17 · augusti: 17', not {"normal": 12, …}."""
    from sysselsattning.ui.pages.settings.common import readable_value

    assert readable_value({"normal": 12, "januari": 17, "augusti": 17}) == "normal: 12 · januari: 17 · augusti: 17"
    assert readable_value(["forsorjningsstod", "bostadstillagg"]) == "forsorjningsstod, bostadstillagg"
    assert readable_value(Decimal("31.42")) == "31,42"
    page = _page(qtbot, admin)
    model = page.parameters.model
    from PySide6.QtCore import Qt

    col = next(i for i in range(model.columnCount()) if model.headerData(i, Qt.Orientation.Horizontal) == "Värde")
    shown = [model.data(model.index(r, col)) for r in range(model.rowCount())]
    assert not any(str(s).lstrip().startswith(("{", "[")) for s in shown)
    row = next(r for r in range(model.rowCount()) if model.rows[r].key == "agi.deklarationsdag")
    assert "normal: 12" in model.data(model.index(row, col))
