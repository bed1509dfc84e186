"""The Granskningslogg tab: the audit log, filterable and read-only, with a detail dialog."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _
from sysselsattning.ui.models import Column
from sysselsattning.ui.pages.settings.common import (
    _Model,
    _note,
    _table,
    action_text,
)
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import DateEdit, SearchBox, labelled, set_accessible

if TYPE_CHECKING:
    from sysselsattning.ui.pages.settings.page import Page


# ------------------------------------------------------------------------------------------- audit
class AuditDetail(QDialog):
    def __init__(self, row, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Händelse i granskningsloggen"))
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"<b>{action_text(row.action)}</b> — {row.table} {row.record} — {row.user} — "
                f"{row.at:%Y-%m-%d %H:%M:%S} UTC"
            )
        )
        text = QPlainTextEdit()
        text.setReadOnly(True)
        parts = []
        if row.detail:
            parts.append(row.detail)
        if row.before is not None:
            parts.append(_("Före:") + "\n" + json.dumps(row.before, ensure_ascii=False, indent=2))
        if row.after is not None:
            parts.append(_("Efter:") + "\n" + json.dumps(row.after, ensure_ascii=False, indent=2))
        text.setPlainText("\n\n".join(parts))
        layout.addWidget(text)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText(_("Stäng"))
        box.rejected.connect(self.reject)
        layout.addWidget(box)


def audit_change_text(row) -> str:
    if row.detail:
        return row.detail
    if row.action == "update" and isinstance(row.after, dict):
        before = row.before if isinstance(row.before, dict) else {}
        return "; ".join(f"{k}: {before.get(k)!s} → {v!s}" for k, v in row.after.items())
    if row.action == "insert" and isinstance(row.after, dict):
        for key in ("name", "username", "label", "key"):
            if key in row.after:
                return str(row.after[key])
        if "first_name" in row.after:
            return f"{row.after.get('first_name', '')} {row.after.get('last_name', '')}".strip()
    return ""


class AuditTab(QWidget):
    LIMIT = 2000

    def __init__(self, page: Page):
        super().__init__(page)
        from sysselsattning.services.access import can

        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        self.allowed = can(self.ctx, "audit.read")
        if not self.allowed:
            layout.addWidget(_note(_("Granskningsloggen kan läsas av administratörer och granskare.")))
            layout.addStretch(1)
            self.model = None
            return
        bar = QHBoxLayout()
        self.since = DateEdit()
        self.until = DateEdit()
        for w in (self.since, self.until):
            w.setMaximumWidth(110)
        self.user = QComboBox()
        self.action = QComboBox()
        self.table = QComboBox()
        for combo in (self.user, self.action, self.table):
            combo.setMinimumWidth(130)
            combo.addItem(_("Alla"), "")
        self.text = SearchBox(_("Sök i ändringar och detaljer (t.ex. ett namn, en period eller ett post-id)…"))
        self.search_button = QPushButton(_("Sök"))
        for label, w in (
            (_("Från"), self.since),
            (_("Till"), self.until),
            (_("Användare"), self.user),
            (_("Händelse"), self.action),
            (_("Tabell"), self.table),
        ):
            bar.addWidget(labelled(label, w))
            bar.addWidget(w)
        bar.addStretch(1)
        layout.addLayout(bar)
        bar2 = QHBoxLayout()
        bar2.addWidget(self.text, 1)
        bar2.addWidget(self.search_button)
        layout.addLayout(bar2)
        self.model = _Model(
            [
                Column("at", lambda: _("Tid (UTC)"), lambda r: r.at, display=lambda r: f"{r.at:%Y-%m-%d %H:%M:%S}"),
                Column("user", lambda: _("Användare"), lambda r: r.user),
                Column("action", lambda: _("Händelse"), lambda r: r.action, display=lambda r: action_text(r.action)),
                Column("table", lambda: _("Tabell"), lambda r: r.table),
                Column("record", lambda: _("Post"), lambda r: r.record),
                Column("change", lambda: _("Ändring / detalj"), lambda r: audit_change_text(r)),
            ],
            self,
        )
        self.view = _table(self.model)
        set_accessible(
            self.view,
            _("Granskningslogg"),
            _("En rad per ändring: när, vem, vad och i vilken tabell. Enter visar detaljerna."),
        )
        self.view.activated.connect(self.show_detail)  # Enter or double-click
        layout.addWidget(self.view, 1)
        self.note = _note("")
        layout.addWidget(self.note)
        self.search_button.clicked.connect(self.refresh)
        self.text.search_changed.connect(lambda _t: self.refresh())
        for combo in (self.user, self.action, self.table):
            combo.activated.connect(lambda _i: self.refresh())
        self._filters_loaded = False

    def refresh(self) -> None:
        if self.model is None:
            return
        from sysselsattning.services.audit_log import distinct_values, list_audit

        since = self.since.value() if self.since.is_valid() else None
        until = self.until.value() if self.until.is_valid() else None
        kw = dict(
            since=since,
            until=until,
            user=self.user.currentData() or "",
            action=self.action.currentData() or "",
            table=self.table.currentData() or "",
            text=self.text.text().strip(),
            limit=self.LIMIT,
            newest_first=True,
        )
        load_filters = not self._filters_loaded

        def load():
            return list_audit(self.ctx, **kw), (distinct_values(self.ctx) if load_filters else None)

        run_in_background(load, self._show, parent=self, name="granskningslogg")

    def _show(self, result) -> None:
        rows, filters = result
        if filters is not None:
            self._filters_loaded = True
            for combo, values, label in (
                (self.user, filters[0], str),
                (self.action, filters[1], action_text),
                (self.table, filters[2], str),
            ):
                for v in values:
                    combo.addItem(label(v), v)
        self.model.set_rows(rows)
        header = self.view.horizontalHeader()
        for col, width in ((0, 150), (1, 110), (2, 160), (3, 130), (4, 60)):
            header.resizeSection(col, width)
        more = (
            _(" (de senaste {n} visas – begränsa med filtren)").format(n=self.LIMIT) if len(rows) >= self.LIMIT else ""
        )
        self.note.setText(
            _("{n} händelser{more}. Loggen kan inte ändras i programmet. Dubbelklicka för före/efter.").format(
                n=len(rows), more=more
            )
        )

    def show_detail(self, index) -> None:
        row = self.model.row(self.view.model().mapToSource(index).row())
        AuditDetail(row, self).exec()
