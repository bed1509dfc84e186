"""The Löneperioder page: compute, approve with a confirmation stating the totals, slips and cash list."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from sysselsattning.services import payroll
from sysselsattning.ui.tasks import wait_idle
from tests.services.test_payroll_data import add_entry, make_world


@pytest.fixture
def page(qtbot, ctx):
    from sysselsattning.ui.pages.payruns import Page

    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 10, 6), hours="5")
    add_entry(ctx.db, w, "lukasz", date(2026, 10, 7), hours="20")
    add_entry(ctx.db, w, "olle", date(2026, 10, 8), hours="10", task="garden")
    p = Page(ctx)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    p.refresh()
    assert wait_idle()
    p.world = w
    return p


def test_compute_shows_run_and_lines(page, qtbot):
    assert page.runs_model.rowCount() == 0
    page.period.setCurrentText("2026-10")
    qtbot.mouseClick(page.compute_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    assert wait_idle()
    assert wait_idle()
    assert page.runs_model.rowCount() == 1
    run = page.runs_model.row(0)
    assert run.label == "2026-10" and run.status == "draft" and run.gross_ore == 400000
    assert page.lines_model.rowCount() == 3
    assert "oktober 2026" in page.summary.text().lower() and "4\xa0000,00\xa0kr" in page.summary.text()
    assert page.approve_button.isEnabled() and not page.paid_button.isEnabled()


def test_approve_asks_with_totals_then_locks(page, monkeypatch):
    payroll.compute_run(page.ctx, "2026-10")
    page.refresh()
    assert wait_idle()
    asked = []
    monkeypatch.setattr(page, "confirm_approve", lambda run: asked.append(run) or True)
    monkeypatch.setattr(page, "confirm_past_pay_date", lambda run: True)  # 23 Oct has passed on 23 Nov
    page.approve()
    assert wait_idle() and wait_idle()
    assert asked and asked[0].gross_ore == 400000
    assert payroll.get_run(page.ctx, "2026-10").status == "approved"
    assert page.runs_model.row(0).status == "approved"
    assert not page.approve_button.isEnabled() and page.paid_button.isEnabled()
    assert "godkänd" in page.message.text()


def test_confirmation_text_states_the_totals(page, monkeypatch):
    import sysselsattning.ui.app as app

    run = payroll.compute_run(page.ctx, "2026-10")
    seen = {}
    monkeypatch.setattr(app, "ask_yes_no", lambda parent, title, text: seen.setdefault("text", text) and False)
    assert page.confirm_approve(run) is False
    assert "Brutto: 4\xa0000,00\xa0kr" in seen["text"] and "Netto att betala ut:" in seen["text"]


def test_approve_refused_when_someone_else_approved(page, monkeypatch):
    payroll.compute_run(page.ctx, "2026-10")
    page.refresh()
    assert wait_idle()
    payroll.approve_run(page.ctx, "2026-10", confirm_past_pay_date=True)  # another workstation
    errors = []
    monkeypatch.setattr(page, "confirm_approve", lambda run: True)
    monkeypatch.setattr(page, "confirm_past_pay_date", lambda run: True)
    monkeypatch.setattr(page, "_error", lambda exc: errors.append(exc))
    page.approve()
    assert wait_idle()
    assert errors and "redan godkänd" in str(errors[0])


def test_slips_and_cash_list_are_saved(page, tmp_path, monkeypatch):
    payroll.compute_run(page.ctx, "2026-10")
    payroll.approve_run(page.ctx, "2026-10", confirm_past_pay_date=True)
    page.refresh()
    assert wait_idle() and wait_idle()
    target = tmp_path / "slips.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda suggested: str(target))
    page.save_slips()
    assert wait_idle(20)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == 3 and "Łukasz Öğrenci" in "".join(p.extract_text() for p in reader.pages)
    assert "3 lönebesked" in page.message.text()
    page.lines_view.selectRow(0)
    one = tmp_path / "one.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda suggested: str(one))
    page.save_slips(one=True)
    assert wait_idle(20)
    assert len(PdfReader(str(one)).pages) == 1
    cash = tmp_path / "cash.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda suggested: str(cash))
    page.save_cash_list()
    assert wait_idle(20)
    assert "Kontantutbetalning" in PdfReader(str(cash)).pages[0].extract_text()


def test_screenshot(page, tmp_path):
    payroll.compute_run(page.ctx, "2026-09") if False else None
    payroll.compute_run(page.ctx, "2026-10")
    page.refresh()
    assert wait_idle() and wait_idle()
    assert page.grab().save(str(tmp_path / "payruns.png"))


def test_print_saves_then_sends_to_the_printer(page, tmp_path, monkeypatch):
    payroll.compute_run(page.ctx, "2026-10")
    payroll.approve_run(page.ctx, "2026-10", confirm_past_pay_date=True)
    page.refresh()
    assert wait_idle() and wait_idle()
    target = tmp_path / "print.pdf"
    sent = []
    monkeypatch.setattr(page, "ask_save_path", lambda suggested: str(target))
    monkeypatch.setattr(page, "send_to_printer", lambda path: sent.append(path) or True)
    page.print_slips()
    assert wait_idle(20)
    assert sent == [str(target)] and target.stat().st_size > 1000


def test_bad_period_shows_a_swedish_message(page, monkeypatch):
    errors = []
    monkeypatch.setattr(page, "_error", lambda exc: errors.append(exc))
    page.period.setCurrentText("2026-13")
    page.compute()
    assert wait_idle()
    from sysselsattning.errors import describe

    assert errors and "Ogiltig period" in describe(errors[0])[1]


def test_a_passed_pay_date_is_approved_only_when_the_coordinator_confirms_it(page, monkeypatch):
    payroll.compute_run(page.ctx, "2026-10")  # paid 23 October; today is 23 November
    page.refresh()
    assert wait_idle()
    asked = []
    monkeypatch.setattr(page, "confirm_approve", lambda run: True)
    monkeypatch.setattr(page, "confirm_past_pay_date", lambda run: asked.append(run.payment_date) or False)
    page.approve()
    assert wait_idle()
    assert asked == [date(2026, 10, 23)]
    assert payroll.get_run(page.ctx, "2026-10").status == "draft"
    assert "Utbetalningsdag" in page.message.text()


def test_the_draft_pay_date_is_changed_and_the_lines_follow(page, monkeypatch):
    payroll.compute_run(page.ctx, "2026-11")
    page.refresh()
    assert wait_idle() and wait_idle()
    page.runs_view.selectRow(0)
    assert page.pay_date_button.isEnabled()
    monkeypatch.setattr(page, "ask_pay_date", lambda run: date(2026, 12, 4))
    page.change_pay_date()
    assert wait_idle() and wait_idle()
    run = payroll.get_run(page.ctx, "2026-11")
    assert run.payment_date == date(2026, 12, 4) and run.status == "draft"
    assert page.runs_model.row(0).payment_date == date(2026, 12, 4)


def test_slips_are_drawn_into_the_printer_chosen_in_the_dialog(page, tmp_path, monkeypatch):
    """Issue #14: no os.startfile/lp — the chosen QPrinter (here a PDF printer) gets every page."""
    from PySide6.QtPrintSupport import QPrinter

    import sysselsattning.ui.printing as printing

    payroll.compute_run(page.ctx, "2026-10")
    payroll.approve_run(page.ctx, "2026-10", confirm_past_pay_date=True)
    page.refresh()
    assert wait_idle() and wait_idle()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    monkeypatch.setattr(printing, "choose_printer", lambda parent, title, pages=None: printer)
    monkeypatch.setattr(page, "ask_save_path", lambda suggested: str(tmp_path / "slips.pdf"))
    page.print_current()
    assert wait_idle(20)
    assert len(PdfReader(str(tmp_path / "printer.pdf")).pages) == 3
    assert "3 sidor" in page.message.text()
