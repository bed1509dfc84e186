"""The export commands end to end: exit codes, Swedish messages, files written, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from sysselsattning.cli import main
from tests.exports import helpers as h


def _seed(db):
    with db.unit_of_work() as s:
        org = h.make_org(s)
        a = h.make_participant(
            s, h.pnr("19850412", 123), "Åsa", "Öberg", payout="bank", clearing="83279", account="12345"
        )
        b = h.make_participant(s, h.pnr("19900101", 456), "Örjan", "Ärlig")
        r = h.make_run(s, "2026-10", date(2026, 10, 23))
        h.add_line(s, r, a, org, gross=200_000, tax=60_000, fee=62_840)
        h.add_line(s, r, b, org, gross=60_000, tax=0, fee=0)
        h.finalize(s, r)


def test_export_commands(db, sqlite_url, tmp_path, capsys):
    _seed(db)
    assert main(["--db", sqlite_url, "export", "agi", "--period", "2026-10", "--out", str(tmp_path / "agi.xml")]) == 0
    out = capsys.readouterr().out
    assert "Sista dag att lämna AGI för 2026-10: 12 november 2026" in out
    assert main(["--db", sqlite_url, "export", "pain001", "--period", "2026-10", "--out", str(tmp_path / "p.xml")]) == 0
    captured = capsys.readouterr()
    assert "1 överföringar" in captured.out and "Örjan Ärlig" in captured.err and "19900101-****" in captured.err
    assert main(["--db", sqlite_url, "export", "sie", "--year", "2026", "--out", str(tmp_path / "l.se")]) == 0
    assert (tmp_path / "agi.xml").exists() and (tmp_path / "p.xml").exists() and (tmp_path / "l.se").exists()


def test_bad_input_exit_2(db, sqlite_url, tmp_path, capsys):
    _seed(db)
    assert main(["--db", sqlite_url, "export", "agi", "--period", "oktober", "--out", str(tmp_path / "a.xml")]) == 2
    assert "Ogiltig period oktober" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "export", "pain001", "--period", "2026-09", "--out", str(tmp_path / "a.xml")]) == 2
    assert "ingen godkänd lönekörning för 2026-09" in capsys.readouterr().err
    assert (
        main(
            [
                "--db",
                sqlite_url,
                "export",
                "agi",
                "--period",
                "2026-10",
                "--organisation",
                "999999-9999",
                "--out",
                str(tmp_path / "a.xml"),
            ]
        )
        == 2
    )
    assert "999999-9999" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "export", "sie", "--year", "2026", "--out", str(tmp_path / "nope" / "l.se")]) == 2
    assert "Mappen finns inte" in capsys.readouterr().err


def test_subprocess_no_traceback(db, sqlite_url, tmp_path):
    _seed(db)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sysselsattning",
            "--db",
            sqlite_url,
            "export",
            "sie",
            "--year",
            "1999",
            "--out",
            str(tmp_path / "x.se"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "Ogiltigt år" in proc.stderr
