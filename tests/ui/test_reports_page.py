"""The *Rapporter* page: AGI deadline, preview in the background, files written, Swedish errors, roles."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from sysselsattning.services.context import AppContext
from sysselsattning.ui.pages.reports import Page
from sysselsattning.ui.tasks import wait_idle
from tests.exports import helpers as h


@pytest.fixture
def seeded(ctx):
    h.build_year(ctx.db, participants=25, months=10, seed=5)
    return ctx


@pytest.fixture
def page(qtbot, seeded):
    p = Page(seeded)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    assert wait_idle()  # the automatic first preview
    return p


def _select(page, key: str) -> None:
    page.list.setCurrentRow([k.key for k in page._kinds].index(key))


def test_deadline_and_agi_preview(page):
    assert page.model.rowCount() == 3  # opened with the AGI preview of last month (October)
    # ctx.today = 2026-11-23 → last month, October; AGI due 12 November 2026.
    assert page.selected_month() == 10 and page.year.value() == 2026
    assert page.deadline.text() == "AGI för oktober 2026 ska lämnas senast 12 november 2026"
    page.month.setCurrentIndex(1)  # January → due 12 February
    assert "12 februari 2026" in page.deadline.text()
    page.month.setCurrentIndex(7)  # July → due 17 August
    assert "17 augusti 2026" in page.deadline.text()
    page.month.setCurrentIndex(3)
    _select(page, "agi")
    page.refresh_preview()
    assert wait_idle()
    assert page.model.rowCount() == 3  # three associations paid in March
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(page.model.columnCount())]
    assert "Personer" in headers and "Avgifter (487)" in headers
    assert "13 april 2026" in page.notes.text()  # 12 April 2026 is a Sunday


def test_create_programme_pdf_and_screenshot(page, tmp_path, monkeypatch):
    _select(page, "programme")
    page.refresh_preview()
    assert wait_idle()
    assert page.model.rowCount() == 10
    page.grab().save("/tmp/reports_page.png")
    _select(page, "income")
    page.refresh_preview()
    assert wait_idle()
    assert page.model.rowCount() > 10
    page.grab().save("/tmp/reports_page_income.png")
    _select(page, "programme")
    target = tmp_path / "program.pdf"
    monkeypatch.setattr(page, "ask_path", lambda suggested, fmt: target)
    assert page.suggested_name() == "programrapport_2026.pdf"
    page.create_file()
    assert wait_idle(20)
    assert target.exists() and target.read_bytes().startswith(b"%PDF")
    assert "Programrapport 2026" in page.status.text()


def test_pain001_needs_a_month_and_lists_cash(page, tmp_path, monkeypatch):
    _select(page, "pain001")
    page.month.setCurrentIndex(0)  # whole year
    page.refresh_preview()
    assert "görs per månad" in page.status.text()
    page.month.setCurrentIndex(5)
    target = tmp_path / "bank.xml"
    monkeypatch.setattr(page, "ask_path", lambda suggested, fmt: target)
    page.create_file()
    assert wait_idle(20)
    assert target.exists()
    assert "överföringar" in page.status.text() and "Kontant:" in page.status.text()


def test_error_is_shown_in_swedish(page, tmp_path, monkeypatch):
    _select(page, "sie")
    page.year.setValue(2019)
    monkeypatch.setattr(page, "ask_path", lambda suggested, fmt: tmp_path / "x.se")
    page.create_file()
    assert wait_idle(20)
    assert "Det finns inga godkända lönekörningar med utbetalning 2019" in page.status.text()
    assert page.create_button.isEnabled()


def test_caseworker_cannot_export(qtbot, seeded):
    cw = AppContext(db=seeded.db, username="handl", role="handlaggare", user_id=None, today=date(2026, 11, 23))
    p = Page(cw)
    qtbot.addWidget(p)
    enabled = {p._kinds[i].key: bool(p.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled) for i in range(p.list.count())}
    assert enabled == {"agi": False, "pain001": False, "sie": False, "income": True, "annual": True, "programme": True}
    assert p.current_kind().key == "income"
