"""``simulate`` reports ``tax_refund`` per case (issue 16's two figures, through the command line)."""

from __future__ import annotations

import json

from sysselsattning import cli
from sysselsattning.paths import resource_path


def _run(capsys, name: str) -> dict:
    assert cli.main(["simulate", str(resource_path("scenarios", name))]) == 0
    return json.loads(capsys.readouterr().out)


def test_30_percent_2000_a_month_refund_7200(capsys):
    assert _run(capsys, "skatt1_30_procent_aterbaring.json")["year_total"]["current_rules"]["tax_refund"] == "7200.00"


def test_table_32_3000_a_month_debt_11(capsys):
    assert _run(capsys, "skatt2_tabell_32.json")["year_total"]["current_rules"]["tax_refund"] == "-11.00"
