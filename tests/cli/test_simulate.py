"""``sysselsattning simulate`` (design.md §5–§7): json/text/pdf, bad scenarios exit 2 naming the key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sysselsattning import cli
from sysselsattning.paths import resource_path

SCENARIOS = sorted(resource_path("scenarios").glob("*.json"))
EXAMPLE = resource_path("scenarios", "design_exempel.json")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["simulate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_design_example_json_is_section_7(capsys):
    code, out, err = run(capsys, str(EXAMPLE))
    assert code == 0, err
    data = json.loads(out)
    assert data["year"] == 2026 and len(data["months"]) == 12
    march = data["months"][2]
    assert march["month"] == "2026-03"
    assert march["no_work"]["forsorjningsstod"] == "10870.00"
    assert march["current_rules"]["forsorjningsstod"] == "9470.00"
    assert march["current_rules"]["tax"] == "600.00" and march["current_rules"]["arvode_net"] == "1400.00"
    assert march["with_cap"]["forsorjningsstod"] == "10870.00"
    assert march["with_cap"]["disposable_income"] == "12270.00"
    assert march["with_cap"]["cap_used"] == "2000.00" and march["with_cap"]["cap_left"] == "18000.00"
    for case in ("no_work", "current_rules", "with_cap"):
        assert {"arvode_gross", "tax", "arvode_net", "forsorjningsstod", "bostadstillagg", "disposable_income"} <= set(
            march[case]
        )
        assert set(data["year_total"][case]) >= {"arvode_gross", "disposable_income"}
    assert data["year_total"]["with_cap"]["disposable_income"] == "131840.00"
    # the design example has no bostadstillägg: nothing rests on an estimate any more (rules-depth.md §2)
    assert isinstance(data["warnings"], list) and data["estimate"] is False
    for case in ("no_work", "current_rules", "with_cap"):
        assert {"bostadsbidrag", "sarskilt_bostadstillagg", "sjukersattning"} <= set(march[case])


def test_new_blocks_of_section_6_give_the_section_7_keys(capsys):
    code, out, err = run(capsys, str(resource_path("scenarios", "bb7_ej_anmalt.json")))
    assert code == 0, err
    data = json.loads(out)
    assert data["months"][0]["current_rules"]["bostadsbidrag"] == "3700.00"
    assert data["year_total"]["current_rules"]["bostadsbidrag_settlement"] == "-4800.00"
    code, text, err = run(capsys, str(resource_path("scenarios", "bb7_ej_anmalt.json")), "--format", "text")
    assert code == 0, err
    assert "BB" in text and "3 700,00" in text and "gällande regler -4 800,00 kr" in text
    code, out, err = run(capsys, str(resource_path("scenarios", "se_v2_vilande_btp.json")))
    assert code == 0, err
    data = json.loads(out)
    april = data["months"][3]["current_rules"]
    assert april["sjukersattning"] != data["months"][3]["no_work"]["sjukersattning"]
    assert "sarskilt_bostadstillagg" in april and "bostadsbidrag_settlement" not in data["year_total"]["current_rules"]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_runs(capsys, path: Path):
    code, out, err = run(capsys, str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["months"]) == 12
    code, text, err = run(capsys, str(path), "--format", "text")
    assert code == 0 and "Hela året" in text and "Med tak" in text


def test_text_is_swedish_table(capsys):
    code, out, _ = run(capsys, str(EXAMPLE), "--format", "text")
    assert code == 0
    assert "mars 2026" in out and "9 470,00" in out and "12 270,00" in out and "Kvar av tak" in out
    assert "Utan arbete" in out and "Gällande regler" in out


def test_out_file(capsys, tmp_path):
    target = tmp_path / "r.json"
    code, out, _ = run(capsys, str(EXAMPLE), "--out", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["months"][2]["current_rules"]["forsorjningsstod"] == "9470.00"


@pytest.mark.parametrize(
    "mutate,key",
    [
        (lambda d: d.update(bogus=1), "bogus"),
        (lambda d: d["household"]["costs"].update(housing="-5200.00"), "household.costs.housing"),
        (lambda d: d["arvode"].update(monthly_gross=["0.00"] * 13), "arvode.monthly_gross"),
        (lambda d: d["household"].update(children=[{"birth_date": "2027-03-01"}]), "household.children[0].birth_date"),
        (lambda d: d.update(year=2019), "year"),
        (lambda d: d["policy"].update(basis="brutto"), "policy.basis"),
        (lambda d: d.update(bostadsbidrag={"applies": "ja"}), "bostadsbidrag.applies"),
        (lambda d: d.update(bostadsbidrag={"housing_cost": "-1"}), "bostadsbidrag.housing_cost"),
        (lambda d: d.update(bostadsbidrag={"arvode_reported": 1}), "bostadsbidrag.arvode_reported"),
        (lambda d: d.update(bostadsbidrag={"hyra": "1"}), "bostadsbidrag.hyra"),
        (lambda d: d.update(bostadsbidrag=[]), "bostadsbidrag"),
        (lambda d: d.update(bostadstillagg={"se_ae_year": "x"}), "bostadstillagg.se_ae_year"),
        (lambda d: d.update(bostadstillagg={"other_income_year": "-3"}), "bostadstillagg.other_income_year"),
        (
            lambda d: d.update(sjukersattning={"regime": "vilande", "degree": "tva_tredjedelar"}),
            "sjukersattning.degree",
        ),
        (lambda d: d.update(sjukersattning={"regime": "hel"}), "sjukersattning.regime"),
        (
            lambda d: d.update(sjukersattning={"vilande_months_before_year": -1}),
            "sjukersattning.vilande_months_before_year",
        ),
        (lambda d: d["policy"].update(shields=["bostadsbidrag", "hyra"]), "policy.shields[1]"),
    ],
)
def test_bad_scenario_exits_2_naming_the_key(capsys, tmp_path, mutate, key):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 2
    assert out == ""
    assert key in err and err.startswith("Fel:")
    assert "Traceback" not in err


def test_not_json_and_missing_file(capsys, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{ inte json", encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == "" and "JSON" in err
    code, out, err = run(capsys, str(tmp_path / "saknas.json"))
    assert code == 2 and out == "" and "finns inte" in err


def test_pdf_uses_the_letter_module_or_exits_1(capsys, tmp_path):
    target = tmp_path / "brev.pdf"
    code, _out, err = run(capsys, str(EXAMPLE), "--format", "pdf", "--out", str(target))
    try:
        import sysselsattning.reports.simulation_letter  # noqa: F401
    except ImportError:
        assert code == 1 and "PDF" in err
    else:
        assert code == 0, err
        assert target.read_bytes().startswith(b"%PDF")


def test_subprocess_needs_no_database(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "SYSSELSATTNING_HOME": str(tmp_path / "home"),
        "SYSSELSATTNING_DB": "postgresql+psycopg://nobody@127.0.0.1:1/none",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "sysselsattning", "simulate", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["months"][2]["with_cap"]["forsorjningsstod"] == "10870.00"
    assert "beräknat med regelfilerna" in proc.stderr  # the unreachable overrides are not ignored in silence
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*.sqlite"))


def test_simulate_applies_the_administrators_overrides_like_the_gui(capsys, tmp_path):
    """An administrator's override stored in the database counts on the command line too (it did only in the GUI)."""
    from datetime import date
    from decimal import Decimal

    from sysselsattning.services.context import open_context
    from sysselsattning.services.parameters import set_override

    url = f"sqlite:///{tmp_path / 'overrides.sqlite'}"
    code, out, err = run(capsys, str(EXAMPLE), "--db", url)
    assert code == 2 and "finns inte" in err  # a named database that does not exist is an error, not ignored
    ctx = open_context(url)
    before = ctx.params().get("forsorjningsstod.riksnorm.ensamstaende", date(2026, 1, 1))
    set_override(ctx, "forsorjningsstod.riksnorm.ensamstaende", date(2026, 1, 1), before + Decimal(1000), "prov")
    ctx.db.engine.dispose()

    code, out, err = run(capsys, str(EXAMPLE))
    assert code == 0, err
    shipped = json.loads(out)["months"][0]["no_work"]["forsorjningsstod"]
    code, out, err = run(capsys, str(EXAMPLE), "--db", url)
    assert code == 0, err
    overridden = json.loads(out)["months"][0]["no_work"]["forsorjningsstod"]
    assert Decimal(overridden) - Decimal(shipped) == Decimal(1000)
