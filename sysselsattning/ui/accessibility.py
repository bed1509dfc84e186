"""``gui --check-accessibility``: every page and the main dialogs checked as a screen reader and a
low-vision user meet them (EN 301 549 / WCAG 2.1 AA).

The check builds the main window offscreen at 1280×800 logical pixels (at 200 %: the command sets
``QT_SCALE_FACTOR=2`` before Qt starts), on a throw-away SQLite database filled with the demo programme,
visits every page and every tab on it, opens the main dialogs, and reports per page:

- ``namn``: an input control (field, list, table, button, chart …) that a screen reader cannot name — the
  name Qt's accessibility bridge would give (``QAccessibleInterface.text(Name)``: accessible name, a buddied
  label, a button's text); tables, charts and icon-only buttons also need a description, and an editable
  cell of a grid needs a spoken text (``AccessibleTextRole``);
- ``kontrast``: a text colour pair under 4.5:1 (3:1 for large text), a chart colour or the focus colour
  under 3:1 — computed with :mod:`sysselsattning.domain.contrast` from the widget's palette (style sheets
  end up there) and from the item models' colour roles; checked with the program's palette *and* a
  high-contrast palette, so a hard-coded colour that fights the system palette is caught;
- ``klippt``: a label, button, check box or group title whose text does not fit its widget.

``run_check`` returns the exit code: 0 when nothing was found, 1 otherwise. JSON:
``{"pages": [{"page": "deltagare", "controls": N, "problems": [{"kind", "widget", "detail"}, ...]}, ...]}``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

from sysselsattning.domain.contrast import GRAPHICS_MIN, LARGE_TEXT_MIN, TEXT_MIN, contrast_ratio
from sysselsattning.i18n import _

#: A fixed "today" for the demo data, so the check sees the same screens every day.
CHECK_TODAY = date(2026, 11, 23)
WINDOW_SIZE = (1280, 800)


@dataclass
class Finding:
    kind: str  # namn | tangentbord | kontrast | klippt | fel
    widget: str
    detail: str


@dataclass
class PageReport:
    page: str
    controls: int = 0
    problems: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"page": self.page, "controls": self.controls, "problems": [asdict(p) for p in self.problems]}


# ------------------------------------------------------------------------------------------ helpers
def describe(w: QWidget) -> str:
    """``QLineEdit "Förnamn" (participants.ParticipantForm.first_name)`` — enough to find the widget."""
    name = accessible_name(w) or w.objectName()
    owner = ""
    parent = w.parentWidget()
    while parent is not None and not owner:
        for attr, value in vars(parent).items() if hasattr(parent, "__dict__") else ():
            if value is w:
                owner = f"{type(parent).__name__}.{attr}"
                break
        parent = parent.parentWidget()
    text = f'{type(w).__name__} "{name}"' if name else type(w).__name__
    return f"{text} ({owner})" if owner else text


def _iface(w: QWidget):
    return QAccessible.queryAccessibleInterface(w)


def accessible_name(w: QWidget) -> str:
    iface = _iface(w)
    return (iface.text(QAccessible.Text.Name) if iface is not None else "") or ""


_STRICT = (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QAbstractItemView, QAbstractSlider)


def spoken_name(w: QWidget) -> str:
    """The name a screen reader says for ``w``. For fields, lists and tables only a real name counts — the
    accessible name or a label buddied to the field — not what Qt falls back to (a placeholder, the combo
    box's current item), which does not say what the field is for."""
    if not isinstance(w, _STRICT) and not is_chart(w):
        return accessible_name(w).strip()
    if w.accessibleName().strip():
        return w.accessibleName().strip()
    for label in w.window().findChildren(QLabel):
        if label.buddy() is w and label.text().strip():
            return label.text().strip()
    parent = w.parentWidget()
    if isinstance(parent, QGroupBox) and parent.title().strip():
        return parent.title().strip()
    return ""


def accessible_description(w: QWidget) -> str:
    iface = _iface(w)
    return (iface.text(QAccessible.Text.Description) if iface is not None else "") or ""


def _inside(w: QWidget, kinds: tuple[type, ...]) -> bool:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, kinds):
            return True
        p = p.parentWidget()
    return False


