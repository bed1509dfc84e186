"""The tax-table method against Skatteverket's own 2026 file and the worked examples (data in
``tests/domain/tax_tables/examples.toml``)."""

from __future__ import annotations

import gzip
import tomllib
from datetime import date
from pathlib import Path

import pytest

from sysselsattning.domain import tax_tables as tt
from sysselsattning.paths import resource_path
from sysselsattning.rules import default_parameters

EXAMPLES = tomllib.loads((Path(__file__).parent / "tax_tables" / "examples.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def official_2026() -> list[tt.OfficialRow]:
    path = resource_path("skattetabeller", "allmanna-tabeller-manad-2026.txt.gz")
    return tt.parse_official(gzip.decompress(path.read_bytes()).decode("utf-8"))


@pytest.fixture(scope="module")
def rules_2026() -> tt.TaxYear:
    return tt.tax_year(default_parameters(), 2026)


def test_every_amount_cell_of_the_2026_file(official_2026, rules_2026):
    amount_rows = [r for r in official_2026 if not r.percent]
    assert len(amount_rows) * 6 == 40_404
    assert len(official_2026) == 7_966
    assert list(tt.compare(rules_2026, official_2026)) == []


def test_the_rows_are_skatteverkets(official_2026):
    assert [(r.income_from, r.income_to) for r in official_2026 if r.table == 35 and not r.percent] == tt.amount_rows()


def test_per_cent_rows_differ_only_in_the_known_half_percent_cells(official_2026, rules_2026):
    # tax-tables §2.10: 9 cells in 546 648 sit within 0.0002 points of x.5; 4 of them are in tables 41 and 42.
    rows = [r for r in official_2026 if r.percent and r.table in (41, 42)]
    misses = {(m.table, m.column, m.income_to) for m in tt.compare(rules_2026, rows, percent_rows=True)}
    assert misses == {(41, 5, 258_400), (41, 6, 258_400), (41, 2, 477_600), (42, 1, 311_800)}


@pytest.mark.parametrize("case", EXAMPLES["annual"], ids=lambda c: c["name"])
def test_worked_examples_annual(case):
    rules = tt.tax_year(default_parameters(), case["year"])
    got = tt.annual_tax(rules, case["table"], older=False, work_income=case["fi"])
    assert {k: getattr(got, k) for k in case["expected"]} == case["expected"]


@pytest.mark.parametrize("case", EXAMPLES["cell"], ids=lambda c: c["name"])
def test_quoted_table_values(case):
    rules = tt.tax_year(default_parameters(), case["year"])
    got = tt.computed_value(rules, case["table"], case["column"], case["pay"])
    if "percent" in case:
        assert got == tt.TableValue(case["percent"], percent=True)
    else:
        assert got == tt.TableValue(case["value"])


def test_official_lookup_matches_computation(official_2026, rules_2026):
    official = tt.OfficialTables(2026, tuple(official_2026))
    for pay in (1, 1999, 2000, 2001, 3000, 20_150, 79_999, 80_000):
        assert official.value(32, 1, pay) == tt.computed_value(rules_2026, 32, 1, pay)
    assert official.value(32, 1, 150_000) == tt.TableValue(official.value(32, 1, 150_000).value, percent=True)
    assert official.value(32, 1, 150_000).tax_kr(150_000) == 150_000 * official.value(32, 1, 150_000).value // 100
    assert official.value(28, 1, 3000) is None
    assert official.value(32, 1, 0) == tt.TableValue(0)


def test_next_year_is_computed_from_entered_parameters():
    params = default_parameters()
    with pytest.raises(tt.TaxTableError, match=r"basbelopp\.prisbasbelopp"):
        tt.tax_year(params, 2027)
    nxt = params
    for key, value in (
        ("basbelopp.prisbasbelopp", "60000"),
        ("basbelopp.inkomstbasbelopp", "85000"),
        ("skattetabell.statlig_skatt.skiktgrans", "660000"),
        ("skattetabell.public_service.max", "1207"),
    ):
        nxt = nxt.with_value(key, date(2027, 1, 1), __import__("decimal").Decimal(value), valid_to=date(2027, 12, 31))
    for key in (
        "skattetabell.grundavdrag.forhojt_band",
        "skattetabell.jobbskatteavdrag.band",
        "skattetabell.sjuk_aktivitetsersattning.band",
    ):
        nxt = nxt.with_value(key, date(2027, 1, 1), params.get(key, date(2026, 6, 1)), valid_to=date(2027, 12, 31))
    rules = tt.tax_year(nxt, 2027)
    assert rules.older_age == 67  # Lag 2025:1374
    # A higher PBB raises the pensionsavgift floor: 2 100 × 12 = 25 200 < 0.423 × 60 000 = 25 380.
    assert tt.computed_value(rules, 32, 1, 2050).value == 0
    assert tt.computed_value(rules, 32, 1, 3000).value > 0


def test_column_from_age_at_new_year(rules_2026):
    assert tt.work_column(rules_2026, date(1960, 1, 1)) == 1
    assert tt.work_column(rules_2026, date(1959, 12, 31)) == 3
    assert tt.work_column(rules_2026, date(1960, 1, 2)) == 1
    assert tt.work_column(rules_2026, None) == 1


def test_unknown_table_and_column(rules_2026):
    with pytest.raises(tt.TaxTableError, match="Tabell 28"):
        tt.computed_value(rules_2026, 28, 1, 3000)
    with pytest.raises(tt.TaxTableError, match="Kolumn 7"):
        tt.computed_value(rules_2026, 32, 7, 3000)


@pytest.mark.parametrize(
    "line, message",
    [
        ("31B32   2001   2100  150    0  150    0  150    2", "30B eller 30%"),
        ("30B32   2001   2100  15x    0  150    0  150    2", "heltal"),
        ("30B32", "30B eller 30%"),
    ],
)
def test_official_file_errors_name_the_line(line, message):
    with pytest.raises(tt.OfficialFileError, match=message) as info:
        tt.parse_official("30B32      1   2000    0    0    0    0    0    0\n" + line + "\n")
    assert info.value.line == 2


def test_guess_year(official_2026):
    params = default_parameters()
    years = [tt.tax_year(params, y) for y in (2025, 2026)]
    assert tt.guess_year(official_2026, years).year == 2026
