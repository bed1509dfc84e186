"""The participant's tax situation through the services: recorded with a date, used by the pay run, named on
the line and the slip; two associations; the municipality table from Settings."""

from __future__ import annotations

from datetime import date

import pytest

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.services import payroll, tax_situation
from sysselsattning.services.tax_situation import SituationInput
from tests.services.test_payroll_data import add_entry, make_world


def test_table_mode_in_a_pay_run_and_on_the_slip(ctx):
    w = make_world(ctx.db)
    anna = w.people["anna"]
    tax_situation.record(ctx, anna, SituationInput(valid_from=date(2026, 1, 1), table="32"))
    for day in (2, 3, 4, 5):
        add_entry(ctx.db, w, "anna", date(2026, 3, day), hours="6.25")  # 4 × 750 = 3 000 kr
    run = payroll.compute_run(ctx, "2026-03")
    assert (run.gross_ore, run.tax_ore) == (300000, 22700)  # table 32, column 1: 227 kr (30 % would be 900)
    [line] = payroll.run_lines(ctx, "2026-03")
    assert line.tax_reason == "table" and line.tax_text == "Skatt enligt tabell 32, kolumn 1"
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    [slip] = payroll.slip_data(ctx, "2026-03")
    assert slip.tax_text == "Skatt enligt tabell 32, kolumn 1"
    import io

    from pypdf import PdfReader

    from sysselsattning.reports.payslip import render

    text = " ".join(PdfReader(io.BytesIO(render([slip]))).pages[0].extract_text().split())
    assert "Skatt enligt tabell 32," in text and "kolumn 1" in text and "…" not in text  # wrapped, not clipped


def test_a_change_from_a_date_and_the_reason_for_the_coordinator(ctx):
    w = make_world(ctx.db)
    anna = w.people["anna"]
    tax_situation.record(ctx, anna, SituationInput(valid_from=date(2026, 1, 1), table="32"))
    tax_situation.record(
        ctx,
        anna,
        SituationInput(valid_from=date(2026, 4, 1), main_income_here=False, other_main_income="sjukersattning"),
    )
    choice, text = tax_situation.current_choice(ctx, anna, date(2026, 3, 25))
    assert choice.reason == "table" and text.startswith("Tabell 32, kolumn 1")
    choice, text = tax_situation.current_choice(ctx, anna, date(2026, 4, 25))
    assert choice.reason == "side_income" and "sjukersättning är det" in text
    for day in (2, 3, 4, 5):
        add_entry(ctx.db, w, "anna", date(2026, 4, day), hours="6.25")
    run = payroll.compute_run(ctx, "2026-04")
    assert run.tax_ore == 90000
    [line] = payroll.run_lines(ctx, "2026-04")
    assert line.tax_text == "30\xa0% – arvodet är inte din huvudinkomst" or line.tax_text == (
        "30 % – arvodet är inte din huvudinkomst"
    )
    assert len(tax_situation.history(ctx, anna)) == 2


def test_two_associations_the_main_payer_uses_the_table_the_other_30_percent(ctx):
    w = make_world(ctx.db)
    lukasz = w.people["lukasz"]
    tax_situation.record(
        ctx, lukasz, SituationInput(valid_from=date(2026, 1, 1), table="32", main_payer_organisation_id=w.org)
    )
    for day in (2, 3, 6, 7):
        add_entry(ctx.db, w, "lukasz", date(2026, 4, day), hours="6.25")  # 4 × 750 = 3 000 kr from Ria
    for day in (8, 9):
        add_entry(ctx.db, w, "lukasz", date(2026, 4, day), hours="10", task="garden")  # 2 000 kr from Verdandi
    payroll.compute_run(ctx, "2026-04")
    lines = {line.organisation_id: line for line in payroll.run_lines(ctx, "2026-04")}
    assert (lines[w.org].tax_reason, lines[w.org].tax_ore) == ("table", 22700)
    assert (lines[w.org2].tax_reason, lines[w.org2].tax_ore) == ("other_main_payer", 60000)
    _, text = tax_situation.current_choice(ctx, lukasz, date(2026, 4, 25), organisation_id=w.org2)
    assert "Hela människan (Ria) är huvudbetalare" in text


def test_no_tax_information_uses_the_municipality_table_from_settings_plus_10_percent(ctx):
    w = make_world(ctx.db)
    tax_situation.set_municipal_tables(ctx, "Helsingborg: 31\nLund: 32")
    assert tax_situation.office_tables(ctx, [w.org, w.org2], 2026) == {w.org: 31, w.org2: 33}  # 33: parameters
    anna = w.people["anna"]
    tax_situation.record(ctx, anna, SituationInput(valid_from=date(2026, 1, 1), has_tax_info=False))
    for day in (2, 3, 4, 5):
        add_entry(ctx.db, w, "anna", date(2026, 3, day), hours="6.25")
    payroll.compute_run(ctx, "2026-03")
    [line] = payroll.run_lines(ctx, "2026-03")
    assert (line.tax_reason, line.tax_ore) == ("table_plus10", (227 + 22) * 100)
    assert line.tax_text == "Skatt enligt tabell 31, kolumn 1, + 10 % – skatteuppgift saknas"