def _columns(model: Any) -> int:
    try:
        return int(model.columnCount(QModelIndex()))
    except TypeError:  # QAbstractListModel: one column, columnCount is private
        return 1


def is_chart(w: QWidget) -> bool:
    return callable(getattr(w, "contrast_pairs", None)) or type(w).__name__.endswith("Chart")


def is_control(w: QWidget) -> bool:
    """An input or navigable control a user operates (Qt's internal sub-widgets left out)."""
    if isinstance(w, (QMenu, QScrollBar, QHeaderView)):
        return False
    if _inside(w, (QCalendarWidget, QAbstractSpinBox, QComboBox, QMenu)):
        return False
    if isinstance(w, QAbstractButton):
        if w.objectName().startswith("qt_") or type(w).__name__ == "QTableCornerButton":
            return False
        # not: tab-bar scroll arrows, a view's corner button, a line edit's clear button
        return not isinstance(w.parentWidget(), (QTabBar, QAbstractScrollArea, QLineEdit))
    if isinstance(w, QLineEdit):
        return True
    if isinstance(w, QAbstractItemView):
        return w.parentWidget() is not None and type(w.parentWidget()).__name__ != "QComboBoxPrivateContainer"
    if isinstance(w, (QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QTabBar)):
        return True
    if isinstance(w, QAbstractSlider):
        return True
    return is_chart(w)


def controls(root: QWidget) -> list[QWidget]:
    return [w for w in [root, *root.findChildren(QWidget)] if is_control(w)]


