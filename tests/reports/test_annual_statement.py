"""Annual statement per participant: totals equal the year's approved lines; PDF shows å ä ö."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from sysselsattning.services import statements as svc
from tests.exports import helpers as h


def test_annual_statement(ctx, tmp_path):
    with ctx.db.unit_of_work() as s:
        org = h.make_org(s, "Föreningen Växthuset")
        p = h.make_participant(s, h.pnr("19850412", 123), "Åsa", "Öberg")
        for m, used in ((3, 200_000), (4, 350_000)):
            r = h.make_run(s, f"2026-{m:02d}", date(2026, m, 25))
            h.add_line(
                s,
                r,
                p,
                org,
                gross=200_000 if m == 3 else 150_000,
                tax=60_000 if m == 3 else 45_000,
                fee=0,
                cap_shielded=200_000 if m == 3 else 150_000,
                ytd={"cap_used": used},
            )
        draft = h.make_run(s, "2026-05", date(2026, 5, 25), status="draft")
        h.add_line(s, draft, p, org, gross=999_900, tax=0, fee=0)
    [st] = svc.annual_statements(ctx, 2026)
    assert (st.gross_ore, st.tax_ore, st.net_ore) == (350_000, 105_000, 245_000)
    assert st.cap_used_ore == 350_000 and st.cap_left_ore == 1_650_000
    svc.write_annual_statements(ctx, 2026, tmp_path / "arsbesked.pdf")
    text = PdfReader(str(tmp_path / "arsbesked.pdf")).pages[0].extract_text()
    assert "Årsbesked 2026" in text and "Åsa Öberg" in text and "Föreningen Växthuset" in text
    assert "16\xa0500,00" in text or "16 500,00" in text  # left under the 20 000 kr cap
    assert "9\xa0999" not in text and "9 999" not in text  # the draft run is not included


def _one_statement():
    from sysselsattning.reports.annual_statement import AnnualRow, AnnualStatement

    row = AnnualRow(date(2026, 11, 25), "Föreningen Växthuset", 2_300_000, 0, 2_300_000, 1_662_500, 1_662_500)
    return AnnualStatement(2026, "Åsa Öberg", "198504121234", ("Storgatan 5",), (row,), 2_000_000)


def test_a_statement_of_an_unfinished_year_is_marked_preliminary():
    """Issue #14: on 4 December 2026 the 2026 statement says it is preliminary and up to which date it counts."""
    from sysselsattning.reports.annual_statement import render_pdf

    pdf = render_pdf([_one_statement()], generated=date(2026, 12, 4))
    import io

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Preliminär – året är inte avslutat" in text
    assert "preliminärt" in text and "Summa hittills i år" in text and "Summa 2026" not in text
    final = PdfReader(io.BytesIO(render_pdf([_one_statement()], generated=date(2027, 1, 15)))).pages[0].extract_text()
    assert "Preliminär" not in final and "Summa 2026" in final


def test_statements_in_swedish_order_by_surname(ctx):
    """Issue #14: reports sorted Ä before Å (code points); Swedish order is Å, Ä, Ö."""
    with ctx.db.unit_of_work() as s:
        org = h.make_org(s, "Föreningen Växthuset")
        r = h.make_run(s, "2026-03", date(2026, 3, 25))
        for serial, first, last in ((123, "Olle", "Ärlig"), (456, "Anna", "Åberg"), (789, "Émile", "Yılmaz")):
            p = h.make_participant(s, h.pnr("19850412", serial), first, last)
            h.add_line(s, r, p, org, gross=100_000, tax=0, fee=0)
    assert [st.name for st in svc.annual_statements(ctx, 2026)] == ["Émile Yılmaz", "Anna Åberg", "Olle Ärlig"]


def test_a_long_statement_flows_with_its_header_and_mark_on_every_page():
    """Issue #14: a statement with many payouts continues under "… (forts.)" with the column header repeated,
    every page carries the preliminary mark, and the sum row is never alone at the top of a page."""
    import io
    from datetime import timedelta

    from sysselsattning.reports.annual_statement import AnnualRow, AnnualStatement, render_pdf

    rows = tuple(
        AnnualRow(date(2026, 1, 2) + timedelta(days=3 * i), "IK Sisu", 50_000, 0, 50_000, 50_000, 50_000 * (i + 1))
        for i in range(90)
    )
    st = AnnualStatement(2026, "Åsa Öberg", "198504121234", ("Storgatan 5",), rows, 2_000_000)
    pages = [
        p.extract_text().splitlines()
        for p in PdfReader(io.BytesIO(render_pdf([st], generated=date(2026, 12, 4)))).pages
    ]
    assert len(pages) >= 2
    assert all(any("Preliminär – året är inte avslutat" in line for line in page) for page in pages)
    assert "Åsa Öberg 19850412-1234 (forts.)" in pages[1]
    for page in pages[1:]:
        if "Använt, kr" in page:
            assert page[page.index("Använt, kr") + 1] != "Summa hittills i år"
            assert page[page.index("Använt, kr") + 1].startswith("2026-")
    assert sum(line.startswith("Summa hittills i år") for page in pages for line in page) == 1
