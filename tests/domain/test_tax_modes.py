"""Every mode of the tax decision (docs/rules.md "Skatteavdrag"; tax-tables.md §1.7), the reason texts and a
person paid by two associations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sysselsattning.domain import payroll as dp
from sysselsattning.domain import tax
from sysselsattning.domain import tax_tables as tt
from sysselsattning.rules import default_parameters

P = default_parameters()
ON = date(2026, 3, 25)
YOUNG = date(1985, 4, 12)
OLD = date(1959, 6, 1)  # 66 at 1 January 2026


def lookup(year, table, column, pay_kr):
    return tt.computed_value(tt.tax_year(P, year), table, column, pay_kr), "computed"


DEFAULT = tax.TaxSetting()


def choose(sit, *, org=1, on=ON, birth=YOUNG, legacy=DEFAULT, office=None):
    return tax.choose_mode(sit, legacy, organisation_id=org, on=on, birth_date=birth, params=P, office_table=office)


def withhold(choice, gross_kr, *, year_total_kr=None):
    return tax.withhold(
        gross_kr * 100,
        choice.setting,
        on=ON,
        params=P,
        expected_year_total_ore=(year_total_kr or gross_kr * 12) * 100,
        lookup=lookup,
    )


def test_step1_no_tax_under_1000_kr_a_year_and_under_100_kr_a_payment():
    c = choose(tax.TaxSituation(date(2026, 1, 1), table=32))
    assert withhold(c, 900, year_total_kr=900).reason == "under_year_limit"
    assert withhold(c, 99, year_total_kr=5000).reason == "under_payment_limit"


def test_step2_jamkning_overrides_everything_while_in_force():
    sit = tax.TaxSituation(
        date(2026, 1, 1),
        main_income_here=False,
        other_main_income="sjukersattning",
        jamkning_kind="percent",
        jamkning_percent=Decimal("12"),
        jamkning_from=date(2026, 2, 1),
        jamkning_to=date(2026, 12, 31),
    )
    c = choose(sit)
    assert c.reason == "jamkning_percent"
    w = withhold(c, 3000)
    assert (w.tax_ore, w.reason) == (36000, "jamkning_percent")
    assert choose(sit, on=date(2026, 1, 25)).reason == "side_income"  # before the decision: 30 %
    amount = tax.TaxSituation(date(2026, 1, 1), table=32, jamkning_kind="amount", jamkning_amount_ore=15000)
    w = withhold(choose(amount), 3000)
    assert (w.tax_ore, w.reason) == (15000, "jamkning_amount")


def test_step3_work_under_a_week_is_30_percent():
    c = choose(tax.TaxSituation(date(2026, 1, 1), table=32, short_work=True))
    w = withhold(c, 3000)
    assert (w.tax_ore, w.reason) == (90000, "short_work")


@pytest.mark.parametrize(
    "other", ["sjukersattning", "aktivitetsersattning", "pension", "a_kassa", "annan_arbetsgivare"]
)
def test_step4_not_huvudinkomst_is_30_percent(other):
    c = choose(tax.TaxSituation(date(2026, 1, 1), main_income_here=False, other_main_income=other, table=32))
    assert c.reason == "side_income" and c.params["other"] == other
    assert withhold(c, 2000).tax_ore == 60000


def test_step5_huvudinkomst_uses_the_table_column_1_or_3():
    sit = tax.TaxSituation(date(2026, 1, 1), table=32)
    c = choose(sit)
    assert (c.reason, c.setting.table, c.setting.column) == ("table", 32, 1)
    assert [withhold(c, kr).tax_ore // 100 for kr in (2000, 3000, 5000)] == [0, 227, 412]  # the table
    old = choose(sit, birth=OLD)
    assert old.setting.column == 3 and withhold(old, 5000).tax_ore == 35000
    assert choose(sit, birth=date(1960, 1, 1)).setting.column == 1  # turns 66 during 2026, not at its start


def test_step5_january_rule_last_years_table_number():
    sit = tax.TaxSituation(date(2025, 5, 1), table=32)
    jan = choose(sit, on=date(2026, 1, 23))
    assert jan.reason == "table" and jan.params["january"] is True and jan.params["recorded_year"] == 2025
    feb = choose(sit, on=date(2026, 2, 25))
    assert feb.params["january"] is False  # still the table, but the coordinator is told to check


def test_step7_no_tax_information_is_the_offices_table_plus_10_percent():
    c = choose(tax.TaxSituation(date(2026, 1, 1), has_tax_info=False), office=33)
    assert (c.reason, c.setting.table, c.setting.plus10) == ("table_plus10", 33, True)
    w = withhold(c, 5000)
    assert (w.tax_ore, w.reason) == ((412 + 41) * 100, "table_plus10")


def test_without_a_recorded_situation_the_older_settings_decide():
    assert choose(None).reason == "no_situation"
    assert withhold(choose(None), 2000).tax_ore == 60000
    assert choose(None, legacy=tax.TaxSetting("none")).reason == "legacy_none"
    assert choose(None, legacy=tax.TaxSetting("percent", Decimal("25"))).reason == "legacy_percent"


def test_situation_in_force_follows_the_from_date():
    a = tax.TaxSituation(date(2026, 1, 1), main_income_here=False, other_main_income="pension")
    b = tax.TaxSituation(date(2026, 6, 1), table=32)
    assert tax.situation_on([b, a], date(2026, 5, 31)) is a
    assert tax.situation_on([b, a], date(2026, 6, 1)) is b
    assert tax.situation_on([b, a], date(2025, 12, 31)) is None


def test_two_associations_only_the_main_payer_uses_the_table():
    payee = dp.Payee(
        1, YOUNG, tax_situations=(tax.TaxSituation(date(2026, 1, 1), table=32, main_payer_organisation_id=10),)
    )
    groups = [dp.PayGroup(1, 10, 300000, 0, 3), dp.PayGroup(1, 20, 200000, 0, 2)]
    lines = dp.compute_groups(
        groups,
        {1: payee},
        payment_dates={10: ON, 20: ON},
        params=P,
        tax_context=dp.TaxContext(lookup=lookup),
    )
    main, other = lines
    assert (main.organisation_id, main.withholding.reason, main.tax_ore) == (10, "table", 22700)
    assert (other.organisation_id, other.withholding.reason, other.tax_ore) == (20, "other_main_payer", 60000)
    assert other.tax_choice.params["main_payer"] == 10


def test_reason_texts_name_the_rule_in_words():
    from sysselsattning.services.tax_situation import reason_text

    def text(sit, **kw):
        return reason_text(choose(sit, **kw), org_names={10: "Verdandi"})

    assert text(tax.TaxSituation(date(2026, 1, 1), table=32)).startswith(
        "Tabell 32, kolumn 1 – arvodet är huvudinkomsten"
    )
    assert "Kolumn 3 eftersom" in text(tax.TaxSituation(date(2026, 1, 1), table=32), birth=OLD)
    assert text(tax.TaxSituation(date(2026, 1, 1), main_income_here=False, other_main_income="sjukersattning")) == (
        "30 % – arvodet är inte huvudinkomsten: sjukersättning är det (SFL 11 kap. 20 §). "
        "Med ett jämkningsbeslut kan avdraget bli lägre."
    )
    assert text(tax.TaxSituation(date(2026, 1, 1), table=32, main_payer_organisation_id=10), org=20).startswith(
        "30 % – Verdandi är huvudbetalare"
    )
    assert "kortare tid än en vecka" in text(tax.TaxSituation(date(2026, 1, 1), short_work=True))
    assert "+ 10 % – skatteuppgift saknas" in text(tax.TaxSituation(date(2026, 1, 1), has_tax_info=False), office=33)
    assert text(
        tax.TaxSituation(date(2026, 1, 1), table=32, jamkning_kind="percent", jamkning_percent=Decimal("12.5"))
    ).startswith("Jämkningsbeslut: 12,5 %")
    assert "I januari får förra årets tabellnummer" in text(
        tax.TaxSituation(date(2025, 3, 1), table=32), on=date(2026, 1, 25)
    )
    assert "kontrollera årets A-skattsedel" in text(tax.TaxSituation(date(2025, 3, 1), table=32))
    assert text(None).startswith("30 % – skattesituationen är inte registrerad")


def test_slip_texts_in_plain_words():
    from sysselsattning.services.payroll_rows import tax_text

    assert tax_text("table", "32:1:official", ON, P) == "Skatt enligt tabell 32, kolumn 1"
    assert tax_text("table", "32:1:computed", ON, P) == "Skatt enligt tabell 32, kolumn 1 (beräknad tabell)"
    assert tax_text("side_income", "30", ON, P) == "30 % – arvodet är inte din huvudinkomst"
    assert tax_text("under_year_limit", "", ON, P) == "Ingen skatt – under 1\xa0000\xa0kr i år"
