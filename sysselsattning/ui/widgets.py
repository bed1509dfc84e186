"""Small widgets shared by the screens: Swedish number/date fields, error labels at fields, a search box.

- :class:`MoneyEdit` — kronor with decimal comma (``1 234,50``) → öre; :class:`HoursEdit` — ``2,5`` or
  ``2:30`` → hundredths of an hour; :class:`PercentEdit`; :class:`DateEdit` — strictly ``ÅÅÅÅ-MM-DD``.
- :func:`with_error_label` puts a red :class:`FieldError` under a field; :func:`show_problems` spreads a
  list of :class:`~sysselsattning.domain.problems.Problem` over the fields by their ``field`` key and
  returns the ones that had no field (show those in a form-level label).
- :class:`SearchBox` — a line edit that emits ``search_changed(text)`` after a short pause in typing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from sysselsattning.domain.money import MoneyError, parse_decimal, parse_kronor
from sysselsattning.domain.problems import Problem
from sysselsattning.i18n import _, current_language, format_hours, format_money
from sysselsattning.i18n.messages import problem_text
from sysselsattning.ui.theme import set_tone  # noqa: F401 - re-exported for the pages


class InputError(ValueError):
    """A field's text cannot be read; ``problem`` says why (code of i18n.messages)."""

    def __init__(self, code: str, params: dict | None = None):
        self.code = code
        self.params = params or {}
        super().__init__(code)

    def as_problem(self, field: str) -> Problem:
        return Problem(field, self.code, self.params)


# --------------------------------------------------------------------------------------- parsing
def parse_money_text(text: str) -> int | None:
    """``"1 234,50"`` → 123450 öre; empty → None; otherwise :class:`InputError` ``money_invalid``."""
    if not text.strip():
        return None
    try:
        return int(parse_kronor(text))
    except MoneyError as exc:
        raise InputError("money_invalid") from exc


_HM = re.compile(r"^\s*(\d{1,2}):([0-5]\d)\s*$")


def parse_hours_text(text: str) -> int | None:
    """``"2,5"``, ``"2.5"`` or ``"2:30"`` → 250 hundredths; empty → None; else :class:`InputError`."""
    if not text.strip():
        return None
    m = _HM.match(text)
    if m:
        minutes = int(m.group(1)) * 60 + int(m.group(2))
        # 1 minute = 1/60 hour; hundredths rounded half up (2:20 → 2,33).
        return int((Decimal(minutes) * 100 / 60).to_integral_value(rounding="ROUND_HALF_UP"))
    try:
        return int(parse_kronor(text))  # same shape: at most two decimals, ×100
    except MoneyError as exc:
        raise InputError("number_invalid") from exc


def parse_percent_text(text: str) -> Decimal | None:
    text = text.replace("%", "").strip()
    if not text:
        return None
    try:
        return parse_decimal(text)
    except MoneyError as exc:
        raise InputError("number_invalid") from exc


_ISO = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})\s*$")


def parse_date_text(text: str) -> date | None:
    """Strict ``ÅÅÅÅ-MM-DD`` (also ``ÅÅÅÅMMDD``); empty → None; else :class:`InputError` ``date_invalid``."""
    if not text.strip():
        return None
    m = _ISO.match(text)
    if not m:
        raise InputError("date_invalid")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InputError("date_invalid") from exc


# ---------------------------------------------------------------------------------------- fields
class _ParsedEdit(QLineEdit):
    """A line edit that parses its text; invalid text shows a red border after editing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.editingFinished.connect(self._check)

    def _parse(self, text: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def value(self):
        """The parsed value (None when empty); raises :class:`InputError` for bad text."""
        return self._parse(self.text())

    def is_valid(self) -> bool:
        try:
            self.value()
        except InputError:
            return False
        return True

    def _check(self) -> None:
        try:
            self.value()
        except InputError as exc:
            set_field_error(self, problem_text(exc.as_problem("")))
        else:
            if self.property("invalid"):
                set_field_error(self, "")


class MoneyEdit(_ParsedEdit):
    """Kronor, decimal comma, right-aligned; ``value()`` → öre or None."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(_("0,00"))

    def _parse(self, text: str) -> int | None:
        return parse_money_text(text)

    def set_value(self, ore: int | None) -> None:
        self.setText("" if ore is None else format_money(ore, unit=False))


