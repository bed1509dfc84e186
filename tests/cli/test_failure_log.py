"""#13: the command line's last-resort handler: a Swedish message and an exit code on the screen, the
traceback of a failure (not of bad input) in the log file, and the traceback itself with --debug."""

from __future__ import annotations

import logging

import pytest

from sysselsattning import cli
from sysselsattning.cli import main
from sysselsattning.logs import log


@pytest.fixture
def fresh_log():
    """setup_logging() attaches the file handler once per process: start and end without one."""
    before = list(log.handlers)
    for h in before:
        log.removeHandler(h)
    yield
    for h in list(log.handlers):
        log.removeHandler(h)
        h.close()
    for h in before:
        log.addHandler(h)


def _fail_with(monkeypatch, exc):
    def run(handler, args):
        raise exc

    monkeypatch.setattr(cli, "_run_handler", run)


def test_an_unexpected_failure_is_a_swedish_message_with_its_traceback_in_the_log(
    fresh_log, monkeypatch, capsys, sqlite_url, _isolated_home
):
    _fail_with(monkeypatch, RuntimeError("bug"))
    assert main(["payroll", "list", "--db", sqlite_url]) == 1
    captured = capsys.readouterr()
    assert captured.err == "Fel: Oväntat fel: bug\n" and "Traceback" not in captured.err
    text = (_isolated_home / "logs" / "sysselsattning.log").read_text(encoding="utf-8")
    assert "Kommandot payroll misslyckades" in text and "RuntimeError: bug" in text and "Traceback" in text


def test_bad_input_is_not_logged(fresh_log, monkeypatch, capsys, sqlite_url, _isolated_home):
    _fail_with(monkeypatch, FileNotFoundError(2, "No such file", "saknas.csv"))
    assert main(["payroll", "list", "--db", sqlite_url]) == 2
    assert capsys.readouterr().err == "Fel: Filen finns inte: saknas.csv\n"
    assert not (_isolated_home / "logs" / "sysselsattning.log").exists()


def test_debug_raises_the_failure(fresh_log, monkeypatch, sqlite_url):
    _fail_with(monkeypatch, RuntimeError("bug"))
    with pytest.raises(RuntimeError, match="bug"):
        main(["payroll", "list", "--db", sqlite_url, "--debug"])
    assert logging.getLogger("sysselsattning").handlers == []
