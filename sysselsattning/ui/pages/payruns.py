"""Löneperioder: pay runs — compute, check, approve, mark paid; pay slips and the cash list.

Top: the runs (period, status, participants and totals). Below: the selected run's lines, one per participant
and association, with tax in plain words, the cap left and warnings. Buttons:

- *Beräkna* computes (or recomputes) the draft of the period in the box;
- *Utbetalningsdag…* changes a draft's payment date (a bank day; the lines are recomputed for it);
- *Godkänn…* asks for confirmation stating the totals, then approves and locks the run (refused with a clear
  message if someone else approved or recomputed it meanwhile); when the payment date has passed it also asks
  whether the money really was paid on that day;
- *Markera utbetald*;
- *Lönebesked…* (all, or the selected participant) saves one PDF, *Skriv ut…* opens the print dialog;
- *Kontantlista…* saves the list of cash payouts to sign.

All database and PDF work runs off the UI thread (:func:`sysselsattning.ui.tasks.run_in_background`); 1 000
slips show a progress bar and can be cancelled. The page only calls :mod:`sysselsattning.services.payroll`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _, format_date, format_money, format_month
from sysselsattning.i18n.catalog import N_
from sysselsattning.services import access
from sysselsattning.ui.models import Column, RowTableModel
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import hint_label, labelled, page_title, set_accessible, set_tone

STATUS = {"draft": N_("Utkast"), "approved": N_("Godkänd"), "paid": N_("Utbetald")}


def status_text(status: str) -> str:
    return _(STATUS.get(status, status))


def run_columns() -> list[Column]:
    return [
        Column(
            "label",
            lambda: _("Period"),
            lambda r: r.label,
            display=lambda r: format_month(r.period_start) if r.kind == "month" else r.label,
        ),
        Column(
            "status",
            lambda: _("Status"),
            lambda r: r.status,
            display=lambda r: status_text(r.status) + (" – " + _("beräkna igen") if r.stale else ""),
        ),
        Column("participants", lambda: _("Deltagare"), lambda r: r.participants, kind="number"),
        Column("gross", lambda: _("Brutto"), lambda r: r.gross_ore, kind="money"),
        Column("tax", lambda: _("Skatt"), lambda r: r.tax_ore, kind="money"),
        Column("fees", lambda: _("Arbetsgivaravgifter"), lambda r: r.employer_fee_ore, kind="money"),
        Column("net", lambda: _("Netto"), lambda r: r.net_ore, kind="money"),
        Column("paydate", lambda: _("Utbetalas"), lambda r: r.payment_date, kind="date"),
        Column(
            "approved",
            lambda: _("Godkänd av"),
            lambda r: r.approved_by or "",
            display=lambda r: f"{r.approved_by} {format_date(r.approved_at.date())}" if r.approved_at else "",
        ),
    ]


def line_columns() -> list[Column]:
    return [
        Column("name", lambda: _("Namn"), lambda r: r.name),
        Column("pnr", lambda: _("Personnummer"), lambda r: r.pnr_display),
        Column("org", lambda: _("Förening"), lambda r: r.organisation_name),
        Column("gross", lambda: _("Brutto"), lambda r: r.gross_ore, kind="money"),
        Column(
            "corr",
            lambda: _("Rättelser"),
            lambda r: r.correction_ore,
            display=lambda r: format_money(r.correction_ore) if r.correction_ore else "",
            kind="money",
        ),
        Column("tax", lambda: _("Skatt"), lambda r: r.tax_ore, kind="money"),
        Column("why", lambda: _("Skatteavdrag"), lambda r: r.tax_text),
        Column("net", lambda: _("Netto"), lambda r: r.net_ore, kind="money"),
        Column("fee", lambda: _("Arb.avgift"), lambda r: r.employer_fee_ore, kind="money"),
        Column(
            "cap",
            lambda: _("Kvar under taket"),
            lambda r: r.cap_left_ore if r.cap_applies else -1,
            display=lambda r: format_money(r.cap_left_ore) if r.cap_applies else _("inget frikort"),
            kind="money",
        ),
        Column(
            "payout",
            lambda: _("Utbetalning"),
            lambda r: r.payout_method,
            display=lambda r: _("Kontant") if r.payout_method == "cash" else _("Bank"),
        ),
        Column(
            "slip",
            lambda: _("Nr"),
            lambda r: r.slip_number or 0,
            display=lambda r: str(r.slip_number or ""),
            kind="number",
        ),
        Column("warn", lambda: _("Att se över"), lambda r: " ".join(r.warnings)),
    ]


def month_choices(today: date) -> list[str]:
    """This month, the next and the twelve before it, newest first."""
    out = []
    y, m = today.year, today.month + 1
    if m == 13:
        y, m = y + 1, 1
    for _i in range(14):
        out.append(f"{y:04d}-{m:02d}")
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out


class Page(QWidget):
    """The *Löneperioder* screen."""

    changed = Signal(object)

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._runs: list[Any] = []
        self._selected_label: str | None = None
        self._busy = False

        self.period = QComboBox()
        self.period.setEditable(True)
        self.period.addItems(month_choices(ctx.now_date()))
        today = ctx.now_date()
        self.period.setCurrentText(f"{today.year:04d}-{today.month:02d}")
        self.period.setMinimumWidth(110)
        self.period.setToolTip(_("Perioden att beräkna, ÅÅÅÅ-MM"))
        self.compute_button = QPushButton(_("Beräkna"))
        self.compute_button.setToolTip(_("Beräkna (eller räkna om) utkastet för perioden"))
        self.pay_date_button = QPushButton(_("Utbetalningsdag…"))
        self.pay_date_button.setToolTip(_("Ändra utkastets utbetalningsdag"))
        self.approve_button = QPushButton(_("Godkänn…"))
        self.paid_button = QPushButton(_("Markera utbetald"))
        self.slips_button = QPushButton(_("Lönebesked, alla…"))
        self.slip_one_button = QPushButton(_("Lönebesked, vald…"))
        self.print_button = QPushButton(_("Skriv ut…"))
        self.cash_button = QPushButton(_("Kontantlista…"))

        self.runs_model = RowTableModel(run_columns(), self)
        self.runs_view = self._table(self.runs_model)
        self.runs_view.horizontalHeader().setStretchLastSection(True)
        set_accessible(
            self.runs_view,
            _("Lönekörningar"),
            _("En rad per lönekörning med period och status. Välj en rad för att se dess rader."),
        )
        self.lines_model = RowTableModel(line_columns(), self)
        self.lines_model.set_muted(lambda r: r.net_ore == 0)
        self.lines_view = self._table(self.lines_model)
        set_accessible(
            self.lines_view,
            _("Rader i lönekörningen"),
            _("En rad per deltagare: arvode, skatt och att betala ut."),
        )
        self.lines_view.horizontalHeader().setSectionResizeMode(len(line_columns()) - 1, QHeaderView.ResizeMode.Stretch)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet("font-size: 11pt;")
        self.warnings = hint_label()
        set_tone(self.warnings, "warning")
        self.message = hint_label()

        top = QHBoxLayout()
        top.addWidget(labelled(_("&Period:"), self.period))
        top.addWidget(self.period)
        top.addWidget(self.compute_button)
        top.addWidget(self.pay_date_button)
        top.addSpacing(12)
        top.addWidget(self.approve_button)
        top.addWidget(self.paid_button)
        top.addStretch(1)
        # The documents on a row of their own: one row of nine buttons clips their text at 1280×800 (200 %).
        documents = QHBoxLayout()
        documents.addWidget(self.slips_button)
        documents.addWidget(self.slip_one_button)
        documents.addWidget(self.print_button)
        documents.addWidget(self.cash_button)
        documents.addStretch(1)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.summary)
        lower_layout.addWidget(self.lines_view, 1)
        lower_layout.addWidget(self.warnings)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.runs_view)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([170, 480])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(page_title(_("Löneperioder")))
        layout.addWidget(
            hint_label(
                _(
                    "Beräkna månadens utkast, granska raderna och godkänn. En godkänd period är låst: "
                    "rättelser görs som nya rader och kommer med i nästa öppna period."
                )
            )
        )
        layout.addLayout(top)
        layout.addLayout(documents)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

        self.compute_button.clicked.connect(self.compute)
        self.approve_button.clicked.connect(self.approve)
        self.pay_date_button.clicked.connect(self.change_pay_date)
        self.paid_button.clicked.connect(self.mark_paid)
        self.slips_button.clicked.connect(lambda: self.save_slips(one=False))
        self.slip_one_button.clicked.connect(lambda: self.save_slips(one=True))
        self.print_button.clicked.connect(self.print_slips)
        self.cash_button.clicked.connect(self.save_cash_list)
        self.runs_view.selectionModel().currentRowChanged.connect(self._run_selected)
        self.lines_view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    # ------------------------------------------------------------------------------------ helpers
    def _table(self, model: RowTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSortingEnabled(True)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.setWordWrap(False)
        return view

    def selected_run(self) -> Any | None:
        index = self.runs_view.currentIndex()
        return self.runs_model.row(index) if index.isValid() else None

    def selected_line(self) -> Any | None:
        index = self.lines_view.currentIndex()
        return self.lines_model.row(index) if index.isValid() else None

    def _can(self, permission: str) -> bool:
        return access.can(self.ctx, permission)

    def _update_buttons(self) -> None:
        run = self.selected_run()
        idle = not self._busy
        self.compute_button.setEnabled(idle and self._can("payroll.run"))
        self.approve_button.setEnabled(
            idle and run is not None and run.status == "draft" and self._can("payroll.approve")
        )
        self.pay_date_button.setEnabled(idle and run is not None and run.status == "draft" and self._can("payroll.run"))
        self.paid_button.setEnabled(idle and run is not None and run.status == "approved" and self._can("payroll.pay"))
        slips = idle and run is not None and run.lines > 0 and self._can("slips")
        self.slips_button.setEnabled(slips)
        self.print_button.setEnabled(slips)
        self.slip_one_button.setEnabled(slips and self.selected_line() is not None)
        self.cash_button.setEnabled(slips and run.cash_ore != 0)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _error(self, exc: BaseException) -> None:
        from sysselsattning.ui.app import error_text

        self._set_busy(False)
        self.message.setText("")
        QMessageBox.warning(self, _("Det gick inte"), error_text(exc))

    # ------------------------------------------------------------------------------------ loading
    def refresh(self) -> None:
        from sysselsattning.services import payroll

        ctx = self.ctx
        run_in_background(lambda: payroll.list_runs(ctx), self._show_runs, self._error, parent=self, name="list_runs")

    def on_data_changed(self, changes: set[str]) -> None:
        if changes & {"payroll", "time", "participants", "registry", "all"}:
            self.refresh()

    def _show_runs(self, runs: list[Any]) -> None:
        keep = self._selected_label
        self._runs = list(reversed(runs))  # newest first
        self.runs_model.set_rows(self._runs)
        row = self.runs_model.find_row(lambda r: r.label == keep) if keep else -1
        if row < 0 and self._runs:
            row = 0
        if row >= 0:
            self.runs_view.selectRow(row)
            self._run_selected()
        else:
            self.lines_model.set_rows([])
            self.summary.setText(_("Inga lönekörningar ännu. Välj period och tryck Beräkna."))
        self._update_buttons()

    def _run_selected(self, *_args: Any) -> None:
        run = self.selected_run()
        self._update_buttons()
        if run is None:
            return
        self._selected_label = run.label
        self.summary.setText(self.summary_text(run))
        from sysselsattning.services import payroll

        ctx, label, org = self.ctx, run.label, run.organisation_id
        run_in_background(
            lambda: payroll.run_lines(ctx, label, org), self._show_lines, self._error, parent=self, name="run_lines"
        )

    def _show_lines(self, lines: list[Any]) -> None:
        self.lines_model.set_rows(lines)
        warnings = list(dict.fromkeys(w for line in lines for w in line.warnings))  # once each, in order
        estimates = len({line.participant_id for line in lines if getattr(line, "estimate", False)})
        if estimates:
            warnings.insert(
                0,
                _(
                    "Uppskattning: arbetsgivaravgiften för {n} deltagare bygger på en obekräftad regel "
                    "(nedsättningen för unga)."
                ).format(n=estimates),
            )
        text = "\n".join(warnings[:6])
        if len(warnings) > 6:
            text += "\n" + _("… och {n} till (se kolumnen Att se över).").format(n=len(warnings) - 6)
        self.warnings.setText(text)
        self._update_buttons()

    @staticmethod
    def summary_text(run: Any) -> str:
        period = format_month(run.period_start) if run.kind == "month" else run.label
        text = _(
            "{period} – {status}. {n} deltagare. Brutto {gross}, skatt {tax}, arbetsgivaravgifter {fees}, "
            "netto {net} (kontant {cash}, bank {bank}). Utbetalas {date}."
        ).format(
            period=period.capitalize(),
            status=status_text(run.status).lower(),
            n=run.participants,
            gross=format_money(run.gross_ore),
            tax=format_money(run.tax_ore),
            fees=format_money(run.employer_fee_ore),
            net=format_money(run.net_ore),
            cash=format_money(run.cash_ore),
            bank=format_money(run.bank_ore),
            date=format_date(run.payment_date, "long"),
        )
        if run.correction_ore:
            text += " " + _("Rättelser {amount}.").format(amount=format_money(run.correction_ore))
        if getattr(run, "stale", False):
            text += "\n" + _("Tidrader har ändrats sedan utkastet beräknades – tryck Beräkna innan du godkänner.")
        return text

    # ------------------------------------------------------------------------------------ actions
    def compute(self) -> None:
        label = self.period.currentText().strip()
        self.message.setText(_("Beräknar {label}…").format(label=label))
        self._start_compute(label)

    def _start_compute(self, label: str, organisation_id: int | None = None, pay_date: date | None = None) -> None:
        from sysselsattning.services import payroll

        ctx = self.ctx
        self._selected_label = label
        self._set_busy(True)
        run_in_background(
            lambda: payroll.compute_run(ctx, label, organisation_id, pay_date=pay_date),
            self._computed,
            self._error,
            progress=_("Beräknar lönekörningen…"),
            parent=self,
            write=True,
            name="compute_run",
        )

    def _computed(self, run: Any) -> None:
        self._set_busy(False)
        self.message.setText(_("Utkastet för {label} är beräknat.").format(label=run.label))
        self.changed.emit({"payroll"})
        self.refresh()

    def confirm_approve(self, run: Any) -> bool:
        """Ask before locking; states the totals (tests patch this)."""
        from sysselsattning.ui.app import ask_yes_no

        text = _(
            "Godkänna lönekörningen för {period}?\n\n{n} deltagare\nBrutto: {gross}\nSkatt: {tax}\n"
            "Arbetsgivaravgifter: {fees}\nNetto att betala ut: {net}\n   varav kontant {cash}, till bank {bank}\n"
            "Utbetalningsdag: {date}\n\nEfter godkännandet är perioden låst. Rättelser görs som nya rader i nästa "
            "period."
        ).format(
            period=format_month(run.period_start) if run.kind == "month" else run.label,
            n=run.participants,
            gross=format_money(run.gross_ore),
            tax=format_money(run.tax_ore),
            fees=format_money(run.employer_fee_ore),
            net=format_money(run.net_ore),
            cash=format_money(run.cash_ore),
            bank=format_money(run.bank_ore),
            date=format_date(run.payment_date, "long"),
        )
        return ask_yes_no(self, _("Godkänn lönekörning"), text)

    def confirm_past_pay_date(self, run: Any) -> bool:
        """The payment date has passed: was the money really paid that day? (tests patch this)"""
        from sysselsattning.ui.app import ask_yes_no

        text = _(
            "Utbetalningsdagen {date} har redan passerat.\n\nBetalades pengarna verkligen ut den dagen? "
            "Svara Ja bara om de gjorde det. Annars: svara Nej och välj en ny dag med Utbetalningsdag…"
        ).format(date=format_date(run.payment_date, "long"))
        return ask_yes_no(self, _("Utbetalningsdagen har passerat"), text)

    def ask_pay_date(self, run: Any) -> date | None:
        """A small dialog with a calendar for the draft's new payment date (tests patch this)."""
        from PySide6.QtCore import QDate
        from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout

        from sysselsattning.ui.widgets import dialog_buttons

        dialog = QDialog(self)
        dialog.setWindowTitle(_("Utbetalningsdag"))
        form = QFormLayout(dialog)
        edit = QDateEdit(QDate(run.payment_date.year, run.payment_date.month, run.payment_date.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(
            hint_label(
                _(
                    "Välj en bankdag. Lönebesked, betalfil och AGI följer den här dagen "
                    "(AGI redovisas för den månad pengarna betalas ut)."
                )
            )
        )
        form.addRow(_("Utbetalningsdag:"), edit)
        box, _accept = dialog_buttons(dialog, _("Räkna om med dagen"), dialog.accept)
        form.addRow(box)
        if not dialog.exec():
            return None
        chosen = edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def change_pay_date(self) -> None:
        run = self.selected_run()
        if run is None or run.status != "draft":
            return
        new = self.ask_pay_date(run)
        if new is not None and new != run.payment_date:
            self._start_compute(run.label, run.organisation_id, new)

    def approve(self) -> None:
        from sysselsattning.services import payroll

        run = self.selected_run()
        if run is None or run.status != "draft" or not self.confirm_approve(run):
            return
        past = run.payment_date < self.ctx.now_date()
        if past and not self.confirm_past_pay_date(run):
            self.message.setText(
                _("{label} godkändes inte: ändra utbetalningsdagen med Utbetalningsdag… och godkänn igen.").format(
                    label=run.label
                )
            )
            return
        ctx = self.ctx
        self._set_busy(True)
        run_in_background(
            lambda: payroll.approve_run(
                ctx, run.label, run.organisation_id, expected_version=run.version, confirm_past_pay_date=past
            ),
            self._approved,
            self._error,
            progress=_("Godkänner…"),
            parent=self,
            write=True,
            name="approve_run",
        )

    def _approved(self, run: Any) -> None:
        self._set_busy(False)
        self.message.setText(_("{label} är godkänd och låst.").format(label=run.label))
        self.changed.emit({"payroll"})
        self.refresh()

    def mark_paid(self) -> None:
        from sysselsattning.services import payroll
        from sysselsattning.ui.app import ask_yes_no

        run = self.selected_run()
        if run is None or run.status != "approved":
            return
        if not ask_yes_no(
            self, _("Markera utbetald"), _("Är lönekörningen för {label} utbetald?").format(label=run.label)
        ):
            return
        ctx = self.ctx
        self._set_busy(True)
        run_in_background(
            lambda: payroll.mark_paid(ctx, run.label, run.organisation_id),
            self._approved_paid,
            self._error,
            parent=self,
            write=True,
            name="mark_paid",
        )

    def _approved_paid(self, run: Any) -> None:
        self._set_busy(False)
        self.message.setText(_("{label} är markerad som utbetald.").format(label=run.label))
        self.changed.emit({"payroll"})
        self.refresh()

    # ------------------------------------------------------------------------------------ printing
    def ask_save_path(self, suggested: str) -> str:
        """A save dialog for a PDF (tests patch this)."""
        start = str(Path.home() / suggested)
        path, _filter = QFileDialog.getSaveFileName(self, _("Spara PDF"), start, _("PDF-filer (*.pdf)"))
        return path

    def save_slips(self, one: bool = False, *, then_print: bool = False) -> None:
        from sysselsattning.services import documents

        run = self.selected_run()
        line = self.selected_line() if one else None
        if run is None or (one and line is None):
            return
        suffix = f"-{line.name.replace(' ', '_')}" if line is not None else ""
        # A draft run's slips are a preview, marked on every page (services.documents.payslips_pdf).
        preview = run.status == "draft"
        name = _("forhandsgranskning") if preview else _("lonebesked")
        path = self.ask_save_path(f"{name}-{run.label}{suffix}.pdf")
        if not path:
            return
        ctx, label, org = self.ctx, run.label, run.organisation_id
        pid = line.participant_id if line is not None else None

        def work(report):
            report(0, 1, _("Hämtar uppgifter…"))

            def progress(done, total):
                report(done, total, _("Lönebesked {done} av {total}").format(done=done, total=total))

            data, total = documents.payslips_pdf(ctx, label, pid, org, preview=preview, progress=progress)
            Path(path).write_bytes(data)
            return path, total

        self._set_busy(True)
        run_in_background(
            work,
            lambda result: self._saved(result, then_print),
            self._error,
            progress=_("Skapar lönebesked…"),
            parent=self,
            name="slips",
        )

    def _saved(self, result: tuple[str, int], then_print: bool = False) -> None:
        path, n = result
        self._set_busy(False)
        self.message.setText(_("Sparade {n} lönebesked i {file}.").format(n=n, file=path))
        if then_print:
            self.send_to_printer(path)

    def print_slips(self) -> None:
        """Print the run's slips: save the PDF, then choose a printer in Qt's print dialog."""
        self.save_slips(one=False, then_print=True)

    def send_to_printer(self, path: str) -> bool:
        """Qt's print dialog chooses printer, pages and copies; the PDF's pages are drawn into that printer."""
        from pathlib import Path

        from sysselsattning.ui.printing import choose_printer, print_pdf

        data = Path(path).read_bytes()
        printer = choose_printer(self, _("Skriv ut lönebesked"))
        if printer is None:
            return False
        try:
            pages = print_pdf(data, printer)
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Utskrift"),
                _(
                    "Kunde inte skicka till skrivaren ({error}). PDF-filen finns i {file} – "
                    "öppna den och skriv ut därifrån."
                ).format(error=exc, file=path),
            )
            return False
        self.message.setText(
            _("Skickade {n} sidor till {printer}.").format(n=pages, printer=printer.printerName() or _("skrivaren"))
        )
        return True

    def print_current(self) -> None:
        """Arkiv → Skriv ut (Ctrl+P): the selected run's pay slips."""
        if self.print_button.isEnabled():
            self.print_slips()

    def save_cash_list(self) -> None:
        from sysselsattning.services import documents

        run = self.selected_run()
        if run is None:
            return
        path = self.ask_save_path(f"kontantlista-{run.label}.pdf")
        if not path:
            return
        ctx, label, org = self.ctx, run.label, run.organisation_id

        def work():
            data, n = documents.cash_list_pdf(ctx, label, org)
            Path(path).write_bytes(data)
            return path, n

        self._set_busy(True)
        run_in_background(
            work, self._cash_saved, self._error, progress=_("Skapar kontantlistan…"), parent=self, name="cash_list"
        )

    def _cash_saved(self, result: tuple[str, int]) -> None:
        path, n = result
        self._set_busy(False)
        self.message.setText(_("Sparade kontantlistan ({n} personer) i {file}.").format(n=n, file=path))