class HoursEdit(_ParsedEdit):
    """Hours (``2,5`` or ``2:30``) or pieces; ``value()`` → hundredths or None."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _parse(self, text: str) -> int | None:
        return parse_hours_text(text)

    def set_value(self, hundredths: int | None) -> None:
        self.setText(format_hours(hundredths))


class PercentEdit(_ParsedEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _parse(self, text: str) -> Decimal | None:
        return parse_percent_text(text)

    def set_value(self, value: Decimal | None) -> None:
        if value is None:
            self.setText("")
        else:
            self.setText(f"{Decimal(value).normalize():f}".replace(".", "," if current_language() == "sv" else "."))


class DateEdit(_ParsedEdit):
    """A date typed as ``ÅÅÅÅ-MM-DD`` (no guessing of day/month order)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_("ÅÅÅÅ-MM-DD"))
        self.setMaxLength(10)

    def _parse(self, text: str) -> date | None:
        return parse_date_text(text)

    def set_value(self, d: date | None) -> None:
        self.setText(d.isoformat() if d else "")


# ------------------------------------------------------------------------------------ error labels
def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` now (a polite live announcement; Qt 6.8+)."""
    if not text:
        return
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent  # Qt 6.8+ (the lock file pins 6.11)

    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


class FieldError(QLabel):
    """Red text under a field (or above a dialog's buttons); hidden when empty; announced when set."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setProperty("tone", "error")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(_("Felmeddelande"))
        self.hide()

    def set_message(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))
        announce(self, text)


def accessible_label_text(text: str) -> str:
    """A form label as a spoken name: no ``&`` mnemonic marker, no trailing colon, no mark-up."""
    text = re.sub(r"<[^>]+>", "", text or "")
    text = text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")
    return text.strip().rstrip(":").strip()


def name_field(field: QWidget, label: QLabel | str | None) -> None:
    """Give ``field`` its label's text as accessible name (unless it already has one); buddy the label."""
    if isinstance(label, QLabel):
        if label.buddy() is not field and field.focusPolicy() != Qt.FocusPolicy.NoFocus:
            label.setBuddy(field)
        text = accessible_label_text(label.text())
    else:
        text = accessible_label_text(label or "")
    if text and not field.accessibleName():
        field.setAccessibleName(text)


class FieldBox(QWidget):
    """A field with its :class:`FieldError` below it (made by :func:`with_error_label`).

    Focus goes to the field. A label buddied to the box (``QFormLayout.addRow(text, box)`` does that) is
    re-buddied to the field itself and its text becomes the field's accessible name, so a screen reader
    says "Förnamn, redigera text" instead of an unnamed edit box. That happens as soon as the box gets its
    parent (the form's labels are parented first) and again when it is shown.
    """

    def __init__(self, field: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        self.setFocusProxy(field)

    def adopt_label(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if label.buddy() is self:
                name_field(self.field, label)

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.ParentChange, QEvent.Type.Show, QEvent.Type.Polish):
            self.adopt_label()
        return super().event(event)


def set_accessible(widget: QWidget, name: str, description: str | None = None) -> QWidget:
    """Name (and describe) a control that has no label of its own: a table, a search box, the second field
    of a two-field row, an icon-only button. Returns the widget."""
    widget.setAccessibleName(name)
    if description is not None:
        widget.setAccessibleDescription(description)
    return widget


def labelled(text: str, field: QWidget) -> QLabel:
    """A label for a field outside a form (filter rows, tool bars): buddied to the field, whose accessible
    name it becomes. ``row.addWidget(labelled(_("Från:"), self.date_from)); row.addWidget(self.date_from)``."""
    label = QLabel(text)
    target = field.field if isinstance(field, FieldBox) else field
    name_field(target, label)
    return label


def adopt_labels(root: QWidget) -> None:
    """Run :meth:`FieldBox.adopt_label` for every field box under ``root`` (also hidden ones)."""
    for box in root.findChildren(FieldBox):
        box.adopt_label()


def with_error_label(field: QWidget) -> QWidget:
    """Wrap ``field`` with a :class:`FieldError` below it; :func:`set_field_error` finds it."""
    box = FieldBox(field)
    field.setProperty("_error_label_id", id(box.error))
    field._error_label = box.error  # type: ignore[attr-defined]
    return box


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_field_error(field: QWidget, text: str) -> None:
    """Show ``text`` under ``field`` (red border too); empty text clears it.

    The text is also the field's accessible description (a screen reader reads it with the field) and is
    announced at once; the field's own description (if any) comes back when the error is cleared.
    """
    label = getattr(field, "_error_label", None)
    if (
        field.property("invalid") is bool(text)
        and field.toolTip() == text
        and (not isinstance(label, FieldError) or label.text() == text)
    ):
        return  # already shown (a form re-validated on every change would restyle every field each time)
    if isinstance(label, FieldError):
        label.setText(text)
        label.setVisible(bool(text))
    was_invalid = bool(field.property("invalid"))
    field.setProperty("invalid", bool(text))
    field.setToolTip(text)
    base = field.property("_base_description")
    if base is None:
        base = field.accessibleDescription() or ""
        field.setProperty("_base_description", base)
    field.setAccessibleDescription(text or base)
    if was_invalid != bool(text):
        _repolish(field)
    if text:
        announce(field, text)


def field_error(field: QWidget) -> str:
    label = getattr(field, "_error_label", None)
    return label.text() if isinstance(label, FieldError) else str(field.toolTip() if field.property("invalid") else "")


def clear_problems(fields: dict[str, QWidget]) -> None:
    for widget in fields.values():
        set_field_error(widget, "")


def show_problems(problems: Iterable[Problem], fields: dict[str, QWidget]) -> list[Problem]:
    """Show each problem in Swedish at its field; returns the problems that have no field here.

    Clears earlier messages first; several problems on one field are joined; the first field with an
    error gets keyboard focus.
    """
    clear_problems(fields)
    texts: dict[str, list[str]] = {}
    rest: list[Problem] = []
    for p in problems:
        if p.field in fields:
            texts.setdefault(p.field, []).append(problem_text(p))
        else:
            rest.append(p)
    first: QWidget | None = None
    for key, widget in fields.items():
        if key in texts:
            set_field_error(widget, " ".join(texts[key]))
            if first is None:
                first = widget
    if first is not None:
        first.setFocus()
    return rest


# ----------------------------------------------------------------------------------------- search
class SearchBox(QLineEdit):
    """Search field; ``search_changed(text)`` fires 250 ms after the last keystroke (or on Enter)."""

    search_changed = Signal(str)

    def __init__(self, placeholder: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder or _("Sök…"))
        self.setClearButtonEnabled(True)
        self.setAccessibleName(_("Sök"))
        self.setAccessibleDescription(placeholder or "")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._fire)
        self.textChanged.connect(lambda _t: self._timer.start())
        self.returnPressed.connect(self._fire)

    def _fire(self) -> None:
        self._timer.stop()
        self.search_changed.emit(self.text().strip())


# ------------------------------------------------------------------------------------------ misc
class Placeholder(QFrame):
    """A tidy "what is coming" panel for a screen that is not there yet (never a blank page)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(12)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setMaximumWidth(640)
        body.setProperty("tone", "muted")
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


def dialog_buttons(dialog: QDialog, accept_text: str, on_accept) -> tuple[QDialogButtonBox, QPushButton]:
    """The dialogs' button row: one accept button with ``accept_text`` (connected to ``on_accept``) and
    Avbryt (rejects the dialog). Returns the box and the accept button (tests click it)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    accept = box.button(QDialogButtonBox.StandardButton.Ok)
    accept.setText(accept_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
    box.accepted.connect(on_accept)
    box.rejected.connect(dialog.reject)
    return box, accept


def page_title(text: str) -> QLabel:
    """The heading at the top of a screen."""
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def hint_label(text: str = "") -> QLabel:
    """Grey helper text."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("tone", "muted")
    return label


def problems_text(problems: Iterable[Problem]) -> str:
    return "\n".join(problem_text(p) for p in problems)
