"""Hjälp → Om: version, database, data folder and the licences of the bundled components."""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication

from sysselsattning import __version__
from sysselsattning.paths import data_dir
from sysselsattning.ui.about import AboutDialog, application_icon, components

REQUIRED = {  # package → a word its licence cell must contain (design: licences of bundled components)
    "PySide6-Essentials": "LGPL-3.0",
    "SQLAlchemy": "MIT",
    "reportlab": "BSD",
    "babel": "BSD",
    "python-dateutil": "Apache-2.0",
    "python-stdnum": "LGPL",
    "platformdirs": "MIT",
    "alembic": "MIT",
}


def test_component_table_lists_every_bundled_licence() -> None:
    rows = {c.package: c for c in components()}
    for package, licence in REQUIRED.items():
        assert package in rows, package
        assert licence in rows[package].licence, (package, rows[package].licence)
    assert any("DejaVu" in c.name for c in components())
    # Versions come from the installed metadata, so they are the ones really shipped.
    assert rows["PySide6-Essentials"].version.startswith("6.")
    assert rows["SQLAlchemy"].version.startswith("2.0")


def test_about_dialog_shows_version_database_and_data_folder(qtbot, ctx) -> None:
    dlg = AboutDialog(None, ctx)
    qtbot.addWidget(dlg)
    dlg.resize(720, 520)
    dlg.show()
    assert dlg.windowTitle() == "Om Sysselsättning först"
    assert dlg.version_label.text() == __version__
    assert dlg.database_label.text() == ctx.db.display_name
    assert dlg.database_label.text().endswith(".sqlite") or "sqlite" in ctx.db.url
    assert dlg.data_folder_label.text() == str(data_dir())
    assert dlg.components_table.rowCount() == len(components()) >= 15
    names = [dlg.components_table.item(r, 0).text() for r in range(dlg.components_table.rowCount())]
    assert any("PySide6" in n for n in names)
    assert "LGPL" in dlg.licence_browser.toPlainText()
    assert "Bitstream Vera" in dlg.licence_browser.toPlainText()  # the DejaVu font licence itself
    dlg.copy_details()
    copied = QGuiApplication.clipboard().text()
    assert __version__ in copied and ctx.db.display_name in copied
    if os.environ.get("ABOUT_SCREENSHOT"):
        for i in range(dlg.tabs.count()):
            dlg.tabs.setCurrentIndex(i)
            dlg.grab().save(f"{os.environ['ABOUT_SCREENSHOT']}-{i}.png")


def test_about_dialog_without_database(qtbot) -> None:
    dlg = AboutDialog(None, None)
    qtbot.addWidget(dlg)
    assert dlg.database_label.text() == "(ingen databas öppen)"


def test_application_icon_has_all_sizes() -> None:
    icon = application_icon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
