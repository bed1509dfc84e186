"""Command-line conventions (design.md §5): global options before or after the sub-command, a missing SQLite
file is an error, ``--out -`` writes to standard output, and argparse's own texts in the program's language."""

from __future__ import annotations

import argparse
import os
from datetime import date

import pytest

from sysselsattning import cli
from sysselsattning.cli import main
from sysselsattning.i18n import set_language
from sysselsattning.storage.db import open_database
from tests.services.test_payroll_data import add_entry, make_world


@pytest.fixture(autouse=True)
def _swedish():
    set_language("sv")
    yield
    set_language("sv")


def _leaf_commands(parser: argparse.ArgumentParser, path=()):
    """Every runnable command as its argv prefix, e.g. ("export", "csv")."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for name, child in subs[0].choices.items():
        yield from _leaf_commands(child, (*path, name))


def test_every_command_takes_the_global_options_after_the_sub_command():
    parser = cli.build_parser()
    leaves = list(_leaf_commands(parser))
    assert len(leaves) > 20
    for path, leaf in leaves:
        options = {s for a in leaf._actions for s in a.option_strings}
        assert {"--db", "--user", "--lang"} <= options, path


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (["--db", "sqlite:///a.sqlite", "demo"], ["demo", "--db", "sqlite:///a.sqlite"]),
        (
            ["--db", "sqlite:///a.sqlite", "--user", "anna", "--lang", "en", "payroll", "list"],
            ["payroll", "list", "--db", "sqlite:///a.sqlite", "--user", "anna", "--lang", "en"],
        ),
        (
            ["--lang", "en", "export", "csv", "--what", "hours", "--out", "x.csv"],
            ["export", "csv", "--what", "hours", "--lang", "en", "--out", "x.csv"],
        ),
        (["--user", "bo", "gui", "--page", "tid"], ["gui", "--page", "tid", "--user", "bo"]),
    ],
)
def test_global_options_mean_the_same_before_and_after(before, after):
    a = vars(cli.build_parser().parse_args(before))
    b = vars(cli.build_parser().parse_args(after))
    assert a == b
    # and an option given before is not reset by the sub-command's parser
    assert a["db"] == b["db"]


def test_demo_accepts_db_after_the_command(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert main(["demo", "--participants", "3", "--year", "2026", "--db", url]) == 0
    assert (tmp_path / "demo.sqlite").exists()
    capsys.readouterr()
    assert main(["payroll", "list", "--format", "json", "--db", url]) == 0
    assert '"period"' in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["payroll", "list"],
        ["export", "csv", "--what", "participants", "--out", "x.csv"],
        ["audit"],
        ["slips", "--period", "2026-03", "--out", "x.pdf"],
        ["users", "list"],
        ["backup"],
    ],
)
def test_a_missing_sqlite_file_is_an_error_and_nothing_is_created(tmp_path, capsys, argv, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "stavfel" / "databas.sqlite"
    for args in ([*argv, "--db", f"sqlite:///{missing}"], ["--db", f"sqlite:///{missing}", *argv]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert f"Databasen finns inte: {missing}" in err
        assert "Traceback" not in err
    assert not missing.parent.exists()
    assert sorted(os.listdir(tmp_path)) == []


def test_a_relative_missing_file_is_named_and_not_created(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", "sqlite:///fel.sqlite", "payroll", "list"]) == 2
    assert "Databasen finns inte: fel.sqlite" in capsys.readouterr().err
    assert not (tmp_path / "fel.sqlite").exists()


@pytest.mark.parametrize("command", ["gui", "demo", "upgrade", "restore", None])
def test_commands_that_create_the_database_are_not_refused(command, tmp_path):
    ns = argparse.Namespace(db=f"sqlite:///{tmp_path / 'ny.sqlite'}", command=command)
    assert cli.missing_database(ns) is None


def test_existing_file_other_databases_and_memory_pass(sqlite_url):
    for db in (sqlite_url, "sqlite://", "sqlite:///:memory:", "postgresql://u@h/db", None):
        assert cli.missing_database(argparse.Namespace(db=db, command="audit")) is None


def test_upgrade_creates_a_new_database(tmp_path, capsys):
    path = tmp_path / "ny.sqlite"
    assert main(["upgrade", "--db", f"sqlite:///{path}"]) == 0
    assert path.exists()


def _approved_march(url):
    db = open_database(url)
    w = make_world(db)
    add_entry(db, w, "lukasz", date(2026, 3, 11), hours="20")
    add_entry(db, w, "olle", date(2026, 3, 12), hours="10", task="garden")
    db.dispose()
    assert main(["--db", url, "payroll", "run", "--period", "2026-03"]) == 0
    assert main(["--db", url, "payroll", "approve", "--period", "2026-03", "--confirm-past-pay-date"]) == 0


def test_out_dash_writes_the_one_file_to_standard_output(sqlite_url, tmp_path, capsysbinary, monkeypatch):
    tmp_path = tmp_path / "arbetsmapp"
    tmp_path.mkdir()
    monkeypatch.chdir(tmp_path)
    _approved_march(sqlite_url)
    capsysbinary.readouterr()
    assert main(["--db", sqlite_url, "slips", "--period", "2026-03", "--out", "-"]) == 0
    got = capsysbinary.readouterr()
    assert got.out.startswith(b"%PDF") and got.out.rstrip().endswith(b"%%EOF")
    assert b"standard ut" in got.err  # the summary goes to stderr, naming standard output
    assert main(["--db", sqlite_url, "export", "csv", "--what", "participants", "--out", "-"]) == 0
    got = capsysbinary.readouterr()
    assert got.out.decode("utf-8-sig").splitlines()[0].startswith("personnummer;")
    assert not (tmp_path / "-").exists()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("argv", [["export", "agi", "--period", "2026-03"], ["export", "sie", "--year", "2026"]])
def test_out_dash_is_refused_where_a_file_per_association_is_written(sqlite_url, tmp_path, capsys, monkeypatch, argv):
    tmp_path = tmp_path / "arbetsmapp"
    tmp_path.mkdir()
    monkeypatch.chdir(tmp_path)
    _approved_march(sqlite_url)
    capsys.readouterr()
    assert main(["--db", sqlite_url, *argv, "--out", "-"]) == 2
    captured = capsys.readouterr()
    assert "en fil per förening" in captured.err and captured.out == ""
    assert os.listdir(tmp_path) == []


def test_argparse_texts_are_swedish(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: sysselsattning")
    assert "visa den här hjälpen och avsluta" in out and "flaggor:" in out
    assert "usage:" not in out and "show this help" not in out
    assert main_exit(["payroll", "lst"]) == 2
    err = capsys.readouterr().err
    assert "ogiltigt val: 'lst'" in err and "invalid choice" not in err
    assert main_exit(["payroll", "run"]) == 2
    err = capsys.readouterr().err
    assert "Fel: följande argument krävs: --period" in err and "användning:" in err
    assert main_exit(["payroll", "list", "--bogus"]) == 2
    assert "okända argument: --bogus" in capsys.readouterr().err


def test_argparse_texts_follow_lang_en(capsys):
    assert main_exit(["payroll", "run", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "the following arguments are required: --period" in err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "slips", "--help"])
    out = capsys.readouterr().out
    assert "show this help message and exit" in out and "options:" in out


def main_exit(argv) -> int:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    return int(exc.value.code)