def _shown(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and (w.window() is root.window()) and w.isVisible()


# ---------------------------------------------------------------------------------------- name check
def _icon_only(w: QAbstractButton) -> bool:
    return not w.text().strip() and not w.icon().isNull()


def _editable_cells_unnamed(view: QAbstractItemView, limit: int = 60) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out: list[str] = []
    rows, cols = min(model.rowCount(QModelIndex()), 12), min(_columns(model), 12)
    for r in range(rows):
        for c in range(cols):
            idx = model.index(r, c)
            if not (model.flags(idx) & Qt.ItemFlag.ItemIsEditable):
                continue
            spoken = model.data(idx, Qt.ItemDataRole.AccessibleTextRole)
            if not spoken:
                out.append(f"{r + 1}:{c + 1}")
            if len(out) >= limit:
                return out
    return out


def _has_editable_cells(view: QAbstractItemView) -> bool:
    model = view.model()
    if model is None or view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers:
        return False
    rows, cols = min(model.rowCount(QModelIndex()), 12), min(_columns(model), 12)
    return any(model.flags(model.index(r, c)) & Qt.ItemFlag.ItemIsEditable for r in range(rows) for c in range(cols))


def check_names(root: QWidget) -> tuple[int, list[Finding]]:
    """Every control under ``root`` (shown or not) has a name; views, charts, icon buttons a description."""
    from sysselsattning.ui.widgets import adopt_labels

    adopt_labels(root)
    found: list[Finding] = []
    items = controls(root)
    for w in items:
        name = spoken_name(w)
        if not name:
            found.append(Finding("namn", describe(w), _("saknar namn för skärmläsare")))
            continue
        needs_description = (
            (isinstance(w, QAbstractItemView) and type(w).__name__ not in ("QListWidget", "QListView"))
            or is_chart(w)
            or (isinstance(w, QAbstractButton) and _icon_only(w))
        )
        if needs_description and not accessible_description(w).strip():
            found.append(Finding("namn", describe(w), _("saknar beskrivning för skärmläsare")))
        if isinstance(w, QAbstractItemView) and w.tabKeyNavigation() and not _has_editable_cells(w):
            found.append(Finding("tangentbord", describe(w), _("Tabb fastnar i tabellen (den går inte att redigera)")))
        if isinstance(w, QAbstractItemView):
            cells = _editable_cells_unnamed(w)
            if cells:
                found.append(
                    Finding(
                        "namn",
                        describe(w),
                        _("redigerbara celler utan uppläst text: {cells}").format(cells=", ".join(cells[:6])),
                    )
                )
    return len(items), found


# ------------------------------------------------------------------------------------ contrast check
def _c(value: Any) -> QColor | None:
    if value is None:
        return None
    if isinstance(value, QColor):
        return value
    color = getattr(value, "color", None)
    if callable(color):
        return QColor(color())
    return None


def _hex(c: QColor) -> str:
    return c.name(QColor.NameFormat.HexRgb)


def _large(w: QWidget) -> bool:
    f = w.font()
    pt = f.pointSizeF()
    if pt <= 0:
        pt = f.pixelSize() * 0.75
    return pt >= 18 or (f.bold() and pt >= 14) or (f.weight() >= 600 and pt >= 14)


def _pair(found: list[Finding], w: QWidget, what: str, fg: QColor, bg: QColor, minimum: float) -> None:
    if fg.alpha() == 0 or bg.alpha() == 0:
        return
    ratio = contrast_ratio(_hex(fg), _hex(bg))
    if ratio < minimum:
        found.append(
            Finding(
                "kontrast",
                describe(w),
                _("{what}: {fg} på {bg} = {ratio}:1 (minst {minimum}:1)").format(
                    what=what, fg=_hex(fg), bg=_hex(bg), ratio=f"{ratio:.2f}", minimum=minimum
                ),
            )
        )


def _model_pairs(found: list[Finding], view: QAbstractItemView) -> None:
    model = view.model()
    if model is None:
        return
    pal = view.palette()
    base_fg = pal.color(QPalette.ColorRole.Text)
    seen: set[tuple[str, str]] = set()
    for r in range(min(model.rowCount(QModelIndex()), 40)):
        for c in range(min(_columns(model), 20)):
            idx: QModelIndex = model.index(r, c)
            fg = _c(model.data(idx, Qt.ItemDataRole.ForegroundRole)) or base_fg
            bg = _c(model.data(idx, Qt.ItemDataRole.BackgroundRole))
            if bg is None:
                bg = pal.color(QPalette.ColorRole.AlternateBase if r % 2 else QPalette.ColorRole.Base)
                if not view.alternatingRowColors():
                    bg = pal.color(QPalette.ColorRole.Base)
            key = (_hex(fg), _hex(bg))
            if key in seen or not model.data(idx, Qt.ItemDataRole.DisplayRole):
                continue
            seen.add(key)
            _pair(found, view, _("cell {row}:{column}").format(row=r + 1, column=c + 1), fg, bg, TEXT_MIN)


def check_contrast(root: QWidget) -> list[Finding]:
    """Text/background pairs of the widgets shown under ``root``, chart colours and the focus colour."""
    found: list[Finding] = []
    pal = root.palette()
    focus = pal.color(QPalette.ColorRole.Highlight)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        _pair(found, root, _("fokusmarkering"), focus, pal.color(role), GRAPHICS_MIN)
    for w in [root, *root.findChildren(QWidget)]:
        if not _shown(w, root) or not w.isEnabled():
            continue
        p = w.palette()
        minimum = LARGE_TEXT_MIN if _large(w) else TEXT_MIN
        if isinstance(w, QLabel) and w.text().strip():
            _pair(found, w, _("text"), p.color(w.foregroundRole()), p.color(w.backgroundRole()), minimum)
        elif isinstance(w, (QCheckBox, QRadioButton)) and w.text():
            _pair(
                found, w, _("text"), p.color(QPalette.ColorRole.WindowText), p.color(QPalette.ColorRole.Window), minimum
            )
        elif isinstance(w, (QPushButton, QToolButton)) and w.text() and is_control(w):
            _pair(
                found,
                w,
                _("knapptext"),
                p.color(QPalette.ColorRole.ButtonText),
                p.color(QPalette.ColorRole.Button),
                minimum,
            )
        elif isinstance(w, QGroupBox) and w.title():
            _pair(
                found,
                w,
                _("rubrik"),
                p.color(QPalette.ColorRole.WindowText),
                p.color(QPalette.ColorRole.Window),
                minimum,
            )
        elif isinstance(w, (QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit)) and is_control(w):
            _pair(found, w, _("text"), p.color(QPalette.ColorRole.Text), p.color(QPalette.ColorRole.Base), minimum)
            if isinstance(w, QLineEdit) and w.placeholderText():
                _pair(
                    found,
                    w,
                    _("platshållartext"),
                    p.color(QPalette.ColorRole.PlaceholderText),
                    p.color(QPalette.ColorRole.Base),
                    minimum,
                )
        elif isinstance(w, QAbstractItemView) and is_control(w):
            _pair(found, w, _("text"), p.color(QPalette.ColorRole.Text), p.color(QPalette.ColorRole.Base), TEXT_MIN)
            _pair(
                found,
                w,
                _("markerad rad"),
                p.color(QPalette.ColorRole.HighlightedText),
                p.color(QPalette.ColorRole.Highlight),
                TEXT_MIN,
            )
            _model_pairs(found, w)
        pairs = getattr(w, "contrast_pairs", None)
        if callable(pairs):
            for what, fg, bg, minimum_ratio in pairs():
                _pair(found, w, what, QColor(fg), QColor(bg), minimum_ratio)
    return found


# ------------------------------------------------------------------------------------ clipping check
def _clipped(w: QWidget) -> str:
    size = w.size()
    if isinstance(w, QLabel):
        if not w.text().strip():
            return ""
        if w.wordWrap():
            need_h = w.heightForWidth(w.contentsRect().width() + w.contentsMargins().left() * 0)
            if need_h > size.height() + 2:
                return _("texten behöver {need} px höjd, har {have}").format(need=need_h, have=size.height())
            hint = w.minimumSizeHint()
            if hint.width() > size.width() + 2:
                return _("ett ord behöver {need} px bredd, har {have}").format(need=hint.width(), have=size.width())
            return ""
        hint = w.sizeHint() if w.textFormat() != Qt.TextFormat.RichText else w.minimumSizeHint()
    elif isinstance(w, QComboBox):
        if w.isEditable() or not w.currentText():
            return ""
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

        opt = QStyleOptionComboBox()
        w.initStyleOption(opt)
        field = w.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, w
        )
        need = w.fontMetrics().horizontalAdvance(w.currentText())
        if need > field.width() + 2:
            return _("valt värde behöver {need} px, har {have}").format(need=need, have=field.width())
        return ""
    elif isinstance(w, (QAbstractButton, QGroupBox)):
        hint = w.minimumSizeHint()
        if isinstance(w, (QCheckBox, QRadioButton, QPushButton)):
            hint = w.sizeHint()
            if isinstance(w, QPushButton):
                hint.setWidth(w.fontMetrics().horizontalAdvance(w.text().replace("&", "")) + 8)
    else:
        return ""
    if hint.width() > size.width() + 2 or hint.height() > size.height() + 2:
        return _("behöver {need} px, har {have}").format(
            need=f"{hint.width()}×{hint.height()}", have=f"{size.width()}×{size.height()}"
        )
    return ""