@pytest.mark.parametrize(
    "data, field",
    [
        (SituationInput(valid_from="2026-13-01", table="32"), "valid_from"),
        (SituationInput(valid_from=date(2026, 1, 1), table="12"), "table"),
        (SituationInput(valid_from=date(2026, 1, 1)), "table"),
        (
            SituationInput(valid_from=date(2026, 1, 1), table="32", jamkning_kind="percent", jamkning_value="120"),
            "jamkning_value",
        ),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(ctx, data, field):
    w = make_world(ctx.db)
    with pytest.raises(ValidationFailed) as info:
        tax_situation.record(ctx, w.people["anna"], data)
    assert field in [p.field for p in info.value.problems]
    assert tax_situation.history(ctx, w.people["anna"]) == []


def test_municipal_tables_setting_is_validated(ctx):
    with pytest.raises(ValidationFailed):
        tax_situation.set_municipal_tables(ctx, "Malmö 3x")


def test_csv_skattesats_accepts_tabell_and_jamkning(ctx):
    from sysselsattning.domain.personnummer import with_check_digit
    from sysselsattning.services import csv_io, registry
    from tests.services.registry_helpers import setup_task

    setup_task(ctx)  # one association: the imported participants join it (never without one, #15)
    ctx.today = date(2026, 3, 2)
    a, b, c = ("19" + with_check_digit(x) for x in ("850412123", "900101234", "770505345"))
    text = (
        "personnummer;fornamn;efternamn;skattesats\n"
        f"{a};Anna;Andersson;tabell 32\n"
        f"{b};Bo;Berg;jämkning 12\n"
        f"{c};Cecilia;Ceder;25\n"
    )
    result = csv_io.import_participants(ctx, text)
    assert result.created == 3
    ids = {p.first_name: p.id for p in registry.list_participants(ctx)}
    choice, _ = tax_situation.current_choice(ctx, ids["Anna"], date(2026, 3, 25))
    assert (choice.reason, choice.setting.table) == ("table", 32)
    choice, _ = tax_situation.current_choice(ctx, ids["Bo"], date(2026, 3, 25))
    assert (choice.reason, str(choice.setting.percent)) == ("jamkning_percent", "12")
    choice, _ = tax_situation.current_choice(ctx, ids["Cecilia"], date(2026, 3, 25))
    assert choice.reason == "legacy_percent"


def test_csv_bad_tabell_names_the_row_and_saves_nothing(ctx):
    from sysselsattning.domain.personnummer import with_check_digit
    from sysselsattning.services import csv_io

    a = "19" + with_check_digit("850412123")
    with pytest.raises(csv_io.ImportFailed) as info:
        csv_io.import_participants(ctx, f"personnummer;fornamn;efternamn;skattesats\n{a};Anna;A;tabell 12\n")
    [err] = info.value.errors
    assert err.line == 2 and "skattesats" in str(err) and "29–42" in str(err)


def test_two_associations_without_a_chosen_main_payer_the_registered_one_is_assumed_and_said(ctx):
    from sysselsattning.storage.orm import Participant

    w = make_world(ctx.db)
    lukasz = w.people["lukasz"]
    with ctx.db.unit_of_work() as s:
        s.get(Participant, lukasz).organisation_id = w.org2
    tax_situation.record(ctx, lukasz, SituationInput(valid_from=date(2026, 1, 1), table="32"))
    for day in (2, 3, 6, 7):
        add_entry(ctx.db, w, "lukasz", date(2026, 4, day), hours="6.25")  # 3 000 kr from Ria
    for day in (8, 9):
        add_entry(ctx.db, w, "lukasz", date(2026, 4, day), hours="10", task="garden")  # 2 000 kr from Verdandi
    payroll.compute_run(ctx, "2026-04")
    lines = {line.organisation_id: line for line in payroll.run_lines(ctx, "2026-04")}
    assert (lines[w.org2].tax_reason, lines[w.org2].tax_ore) == ("table", 0)  # 2 000 kr by table 32: 0 kr
    assert (lines[w.org].tax_reason, lines[w.org].tax_ore) == ("other_main_payer", 90000)
    assert any("ingen huvudbetalare är vald" in text for text in lines[w.org2].warnings)
