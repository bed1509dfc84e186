"""The main window: navigation on the left (docs/architecture.md §8), pages in a stack, menus and status bar.

Pages are imported and built the first time they are shown (start-up speed); see
:mod:`sysselsattning.ui.pages` for the page convention. ``data_changed(set[str])`` is the one way to say
"something changed" (Anki's ``OpChanges``): pages emit ``changed`` after a write, the window re-broadcasts.
Ctrl+1 … Ctrl+7 switch pages.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _
from sysselsattning.ui.tasks import StatusProgress, wait_idle
from sysselsattning.ui.widgets import Placeholder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageInfo:
    key: str
    module: str
    title: Callable[[], str]


PAGES: tuple[PageInfo, ...] = (
    PageInfo("deltagare", "participants", lambda: _("Deltagare")),
    PageInfo("arbetsplatser", "worksites", lambda: _("Arbetsplatser och uppgifter")),
    PageInfo("tid", "timesheet", lambda: _("Tidrapportering")),
    PageInfo("lon", "payruns", lambda: _("Löneperioder")),
    PageInfo("simulering", "simulation", lambda: _("Simulering")),
    PageInfo("rapporter", "reports", lambda: _("Rapporter")),
    PageInfo("installningar", "settings", lambda: _("Inställningar")),
)

PAGE_KEYS: tuple[str, ...] = tuple(p.key for p in PAGES)


def shortcuts() -> list[tuple[str, str]]:
    """The program's keyboard shortcuts, as listed in Hjälp → Kortkommandon and in the manual."""
    items = [(f"Ctrl+{i + 1}", info.title()) for i, info in enumerate(PAGES)]
    items += [
        ("F1", _("Handbok")),
        ("Ctrl+Q", _("Avsluta")),
        (_("Tabb / Skift+Tabb"), _("Nästa / föregående fält")),
        (_("Alt+understruken bokstav"), _("Gå till fältet eller knappen")),
        (_("Mellanslag"), _("Tryck på knappen som har fokus")),
        ("Ctrl+N", _("Ny deltagare (Deltagare)")),
        ("Ctrl+S", _("Spara (Deltagare, Tidrapportering, Simulering)")),
        ("Ctrl+O", _("Öppna sparat scenario (Simulering)")),
        ("Ctrl+P", _("Skriv ut (Löneperioder: lönebesked; Simulering: brevet)")),
        (_("Ctrl+Skift+S"), _("Spara brevet som PDF (Simulering)")),
        ("Enter", _("Tidrapportering: nästa deltagare; listor: öppna det valda")),
        (_("Delete"), _("Tidrapportering: töm cellen")),
    ]
    return items


def shortcuts_text() -> str:
    return "\n".join(f"{keys}\t{what}" for keys, what in shortcuts())


def focus_first(page: QWidget) -> QWidget | None:
    """Give keyboard focus to the first visible, enabled, tab-focusable widget inside ``page``."""
    w = page.nextInFocusChain()
    for _step in range(2000):
        if w is None or w is page:
            return None
        if (
            page.isAncestorOf(w)
            and w.isVisible()
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None
        ):
            w.setFocus(Qt.FocusReason.TabFocusReason)
            return w
        w = w.nextInFocusChain()
    return None


