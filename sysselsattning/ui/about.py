"""Hjälp → Om: version, where the data is, and the licences of the bundled components.

The main window calls :func:`show_about` from its Hjälp menu; :func:`application_icon` gives the
window/taskbar icon. The component list comes from ``resources/licenses/THIRD-PARTY.md`` (its table is
the one place the licences are written down); versions are read from the installed package metadata
(the PyInstaller spec copies it into the bundle), so the dialog always shows what is really shipped.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sysselsattning import __version__
from sysselsattning.i18n import _
from sysselsattning.paths import data_dir, resource_path

if TYPE_CHECKING:
    from sysselsattning.services.context import AppContext

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


@dataclass(frozen=True)
class Component:
    """One row of the third-party table."""

    name: str
    package: str  # PyPI distribution name, or "–" when it is not a Python package
    licence: str
    url: str

    @property
    def version(self) -> str:
        if self.package in ("", "–", "-"):
            return "–"
        try:
            return metadata.version(self.package)
        except metadata.PackageNotFoundError:
            return "–"


def application_icon() -> QIcon:
    """The program icon in every size shipped in ``resources/icons`` (for windows, taskbar and dialogs)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"sysselsattning-{size}.png")
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


@lru_cache(maxsize=1)
def third_party_text() -> str:
    """The whole of ``THIRD-PARTY.md`` (empty if the file is missing from a broken installation)."""
    path = resource_path("licenses", "THIRD-PARTY.md")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def components() -> list[Component]:
    """The rows of the component table in ``THIRD-PARTY.md``."""
    # The table starts at the header row "| Komponent | Paket | Licens | Webbplats |" and ends at the
    # first line that is not a table row; keep one component per row and that column order.
    rows: list[Component] = []
    in_table = False
    for line in third_party_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("| Komponent"):
            in_table = True
            continue
        if not in_table:
            continue
        if not stripped.startswith("|"):
            break
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if len(cells) != 4 or set(cells[0]) <= {"-", ":"}:
            continue
        rows.append(Component(*cells))
    return rows


def _path_label(text: str) -> QLineEdit:
    """A read-only, frameless field: long paths scroll instead of being cut, and can be copied."""
    field = QLineEdit(text)
    field.setReadOnly(True)
    field.setFrame(False)
    field.setCursorPosition(0)
    field.setStyleSheet("QLineEdit { background: transparent; }")
    return field


class AboutDialog(QDialog):
    """The "Om Sysselsättning först" dialog. Read-only; nothing here touches the database."""

    def __init__(self, parent: QWidget | None, ctx: AppContext | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Om Sysselsättning först"))
        self.setWindowIcon(application_icon())
        self.database = ctx.db.display_name if ctx is not None else _("(ingen databas öppen)")
        self.data_folder = str(data_dir())

        tabs = QTabWidget()
        tabs.addTab(self._about_tab(), _("Om programmet"))
        tabs.addTab(self._components_tab(), _("Komponenter och licenser"))
        tabs.addTab(self._licence_text_tab(), _("Licenstexter"))
        self.tabs = tabs

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Stäng"))
        copy = QPushButton(_("Kopiera uppgifterna"))
        copy.setToolTip(_("Kopierar version, databas och datamapp, t.ex. till ett supportärende"))
        copy.clicked.connect(self.copy_details)
        open_folder = QPushButton(_("Öppna datamappen"))
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.data_folder)))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def _about_tab(self) -> QWidget:
        page = QWidget()
        head = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(QPixmap(str(resource_path("icons", "sysselsattning-64.png"))))
        logo.setFixedSize(72, 72)
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(
            "<h2 style='margin:0'>Sysselsättning först</h2>"
            f"<p style='margin:4px 0'>{_('Version')} {__version__}</p>"
            f"<p style='margin:4px 0'>{_('Arvoden, lönekörningar och förmånssimulering för ett kommunalt sysselsättningsprogram.')}</p>"
        )
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.RichText)
        head.addWidget(title, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.version_label = _path_label(__version__)
        self.database_label = _path_label(self.database)
        self.data_folder_label = _path_label(self.data_folder)
        form.addRow(_("Version:"), self.version_label)
        form.addRow(_("Databas:"), self.database_label)
        form.addRow(_("Datamapp:"), self.data_folder_label)
        form.addRow(_("Licens:"), _path_label("EUPL-1.2"))
        form.addRow(_("Plattform:"), _path_label(self.platform_text()))

        note = QLabel(
            _(
                "Databasen och säkerhetskopiorna ligger i datamappen, utanför programmappen. "
                "De finns kvar när programmet uppdateras eller avinstalleras."
            )
        )
        note.setWordWrap(True)

        layout = QVBoxLayout(page)
        layout.addLayout(head)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    def _components_tab(self) -> QWidget:
        rows = components()
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels([_("Komponent"), _("Version"), _("Licens")])
        for r, comp in enumerate(rows):
            for c, text in enumerate((comp.name, comp.version, comp.licence)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(comp.url)
                table.setItem(r, c, item)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.components_table = table
        table.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        table.setAccessibleName(_("Komponenter"))
        table.setAccessibleDescription(_("Programmets delar med version och licens."))
        page = QWidget()
        hint = QLabel(_("Licenstexterna finns under fliken Licenstexter och i installationsmappen."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(table)
        layout.addWidget(hint)
        return page

    def _licence_text_tab(self) -> QWidget:
        browser = QTextBrowser()
        browser.setOpenExternalLinks(True)
        text = third_party_text()
        fonts = resource_path("fonts", "DejaVu-LICENSE.txt")
        if fonts.exists():
            body = fonts.read_text(encoding="utf-8", errors="replace")
            text += "\n\n## DejaVu-LICENSE.txt\n\n```\n" + body + "\n```\n"
        browser.setMarkdown(text)
        self.licence_browser = browser
        browser.setAccessibleName(_("Licenstexter"))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(browser)
        return page

    @staticmethod
    def platform_text() -> str:
        from PySide6 import __version__ as pyside_version

        frozen = _(" (installerat paket)") if getattr(sys, "frozen", False) else ""
        return (
            f"Python {platform.python_version()}, Qt/PySide6 {pyside_version}, "
            f"{platform.system()} {platform.release()}{frozen}"
        )

    def details_text(self) -> str:
        return "\n".join(
            [
                f"Sysselsättning först {__version__}",
                f"{_('Databas:')} {self.database}",
                f"{_('Datamapp:')} {self.data_folder}",
                f"{_('Plattform:')} {self.platform_text()}",
            ]
        )

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())


def show_about(parent: QWidget | None, ctx: AppContext | None) -> None:
    """Open the About dialog modally (Hjälp → Om)."""
    AboutDialog(parent, ctx).exec()
