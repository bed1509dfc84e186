"""The caseworker's simulator page: worked example FS-1 in the table, live charts, Swedish messages at
the fields, saved scenarios, the letter, keyboard order and the 1280×800 fit. Real rules engine."""

from __future__ import annotations

import io
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt

from sysselsattning.ui.pages.simulation import CompareDialog, Page, kept_per_krona_text
from sysselsattning.ui.tasks import wait_idle


@pytest.fixture
def page(qtbot, ctx):
    p = Page(ctx)
    qtbot.addWidget(p)
    p.resize(1080, 800)
    p.show()
    p.refresh()
    assert wait_idle()
    return p


def _type(qtbot, widget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def _wait_result(qtbot, page) -> None:
    with qtbot.waitSignal(page.results_updated, timeout=2000):
        pass


def enter_fs1(qtbot, page) -> None:
    """FS-1 (rules-reference §2.7): single adult 2026, rent 5 200, el 300, hemförsäkring 150,
    2 000 kr gross in March, 30 % tax, income counted in the same month."""
    page.editor.year_spin.setValue(2026)
    _type(qtbot, page.editor.adult_birth, "1992-04-12")
    _type(qtbot, page.editor.housing, "5 200")
    _type(qtbot, page.editor.electricity, "300")
    _type(qtbot, page.editor.insurance, "150")
    page.editor.offset_combo.setCurrentIndex(page.editor.offset_combo.findData(0))
    page.editor.tax_mode.setCurrentIndex(page.editor.tax_mode.findData("percent"))
    _type(qtbot, page.editor.tax_percent, "30")
    page.editor.plan_mode.setCurrentIndex(page.editor.plan_mode.findData("kronor"))
    _type(qtbot, page.editor.kronor_edit, "2000")
    for i, box in enumerate(page.editor.plan_month_boxes):
        box.setChecked(i == 2)
    _wait_result(qtbot, page)


def _column(model, header_start: str) -> int:
    for c in range(model.columnCount()):
        if str(model.headerData(c, Qt.Orientation.Horizontal)).replace("\n", " ").startswith(header_start):
            return c
    raise AssertionError(header_start)


def test_fs1_worked_example_in_table(qtbot, page):
    enter_fs1(qtbot, page)
    m = page.model
    assert m.data(m.index(2, 0)) == "mars"
    fs_now = _column(m, "Försörjnings- stöd nu")
    fs_cap = _column(m, "Försörjnings- stöd med tak")
    assert m.value(2, fs_now) == 947_000
    assert m.value(2, fs_cap) == 1_087_000
    assert m.data(m.index(2, fs_now)) == "9\xa0470,00"
    assert m.data(m.index(2, fs_cap)) == "10\xa0870,00"
    assert m.value(2, _column(m, "Att leva på med tak")) == 1_227_000
    assert m.value(1, fs_now) == 1_087_000  # February untouched (offset 0)
    assert page.editor.form_error.text() == ""
    text = page.summary.text()
    assert "Av varje intjänad krona behåller du 0 kr." in text  # today's rules: 100 % effective rate
    assert "Av varje intjänad krona behåller du 70 öre." in text  # with the cap: the net 1 400 of 2 000
    # the detailed view of today's rules shows tax and net
    page.toolbar.view_combo.setCurrentIndex(page.toolbar.view_combo.findData("current_rules"))
    assert m.value(2, _column(m, "Skatt")) == 60_000
    assert m.value(2, _column(m, "Arvode efter skatt")) == 140_000


def test_hours_slider_moves_the_curves(qtbot, page):
    enter_fs1(qtbot, page)
    page.editor.plan_mode.setCurrentIndex(page.editor.plan_mode.findData("hours"))
    _type(qtbot, page.editor.rate_edit, "60")
    for box in page.editor.plan_month_boxes:
        box.setChecked(True)
    if page._timer.isActive():  # the typed rate and the month boxes are debounced (unless already computed)
        _wait_result(qtbot, page)
    page.editor.hours_slider.setValue(8)  # 4 h/week (a slider step recomputes at once, no debounce)
    assert not page._timer.isActive()
    before = page.charts.curve_chart.series_data()
    bars_before = page.charts.cap_chart.bars_data()
    assert [name for name, _pts in before][:3] == ["Utan arbete", "Nuvarande regler", "Med tak"]
    assert page.charts.curve_chart.marker_x() == 104_000  # 60 kr × 4 h × 52/12
    page.editor.hours_slider.setFocus()
    updates = []
    page.results_updated.connect(lambda: updates.append(page.charts.curve_chart.marker_x()))
    for _ in range(8):  # +4 hours with the keyboard
        qtbot.keyClick(page.editor.hours_slider, Qt.Key.Key_Right)
    # every step repainted its own figures before the next key press (no debounce, one recompute per step)
    assert updates == [104_000 + 13_000 * i for i in range(1, 9)]
    assert not page._timer.isActive()
    assert page.editor.hours_spin.value() == 8.0
    after = page.charts.curve_chart.series_data()
    assert after != before
    assert page.charts.curve_chart.marker_x() == 208_000
    assert page.charts.cap_chart.bars_data() != bars_before
    assert page.charts.cap_chart.bars_data()[-1] == ("dec", 2_000_000)  # 2 080 kr × 12 > 20 000 kr cap: used up


def test_negative_rent_shows_swedish_message_at_field(qtbot, page):
    enter_fs1(qtbot, page)
    _type(qtbot, page.editor.housing, "-5200")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("household.costs.housing") == "Beloppet får inte vara negativt."
    assert page.editor.housing.property("invalid") is True
    assert not page.table.isEnabled()
    _type(qtbot, page.editor.housing, "5200")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("household.costs.housing") == ""
    assert page.table.isEnabled()


def test_birth_date_in_future_and_bad_date(qtbot, page):
    enter_fs1(qtbot, page)
    _type(qtbot, page.editor.adult_birth, "2030-01-01")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("household.adults[0].birth_date") == "Datumet 2030-01-01 ligger i framtiden."
    _type(qtbot, page.editor.adult_birth, "1992-13-01")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("household.adults[0].birth_date") == "Ogiltigt datum: skriv ÅÅÅÅ-MM-DD."
    _type(qtbot, page.editor.adult_birth, "1992-04-12")
    _type(qtbot, page.editor.children_edit, "2015-05-01, 2027-01-01")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("household.children") == "Datumet 2027-01-01 ligger i framtiden."
    _type(qtbot, page.editor.children_edit, "2015-05-01")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("household.children") == ""
    assert page.table.isEnabled()


def test_engine_error_is_mapped_to_its_field(qtbot, page):
    enter_fs1(qtbot, page)
    _type(qtbot, page.editor.adult_birth, "2020-01-01")  # a 6-year-old cannot be the adult
    _wait_result(qtbot, page)
    assert "minst 15 år" in page.editor.field_error_text("household.adults[0].birth_date")


def test_save_open_and_compare(qtbot, page, ctx):
    from sysselsattning.services import saved_scenarios as svc

    enter_fs1(qtbot, page)
    saved = []
    page.save_as("Mars 2 000 kr", on_done=saved.append)
    assert wait_idle()
    _type(qtbot, page.editor.kronor_edit, "3000")
    page.editor.plan_month_boxes[3].setChecked(True)
    _wait_result(qtbot, page)
    page.save_as("Mars och april 3 000 kr", on_done=saved.append)
    assert wait_idle()
    rows = svc.list_scenarios(ctx)
    assert [r.name for r in rows] == ["Mars och april 3 000 kr", "Mars 2 000 kr"]

    page.open_saved(saved[0].id)
    assert wait_idle()
    assert page.editor.fixed_edits[2].text() == "2\xa0000,00"
    assert not any(b.isChecked() for b in page.editor.plan_month_boxes)
    assert page.model.value(2, _column(page.model, "Försörjnings- stöd nu")) == 947_000

    items = [(s.id, s.name, svc.load(ctx, s.id).scenario) for s in rows]
    dialog = CompareDialog(items, ctx.params(), page)
    qtbot.addWidget(dialog)
    dialog.a.setCurrentIndex(1)  # the March-only scenario
    dialog.b.setCurrentIndex(0)
    texts = {dialog.cell_text(r, 0).strip(): r for r in range(dialog.table.rowCount())}
    # Under today's rules: försörjningsstöd over the year falls by the net arvode (1 400 vs 4 200 kr)
    fs_rows = [r for r in range(dialog.table.rowCount()) if dialog.cell_text(r, 0).strip() == "Försörjningsstöd"]
    current_fs = fs_rows[1]
    assert dialog.cell_text(current_fs, 3) == "-2\xa0800,00\xa0kr"
    assert "Att leva på" in texts


def test_letter_from_page(qtbot, page):
    from pypdf import PdfReader

    enter_fs1(qtbot, page)
    data = page.letter_pdf(client_name="Åsa Öberg", caseworker="Lena")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "9 470,00 kr" in text.replace("\xa0", " ")


def test_fits_1280x800_without_horizontal_scrolling(qtbot, page):
    enter_fs1(qtbot, page)
    assert page.minimumSizeHint().width() <= 1280 - 200
    editor = page.editor.widget()
    assert editor.minimumSizeHint().width() <= page.editor.viewport().width()
    assert page.editor.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert page.table.horizontalScrollBar().maximum() == 0


def test_tab_order_follows_the_form(qtbot, page):
    chain = [
        page.editor.housing,
        page.editor.electricity,
        page.editor.insurance,
        page.editor.other_cost,
        page.editor.se_net,
        page.editor.barnbidrag,
        page.editor.other_net,
    ]
    for a, b in pairwise(chain):
        assert a.nextInFocusChain() is b
    assert page.editor.fixed_edits[0].nextInFocusChain() is page.editor.fixed_edits[1]
    assert page.editor.adult_birth.nextInFocusChain() is page.editor.cohabiting


def test_kept_per_krona_words():
    assert kept_per_krona_text(0, 200_000) == "Av varje intjänad krona behåller du 0 kr."
    assert kept_per_krona_text(50_000, 200_000) == "Av varje intjänad krona behåller du 25 öre."
    assert kept_per_krona_text(140_000, 200_000) == "Av varje intjänad krona behåller du 70 öre."
    assert kept_per_krona_text(-20_000, 200_000) == "Av varje intjänad krona förlorar du 10 öre."
    assert kept_per_krona_text(0, 0) == "Inget arvode planerat."


def test_cap_decision_dates(qtbot, page):
    enter_fs1(qtbot, page)
    _type(qtbot, page.editor.decision_from, "2026-07-01")
    _type(qtbot, page.editor.decision_to, "2026-05-31")
    _wait_result(qtbot, page)
    assert "slutdatum ligger före startdatum" in page.editor.field_error_text("policy.decision_to")
    _type(qtbot, page.editor.decision_to, "2026-12-31")
    _wait_result(qtbot, page)
    m = page.model
    # No cap decision in March: the cap case counts the arvode like today's rules.
    assert m.value(2, _column(m, "Försörjnings- stöd med tak")) == 947_000
    assert page.build_scenario()[0]["policy"]["decision_from"] == "2026-07-01"


def test_participants_and_task_rates_are_offered(qtbot, ctx, ui_data):
    page = Page(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert wait_idle()
    labels = [page.editor.participant_combo.itemText(i) for i in range(page.editor.participant_combo.count())]
    assert labels[0] == "Ingen deltagare (fritt)"
    assert any(label.startswith("Andersson, Anna") for label in labels)
    tasks = [page.editor.task_combo.itemText(i) for i in range(page.editor.task_combo.count())]
    piece = next(i for i, t in enumerate(tasks) if "Cykelreparation" in t)
    assert tasks[piece] == "Cykelverkstaden – Cykelreparation (20,00\xa0kr per styck)"
    page.editor.task_combo.setCurrentIndex(piece)
    assert page.editor.rate_edit.value() == 2_000
    assert page.editor.plan_mode.currentData() == "pieces"  # a piece task switches the plan to pieces
    page.editor.pieces_spin.setValue(30)
    assert page.editor.plan_monthly_ore() == 60_000


def test_fresh_page_invites_instead_of_scolding(qtbot, ctx):
    page = Page(ctx)
    qtbot.addWidget(page)
    assert page.editor.field_error_text("household.adults[0].birth_date") == ""
    assert "resultatet visas direkt" in page.summary.text()
    qtbot.keyClicks(page.editor.housing, "5200")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("household.adults[0].birth_date") == "Fältet måste fyllas i."


def test_bostadstillagg_household(qtbot, page):
    """FS-5-like: sjukersättning and bostadstillägg; the compare view joins the benefits, details split them."""
    enter_fs1(qtbot, page)
    _type(qtbot, page.editor.se_net, "11200")
    page.editor.btp_applies.setChecked(True)
    _type(qtbot, page.editor.btp_housing, "6000")
    _wait_result(qtbot, page)
    m = page.model
    page.toolbar.view_combo.setCurrentIndex(page.toolbar.view_combo.findData("current_rules"))
    fs = m.value(2, _column(m, "Försörjnings- stöd"))
    btp = m.value(2, _column(m, "Bostads- tillägg"))
    assert btp > 0
    assert fs == 0  # FS-5: sjukersättning + bostadstillägg cover the need
    page.toolbar.view_combo.setCurrentIndex(page.toolbar.view_combo.findData("compare"))
    assert m.value(2, _column(m, "Förmåner nu")) == fs + btp
    # the duty to report is an advice line, not an estimate (the law text confirms the BTP rules)
    assert "Bostadstillägg: Berätta för Försäkringskassan när din inkomst ändras." in page.advice_label.text()
    assert "bostadstillagg." not in page.warning_label.text()  # parameter names only in the tooltip


def test_start_from_participant_fills_recorded_arvode(qtbot, ctx, ui_data):
    """Hämta: the participant's approved arvode this year fills the months so far; the plan covers the rest."""
    scenarios = pytest.importorskip("sysselsattning.services.scenarios")
    from sysselsattning.domain.money import parse_kronor
    from sysselsattning.services import payroll

    payroll.compute_run(ctx, "2026-11")
    payroll.approve_run(ctx, "2026-11", confirm_past_pay_date=True)
    anna = ui_data.participants[0]
    expected = scenarios.scenario_from_participant(ctx, anna.id, 2026)

    page = Page(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert wait_idle()
    page.editor.participant_combo.setCurrentIndex(page.editor.participant_combo.findData(anna.id))
    qtbot.mouseClick(page.editor.load_button, Qt.MouseButton.LeftButton)
    assert wait_idle()
    shown = [e.value() or 0 for e in page.editor.fixed_edits]
    assert shown == [parse_kronor(v) for v in expected["arvode"]["monthly_gross"]]
    assert sum(shown) > 0  # 3 h × 50 kr in November
    assert [b.isChecked() for b in page.editor.plan_month_boxes] == [False] * 11 + [True]  # today is 23 November
    assert "Planen läggs till från och med december." in page.editor.start_info.text()
    assert page.editor.form_error.text() == ""
    assert "Hämtat: Andersson, Anna" in page.editor.start_info.text()


def test_more_field_messages(qtbot, page):
    enter_fs1(qtbot, page)
    _type(qtbot, page.editor.tax_percent, "120")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("arvode.tax.percent") == "Skattesatsen måste vara mellan 0 och 100 %."
    _type(qtbot, page.editor.tax_percent, "30")
    _type(qtbot, page.editor.kronor_edit, "två tusen")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("plan.kronor") == "Ogiltigt belopp: skriv t.ex. 1 234,50."
    _type(qtbot, page.editor.kronor_edit, "2000")
    _type(qtbot, page.editor.fixed_edits[4], "-100")
    _wait_result(qtbot, page)
    assert page.editor.field_error_text("fixed[4]") == "Beloppet får inte vara negativt."
    assert page.editor.fixed_error.text() == "maj: Beloppet får inte vara negativt."
    _type(qtbot, page.editor.fixed_edits[4], "")
    _wait_result(qtbot, page)
    assert page.editor.fixed_error.text() == "" and page.table.isEnabled()


def test_letter_saved_in_background_and_sent_to_printer(qtbot, page, tmp_path, monkeypatch):
    from pypdf import PdfReader

    enter_fs1(qtbot, page)
    written: list[str] = []
    page.write_letter(str(tmp_path / "brev.pdf"), on_done=written.append)
    assert wait_idle()
    assert written == [str(tmp_path / "brev.pdf")]
    text = "".join(p.extract_text() for p in PdfReader(written[0]).pages).replace("\xa0", " ")
    assert "9 470,00 kr" in text

    # Printing draws the letter's pages into the QPrinter chosen in the dialog (issue #14: no lp/startfile);
    # a PDF-format printer stands in for the real one.
    from PySide6.QtPrintSupport import QPrinter

    import sysselsattning.ui.printing as printing

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    monkeypatch.setattr(printing, "choose_printer", lambda parent, title, pages=None: printer)
    page.print_letter()
    assert wait_idle()
    assert len(PdfReader(str(tmp_path / "printer.pdf")).pages) == len(PdfReader(written[0]).pages)


def test_loading_the_cap_does_not_count_as_an_edit(qtbot, page):
    """After refresh() fills in the year's cap, a fresh page still invites rather than shows red messages."""
    assert page.editor.cap_edit.value() == 2_000_000  # frikort.tak 2026
    assert page.editor.field_error_text("household.adults[0].birth_date") == ""
    assert "resultatet visas direkt" in page.summary.text()


def _shipped(name: str) -> dict:
    import json

    from sysselsattning.paths import resource_path

    return json.loads(resource_path("scenarios", name).read_text(encoding="utf-8"))


def _snapshot(widget, name: str) -> None:
    """With SYSSELSATTNING_SCREENSHOTS=DIR the page is saved as a PNG for a human to look at."""
    import os

    target = os.environ.get("SYSSELSATTNING_SCREENSHOTS")
    if target:
        widget.grab().save(os.path.join(target, name))


def test_single_parent_with_two_children_shows_bostadsbidrag(qtbot, page):
    """BB-1: bostadsbidrag 5 200 a month in the table, the benefit chart and the advice; FS counts it."""
    page.resize(1280, 800)
    with qtbot.waitSignal(page.results_updated, timeout=5000):
        page.set_scenario(_shipped("bb1_ensamstaende_tva_barn.json"))
    assert page.editor.bb_applies.isChecked() and page.editor.shield_bb.isChecked()
    m = page.model
    page.toolbar.view_combo.setCurrentIndex(page.toolbar.view_combo.findData("current_rules"))
    assert m.value(0, _column(m, "Bostads- bidrag")) == 520000
    names = [n for n, _pts in page.charts.benefit_chart.series_data()]
    assert "Bostadsbidrag" in names and "Försörjningsstöd" in names
    assert page.advice_label.isVisible()
    text = page.advice_label.text()
    assert "Bostadsbidrag: Berätta för Försäkringskassan när din inkomst ändras" in text
    assert "Året efter, 2027" in text
    _snapshot(page, "simulering_bb1.png")


def test_se_recipient_shows_sarskilt_bostadstillagg_tested_and_tell_fk_first(qtbot, page):
    """SE-V2 with bostadstillägg: SE drops to 8 571,88 gross from April; SBTP is tested (0) and said so."""
    page.resize(1280, 800)
    with qtbot.waitSignal(page.results_updated, timeout=5000):
        page.set_scenario(_shipped("se_v2_vilande_btp.json"))
    assert page.editor.se_regime.currentData() == "vilande" and page.editor.se_degree.currentData() == "halv"
    assert page.editor.se_gross.value() == 1371500
    m = page.model
    page.toolbar.view_combo.setCurrentIndex(page.toolbar.view_combo.findData("current_rules"))
    se_col = _column(m, "Sjuk- ersättning")
    assert m.value(2, se_col) == 1065700 and m.value(3, se_col) < m.value(2, se_col)
    assert m.value(3, _column(m, "Bostads- tillägg")) > 0
    assert "Särskilt bostadstillägg är prövat" in page.summary.text()
    assert "Ansök om vilande sjukersättning hos Försäkringskassan innan du börjar arbeta" in page.advice_label.text()
    scenario, problems = page.build_scenario()
    assert not problems and scenario["sjukersattning"]["vilande_months_before_year"] == 0
    assert scenario["sjukersattning"]["monthly_gross"] == "13715.00"
    _snapshot(page, "simulering_se.png")


def test_warnings_filtered_by_attribute_not_text():
    """The page drops bostadstillägg notes without bostadstillägg, and the reporting duties (said as advice)."""
    from sysselsattning.domain.rules import bostadsbidrag as bbmod
    from sysselsattning.domain.rules import bostadstillagg as btpmod
    from sysselsattning.domain.rules import simulation
    from sysselsattning.domain.rules import sjukersattning as semod
    from sysselsattning.ui.pages.simulation.common import relevant_warnings

    ws = [btpmod.COUPLE_WARNING, simulation.BTP_REPORT_WARNING, semod.VILANDE_TAX_WARNING, bbmod.NOT_REPORTED_WARNING]
    assert relevant_warnings(ws, btp=True) == [btpmod.COUPLE_WARNING, semod.VILANDE_TAX_WARNING]
    assert relevant_warnings(ws, btp=False) == [semod.VILANDE_TAX_WARNING]


def test_warnings_in_english_on_the_page_and_in_the_letter(qtbot, ctx):
    """Under English the engine's warnings come from the catalogue in English: short on the page, whole in the
    tooltip and the letter (parameters put in after translation)."""
    from pypdf import PdfReader

    from sysselsattning.i18n import set_language

    set_language("en")
    try:
        p = Page(ctx)
        qtbot.addWidget(p)
        p.resize(1080, 800)
        p.show()
        p.refresh()
        assert wait_idle()
        enter_fs1(qtbot, p)
        p.editor.fs_months.setValue(6)  # jobbstimulans active from January: its unconfirmed reading is noted
        _wait_result(qtbot, p)
        label, tip = p.warning_label.text(), p.warning_label.toolTip()
        assert "Income support: jobbstimulans treats the fee as income from employment (unconfirmed)." in label
        assert "Försörjningsstöd" not in label and "Försörjningsstöd" not in tip
        assert "(unconfirmed, parameter forsorjningsstod.jobbstimulans.arvode_ar_anstallning)" in tip
        data = p.letter_pdf(client_name="Åsa Öberg", caseworker="Lena")
        text = " ".join(" ".join(pg.extract_text() for pg in PdfReader(io.BytesIO(data)).pages).split())
        assert "Income support: jobbstimulans treats the fee as income from employment (unconfirmed, parameter" in text
        assert "jobbstimulansen räknar" not in text
    finally:
        set_language("sv")