def _outside_window(w: QWidget) -> bool:
    """Part of ``w`` lies outside its window and is not inside a scroll area (so it cannot be seen)."""
    if _inside(w, (QScrollArea, QAbstractItemView)):
        return False
    win = w.window()
    top_left = w.mapTo(win, QPoint(0, 0))
    rect = QRect(top_left, w.size())
    return not win.rect().adjusted(-1, -1, 1, 1).contains(rect)


def check_clipping(root: QWidget) -> list[Finding]:
    found: list[Finding] = []
    for w in root.findChildren(QWidget):
        if not _shown(w, root):
            continue
        if isinstance(w, (QLabel, QAbstractButton, QGroupBox, QComboBox)) and not _inside(
            w, (QAbstractSpinBox, QComboBox, QTabBar, QCalendarWidget)
        ):
            if isinstance(w, QAbstractButton) and not is_control(w):
                continue
            why = _clipped(w)
            if why:
                found.append(Finding("klippt", describe(w), why))
                continue
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit, QComboBox)) and _outside_window(w):
            found.append(Finding("klippt", describe(w), _("utanför fönstret")))
    for bar in root.findChildren(QTabBar):
        if not _shown(bar, root):
            continue
        for i in range(bar.count()):
            need = bar.tabSizeHint(i).width()
            have = bar.tabRect(i).width()
            if need > have + 2 and not bar.usesScrollButtons():
                found.append(
                    Finding(
                        "klippt",
                        describe(bar),
                        _("flik {tab} behöver {need} px, har {have}").format(
                            tab=repr(bar.tabText(i)), need=need, have=have
                        ),
                    )
                )
    return found


