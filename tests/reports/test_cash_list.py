"""Cash payout list PDF: one signature row per participant paid in cash, subtotals and a total."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from sysselsattning.reports.cash_list import CashListData, CashRow, render


def test_cash_list_rows_and_totals():
    rows = tuple(
        CashRow(
            "Hela människan (Ria)" if i < 3 else "Verdandi", f"Person {i} Łukasz", "19850412-****", 100000 + i, i + 1
        )
        for i in range(5)
    )
    pdf = render(CashListData("mars 2026", date(2026, 3, 25), rows))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Kontantutbetalning mars 2026" in text and "Person 4 Łukasz" in text
    assert "Summa, 3 personer" in text and "3\xa0000,03\xa0kr" in text
    assert "Totalt kontant (5 personer)" in text and "5\xa0000,10\xa0kr" in text
    assert "Kvittens" in text


def test_long_list_paginates_with_page_numbers():
    rows = tuple(CashRow("Fontänhuset", f"Person {i}", "19850412-****", 5000, i) for i in range(60))
    pdf = render(CashListData("april 2026", date(2026, 4, 27), rows))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 3 and "Sida 1 av" in pages[0]
    assert "Totalt kontant (60 personer)" in pages[-1]
    assert sum(p.count("Person ") for p in pages) == 60
