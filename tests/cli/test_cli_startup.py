"""The command line's fast path for the GUI gives exactly what the full parser gives."""

from __future__ import annotations

import pytest

from sysselsattning import cli


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--db", "sqlite:///x.sqlite"],
        ["--db", "sqlite:///x.sqlite", "--lang", "en", "gui", "--page", "tid"],
        ["--user", "anna", "gui", "--screenshot", "s.png", "--page", "deltagare"],
        ["gui"],
    ],
)
def test_quick_parser_matches_the_full_parser_for_the_gui(argv):
    quick = cli.quick_parser(argv)
    assert quick is not None
    a, b = vars(quick.parse_args(argv)), vars(cli.build_parser().parse_args(argv))
    assert a.keys() == b.keys()
    for key in a:
        if key == "handler":
            assert a[key] is b[key] or a[key].__qualname__ == b[key].__qualname__
        else:
            assert a[key] == b[key], key


@pytest.mark.parametrize(
    "argv",
    [["payroll", "list"], ["--help"], ["gui", "--help"], ["--db=x", "gui"], ["backup", "--out", "gui"], ["--version"]],
)
def test_everything_else_uses_the_full_parser(argv):
    assert cli.quick_parser(argv) is None


def test_bad_page_is_still_a_swedish_error_with_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["gui", "--page", "okand"])
    assert exc.value.code == 2
    assert "Fel:" in capsys.readouterr().err
