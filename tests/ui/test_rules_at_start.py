"""A malformed rules file stops the program's start with the file and key named, never a traceback."""

import shutil

import pytest

from sysselsattning import paths
from sysselsattning.rules import parameters


@pytest.fixture
def broken_rules(tmp_path, monkeypatch):
    root = tmp_path / "resources"
    shutil.copytree(paths.resource_root(), root)
    bad = root / "rules" / "skatt.toml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace('status = "secondary"', 'status = "kanske"', 1), encoding="utf-8"
    )
    monkeypatch.setattr(paths, "resource_root", lambda: root)
    parameters.default_parameters.cache_clear()
    yield
    parameters.default_parameters.cache_clear()


def test_gui_start_refuses_malformed_rules(qapp, sqlite_url, broken_rules, monkeypatch, capsys, tmp_path):
    from sysselsattning.ui import app

    monkeypatch.setenv("SYSSELSATTNING_NO_ERROR_DIALOG", "1")
    code = app.start(sqlite_url, page="deltagare", screenshot=str(tmp_path / "x.png"))
    err = capsys.readouterr().err
    assert code == 1
    assert "skatt.toml" in err and "sidoinkomst_procent" in err and "status" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_cli_simulate_refuses_malformed_rules(broken_rules, capsys):
    from sysselsattning.cli import main

    code = main(["simulate", str(paths.resource_path("scenarios", "design_exempel.json"))])
    err = capsys.readouterr().err
    assert code == 2 and "skatt.toml" in err and "Traceback" not in err