# ------------------------------------------------------------------------------------------- driving
def _settle(app: QApplication) -> None:
    from sysselsattning.ui.tasks import wait_idle

    for _round in range(3):
        wait_idle(20)
        app.processEvents()


def _tab_states(root: QWidget) -> Iterable[str]:
    """Yield once per tab of every tab widget under ``root`` (current tab set), then restore."""
    tabs = [t for t in root.findChildren(QTabWidget)]
    yield ""
    for t in tabs:
        original = t.currentIndex()
        for i in range(t.count()):
            if i == original:
                continue
            t.setCurrentIndex(i)
            yield t.tabText(i)
        t.setCurrentIndex(original)


def check_window_page(app: QApplication, window: Any, key: str, high_contrast_palette: QPalette) -> PageReport:
    report = PageReport(page=key)
    page = window.show_page(key)
    _settle(app)
    seen: set[tuple[str, str, str]] = set()

    def add(findings: list[Finding]) -> None:
        for f in findings:
            k = (f.kind, f.widget, f.detail)
            if k not in seen:
                seen.add(k)
                report.problems.append(f)

    for _tab in _tab_states(page):
        _settle(app)
        count, names = check_names(page)
        report.controls = max(report.controls, count)
        add(names)
        add(check_clipping(window))
        add(check_contrast(page))
    # The same page under a high-contrast palette: a colour that does not come from the palette shows up here.
    normal_palette = QPalette(app.palette())
    normal_sheet = app.styleSheet()
    try:
        from sysselsattning.ui import theme

        app.setPalette(high_contrast_palette)
        app.setStyleSheet(theme.stylesheet(theme.theme_for(high_contrast_palette, True)))
        _settle(app)
        for f in check_contrast(page):
            f.detail = _("hög kontrast: {detail}").format(detail=f.detail)
            add([f])
    finally:
        app.setPalette(normal_palette)
        app.setStyleSheet(normal_sheet)
        _settle(app)
    report.controls = max(report.controls, len(controls(page)))
    return report


def check_dialog(app: QApplication, name: str, make: Callable[[], QDialog]) -> PageReport:
    report = PageReport(page=name)
    try:
        dialog = make()
    except Exception as exc:  # boundary of the check: a dialog that cannot be built, whatever
        # the reason, is itself a finding (it fails the check); the traceback goes to the log (standard error).
        logging.getLogger(__name__).exception("Dialogen %s kunde inte byggas", name)
        report.problems.append(Finding("fel", name, _("dialogen kunde inte byggas: {error}").format(error=exc)))
        return report
    dialog.show()
    _settle(app)
    count, names = check_names(dialog)
    report.controls = count
    report.problems.extend(names)
    report.problems.extend(check_clipping(dialog))
    report.problems.extend(check_contrast(dialog))
    dialog.reject()
    dialog.deleteLater()
    return report


def _dialogs(ctx: Any, window: Any) -> list[tuple[str, Callable[[], QDialog]]]:
    """The main dialogs, each built as the program builds it."""

    def login() -> QDialog:
        from sysselsattning.ui.login import LoginDialog

        return LoginDialog(ctx, window)

    def first_admin() -> QDialog:
        from sysselsattning.ui.login import FirstAdminDialog

        return FirstAdminDialog(ctx, window)

    def about() -> QDialog:
        from sysselsattning.ui.about import AboutDialog

        return AboutDialog(window, ctx)

    def restore() -> QDialog:
        from sysselsattning.ui.restore_dialog import RestoreDialog

        return RestoreDialog(ctx, window)

    def _settings_class(name: str):
        import importlib
        import pkgutil

        import sysselsattning.ui.pages as pages_pkg

        modules = ["sysselsattning.ui.pages.settings"]
        for info in pkgutil.walk_packages(pages_pkg.__path__, "sysselsattning.ui.pages."):
            modules.append(info.name)
        for module in modules:
            mod = importlib.import_module(module)  # a page that cannot be imported is a bug: raised
            if hasattr(mod, name):
                return getattr(mod, name)
        raise LookupError(name)

    def organisations() -> list:
        from sysselsattning.services import registry

        return registry.list_organisations(ctx, include_inactive=False)

    def users() -> list:
        from sysselsattning.services.users import list_users

        return list_users(ctx)

    def override() -> QDialog:
        from sysselsattning.services.parameters import list_parameters

        return _settings_class("OverrideDialog")(ctx, list_parameters(ctx), None, window)

    def new_user() -> QDialog:
        return _settings_class("UserDialog")(ctx, organisations(), window)

    def password() -> QDialog:
        return _settings_class("PasswordDialog")(ctx, users()[0], window)

    def role() -> QDialog:
        return _settings_class("RoleDialog")(ctx, users()[0], organisations(), window)

    return [
        ("dialog:inloggning", login),
        ("dialog:forsta-administratoren", first_admin),
        ("dialog:om", about),
        ("dialog:aterstall", restore),
        ("dialog:asidosatt-parameter", override),
        ("dialog:ny-anvandare", new_user),
        ("dialog:nytt-losenord", password),
        ("dialog:andra-roll", role),
    ]


