"""Simulering: the caseworker sees (and prints) what work does to a household's money.

The page puts four widgets together: the scenario editor on the left (:mod:`.editor`), and on the right the
toolbar (:mod:`.toolbar`: view, save / open / compare / the letter), the month table (:mod:`.results_table`),
year totals with the effective marginal rate in words, and the two charts (:mod:`.result_charts`).

How it stays fast: a step of the hours slider recomputes at once (no debounce: the table, summary and charts
follow the slider within a frame); typing restarts a short debounce timer (50 ms). Then the form is read into the
§6 scenario dict (docs/architecture.md) and the rules engine (``domain.rules.simulation.simulate``, its typed result in öre) runs
synchronously on the household compiled once (only the plan varies) and touches no database. Everything that reads the database
(participants, task rates, the parameter overrides, a participant's recorded arvode, saved scenarios) runs in
:func:`sysselsattning.ui.tasks.run_in_background`.

Errors the engine finds (``ScenarioError.key``) are mapped back to the field of that key.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable
from datetime import date
from html import escape
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from sysselsattning.domain.problems import Problem
from sysselsattning.domain.rules.advice import reporting_advice
from sysselsattning.domain.rules.scenario import ScenarioError, parse_scenario
from sysselsattning.domain.rules.simulation import SimulationResult, simulate
from sysselsattning.i18n import _, format_money
from sysselsattning.i18n.messages import tax_refund_sentences
from sysselsattning.i18n.warnings import warning_text
from sysselsattning.rules import default_parameters
from sysselsattning.rules.parameters import ParameterMissing
from sysselsattning.services import saved_scenarios as svc
from sysselsattning.services.scenarios import scenario_from_participant
from sysselsattning.ui.app import error_text
from sysselsattning.ui.pages.simulation.common import (
    CASES,
    case_names,
    kept_per_krona_text,
    relevant_warnings,
    short_warning,
)
from sysselsattning.ui.pages.simulation.compare import CompareDialog
from sysselsattning.ui.pages.simulation.editor import ScenarioEditor
from sysselsattning.ui.pages.simulation.result_charts import ResultCharts
from sysselsattning.ui.pages.simulation.results_table import MonthTable
from sysselsattning.ui.pages.simulation.toolbar import ResultsToolbar
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import hint_label


class Page(QWidget):
    """The simulator page. Signals: ``results_updated()`` after each recompute; ``changed(set)`` after a save."""

    results_updated = Signal()
    changed = Signal(object)

    DEBOUNCE_MS = 50  # typing only; the hours slider recomputes at once (step_plan)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._params = None  # ctx.params() once loaded in the background; the shipped set until then
        self._participant_id: int | None = None
        self._participant_label = ""
        self._tasks: list = []
        self._result: SimulationResult | None = None
        self._scenario: dict | None = None
        self._loading = False
        self._touched = False  # the user has edited (or loaded) something: problems are shown, not hidden
        self.last_compute_ms = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.recompute_now)
        self._build()
        self.recompute_now()

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        outer.setSpacing(12)

        self.editor = ScenarioEditor(self.ctx.now_date)
        self.editor.edited.connect(self.schedule)
        self.editor.plan_stepped.connect(self.step_plan)
        self.editor.year_spin.valueChanged.connect(self._year_changed)
        self.editor.load_button.clicked.connect(self.load_participant)
        outer.addWidget(self.editor)

        right = QVBoxLayout()
        right.setSpacing(8)
        self.toolbar = ResultsToolbar()
        self.toolbar.view_changed.connect(self._view_changed)
        self.toolbar.save_requested.connect(self.save_scenario)
        self.toolbar.open_requested.connect(self.open_scenario)
        self.toolbar.compare_requested.connect(self.compare_scenarios)
        self.toolbar.print_letter_requested.connect(self.print_letter)
        self.toolbar.save_letter_requested.connect(self.save_letter)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_scenario)
        QShortcut(QKeySequence.StandardKey.Open, self, self.open_scenario)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_letter)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.save_letter)
        right.addWidget(self.toolbar)

        self.table = MonthTable()
        self.model = self.table.month_model
        right.addWidget(self.table)
        unit_note = hint_label(
            _("Alla belopp i kronor. Arvodet räknas före skatt; ”att leva på” är inkomster efter skatt plus förmåner.")
        )
        right.addWidget(unit_note)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        right.addWidget(self.summary)
        self.advice_label = QLabel()
        self.advice_label.setWordWrap(True)
        self.advice_label.setTextFormat(Qt.TextFormat.RichText)
        self.advice_label.setObjectName("advice")
        self.advice_label.setAccessibleName(_("Vem ska veta vad och när"))
        self.advice_label.hide()
        right.addWidget(self.advice_label)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("warning")
        self.warning_label.hide()
        right.addWidget(self.warning_label)

        self.charts = ResultCharts()
        right.addWidget(self.charts, 2)
        right_w = QWidget()
        right_w.setLayout(right)
        self.results_panel = right_w
        outer.addWidget(right_w, 1)

        order: list[QWidget] = [*self.editor.tab_order(), *self.toolbar.tab_order(), self.table]
        for a, b in pairwise(order):
            QWidget.setTabOrder(a, b)
        self._tab_order = order

    def _view_changed(self, view: str) -> None:
        self.table.set_view(view)

    def _year_changed(self, _v: int) -> None:
        self.editor.update_cap_info(self.params(), set_value=False)
        self.schedule()

    # ----------------------------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Load the parameter set, participants and task rates in the background (page convention)."""
        ctx = self.ctx
        on = date(self.editor.year_spin.value(), 1, 1)
        today = ctx.now_date()
        rate_day = today if today.year == on.year else on

        def load():
            params = ctx.params()
            try:
                participants = svc.participants_for_simulation(ctx)
            except PermissionError:
                participants = []
            try:
                tasks = svc.task_rates(ctx, rate_day)
            except PermissionError:
                tasks = []
            return params, participants, tasks

        self._loading = True
        run_in_background(load, self._loaded, self._load_failed, parent=self, name="simulering: läs")

    def _loaded(self, data) -> None:
        params, participants, tasks = data
        self._loading = False
        self._params = params
        self.editor.set_participants(participants)
        self.editor.set_tasks(tasks)
        self._tasks = list(tasks)
        self.charts.forget_curve()
        touched = self._touched
        self.editor.update_cap_info(params, set_value=not self.editor.cap_edit.text().strip())
        self._touched = touched  # filling in the policy's cap is not the user's edit
        self.recompute_now()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.editor.form_error.set_message(_("Kunde inte läsa från databasen: {fel}").format(fel=error_text(exc)))

    def on_data_changed(self, changes: set[str]) -> None:
        if changes & {"participants", "registry", "parameters", "all"}:
            self.refresh()

    def params(self):
        if self._params is not None:
            return self._params
        return default_parameters()

    def load_participant(self) -> None:
        """Fill the form from the chosen participant (their recorded arvode this year), in the background."""
        editor = self.editor
        pid = editor.participant_combo.currentData()
        if pid is None:
            self._participant_id = None
            editor.start_info.hide()
            return
        ctx, year = self.ctx, editor.year_spin.value()
        editor.load_button.setEnabled(False)

        def done(scenario: dict) -> None:
            editor.load_button.setEnabled(True)
            self._participant_id = pid
            self._participant_label = editor.participant_combo.currentText()
            self.set_scenario(scenario, recorded=True)

        def failed(exc: BaseException) -> None:
            editor.load_button.setEnabled(True)
            editor.form_error.set_message(error_text(exc))

        run_in_background(
            lambda: scenario_from_participant(ctx, pid, year), done, failed, parent=self, name="simulering: deltagare"
        )

    # ---------------------------------------------------------------------------- form ↔ scenario
    def set_scenario(self, scenario: dict, *, recorded: bool = False) -> None:
        """Fill the editor from a §6 dict (see :meth:`ScenarioEditor.fill`) and recompute."""
        self.editor.fill(scenario, recorded=recorded, participant_label=self._participant_label)
        self.charts.forget_curve()
        self._touched = True
        self.recompute_now()

    def build_scenario(self) -> tuple[dict | None, list[Problem]]:
        """The editor's §6 dict, or the problems at its fields."""
        return self.editor.read()

    # ------------------------------------------------------------------------------------- compute
    def schedule(self, *_args) -> None:
        """Typing: recompute ``DEBOUNCE_MS`` after the last keystroke (a word is typed, not each letter)."""
        self._touched = True
        self._timer.start()

    def step_plan(self, *_args) -> None:
        """A step of the hours slider: recompute now, no debounce — only the plan changed, so the compiled
        household (``domain.rules.simulation.compile_scenario``) and the earnings curve are reused and the
        table, summary and charts follow the slider frame by frame."""
        self._touched = True
        self.recompute_now()

    def recompute_now(self) -> None:
        t0 = time.perf_counter()
        self._timer.stop()
        scenario, problems = self.editor.read()
        result = None
        if scenario is not None:
            try:
                params = self.params()
                result = simulate(parse_scenario(scenario, params), params)
            except ScenarioError as exc:
                problems.append(
                    Problem(self.editor.field_for_key(str(exc.key)), "scenario_invalid", {}, str(exc.message))
                )
            except ParameterMissing as exc:  # a parameter gap inside a year (e.g. an override ending) is shown
                problems.append(Problem("", "scenario_invalid", {}, _("Kan inte räkna: {fel}").format(fel=exc)))
        if not self._touched and problems and all(p.code == "required" for p in problems):
            # A fresh page: invite rather than scold.
            self.editor.show_problems([])
            self._set_stale(True)
            self.summary.setText(
                _(
                    "Välj en deltagare och tryck Hämta, eller fyll i födelsedatum, kostnader och "
                    "planerat arbete – resultatet visas direkt."
                )
            )
            self.last_compute_ms = (time.perf_counter() - t0) * 1000
            self.results_updated.emit()
            return
        self.editor.show_problems(problems)
        if result is not None:
            self._scenario = scenario
            self._result = result
            self._show_result(scenario, result)
        else:
            self._set_stale(True)
        self.last_compute_ms = (time.perf_counter() - t0) * 1000
        self.results_updated.emit()

    def _set_stale(self, stale: bool) -> None:
        self.table.setEnabled(not stale)
        if stale:
            self.summary.setText(_("<i>Rätta de markerade fälten så räknas året om.</i>"))

    def _show_result(self, scenario: dict, result: SimulationResult) -> None:
        self._set_stale(False)
        cases = [result.case(c) for c in CASES]
        btp = bool(scenario["bostadstillagg"]["applies"]) or any(any(c.bostadstillagg) for c in cases)
        se = any(any(c.sjukersattning) for c in cases)
        bb = "bostadsbidrag" in scenario or any(any(c.bostadsbidrag) for c in cases)
        sbtp = any(any(c.sarskilt_bostadstillagg) for c in cases)
        self.model.set_result(result, btp=btp, se=se, bb=bb, sbtp=sbtp)
        self.table.fit_height()
        disp = {c: result.case(c).total("disposable") for c in CASES}
        gross = result.current_rules.total("gross")
        n = case_names()
        lines = [
            _(
                "<b>Hela året:</b> arvode {brutto} före skatt. Att leva på: utan arbete {utan}, "
                "nuvarande regler {nu}, med tak {tak}."
            ).format(
                brutto=format_money(gross),
                utan=format_money(disp["no_work"]),
                nu=format_money(disp["current_rules"]),
                tak=format_money(disp["with_cap"]),
            )
        ]
        for c in ("current_rules", "with_cap"):
            gain = disp[c] - disp["no_work"]
            lines.append(
                f"<b>{n[c]}:</b> "
                + kept_per_krona_text(gain, gross)
                + (" " + _("({vinst} mer under året)").format(vinst=format_money(gain)) if gross else "")
            )
        if btp and not sbtp:
            lines.append(
                _("Särskilt bostadstillägg är prövat: 0 kr. Inkomsten räknas som minst garantinivån efter skatt.")
            )
        refund = result.current_rules.tax_refund
        if refund is not None:
            sentences = tax_refund_sentences(refund, result.year)
            if sentences:
                lines.append("<b>" + _("Skatten året efter:") + "</b> " + escape(" ".join(sentences)))
        self.summary.setText("<br>".join(lines))
        advice = [
            escape(_(a.text).format(**{k: format_money(v) if k in a.money else v for k, v in a.values.items()}))
            for a in reporting_advice(result, scenario)
        ]
        self.advice_label.setText(
            "<b>" + escape(_("Vem ska veta vad och när")) + "</b><br>" + "<br>".join(advice) if advice else ""
        )
        self.advice_label.setVisible(bool(advice))
        warnings = relevant_warnings(result.warnings, btp)
        short = list(dict.fromkeys(short_warning(w) for w in warnings))  # texts: i18n/warnings.py
        self.warning_label.setText(_("Uppskattning: ") + " ".join(short) if short else "")
        self.warning_label.setToolTip("\n".join(warning_text(w) for w in warnings))
        self.warning_label.setVisible(bool(warnings))
        plan = self.editor.plan_ore
        self.editor.plan_amount.setText(
            _("Planen ger {belopp} före skatt per månad.").format(belopp=format_money(plan))
        )
        self.charts.update_charts(scenario, result, plan, self.params())

    # -------------------------------------------------------------------------------- saved scenarios
    def save_scenario(self) -> None:
        scenario, _problems = self.build_scenario()
        if scenario is None:
            QMessageBox.information(self, _("Spara scenario"), _("Rätta de markerade fälten först."))
            return
        default = (
            _("{deltagare} {year}")
            .format(deltagare=self._participant_label.split(" (")[0], year=scenario["year"])
            .strip()
        )
        name, ok = QInputDialog.getText(self, _("Spara scenario"), _("Namn på scenariot:"), text=default)
        if not ok:
            return
        self.save_as(name, scenario)

    def save_as(self, name: str, scenario: dict | None = None, on_done: Callable[[Any], None] | None = None) -> None:
        """Save in the background (writer queue); problems are shown in Swedish."""
        scenario = scenario if scenario is not None else self.build_scenario()[0]
        ctx, pid = self.ctx, self._participant_id

        def done(info) -> None:
            self.changed.emit({"scenarios"})
            if on_done:
                on_done(info)

        run_in_background(
            lambda: svc.save(ctx, name, scenario, participant_id=pid),
            done,
            parent=self,
            write=True,
            name="simulering: spara",
        )

    def open_scenario(self) -> None:
        ctx, pid = self.ctx, self._participant_id

        def chosen(rows) -> None:
            if not rows:
                QMessageBox.information(self, _("Öppna scenario"), _("Det finns inga sparade scenarier."))
                return
            labels = [f"{r.name} – {r.created_at:%Y-%m-%d %H:%M} ({r.created_by})" for r in rows]
            label, ok = QInputDialog.getItem(self, _("Öppna scenario"), _("Sparade scenarier:"), labels, 0, False)
            if ok:
                self.open_saved(rows[labels.index(label)].id)

        run_in_background(lambda: svc.list_scenarios(ctx, participant_id=pid), chosen, parent=self)

    def open_saved(self, scenario_id: int, on_done: Callable[[], None] | None = None) -> None:
        ctx = self.ctx

        def done(saved) -> None:
            self._participant_id = saved.participant_id
            self.set_scenario(saved.scenario)
            self.editor.start_info.setText(_("Öppnat: {namn}").format(namn=saved.name))
            self.editor.start_info.show()
            if on_done:
                on_done()

        run_in_background(lambda: svc.load(ctx, scenario_id), done, parent=self)

    def compare_scenarios(self) -> None:
        ctx, pid = self.ctx, self._participant_id

        def load_all():
            return [svc.load(ctx, r.id) for r in svc.list_scenarios(ctx, participant_id=pid)[:50]]

        def show(saved) -> None:
            current = ("__current__", _("Det som visas nu"), self._scenario) if self._scenario else None
            items = ([current] if current else []) + [(s.id, s.name, s.scenario) for s in saved]
            if len(items) < 2:
                QMessageBox.information(
                    self, _("Jämför scenarier"), _("Spara minst ett scenario för att kunna jämföra.")
                )
                return
            CompareDialog(items, self.params(), self).exec()

        run_in_background(load_all, show, parent=self)

    # ------------------------------------------------------------------------------------ printing
    def letter_pdf(self, client_name: str = "", caseworker: str = "") -> bytes:
        from sysselsattning.services.documents import simulation_letter_pdf as render_letter

        if self._result is None or self._scenario is None:
            raise ValueError(_("Det finns inget resultat att skriva ut."))
        return render_letter(
            self._result, self._scenario, client_name=client_name, caseworker=caseworker, today=self.ctx.now_date()
        )

    def print_letter(self) -> None:
        """Qt's print dialog picks printer, pages and copies; the letter is rendered in the background and its
        pages are drawn into that printer (:mod:`sysselsattning.ui.printing`)."""
        if self._result is None:
            QMessageBox.information(self, _("Skriv ut brev"), _("Rätta de markerade fälten först."))
            return
        from sysselsattning.ui.printing import choose_printer

        printer = choose_printer(self, _("Skriv ut brevet"))
        if printer is None:
            return
        import tempfile

        from sysselsattning.paths import data_dir

        folder = data_dir() / "utskrifter"
        folder.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(prefix="berakning-", suffix=".pdf", dir=folder)
        os.close(fd)
        self.write_letter(path, on_done=lambda p: self._send_to_printer(p, printer))

    def _send_to_printer(self, path: str, printer: Any) -> None:
        from pathlib import Path

        from sysselsattning.ui.printing import print_pdf

        try:
            print_pdf(Path(path).read_bytes(), printer)
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Utskrift"),
                _(
                    "Kunde inte skicka till skrivaren ({fel}). Brevet finns i {fil} – öppna det och skriv ut därifrån."
                ).format(fel=exc, fil=path),
            )

    def print_current(self) -> None:
        """Arkiv → Skriv ut (Ctrl+P): the client letter."""
        self.print_letter()

    def save_letter(self) -> None:
        """Save the client letter as PDF (rendered in the background) and open it."""
        if self._result is None:
            QMessageBox.information(self, _("Spara brevet"), _("Rätta de markerade fälten först."))
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Spara brevet som PDF"),
            _("berakning-{year}.pdf").format(year=self._scenario["year"]),
            _("PDF (*.pdf)"),
        )
        if not path:
            return
        self.write_letter(path, open_after=True)

    def write_letter(
        self, path: str, *, open_after: bool = False, on_done: Callable[[str], None] | None = None
    ) -> None:
        from sysselsattning.services.documents import simulation_letter_pdf as render_letter

        result, scenario = copy.deepcopy(self._result), copy.deepcopy(self._scenario)
        client = self._participant_label.split(" (")[0]
        if ", " in client:
            last, first = client.split(", ", 1)
            client = f"{first} {last}"
        caseworker, today = self.ctx.username, self.ctx.now_date()

        def work():
            data = render_letter(result, scenario, client_name=client, caseworker=caseworker, today=today)
            with open(path, "wb") as fh:
                fh.write(data)
            return path

        def done(p: str) -> None:
            if open_after:
                from PySide6.QtCore import QUrl
                from PySide6.QtGui import QDesktopServices

                QDesktopServices.openUrl(QUrl.fromLocalFile(p))
            if on_done:
                on_done(p)

        run_in_background(work, done, progress=_("Skapar brevet…"), parent=self, name="simulering: brev")
