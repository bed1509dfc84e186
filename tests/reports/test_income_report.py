"""Income report to social services: counted income, access for caseworkers, PDF and CSV read back."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from pypdf import PdfReader

from sysselsattning.services import statements as svc
from sysselsattning.services.access import AccessDenied
from sysselsattning.services.context import AppContext
from tests.exports import helpers as h


@pytest.fixture
def data(db):
    with db.unit_of_work() as s:
        cw = h.make_user(s, "handl1")
        other = h.make_user(s, "handl2")
        org = h.make_org(s, "Föreningen Växthuset")
        ws = h.make_worksite(s, org)
        task = h.make_task(s, ws)
        mine = h.make_participant(s, h.pnr("19850412", 123), "Åsa", "Öberg", caseworker_id=cw.id)
        theirs = h.make_participant(s, h.pnr("19900101", 456), "Örjan", "Ärlig", caseworker_id=other.id)
        r3 = h.make_run(s, "2026-03", date(2026, 3, 25))
        # FS-4 case B: 19 500 used before, 2 000 gross in March → 500 shielded, 1 500 not; net 1 400.
        h.add_line(
            s,
            r3,
            mine,
            org,
            gross=200_000,
            tax=60_000,
            fee=62_840,
            cap_shielded=50_000,
            task=task,
            ytd={"cap_used": 2_000_000},
        )
        h.add_line(s, r3, theirs, org, gross=200_000, tax=60_000, fee=62_840, task=task)
        h.finalize(s, r3)
        return {"cw": cw.id, "other": other.id}


def test_counted_income_fs4_case_b(ctx, data):
    [st] = svc.income_statements(ctx, period="2026-03", participant=h.pnr("19850412", 123))
    [row] = st.rows
    assert (row.gross_ore, row.tax_ore, row.net_ore, row.shielded_ore) == (200_000, 60_000, 140_000, 50_000)
    assert row.counted_ore == 105_000  # 1 400 × 1 500 / 2 000 = 1 050 (rules-reference FS-4 case B)
    assert row.counted_jobbstimulans_ore == 78_750  # × 0.75 = 787.50
    assert row.counts_in == "2026-04"  # income counts the month after payout (default offset 1)
    assert row.payer == "Föreningen Växthuset" and row.jobbstimulans


def test_caseworker_sees_only_assigned(db, data):
    cw_ctx = AppContext(db=db, username="handl1", role="handlaggare", user_id=data["cw"], today=date(2026, 11, 23))
    statements = svc.income_statements(cw_ctx, year=2026)
    assert [st.name for st in statements] == ["Åsa Öberg"]
    with pytest.raises(AccessDenied):
        svc.income_statements(cw_ctx, year=2026, participant=h.pnr("19900101", 456))
    granskare = AppContext(db=db, username="g", role="granskare", today=date(2026, 11, 23))
    with pytest.raises(AccessDenied):
        svc.income_statements(granskare, year=2026)


def test_pdf_and_csv_read_back(ctx, data, tmp_path):
    svc.write_income_report(ctx, tmp_path / "inkomst.pdf", period="2026-03")
    text = "\n".join(page.extract_text() for page in PdfReader(str(tmp_path / "inkomst.pdf")).pages)
    assert "Inkomstuppgift arvode 2026-03" in text
    assert "Åsa Öberg" in text and "Örjan Ärlig" in text and "Föreningen Växthuset" in text
    assert "1\xa0050,00" in text or "1 050,00" in text
    # issue #14: the report names its addressee (the participant's caseworker) and its sender
    assert "Till: Socialtjänsten, försörjningsstöd – handläggare" in text
    assert "Från: test, Sysselsättning först" in text
    svc.write_income_report(ctx, tmp_path / "inkomst.csv", period="2026-03")
    raw = (tmp_path / "inkomst.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Personnummer", "Namn", "Inkomsttyp", "Utbetalare"]
    assert "Räknas som inkomst" in rows[0] and "Utbetalningsdatum" in rows[0]
    asa = next(r for r in rows[1:] if r[1] == "Åsa Öberg")
    assert asa[2] == "Arvode" and asa[4] == "2026-03-25" and asa[7] == "2000,00" and asa[9] == "1400,00"
    assert asa[rows[0].index("Räknas som inkomst")] == "1050,00"


def test_unknown_participant_and_bad_format(ctx, data, tmp_path):
    from sysselsattning.domain.problems import ValidationFailed

    with pytest.raises(ValidationFailed):
        svc.income_statements(ctx, year=2026, participant="19850412-0000")
    with pytest.raises(ValidationFailed):
        svc.write_income_report(ctx, tmp_path / "x.docx", year=2026)


def test_all_of_a_caseworkers_participants(db, ctx, data):
    statements = svc.income_statements(ctx, year=2026, caseworker="handl1")
    assert [st.name for st in statements] == ["Åsa Öberg"]
    from sysselsattning.domain.problems import ValidationFailed

    with pytest.raises(ValidationFailed):
        svc.income_statements(ctx, year=2026, caseworker="okand")
    cw_ctx = AppContext(db=db, username="handl1", role="handlaggare", user_id=data["cw"], today=date(2026, 11, 23))
    with pytest.raises(AccessDenied):
        svc.income_statements(cw_ctx, year=2026, caseworker="handl2")


def test_cli_user_acts_with_caseworker_role(db, sqlite_url, data, tmp_path, capsys):
    from sysselsattning.cli import main

    out = tmp_path / "inkomst.csv"
    assert main(["--db", sqlite_url, "--user", "handl1", "report", "income", "--year", "2026", "--out", str(out)]) == 0
    text = out.read_text("utf-8-sig")
    assert "Åsa Öberg" in text and "Örjan Ärlig" not in text
    assert (
        main(["--db", sqlite_url, "report", "income", "--year", "2026", "--caseworker", "handl2", "--out", str(out)])
        == 0
    )
    assert "Örjan Ärlig" in out.read_text("utf-8-sig")
    assert main(["--db", sqlite_url, "report", "income", "--out", str(out)]) == 2
    assert "--period" in capsys.readouterr().err


def _long_statement(n: int):
    from datetime import timedelta

    from sysselsattning.reports.income_report import IncomeRow, IncomeStatement

    rows = tuple(
        IncomeRow(
            date(2026, 1, 1) + timedelta(days=i), "2026-01", "2026-02", "IK Sisu", 100_000, 0, 100_000, 0, 0, 0, False
        )
        for i in range(n)
    )
    return IncomeStatement("Åsa Öberg", "198504121234", "2026", rows, caseworker="Karin Berg")


def _pages(pdf: bytes) -> list[list[str]]:
    return [page.extract_text().splitlines() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_long_income_report_repeats_its_header_and_never_orphans_the_sum():
    """Issue #14: the income report flows — 80 rows run onto page 2, which repeats the column header under
    "Åsa Öberg … (forts.)"; and whatever the number of rows, no page starts with a lone "Summa" row."""
    import re

    from sysselsattning.reports.income_report import render_pdf

    kw = {"title": "Inkomstuppgift arvode 2026", "generated": date(2026, 12, 4), "sender": "Maria Lind"}
    pages = _pages(render_pdf([_long_statement(80)], **kw))
    assert len(pages) >= 2
    assert "Till: Socialtjänsten, försörjningsstöd – handläggare Karin Berg" in pages[0]
    assert "Från: Maria Lind, Sysselsättning först" in pages[0]
    second = pages[1]
    assert "Åsa Öberg 19850412-1234 (forts.)" in second
    assert second[second.index("Utbetald") : second.index("Utbetald") + 8] == [
        "Utbetald",
        "Avser",
        "Utbetalare",
        "Brutto",
        "Skatt",
        "Netto",
        "Frikort",
        "Räknas",
    ]
    assert sum(line == "Summa" for page in pages for line in page) == 1
    # Around every page break: the first line under the repeated header is a payment, never the sum.
    orphans_possible = 0
    for n in range(30, 75):
        pages = _pages(render_pdf([_long_statement(n)], **kw))
        for page in (p for p in pages[1:] if "Räknas" in p):  # pages that continue the table
            first = page[page.index("Räknas") + 1]
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first), (n, first)
            orphans_possible += 1
    assert orphans_possible  # the row counts did cross a page break
