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
    assert "Summa Hela människan (Ria)" in text.replace("\n", " ") and "3 utbetalningar till 3 personer" in text
    assert "3\xa0000,03\xa0kr" in text
    assert "Totalt kontant: 5\xa0000,10\xa0kr – 5 utbetalningar till 5 personer" in text.replace("\n", " ")
    assert "Kvittens" in text


def test_long_list_paginates_with_page_numbers():
    rows = tuple(CashRow("Fontänhuset", f"Person {i}", "19850412-****", 5000, i) for i in range(60))
    pdf = render(CashListData("april 2026", date(2026, 4, 27), rows))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 3 and "Sida 1 av" in pages[0]
    assert "60 utbetalningar till 60 personer" in pages[-1].replace("\n", " ")
    assert sum(p.count("Person ") for p in pages) == 60


def _names_in_order(text: str, names: list[str]) -> list[str]:
    return sorted(names, key=text.index)


def test_swedish_order_by_surname_with_e_acute_l_stroke_o_umlaut_and_a_ring():
    """Issue #14: Émile Yılmaz no longer comes last; surnames in Swedish order (É as E, Ł as L, Å Ä Ö last)."""
    people = [
        ("Åsa", "Öztürk"),
        ("Émile", "Yılmaz"),
        ("Łukasz", "Łowicki"),
        ("Anna", "Åberg"),
        ("Olle", "Ärlig"),
        ("Bo", "Ek"),
        ("Eva", "Édouard"),
        ("Zoran", "Zetterlund"),
    ]
    rows = tuple(
        CashRow("Verdandi", f"{f} {last}", "19850412-****", 10000, i + 1, None, last, f, i)
        for i, (f, last) in enumerate(people)
    )
    text = PdfReader(io.BytesIO(render(CashListData("mars 2026", date(2026, 3, 25), rows)))).pages[0].extract_text()
    order = _names_in_order(text, [f"{f} {last}" for f, last in people])
    assert order == [
        "Eva Édouard",
        "Bo Ek",
        "Łukasz Łowicki",
        "Émile Yılmaz",
        "Zoran Zetterlund",
        "Anna Åberg",
        "Olle Ärlig",
        "Åsa Öztürk",
    ]


def test_each_association_has_its_own_section_signatures_and_continued_heading():
    rows = tuple(
        CashRow("Fontänhuset", f"Person {i:02d}", "19850412-****", 5000, i, None, f"P{i:02d}", "Person", i)
        for i in range(40)
    ) + tuple(
        CashRow("LP-stiftelsen", f"Deltagare {i}", "19850412-****", 7000, 100 + i, None, f"D{i}", "Deltagare", 100 + i)
        for i in range(3)
    )
    pages = [
        p.extract_text()
        for p in PdfReader(io.BytesIO(render(CashListData("april 2026", date(2026, 4, 27), rows)))).pages
    ]
    text = "\n".join(pages)
    assert text.count("Utbetalt av:") == 2 and text.count("Attesterat av:") == 2  # one pair per association
    assert "Fontänhuset (forts.)" in pages[1]
    assert "Fontänhuset (forts.)" not in pages[0]
    assert "Kvittens" in pages[1]  # the column header repeats
    # the subtotal never stands alone at the top of a page: it follows payments on the same page
    for page in pages:
        if "Summa Fontänhuset" in page:
            assert page.index("Person 39") < page.index("Summa Fontänhuset")
    assert "43 utbetalningar till 43 personer" in text.replace("\n", " ")


def test_one_person_paid_by_two_associations_is_two_payments_to_one_person():
    rows = (
        CashRow("Hela människan (Ria)", "Åsa Öztürk", "19850412-****", 10000, 1, None, "Öztürk", "Åsa", 7),
        CashRow("LP-stiftelsen", "Åsa Öztürk", "19850412-****", 20000, 2, None, "Öztürk", "Åsa", 7),
        CashRow("LP-stiftelsen", "Bo Ek", "19700101-****", 20000, 3, None, "Ek", "Bo", 8),
    )
    text = PdfReader(io.BytesIO(render(CashListData("mars 2026", date(2026, 3, 25), rows)))).pages[0].extract_text()
    assert "3 utbetalningar till 2 personer" in text.replace("\n", " ")
