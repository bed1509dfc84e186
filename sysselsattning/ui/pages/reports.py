"""Rapporter: statements, reports and exports — AGI, bank file, SIE, income report, annual statement, programme.

Pick what to produce on the left, the period (year and, for monthly exports, the month) at the top, then
*Förhandsgranska* shows the figures the file will hold (nothing is written, no numbers are assigned) and
*Skapa fil…* writes it. Both run off the UI thread (``ui.tasks.run_in_background``) with a progress dialog.
The AGI deadline of the chosen month is always shown. What the role may not do is disabled.

The page only calls :mod:`sysselsattning.services.exports` and :mod:`~sysselsattning.services.statements`; it
never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _, format_date, format_hours, format_month
from sysselsattning.rules.parameters import ParameterMissing
from sysselsattning.services import access
from sysselsattning.ui.models import Column, RowTableModel
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import hint_label, labelled, page_title, set_accessible, set_tone


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    description: str
    permission: str
    monthly: bool  # needs a month (AGI, bank file); others use the year, income may use either
    formats: tuple[str, ...]


def kinds() -> list[Kind]:
    return [
        Kind(
            "agi",
            _("AGI till Skatteverket"),
            _("Arbetsgivardeklaration på individnivå för utbetalningsmånaden, en XML-fil per förening."),
            "export",
            True,
            ("xml",),
        ),
        Kind(
            "pain001",
            _("Betalfil till banken"),
            _(
                "ISO 20022 pain.001 för bankutbetalningarna i månadens godkända "
                "lönekörning. Kontantutbetalningar ingår inte."
            ),
            "export",
            True,
            ("xml",),
        ),
        Kind(
            "sie",
            _("SIE till bokföringen"),
            _("En verifikation per godkänd lönekörning under året (SIE 4, importfil). En fil per förening."),
            "export",
            False,
            ("se",),
        ),
        Kind(
            "income",
            _("Inkomstuppgift till socialtjänsten"),
            _("Arvode per deltagare och utbetalning: brutto, skatt, netto, frikort och det som räknas som inkomst."),
            "income_report",
            False,
            ("pdf", "csv"),
        ),
        Kind(
            "annual",
            _("Årsbesked"),
            _("Årets arvode, skatt och använt frikortstak, en sida per deltagare."),
            "income_report",
            False,
            ("pdf",),
        ),
        Kind(
            "programme",
            _("Programrapport"),
            _(
                "Deltagare, timmar, arvoden och arbetsgivarkostnad per förening, "
                "arbetsplats och månad, och hur frikortstaket användes."
            ),
            "reports.read",
            False,
            ("pdf", "csv"),
        ),
    ]


class Page(QWidget):
    """The *Rapporter* screen."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._kinds = kinds()
        today = ctx.now_date()
        last_month = date(today.year, today.month, 1).replace(day=1)
        last_month = date(last_month.year - (last_month.month == 1), (last_month.month - 2) % 12 + 1, 1)

        root = QVBoxLayout(self)
        root.addWidget(page_title(_("Rapporter")))

        # --- period picker and the AGI deadline
        top = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(last_month.year)
        self.year.setAccessibleName(_("År"))
        self.month = QComboBox()
        self.month.setAccessibleName(_("Månad"))
        self.month.addItem(_("Hela året"), 0)
        for m in range(1, 13):
            self.month.addItem(format_month(date(2026, m, 1)).split(" ")[0].capitalize(), m)
        self.month.setCurrentIndex(last_month.month)
        top.addWidget(QLabel(_("År")))
        top.addWidget(self.year)
        top.addWidget(labelled(_("&Månad"), self.month))
        top.addWidget(self.month)
        top.addSpacing(24)
        self.deadline = QLabel()
        self.deadline.setObjectName("agiDeadline")
        set_tone(self.deadline, "accent")
        top.addWidget(self.deadline, 1)
        root.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        # --- left: what to produce
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Rapporttyp"))
        self.list.setStyleSheet("QListWidget::item { padding: 7px 4px; }")
        for k in self._kinds:
            item = QListWidgetItem(k.title)
            item.setData(Qt.ItemDataRole.UserRole, k.key)
            if not access.can(ctx, k.permission):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(_("Din roll får inte skapa detta."))
            self.list.addItem(item)
        self.list.setMaximumHeight(self.list.sizeHintForRow(0) * (len(self._kinds) + 1) + 8)
        lv.addWidget(self.list)
        self.description = hint_label()
        lv.addWidget(self.description)
        lv.addStretch(1)
        form = QFormLayout()
        self.participant = QLineEdit()
        self.participant.setPlaceholderText(_("alla (ÅÅÅÅMMDD-NNNN för en deltagare)"))
        self.participant.setAccessibleName(_("Personnummer"))
        self.format = QComboBox()
        self.format.setAccessibleName(_("Format"))
        form.addRow(_("Deltagare"), self.participant)
        form.addRow(_("Format"), self.format)
        lv.addLayout(form)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(_("Förhandsgranska"))
        self.create_button = QPushButton(_("Skapa fil…"))
        self.create_button.setDefault(True)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.create_button)
        lv.addLayout(buttons)
        left.setMaximumWidth(300)
        split.addWidget(left)

        # --- right: preview
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.preview_title = QLabel()
        self.preview_title.setStyleSheet("font-weight: 600;")
        rv.addWidget(self.preview_title)
        self.model = RowTableModel([], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        set_accessible(self.table, _("Förhandsvisning"), _("Rapportens rader, som de blir i filen eller utskriften."))
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        rv.addWidget(self.table, 1)
        self.notes = hint_label()
        rv.addWidget(self.notes)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rv.addWidget(self.status)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([280, 1000])
        root.addWidget(split, 1)

        # The preview follows the choices (debounced, in the background): what you see is what the file holds.
        self._auto = QTimer(self)
        self._auto.setSingleShot(True)
        self._auto.setInterval(250)
        self._auto.timeout.connect(self._auto_preview)
        self.list.currentRowChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(self._period_changed)
        self.month.currentIndexChanged.connect(self._period_changed)
        self.preview_button.clicked.connect(self.refresh_preview)
        self.create_button.clicked.connect(self.create_file)
        first = next((i for i, k in enumerate(self._kinds) if access.can(ctx, k.permission)), 0)
        self.list.setCurrentRow(first)
        self._update_deadline()
        self._auto_preview()  # at once, so the page opens with figures (and screenshots show them)

    # ---------------------------------------------------------------------------------------- state
    def current_kind(self) -> Kind:
        return self._kinds[max(0, self.list.currentRow())]

    def selected_month(self) -> int | None:
        value = self.month.currentData()
        return int(value) if value else None

    def _kind_changed(self, _row: int) -> None:
        k = self.current_kind()
        self.description.setText(k.description)
        self.format.clear()
        for f in k.formats:
            self.format.addItem(f.upper(), f)
        self.format.setEnabled(len(k.formats) > 1)
        self.participant.setEnabled(k.key in ("income", "annual"))
        self.model.set_rows([])
        self.preview_title.setText("")
        self.notes.setText("")
        self.status.setText("")
        self._auto.start()

    def _period_changed(self, *_args) -> None:
        self._update_deadline()
        self.model.set_rows([])
        self.status.setText("")
        self._auto.start()

    def _auto_preview(self) -> None:
        if self.preview_button.isEnabled() and (not self.current_kind().monthly or self.selected_month()):
            self.refresh_preview(quiet=True)

    def _update_deadline(self) -> None:
        from sysselsattning.services.exports import agi_deadline

        month = self.selected_month()
        if not month:
            self.deadline.setText(_("Välj en månad för att se AGI-datumet."))
            return
        period = f"{self.year.value():04d}-{month:02d}"
        try:
            due = agi_deadline(self.ctx, period)
        except ParameterMissing:  # no AGI day for that year
            self.deadline.setText("")
            return
        self.deadline.setText(
            _("AGI för {month} ska lämnas senast {date}").format(
                month=format_month(date(self.year.value(), month, 1)), date=format_date(due, "long")
            )
        )

    def _validate_period(self) -> bool:
        if self.current_kind().monthly and not self.selected_month():
            self.status.setText(_("Välj en månad – {what} görs per månad.").format(what=self.current_kind().title))
            return False
        return True

    def _busy(self, busy: bool) -> None:
        self.preview_button.setEnabled(not busy)
        self.create_button.setEnabled(not busy)

    # ---------------------------------------------------------------------------------------- preview
    def refresh_preview(self, quiet: bool = False) -> None:
        """Fetch the figures in the background; ``quiet`` (automatic refresh) shows no progress dialog."""
        self._auto.stop()
        if not self._validate_period():
            return
        from sysselsattning.services import statements as svc

        k, ctx, year, month = self.current_kind(), self.ctx, self.year.value(), self.selected_month()
        participant = self.participant.text().strip() or None

        def work():
            return svc.preview(
                ctx,
                k.key,
                year=year,
                month=month if (k.monthly or k.key == "income") else None,
                participant=participant if k.key in ("income", "annual") else None,
            )

        self._busy(True)
        set_tone(self.status, "")
        self.status.setText(_("Hämtar…"))
        run_in_background(
            work,
            self._show_preview,
            self._failed,
            progress=None if quiet else _("Hämtar uppgifter…"),
            parent=self,
            name="preview",
        )

    def _show_preview(self, pv) -> None:
        self._busy(False)
        columns = []
        for i, (title, kind) in enumerate(pv.columns):
            if kind == "hours":
                columns.append(
                    Column(
                        f"c{i}",
                        lambda t=title: t,
                        lambda r, i=i: r[i],
                        kind="number",
                        display=lambda r, i=i: format_hours(r[i]),
                    )
                )
            else:
                columns.append(Column(f"c{i}", lambda t=title: t, lambda r, i=i: r[i], kind=kind))
        self.model.beginResetModel()
        self.model.columns = columns
        self.model.endResetModel()
        self.model.set_rows(pv.rows)
        # Columns fit their contents; when that is wider than the view, share the width instead of scrolling.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sizes = [header.sectionSize(i) for i in range(header.count())]
        room = self.table.viewport().width()
        if sizes and sum(sizes) > room:
            # Amounts keep their width; names and other text columns give up the difference (they wrap).
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            text_cols = [i for i, (_t, kind) in enumerate(pv.columns) if kind == "text"] or list(range(len(sizes)))
            text_total = sum(sizes[i] for i in text_cols)
            deficit = sum(sizes) - room + 4
            for i in text_cols:
                header.resizeSection(i, max(90, sizes[i] - deficit * sizes[i] // max(text_total, 1)))
            self.table.resizeRowsToContents()
        self.preview_title.setText(_("{what}: {n} rader").format(what=self.current_kind().title, n=len(pv.rows)))
        self.notes.setText("\n".join(pv.notes))
        self.status.setText("")

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        from sysselsattning.domain.problems import ValidationFailed
        from sysselsattning.errors import describe
        from sysselsattning.i18n.messages import problem_text

        if isinstance(exc, ValidationFailed):
            text = "\n".join(problem_text(p) for p in exc.problems)
        else:
            text = describe(exc)[1]
        self.status.setText(text)
        set_tone(self.status, "error")

    # ---------------------------------------------------------------------------------------- create
    def ask_path(self, suggested: str, fmt: str) -> Path | None:
        """The file to write (a save dialog; tests replace this method)."""
        filters = {
            "xml": _("XML-filer (*.xml)"),
            "se": _("SIE-filer (*.se *.si)"),
            "pdf": _("PDF-filer (*.pdf)"),
            "csv": _("CSV-filer (*.csv)"),
        }
        name, _filter = QFileDialog.getSaveFileName(self, _("Spara som"), suggested, filters.get(fmt, ""))
        return Path(name) if name else None

    def suggested_name(self) -> str:
        k = self.current_kind()
        fmt = self.format.currentData() or k.formats[0]
        month = self.selected_month()
        stem = {
            "agi": "agi",
            "pain001": "betalfil",
            "sie": "lon",
            "income": "inkomstuppgift",
            "annual": "arsbesked",
            "programme": "programrapport",
        }[k.key]
        when = (
            f"{self.year.value()}-{month:02d}" if month and (k.monthly or k.key == "income") else str(self.year.value())
        )
        return f"{stem}_{when}.{fmt}"

    def create_file(self) -> None:
        self._auto.stop()
        if not self._validate_period():
            return
        from sysselsattning.services import exports as svc
        from sysselsattning.services import statements

        k = self.current_kind()
        fmt = self.format.currentData() or k.formats[0]
        path = self.ask_path(self.suggested_name(), fmt)
        if path is None:
            return
        ctx, year, month = self.ctx, self.year.value(), self.selected_month()
        participant = self.participant.text().strip() or None
        period = f"{year:04d}-{month:02d}" if month else None

        def work():
            if k.key == "agi":
                return svc.export_agi(ctx, period, path)
            if k.key == "pain001":
                return svc.export_pain001(ctx, period, path)
            if k.key == "sie":
                return svc.export_sie(ctx, year, path)
            if k.key == "income":
                return statements.write_income_report(
                    ctx, path, period=period, year=None if period else year, participant=participant, fmt=fmt
                )
            if k.key == "annual":
                return statements.write_annual_statements(ctx, year, path, participant=participant)
            return statements.write_programme_report(ctx, year, path, fmt=fmt)

        self._busy(True)
        set_tone(self.status, "")
        run_in_background(
            work,
            self._created,
            self._failed,
            progress=_("Skapar {what}…").format(what=k.title.lower()),
            parent=self,
            write=True,
            name=f"export-{k.key}",
        )

    def _created(self, result) -> None:
        self._busy(False)
        lines = list(result.summary) + [_("Varning: {text}").format(text=w) for w in result.warnings]
        if result.cash:
            lines.append(
                _("Kontant: {names}").format(
                    names=", ".join(c.name for c in result.cash[:20]) + (" …" if len(result.cash) > 20 else "")
                )
            )
        set_tone(self.status, "ok")
        self.status.setText("\n".join(lines))
        self.last_result = result