def check_application(app: QApplication, ctx: Any, pages: Iterable[str] | None = None) -> list[PageReport]:
    from sysselsattning.ui import theme
    from sysselsattning.ui.main_window import PAGE_KEYS, MainWindow

    window = MainWindow(ctx)
    window.resize(*WINDOW_SIZE)
    window.show()
    _settle(app)
    window.resize(*WINDOW_SIZE)
    reports: list[PageReport] = []
    hc = theme.high_contrast_palette()
    for key in pages or PAGE_KEYS:
        reports.append(check_window_page(app, window, key, hc))
    # The window's own chrome (navigation, menus, status bar) belongs to every page: checked once.
    chrome = PageReport(page="fonster")
    side = window.navigation.parentWidget()
    count, names = check_names(side)
    chrome.controls = count
    chrome.problems.extend(names)
    chrome.problems.extend(check_contrast(side))
    chrome.problems.extend(check_contrast(window.statusBar()))
    reports.append(chrome)
    if pages is None:
        for name, make in _dialogs(ctx, window):
            reports.append(check_dialog(app, name, make))
    window.close()
    return reports


def _demo_context(folder: Path) -> Any:
    from sysselsattning.services.context import open_context
    from sysselsattning.services.demo import create_demo

    ctx = open_context(f"sqlite:///{folder / 'tillganglighet.sqlite'}", username="kontroll")
    ctx.today = CHECK_TODAY
    create_demo(ctx, participants=12, seed=19, year=CHECK_TODAY.year)
    from sysselsattning.services import users

    users.create_first_admin(
        ctx.db, "kontroll", "Kontroll Kontrollsson", "lösenord-för-kontrollen", "lösenord-för-kontrollen"
    )
    return ctx


def format_text(reports: list[PageReport]) -> str:
    lines: list[str] = []
    total = 0
    for r in reports:
        lines.append(
            _("{page}: {controls} kontroller, {problems} problem").format(
                page=r.page, controls=r.controls, problems=len(r.problems)
            )
        )
        for p in r.problems:
            lines.append(f"  [{p.kind}] {p.widget}: {p.detail}")
        total += len(r.problems)
    lines.append(_("Totalt {n} problem.").format(n=total) if total else _("Inga problem hittades."))
    return "\n".join(lines)


def run_check(fmt: str = "text", pages: list[str] | None = None, out=None) -> int:
    """Build everything offscreen at 200 % and report; 0 when clean, 1 when anything was found."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ.setdefault("QT_SCALE_FACTOR", "2")
    os.environ.setdefault("SYSSELSATTNING_NO_ERROR_DIALOG", "1")
    from sysselsattning.ui.app import create_application

    app = create_application()
    out = out or sys.stdout
    with tempfile.TemporaryDirectory(prefix="sysselsattning-a11y-") as tmp:
        ctx = _demo_context(Path(tmp))
        try:
            reports = check_application(app, ctx, pages)
        finally:
            from sysselsattning.ui.tasks import cancel_all, wait_idle

            cancel_all()
            wait_idle(10)
            ctx.db.dispose()
    if fmt == "json":
        out.write(json.dumps({"pages": [r.as_dict() for r in reports]}, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(format_text(reports) + "\n")
    return 1 if any(r.problems for r in reports) else 0
