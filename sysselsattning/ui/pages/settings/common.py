"""Shared pieces of the settings tabs: status and audit-action words, the read-only table, small helpers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QTableView,
    QWidget,
)

from sysselsattning.i18n import _
from sysselsattning.i18n.catalog import N_, current_language
from sysselsattning.ui.models import RowTableModel
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import show_problems

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

    from sysselsattning.services.parameters import value_text

    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    text = value_text(value)
    return text.replace(",", ".") if isinstance(value, Decimal) and current_language() != "sv" else text


def readable_value(value) -> str:
    """A parameter value as a person reads it: tables as "normal: 12 · januari: 17", lists as "a, b", never raw
    JSON. (The edit field keeps :func:`_value_text`, which the parser reads back.)"""
    if isinstance(value, dict):
        return " · ".join(f"{_(str(k))}: {readable_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, dict) for v in value):
            return " | ".join(", ".join(f"{k} {readable_value(x)}" for k, x in v.items()) for v in value)
        return ", ".join(readable_value(v) for v in value)
    return _value_text(value)


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
    view.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
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
    label.setProperty("tone", "muted")
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
