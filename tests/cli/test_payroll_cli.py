"""``payroll run|approve|pay|list|cashlist`` and ``slips`` through the real command line entry point."""

from __future__ import annotations

import json
from datetime import date

from pypdf import PdfReader

from sysselsattning.cli import main
from sysselsattning.storage.db import open_database
from tests.services.test_payroll_data import add_entry, make_world


def _world(url):
    db = open_database(url)
    w = make_world(db)
    add_entry(db, w, "anna", date(2026, 3, 10), hours="5")  # 600: no tax
    add_entry(db, w, "lukasz", date(2026, 3, 11), hours="20")  # 2 400
    add_entry(db, w, "olle", date(2026, 3, 12), hours="10", task="garden")  # 1 000
    db.dispose()
    return w


def test_run_approve_list_pay(sqlite_url, capsys):
    _world(sqlite_url)
    assert main(["--db", sqlite_url, "payroll", "run", "--period", "2026-03"]) == 0
    out = capsys.readouterr().out
    assert "2026-03" in out and "utkast" in out and "4\xa0000,00\xa0kr" in out
    assert main(["--db", sqlite_url, "payroll", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {
            "period": "2026-03",
            "status": "draft",
            "participants": 3,
            "gross": "4000.00",
            "tax": "1020.00",
            "employer_fees": "856.18",
            "net": "2980.00",
            "payment_date": "2026-03-25",  # issue #14: the run's own pay day
        }
    ]
    assert main(["--db", sqlite_url, "payroll", "approve", "--period", "2026-03", "--confirm-past-pay-date"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "payroll", "approve", "--period", "2026-03", "--confirm-past-pay-date"]) == 2
    err = capsys.readouterr().err
    assert "redan godkänd" in err and "Traceback" not in err
    assert main(["--db", sqlite_url, "payroll", "pay", "--period", "2026-03"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "payroll", "list"]) == 0
    text = capsys.readouterr().out
    assert "utbetald" in text and "4\xa0000,00\xa0kr" in text
    assert main(["--db", sqlite_url, "payroll", "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "paid"


def test_bad_period_and_missing_run_exit_2(sqlite_url, capsys):
    _world(sqlite_url)
    assert main(["--db", sqlite_url, "payroll", "run", "--period", "2026-13"]) == 2
    assert "Ogiltig period" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "payroll", "approve", "--period", "2026-02", "--confirm-past-pay-date"]) == 2
    assert "Beräkna den först" in capsys.readouterr().err


def test_slips_only_for_approved_runs(sqlite_url, tmp_path, capsys):
    _world(sqlite_url)
    out = tmp_path / "slips.pdf"
    assert main(["--db", sqlite_url, "payroll", "run", "--period", "2026-03"]) == 0
    assert main(["--db", sqlite_url, "slips", "--period", "2026-03", "--out", str(out)]) == 2
    assert "inte godkänd" in capsys.readouterr().err and not out.exists()
    # a draft run's slips only as a preview, marked on every page (services.documents.payslips_pdf)
    preview = tmp_path / "preview.pdf"
    assert main(["--db", sqlite_url, "slips", "--period", "2026-03", "--preview", "--out", str(preview)]) == 0
    pages = [p.extract_text() for p in PdfReader(str(preview)).pages]
    assert pages and all("FÖRHANDSGRANSKNING – inte godkänd" in page for page in pages)
    assert main(["--db", sqlite_url, "payroll", "approve", "--period", "2026-03", "--confirm-past-pay-date"]) == 0
    assert main(["--db", sqlite_url, "slips", "--period", "2026-03", "--out", str(out)]) == 0
    reader = PdfReader(str(out))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == 3
    assert "Łukasz Öğrenci" in text and "Anna Andersson" in text
    assert "2\xa0400,00\xa0kr" in text
    one = tmp_path / "one.pdf"
    from tests.services.test_payroll_data import pnr

    assert (
        main(
            [
                "--db",
                sqlite_url,
                "slips",
                "--period",
                "2026-03",
                "--out",
                str(one),
                "--participant",
                pnr("900101", "234"),
            ]
        )
        == 0
    )
    assert len(PdfReader(str(one)).pages) == 1
    assert (
        main(["--db", sqlite_url, "slips", "--period", "2026-03", "--out", str(one), "--participant", "19850412-0000"])
        == 2
    )
    cash = tmp_path / "cash.pdf"
    assert main(["--db", sqlite_url, "payroll", "cashlist", "--period", "2026-03", "--out", str(cash)]) == 0
    cash_text = PdfReader(str(cash)).pages[0].extract_text()
    assert "Anna Andersson" in cash_text and "Olle Äldre" in cash_text and "Łukasz" not in cash_text


def test_pay_date_option_and_the_past_date_confirmation(sqlite_url, capsys):
    _world(sqlite_url)
    # A Saturday is refused with the reason, exit 2, nothing saved.
    assert main(["--db", sqlite_url, "payroll", "run", "--period", "2026-03", "--pay-date", "2026-03-28"]) == 2
    assert "ingen bankdag" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "payroll", "run", "--period", "2026-03", "--pay-date", "2026-03-27"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "payroll", "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["payment_date"] == "2026-03-27"
    # 27 March 2026 has passed: approval needs the coordinator's confirmation.
    assert main(["--db", sqlite_url, "payroll", "approve", "--period", "2026-03"]) == 2
    assert "har redan passerat" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "payroll", "approve", "--period", "2026-03", "--confirm-past-pay-date"]) == 0
    assert main(["--db", sqlite_url, "payroll", "run", "--period", "2026-04", "--pay-date", "2026-13-01"]) == 2
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err
