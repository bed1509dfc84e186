"""Issue #15 on a workstation's SQLite file: the command line is the operating-system account's trusted access
(recorded as that account, never "system"), payroll and slips go through the same role check as every other
command, and every file written is private to the account."""

from __future__ import annotations

import getpass
import os
import stat

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from sysselsattning.cli import main
from sysselsattning.services import users
from sysselsattning.services.context import AppContext
from sysselsattning.storage.db import open_database
from sysselsattning.storage.orm import AuditEntry, Organisation
from tests.cli.test_payroll_cli import _world

PW = "ett-langt-losenord-15"


def _log(url: str) -> list[AuditEntry]:
    db = open_database(url)
    try:
        with db.read() as s:
            return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    finally:
        db.dispose()


def _payroll(url: str, action: str, *extra: str) -> int:
    more = ("--confirm-past-pay-date",) if action == "approve" else ()
    return main(["payroll", action, "--period", "2026-03", *more, *extra, "--db", url])


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def people(sqlite_url):
    w = _world(sqlite_url)
    db = open_database(sqlite_url)
    ctx = AppContext(db=db)
    for name, role in (("hand1", "handlaggare"), ("gran1", "granskare"), ("admin1", "administrator")):
        users.create_user(ctx, name, name, role, PW)
    db.dispose()
    return w


def test_cli_records_the_os_account_not_system(sqlite_url, tmp_path, capsys):
    """Finding 1 (SQLite): the export is the account's trusted access, and the log names the account."""
    _world(sqlite_url)
    out = tmp_path / "d.csv"
    assert main(["export", "csv", "--what", "participants", "--out", str(out), "--db", sqlite_url]) == 0
    rows = [r for r in _log(sqlite_url) if r.action == "export"]
    me = getpass.getuser()
    assert rows and rows[-1].username == me and rows[-1].client_addr.startswith(f"{me}@")
    assert all(r.username != "system" for r in _log(sqlite_url))


def test_payroll_and_slips_go_through_the_role_check(people, sqlite_url, tmp_path, capsys):
    """Finding 4 and 5: handläggare and granskare cannot run, approve, pay or print; an unknown --user is refused."""
    assert _payroll(sqlite_url, "run", "--user", "gran1") == 1
    assert "får inte" in capsys.readouterr().err
    assert _payroll(sqlite_url, "run", "--user", "admin1") == 0
    assert _payroll(sqlite_url, "approve", "--user", "hand1") == 1
    assert _payroll(sqlite_url, "pay", "--user", "kalle.anka") == 2
    assert "finns inte" in capsys.readouterr().err
    assert _payroll(sqlite_url, "approve", "--user", "admin1") == 0
    slips = tmp_path / "lonebesked.pdf"
    assert main(["slips", "--period", "2026-03", "--out", str(slips), "--user", "hand1", "--db", sqlite_url]) == 1
    assert not slips.exists()
    assert main(["slips", "--period", "2026-03", "--out", str(slips), "--user", "admin1", "--db", sqlite_url]) == 0
    cash = tmp_path / "kontant.pdf"
    assert _payroll(sqlite_url, "cashlist", "--out", str(cash)) == 0
    assert _mode(slips) == 0o600 and _mode(cash) == 0o600  # finding 5: not readable by others
    printed = [r for r in _log(sqlite_url) if r.action == "print"]
    assert [r.username for r in printed] == ["admin1", getpass.getuser()]
    assert "lönebesked 2026-03: 3 st" in printed[0].detail and "kontantlista 2026-03" in printed[1].detail
    assert main(["audit", "verify", "--db", sqlite_url]) == 0
    assert "hel" in capsys.readouterr().out


def test_fresh_data_folder_is_private(tmp_path, monkeypatch, capsys):
    """Finding 14: database, backups and written files 0600, folders 0700."""
    home = tmp_path / "hem"
    monkeypatch.setenv("SYSSELSATTNING_HOME", str(home))
    old = os.umask(0o022)
    try:
        assert main(["demo"]) == 0
        assert main(["backup"]) == 0
        out = tmp_path / "ut" / "deltagare.csv"
        out.parent.mkdir()
        assert main(["export", "csv", "--what", "participants", "--out", str(out)]) == 0
    finally:
        os.umask(old)
    db_file = home / "sysselsattning.sqlite"
    backups = list((home / "backups").glob("*.sqlite"))
    assert _mode(db_file) == 0o600 and backups and all(_mode(b) == 0o600 for b in backups)
    assert _mode(home / "backups") == 0o700 and _mode(out) == 0o600


def test_an_older_world_readable_database_is_tightened(sqlite_url):
    path = sqlite_url.removeprefix("sqlite:///")
    os.chmod(path, 0o644)
    open_database(sqlite_url).dispose()
    assert _mode(path) == 0o600


def test_errors_never_show_bound_values(db):
    """Finding 15: the engine hides parameters, so a database error cannot carry names or addresses."""
    with pytest.raises(IntegrityError) as e, db.unit_of_work() as s:
        s.add(Organisation(name="Hemlig Förening Storgatan 5", orgnr="556036-0793"))
        s.add(Organisation(name="Hemlig Förening Storgatan 5", orgnr="556036-0794"))
    assert "Storgatan" not in str(e.value) and "parameters hidden" in str(e.value)


def test_user_password_reset_from_cli_is_the_accounts_trusted_access(people, sqlite_url, capsys, monkeypatch):
    """Finding 3 on SQLite: a granskare named with --user cannot reset the administrator's password."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("ett-nytt-losenord-1\n"))
    assert main(["users", "passwd", "admin1", "--password-stdin", "--user", "gran1", "--db", sqlite_url]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("ett-nytt-losenord-1\n"))
    assert (
        main(
            [
                "users",
                "add",
                "shadow",
                "--role",
                "administrator",
                "--password-stdin",
                "--user",
                "hand1",
                "--db",
                sqlite_url,
            ]
        )
        == 1
    )
    assert "får inte" in capsys.readouterr().err


def test_four_eyes_on_sqlite(people, sqlite_url, capsys):
    db = open_database(sqlite_url)
    from sysselsattning.services.parameters import set_setting

    set_setting(AppContext(db=db), "lon.fyra_ogon", "ja")
    db.dispose()
    assert _payroll(sqlite_url, "run", "--user", "admin1") == 0
    assert _payroll(sqlite_url, "approve", "--user", "admin1") == 2
    assert "Fyra ögon" in capsys.readouterr().err
    assert _payroll(sqlite_url, "approve") == 0  # someone else
