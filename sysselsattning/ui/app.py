"""The Qt application: style, palette, translations, error handling and composition.

Start-up is kept fast: only PySide6 and the storage layer are imported before the window shows; each page
module is imported the first time its page is shown (``main_window``), reportlab only when a page prints,
and nothing heavier than the schema check runs before the window is on screen. Database work after that
runs in the background (:mod:`sysselsattning.ui.tasks`).

:func:`start` is the whole program: ``QApplication`` → database (``open_database``) → optional login
(``sysselsattning.ui.login.ask_login(ctx, parent) -> bool`` if that module exists) → main window →
(empty database) the demo-data offer.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from sysselsattning.i18n import _
from sysselsattning.logs import log, log_file, setup_logging

APP_TITLE = "Sysselsättning först"


def calm_palette() -> QPalette:
    """The calm light palette (kept here for callers; the colours live in :mod:`sysselsattning.ui.theme`)."""
    from sysselsattning.ui.theme import calm_palette as _calm

    return _calm()


def apply_theme(app: QApplication) -> None:
    """Palette (calm, or the system's under high contrast) and the style sheet derived from it."""
    from sysselsattning.ui import theme

    system = app.style().standardPalette() if not hasattr(app, "_system_palette") else app._system_palette
    palette = theme.app_palette(system)
    app.setPalette(palette)
    app.setStyleSheet(theme.stylesheet(theme.theme_for(palette)))


_translators: list[QTranslator] = []


def install_qt_translations(app: QApplication, lang: str) -> None:
    """Qt's own strings (standard buttons: *Avbryt*, *Ja*, *Nej*) from PySide6's ``qtbase_sv.qm``."""
    if lang != "sv":
        return
    import PySide6

    if not PySide6.__file__:  # a frozen build without a package folder: Qt's own English buttons
        return
    folder = Path(PySide6.__file__).parent / "Qt" / "translations"
    translator = QTranslator(app)
    if translator.load(f"qtbase_{lang}", str(folder)):
        app.installTranslator(translator)
        _translators.append(translator)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The ``QApplication`` (or the existing one in tests) with Fusion style, palette and translations."""
    from sysselsattning.i18n import current_language

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("Sysselsättning först")
    app.setApplicationDisplayName(APP_TITLE)
    if not hasattr(app, "_system_palette"):
        app._system_palette = app.palette()  # type: ignore[attr-defined] - a copy, before ours replaces it
    app.setStyle("Fusion")
    apply_theme(app)
    lang = current_language()
    QLocale.setDefault(
        QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden)
        if lang == "sv"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    )
    install_qt_translations(app, lang)
    try:
        from sysselsattning.paths import resource_path

        icon = resource_path("icons", "app.png")
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    except FileNotFoundError:
        pass
    return app


# ------------------------------------------------------------------------------------------- errors
def error_text(exc: BaseException) -> str:
    """A Swedish sentence for any exception a screen may meet."""
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.services.errors import ConflictError, NotFound, StateError

    if isinstance(exc, ValidationFailed):
        return "\n".join(problem_text(p) for p in exc.problems)
    if isinstance(exc, ConflictError):
        return exc.message
    if isinstance(exc, StateError):
        return str(exc)
    if isinstance(exc, NotFound):
        return _("Posten finns inte längre (någon kan ha tagit bort den).")
    from sysselsattning.services.access import AccessDenied

    if isinstance(exc, AccessDenied):
        return str(exc)
    if type(exc).__name__ == "LockedPeriodError":
        from sysselsattning.domain.problems import Problem

        return problem_text(Problem("", "period_locked", {"date": ""}))
    from sysselsattning.errors import describe

    return describe(exc)[1]


def _excepthook(exc_type, exc, tb) -> None:
    """Unexpected errors: log the traceback, show a Swedish message (never a traceback to the user)."""
    import traceback

    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("Oväntat fel:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    app = QApplication.instance()
    if app is None or os.environ.get("SYSSELSATTNING_NO_ERROR_DIALOG"):
        sys.stderr.write(f"Fel: {error_text(exc)}\n")
        return
    try:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            _("Ett fel inträffade"),
            error_text(exc),
            QMessageBox.StandardButton.Ok,
            app.activeWindow(),
        )
        path = log_file()
        if path is not None:
            box.setInformativeText(
                _("Det du höll på med kan ha avbrutits. Detaljer finns i loggfilen {path}.").format(path=path)
            )
        box.exec()
    except Exception:  # noqa: BLE001 - the last-resort boundary: the hook itself must never raise
        log.exception("Felmeddelandet kunde inte visas")
        sys.stderr.write(f"Fel: {error_text(exc)}\n")


def install_excepthook() -> None:
    sys.excepthook = _excepthook


# -------------------------------------------------------------------------------------- composition
def apply_stored_language(app: QApplication, ctx: Any) -> None:
    """Inställningar → Språk (setting "language"), unless --lang or SYSSELSATTNING_LANG chose one."""
    if os.environ.get("SYSSELSATTNING_LANG"):
        return
    from sysselsattning.i18n import current_language, set_language
    from sysselsattning.services.errors import DatabaseError
    from sysselsattning.services.parameters import get_setting

    try:
        lang = get_setting(ctx.db, "language")  # a missing setting is the default, not an error
    except DatabaseError:
        # The language is a preference, never a reason not to start: logged, and the window's first read of
        # the database shows the problem to the person.
        log.warning("Språkinställningen kunde inte läsas", exc_info=True)
        return
    if lang not in ("sv", "en") or lang == current_language():
        return
    set_language(lang)
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    QLocale.setDefault(
        QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden)
        if lang == "sv"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    )
    install_qt_translations(app, lang)


_FAILED = object()


def start_step(title: str, step: Any, parent: QWidget | None = None) -> Any:
    """``step()``, or :data:`_FAILED` after logging the traceback and showing ``title`` with the Swedish
    message (a box; standard error under ``SYSSELSATTNING_NO_ERROR_DIALOG``, e.g. ``--screenshot``).

    The start-up boundary: opening the database and reading the rule files can fail in many ways (a missing
    folder, a locked or newer database, a refused login, a malformed rule file, a bug) and, before the window
    and its event loop exist, nothing else would show the person why the program did not start.
    """
    try:
        return step()
    except Exception as exc:  # noqa: BLE001 - the start-up boundary described above
        log.exception(title)
        if not os.environ.get("SYSSELSATTNING_NO_ERROR_DIALOG"):
            QMessageBox.critical(parent, title, error_text(exc))
        else:
            sys.stderr.write(f"Fel: {error_text(exc)}\n")
        return _FAILED


def open_context(db_url: str | None, parent: QWidget | None = None) -> Any:
    """Open the database and make the :class:`AppContext`; a Swedish message box on failure (→ None)."""
    from sysselsattning.services.auth import is_postgres_url
    from sysselsattning.services.context import open_context as open_app_context

    # PostgreSQL: no connection before the login — logging in is connecting as the person (#15)
    ctx = start_step(
        _("Databasen kunde inte öppnas"),
        lambda: open_app_context(db_url, migrate=not is_postgres_url(db_url)),
        parent,
    )
    if ctx is _FAILED:
        return None
    db = ctx.db
    if not db.is_sqlite:
        return ctx  # the rules are checked after the login (start)
    # The rules files are read and checked before anything is shown (docs/architecture.md §3: a malformed file stops
    # start-up with its path and key). The set is cached in ctx; the first page needs it anyway.
    if start_step(_("Regelfilerna kunde inte läsas"), ctx.params, parent) is _FAILED:
        db.dispose()
        return None
    return ctx


def ask_login(ctx: Any, parent: QWidget | None = None) -> bool:
    """The login dialog (:func:`sysselsattning.ui.login.ask_login`)."""
    from sysselsattning.ui import login

    return bool(login.ask_login(ctx, parent))


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A Swedish yes/no question (tests patch this)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def offer_demo_data(window: Any) -> None:
    """On an empty database, ask once (per database and user folder) whether to fill it with demo data.

    Both the check and the filling run in the background.
    """
    ctx = window.ctx
    marker = _demo_marker(ctx)
    if marker is not None and marker.exists():
        return
    from sysselsattning.ui.tasks import run_in_background

    def is_empty() -> bool:
        from sysselsattning.services import demo

        return bool(demo.is_empty(ctx))

    def asked(empty: bool) -> None:
        if not empty:
            return
        if marker is not None:
            with contextlib.suppress(OSError):
                marker.write_text("asked\n", encoding="utf-8")
        if not ask_yes_no(window, _("Tom databas"), _("Vill du fylla databasen med demodata?")):
            return

        def fill(report) -> Any:
            from sysselsattning.services import demo

            return demo.demo_if_empty(ctx)

        def filled(_result: Any) -> None:
            window.notify_changed({"all"})
            window.statusBar().showMessage(_("Demodata har lagts in."), 8000)

        run_in_background(fill, filled, parent=window, write=True, progress=window.status_progress, name="demodata")

    run_in_background(
        is_empty,
        asked,
        lambda exc: log.warning("Kunde inte läsa databasen: %s", exc),
        parent=window,
        name="tom-databas",
    )


def start_backup(window: Any) -> Any:
    """The automatic backup at start (issue: "automatic consistent SQLite backup at start and after each
    approval"): :func:`sysselsattning.services.backup.backup_now` with reason ``start``, in a worker thread so the
    window is usable at once. SQLite's online backup API copies a consistent snapshot while the user works.
    PostgreSQL (and an in-memory database) is skipped: the server's own backups (pg_dump) cover it.

    Returns the task handle, or None when nothing is started. A failure is logged and shown in the status bar;
    it does not stop the program.
    """
    ctx = window.ctx
    db = ctx.db
    if not getattr(db, "is_sqlite", False):
        return None
    from sysselsattning.ui.tasks import run_in_background

    def work() -> Any:
        from sysselsattning.services import backup

        return backup.backup_now(db, "start")

    def done(path: Any) -> None:
        if path is not None:
            log.info("Säkerhetskopia vid start: %s", path)

    def failed(exc: BaseException) -> None:
        log.warning("Säkerhetskopian vid start misslyckades: %s", exc)
        with contextlib.suppress(RuntimeError):  # the window is already gone
            window.statusBar().showMessage(
                _("Säkerhetskopian vid start kunde inte göras: {error}").format(error=error_text(exc)), 15000
            )

    return run_in_background(work, done, failed, parent=window, name="backup-start")


def _demo_marker(ctx: Any) -> Path | None:
    import hashlib

    try:
        from sysselsattning.paths import data_dir

        key = hashlib.sha1(ctx.db.url.encode("utf-8")).hexdigest()[:12]
        return data_dir() / f".demo-offered-{key}"
    except OSError:  # the data folder cannot be made: ask again next time
        return None


def screenshot_login(ctx: Any, user: str | None, password: str | None) -> str | None:
    """``gui --screenshot`` logs in like the window (#15: it used to skip the login and show every
    personnummer). Returns None when ``ctx`` now acts as the user, else the Swedish reason."""
    from sysselsattning.services import auth
    from sysselsattning.services.errors import DatabaseError, SchemaTooNew
    from sysselsattning.services.users import has_users

    try:
        if not ctx.db.is_sqlite:
            new = auth.login_postgres(ctx, user, password)
        elif not has_users(ctx.db):
            return None  # a file without accounts: the window would offer to create the first administrator
        elif not user or password is None:
            return _("Skärmbilden kräver inloggning: ange --user och lösenordet med --password-stdin.")
        else:
            new = auth.login_context(ctx, user, password)
    except auth.AuthError as exc:
        return exc.message
    except (DatabaseError, SchemaTooNew) as exc:  # e.g. the server cannot be reached
        return error_text(exc)
    _adopt(ctx, new)
    return None


def _adopt(ctx: Any, new: Any) -> None:
    """Make *ctx* (held by the window) act as the logged-in context *new* (PostgreSQL: its connection)."""
    old_db = ctx.db
    for name in ("db", "username", "role", "user_id", "organisation_ids"):
        setattr(ctx, name, getattr(new, name))
    ctx.invalidate_params()
    ctx.act()
    if old_db is not ctx.db:
        old_db.dispose()


def start(
    db_url: str | None = None,
    *,
    page: str | None = None,
    screenshot: str | None = None,
    argv: list[str] | None = None,
    user: str | None = None,
    password: str | None = None,
) -> int:
    """Run the program (the ``gui`` command). Returns the exit code."""
    setup_logging()
    app = create_application(argv)
    from sysselsattning.ui import main_thread_gc

    collector = main_thread_gc.install(app)  # cycles holding Qt objects are freed here, never in a worker
    try:
        return _run(app, db_url, page=page, screenshot=screenshot, user=user, password=password)
    finally:
        collector.stop()


def _run(
    app: QApplication,
    db_url: str | None,
    *,
    page: str | None,
    screenshot: str | None,
    user: str | None,
    password: str | None,
) -> int:
    if screenshot:
        os.environ.setdefault("SYSSELSATTNING_NO_ERROR_DIALOG", "1")
    install_excepthook()
    ctx = open_context(db_url)
    if ctx is None:
        return 1
    if ctx.db.is_sqlite:
        apply_stored_language(app, ctx)
    if screenshot:
        problem = screenshot_login(ctx, user, password)
        if problem:
            sys.stderr.write(f"Fel: {problem}\n")
            return 2
    elif not ask_login(ctx, None):
        return 0
    if not ctx.db.is_sqlite:
        apply_stored_language(app, ctx)
        if start_step(_("Regelfilerna kunde inte läsas"), ctx.params) is _FAILED:
            return 1
    from sysselsattning.ui.main_window import MainWindow

    window = MainWindow(ctx, page=page)
    if screenshot:
        return 0 if window.save_screenshot(screenshot) else 1
    window.show()
    # After login and with the window on screen: the start backup (not for --screenshot, a one-off rendering
    # that is not a working session) and, on an empty database, the demo-data offer.
    QTimer.singleShot(0, lambda: start_backup(window))
    QTimer.singleShot(0, lambda: offer_demo_data(window))
    code = app.exec()
    ctx.db.dispose()
    return code
