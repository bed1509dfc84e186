"""``users``, ``audit``, ``retention`` on the command line: exit codes and Swedish messages."""

from __future__ import annotations

import io
import json

import pytest

from sysselsattning.cli import main

PW = "langt-losenord-1"


@pytest.fixture
def run(sqlite_url, monkeypatch, capsys):
    def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        from sysselsattning.storage.db import current_user

        current_user.set("system")
        code = main(["--db", sqlite_url, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def test_users_add_list_and_roles(run):
    assert (
        run(
            "users",
            "add",
            "Anna",
            "--role",
            "administrator",
            "--name",
            "Anna Admin",
            "--password-stdin",
            stdin=PW + "\n",
        )[0]
        == 0
    )
    code, out, err = run("users", "add", "bo", "--role", "granskare", "--password-stdin", stdin="kort\n")
    assert code == 2 and err.strip() == "Fel: Lösenordet måste vara minst 10 tecken."
    code, out, err = run(
        "users", "add", "bo", "--role", "samordnare", "--organisation", "556000-0000", "--password-stdin", stdin=PW
    )
    assert code == 2 and "organisationsnummer 556000-0000" in err
    code, _, err = run("--user", "okand", "users", "list")
    assert code == 2 and "finns inte" in err
    assert run("--user", "anna", "users", "add", "bo", "--role", "granskare", "--password-stdin", stdin=PW)[0] == 0
    code, _, err = run("--user", "bo", "users", "add", "cc", "--role", "administrator", "--password-stdin", stdin=PW)
    assert code == 1 and "Åtkomst nekad" in err and "granskare" in err
    code, out, _ = run("users", "list", "--format", "json")
    data = json.loads(out)
    assert [(u["username"], u["role"], u["active"]) for u in data] == [
        ("anna", "administrator", True),
        ("bo", "granskare", True),
    ]
    assert run("--user", "anna", "users", "deactivate", "bo")[0] == 0
    assert json.loads(run("users", "list", "--format", "json")[1])[1]["active"] is False
    code, _, err = run("users", "add", "x", "--role", "chef", "--password-stdin", stdin=PW)
    assert code == 2 and "Fel:" in err and "Traceback" not in err


def test_password_needs_stdin_when_not_a_terminal(run):
    code, _, err = run("users", "add", "anna", "--role", "administrator")
    assert code == 2 and "--password-stdin" in err


def test_audit_json_contract_and_filters(run):
    run("users", "add", "anna", "--role", "administrator", "--password-stdin", stdin=PW)
    code, out, _ = run("audit", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert set(rows[0]) == {"at", "user", "action", "table", "record", "before", "after", "detail"}
    assert rows[0]["table"] == "users" and rows[0]["after"]["password_hash"] == "***"
    assert json.loads(run("audit", "--format", "json", "--since", "2999-01-01")[1]) == []
    code, _, err = run("audit", "--since", "igår")
    assert code == 2 and "ÅÅÅÅ-MM-DD" in err
    code, out, _ = run("audit")
    assert code == 0 and "insert" in out and "users#1" in out


def test_retention_cli(run):
    run("users", "add", "anna", "--role", "administrator", "--password-stdin", stdin=PW)
    code, out, _ = run("retention", "--dry-run")
    assert code == 0 and "0 skulle anonymiseras" in out
    assert run("retention", "--years", "0")[0] == 2
