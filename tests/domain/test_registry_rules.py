"""Pure domain rules of the registry and time recording (no database, no Qt)."""

from __future__ import annotations

from datetime import date

import pytest

from sysselsattning.domain import bank
from sysselsattning.domain.registry import check_orgnr, check_participant, check_rate
from sysselsattning.domain.timesheet import CellCheck, QuantityError, amount_ore, check_cell, parse_quantity
from sysselsattning.services.registry import ParticipantInput

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "clearing,account,bank_name",
    [
        ("3300", "800928-6249", "Nordea (personkonto)"),  # type 2 comment 1 (Luhn over 10 digits)
        ("9180", "3922422245", "Danske Bank"),
        ("9040", "0017727", "Citibank"),  # type 1 comment 2 (mod 11 over clearing + account)
        ("83279", "00000", "Swedbank"),  # type 2 comment 3: zero-filled, five-digit clearing accepted
        ("9500", "00", "Nordea (Plusgirot)"),
    ],
)
def test_known_valid_accounts(clearing, account, bank_name):
    acc = bank.parse(clearing, account)
    assert acc.bank == bank_name


def test_generated_type1_and_swedbank_accounts_validate():
    for clearing in ("5000", "7000", "1200", "9040", "2300", "4000"):
        for six in ("123456", "004711", "987650"):
            try:
                account = bank.complete_type1(clearing, six)
            except ValueError:
                continue
            assert bank.is_valid(clearing, account)
            wrong = account[:-1] + str((int(account[-1]) + 1) % 10)
            assert not bank.is_valid(clearing, wrong)
    acc = bank.complete_mod10("912345678")
    assert bank.is_valid("8105", acc) and bank.is_valid("8105-9", acc)
    assert not bank.is_valid("8105", acc[:-1] + str((int(acc[-1]) + 1) % 10))


def test_bank_errors_name_the_part():
    with pytest.raises(bank.BankAccountError) as e:
        bank.parse("0999", "1234567")
    assert e.value.code == "clearing_invalid"
    with pytest.raises(bank.BankAccountError) as e:
        bank.parse("5000", "12345678901")
    assert e.value.code == "account_invalid"
    with pytest.raises(bank.BankAccountError) as e:
        bank.parse("5123-4", "1234567")  # only Swedbank 8xxx has a fifth clearing digit
    assert e.value.code == "clearing_invalid"
    assert bank.mod11_ok("0000000000") and bank.mod10_ok("8009286249")


def test_orgnr():
    assert check_orgnr("2021005489") == ("202100-5489", [])  # Skatteverket's own orgnr (valid check digit)
    _nr, problems = check_orgnr("202100-5488")
    assert problems[0].code == "orgnr_invalid"
    assert check_orgnr("")[1][0].code == "required"


def test_participant_rules():
    ok = ParticipantInput(
        personnummer="811228-9874",
        first_name="Ülkü",
        last_name="Şahin",
        payout_method="kontant",
        tax_percent="",
        cap_decision_from="2026-01-01",
        cap_decision_to="2026-12-31",
    )
    clean, problems = check_participant(ok, today=TODAY)
    assert problems == [] and clean.personnummer == "198112289874" and clean.payout_method == "cash"
    assert clean.tax_mode == "default" and clean.tax_percent_hundredths is None
    assert clean.cap_decision_to == date(2026, 12, 31)
    bad = ParticipantInput(
        personnummer="811228-9873",
        first_name="A",
        last_name="B",
        payout_method="swish",
        tax_percent="abc",
        cap_decision_from="2026-12-31",
        cap_decision_to="2026-01-01",
        consent_date="2027-01-01",
    )
    clean, problems = check_participant(bad, today=TODAY)
    assert clean is None
    assert {(p.field, p.code) for p in problems} == {
        ("personnummer", "pnr_checksum"),
        ("payout_method", "payout_invalid"),
        ("tax_percent", "number_invalid"),
        ("cap_decision_to", "date_range"),
        ("consent_date", "date_future"),
    }
    samordning = ParticipantInput(personnummer="701063-2391", first_name="A", last_name="B")
    assert check_participant(samordning, today=TODAY)[1] == []


def test_rate_rules():
    assert check_rate("45,50", date(2026, 1, 1), None) == (4550, [])
    assert check_rate("1,005", date(2026, 1, 1), None)[1][0].code == "money_invalid"
    assert check_rate("10", date(2026, 2, 1), date(2026, 1, 1))[1][0].code == "date_range"


def test_quantity_and_amount():
    assert parse_quantity("7,5") == 750 and parse_quantity("7.25") == 725 and parse_quantity("") is None
    with pytest.raises(QuantityError):
        parse_quantity("7,125")
    with pytest.raises(QuantityError):
        parse_quantity("sju")
    assert amount_ore(5000, 750) == 37500
    assert amount_ore(3333, 33) == 1100  # 1099,89 öre rounded half up


def _cell(**kw):
    base = dict(
        field="1:2026-11-09",
        unit="hour",
        quantity_hundredths=800,
        work_date=date(2026, 11, 9),
        rate_ore=5000,
        locked=False,
        participant_name="Anna",
        task_name="Pass",
    )
    base.update(kw)
    return CellCheck(**base)


def test_cell_rules():
    assert check_cell(_cell(), today=TODAY) == []
    assert [p.code for p in check_cell(_cell(quantity_hundredths=2500), today=TODAY)] == ["hours_range"]
    assert [p.code for p in check_cell(_cell(other_hours_hundredths=1700), today=TODAY)] == ["hours_day_total"]
    assert [p.code for p in check_cell(_cell(work_date=date(2026, 11, 24)), today=TODAY)] == ["date_future"]
    assert [p.code for p in check_cell(_cell(locked=True), today=TODAY)] == ["period_locked"]
    assert [p.code for p in check_cell(_cell(rate_ore=None), today=TODAY)] == ["rate_missing"]
    assert [p.code for p in check_cell(_cell(unit="piece", quantity_hundredths=-100), today=TODAY)] == [
        "quantity_negative"
    ]
    # a correction may be negative and may touch a locked day
    assert check_cell(_cell(quantity_hundredths=-300, locked=True, is_correction=True), today=TODAY) == []