class MainWindow(QMainWindow):
    """The application window. ``data_changed`` carries a ``set[str]`` of change flags."""

    data_changed = Signal(object)
    page_shown = Signal(str)

    def __init__(self, ctx: Any, *, page: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Sysselsättning först"))
        self.resize(1280, 800)
        self.setMinimumSize(QSize(960, 600))
        self._pages: dict[str, QWidget] = {}
        self._stale: set[str] = set()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        side = QWidget()
        side.setFixedWidth(250)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        brand = QLabel(_("Sysselsättning först"))
        brand.setObjectName("navTitle")
        side_layout.addWidget(brand)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Sidor"))
        self.navigation.setAccessibleDescription(_("Välj sida med piltangenterna, eller Ctrl+1 till Ctrl+7."))
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for index, info in enumerate(PAGES):
            item = QListWidgetItem(info.title())
            item.setData(Qt.ItemDataRole.UserRole, info.key)
            item.setToolTip(_("Ctrl+{n}").format(n=index + 1))
            self.navigation.addItem(item)
        side_layout.addWidget(self.navigation, 1)
        layout.addWidget(side)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()

        self.navigation.currentRowChanged.connect(self._row_changed)
        self.data_changed.connect(self._broadcast)
        self.show_page(page or PAGE_KEYS[0])

    # ---------------------------------------------------------------------------------- chrome
    def _build_menus(self) -> None:
        bar = self.menuBar()
        archive = bar.addMenu(_("&Arkiv"))
        self.print_action = QAction(_("Skriv ut…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setToolTip(_("Skriv ut det sidan visar (lönebesked, brev)"))
        self.print_action.triggered.connect(self.print_current)
        self.print_action.setEnabled(False)
        archive.addAction(self.print_action)
        archive.addSeparator()
        backup = QAction(_("Säkerhetskopiera…"), self)
        backup.triggered.connect(self.backup)
        archive.addAction(backup)
        archive.addSeparator()
        quit_action = QAction(_("Avsluta"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        archive.addAction(quit_action)
        # Gå till: every page with its shortcut (Ctrl+1 … Ctrl+7); keyboard focus moves into the page.
        go = bar.addMenu(_("&Gå till"))
        self.page_actions: dict[str, QAction] = {}
        for index, info in enumerate(PAGES):
            action = QAction(info.title(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, k=info.key: self.go_to_page(k))
            go.addAction(action)
            self.addAction(action)
            self.page_actions[info.key] = action
        help_menu = bar.addMenu(_("&Hjälp"))
        self.manual_action = QAction(_("Handbok"), self)
        self.manual_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.manual_action.triggered.connect(self.show_manual)
        help_menu.addAction(self.manual_action)
        self.shortcuts_action = QAction(_("Kortkommandon"), self)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        about = QAction(_("Om Sysselsättning först…"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.status_progress = StatusProgress(self)
        status.addPermanentWidget(self.status_progress)
        self.db_label = QLabel(_("Databas: {name}").format(name=self.ctx.db.display_name))
        self.db_label.setToolTip(self.ctx.db.display_name)
        status.addPermanentWidget(self.db_label)
        self.user_label = QLabel()
        status.addPermanentWidget(self.user_label)
        self.update_user()

    def update_user(self) -> None:
        """Show the logged-in user (and role) in the status bar."""
        role_names = {
            "administrator": _("administratör"),
            "samordnare": _("samordnare"),
            "handlaggare": _("handläggare"),
            "granskare": _("granskare"),
        }
        role = role_names.get(self.ctx.role, self.ctx.role)
        self.user_label.setText(_("Användare: {user} ({role})").format(user=self.ctx.username, role=role))

    # ----------------------------------------------------------------------------------- pages
    def page_info(self, key: str) -> PageInfo:
        for info in PAGES:
            if info.key == key:
                return info
        raise KeyError(key)

    def current_key(self) -> str:
        item = self.navigation.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else PAGE_KEYS[0]

    def show_page(self, key: str) -> QWidget:
        """Show the page (building it on first use) and select it in the navigation."""
        if key not in PAGE_KEYS:
            raise KeyError(key)
        row = PAGE_KEYS.index(key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # → _row_changed → _activate
        else:
            self._activate(key)
        return self._pages[key]

    def go_to_page(self, key: str) -> QWidget:
        """Show the page and put keyboard focus on its first field (Ctrl+1 … Ctrl+7, Gå till)."""
        page = self.show_page(key)
        focus_first(page)
        return page

    def show_shortcuts(self) -> None:
        """Hjälp → Kortkommandon: every shortcut in one list (also in the manual)."""
        QMessageBox.information(self, _("Kortkommandon"), shortcuts_text())

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self._activate(PAGES[row].key)

    def _activate(self, key: str) -> None:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.print_action.setEnabled(callable(getattr(page, "print_current", None)))
        if key in self._stale:
            self._stale.discard(key)
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh()
        self.page_shown.emit(key)

    def page(self, key: str) -> QWidget:
        """The page widget for ``key``, built (and first refreshed) on first call."""
        page = self._pages.get(key)
        if page is not None:
            return page
        info = self.page_info(key)
        page = self._build_page(info)
        self._pages[key] = page
        self.stack.addWidget(page)
        changed = getattr(page, "changed", None)
        if changed is not None and hasattr(changed, "connect"):
            changed.connect(self.notify_changed)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        return page

    def _build_page(self, info: PageInfo) -> QWidget:
        try:
            module = importlib.import_module(f"sysselsattning.ui.pages.{info.module}")
            return module.Page(self.ctx, self)
        except Exception as exc:  # boundary: one page that cannot be built (a bug, an unreadable
            # database) must not take the window and the other pages with it: the traceback is logged and the
            # page's place shows the Swedish message.
            log.exception("Sidan %s kunde inte byggas", info.key)
            from sysselsattning.ui.app import error_text

            return Placeholder(info.title(), _("Sidan kunde inte visas: {error}").format(error=error_text(exc)))

    def built_pages(self) -> dict[str, QWidget]:
        return dict(self._pages)

    # ------------------------------------------------------------------------------- changes
    def notify_changed(self, changes: Any) -> None:
        """Tell every page that data changed (a set of flags such as ``{"participants"}``)."""
        self.data_changed.emit(set(changes))

    def _broadcast(self, changes: set[str]) -> None:
        current = self.current_key()
        for key, page in self._pages.items():
            handler = getattr(page, "on_data_changed", None)
            if callable(handler):
                handler(changes)
            elif key == current:
                refresh = getattr(page, "refresh", None)
                if callable(refresh):
                    refresh()
            else:
                self._stale.add(key)

    # ------------------------------------------------------------------------------- actions
    def backup(self) -> None:
        """Arkiv → Säkerhetskopiera…: a consistent copy (services.backup) into a folder the user picks."""
        from sysselsattning.paths import backup_dir

        folder = QFileDialog.getExistingDirectory(self, _("Välj mapp för säkerhetskopian"), str(backup_dir()))
        if not folder:
            return
        from pathlib import Path

        from sysselsattning.services import backup as backup_service
        from sysselsattning.ui.tasks import run_in_background

        db = self.ctx.db

        def work() -> Any:
            return backup_service.backup_now(db, "manuell", directory=Path(folder))

        def done(path: Any) -> None:
            if path is None:
                QMessageBox.information(
                    self,
                    _("Säkerhetskopiera"),
                    _(
                        "Databasen är inte en SQLite-fil. Säkerhetskopiera PostgreSQL med "
                        "pg_dump eller med kommandot sysselsattning backup."
                    ),
                )
                return
            self.statusBar().showMessage(_("Säkerhetskopian sparades: {path}").format(path=path), 10000)

        run_in_background(work, done, parent=self, progress=self.status_progress, name="backup")

    def print_current(self) -> None:
        """Arkiv → Skriv ut (Ctrl+P): the current page prints what it shows (pages without print_current: off)."""
        printer = getattr(self.stack.currentWidget(), "print_current", None)
        if callable(printer):
            printer()

    def show_manual(self) -> None:
        """Hjälp → Handbok (F1): the user manual that ships with the program."""
        from sysselsattning.ui.manual import show_manual

        show_manual(self)

    def about(self) -> None:
        from sysselsattning.ui import about

        about.show_about(self, self.ctx)

    def closeEvent(self, event: Any) -> None:
        """Ask running background jobs to stop (a pay run in progress rolls back its transaction)."""
        from sysselsattning.ui.tasks import cancel_all

        cancel_all()
        super().closeEvent(event)

    # ---------------------------------------------------------------------------- screenshot
    def save_screenshot(self, path: str, *, timeout: float = 15.0) -> bool:
        """Render the window at 1280×800 after the page's background loading has finished."""
        self.resize(1280, 800)
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
        self.show()
        app = QApplication.instance()
        for _round in range(3):
            wait_idle(timeout)
            if app is not None:
                app.processEvents()
        self.resize(1280, 800)
        if app is not None:
            app.processEvents()
        ok = self.grab().save(path)
        self.close()
        return bool(ok)
