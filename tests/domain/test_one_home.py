"""The rules that live in one place (docs/architecture.md §11): each behaves as documented, wherever it is used."""

from __future__ import annotations

from datetime import date

import pytest

from sysselsattning.domain import cap, personnummer
from sysselsattning.domain.money import MAX_AMOUNT_ORE
from sysselsattning.domain.payroll import LOCKED_STATUSES, Payee, is_locked
from sysselsattning.domain.rules.policy import _month_covered
from sysselsattning.domain.rules.scenario import ScenarioError, _money


def test_decision_covers_a_payment_date_inclusive_at_both_ends():
    frm, to = date(2026, 7, 1), date(2026, 12, 31)
    assert not cap.decision_covers(frm, to, date(2026, 6, 30))
    assert cap.decision_covers(frm, to, date(2026, 7, 1))
    assert cap.decision_covers(frm, to, date(2026, 12, 31))
    assert not cap.decision_covers(frm, to, date(2027, 1, 1))
    assert cap.decision_covers(frm, None, date(2030, 1, 1))  # open end: until further notice
    assert not cap.decision_covers(None, None, date(2026, 7, 1))  # no decision covers nothing


def test_a_known_month_or_year_is_covered_when_the_decision_covers_some_day_of_it():
    frm, to = date(2026, 7, 15), date(2026, 9, 10)
    assert cap.decision_covers(frm, to, date(2026, 7, 1), date(2026, 7, 31))
    assert cap.decision_covers(frm, to, date(2026, 9, 1), date(2026, 9, 30))
    assert not cap.decision_covers(frm, to, date(2026, 10, 1), date(2026, 10, 31))
    assert cap.decision_covers(frm, to, date(2026, 1, 1), date(2026, 12, 31))
    # the simulation's months use the same rule; no dates at all = a decision for the whole year
    assert [_month_covered(2026, m, frm, to) for m in range(1, 13)] == [m in (7, 8, 9) for m in range(1, 13)]
    assert all(_month_covered(2026, m, None, None) for m in range(1, 13))


def test_the_pay_runs_cap_applies_by_the_payment_date():
    policy = cap.CapPolicy(cap_ore=2_000_000, requires_decision=True)
    payee = Payee(1, date(1985, 4, 12), cap_decision_from=date(2026, 3, 15), cap_decision_to=date(2026, 6, 30))
    assert not policy.applies(payee, date(2026, 3, 14))
    assert policy.applies(payee, date(2026, 3, 15))
    assert not policy.applies(payee, date(2026, 7, 1))
    assert cap.CapPolicy(cap_ore=2_000_000, requires_decision=False).applies(payee, date(2026, 7, 1))
    assert not cap.CapPolicy(cap_ore=0, requires_decision=False).applies(payee, date(2026, 5, 1))


def test_locked_statuses():
    assert LOCKED_STATUSES == ("approved", "paid")
    assert is_locked("approved") and is_locked("paid") and not is_locked("draft")


def test_birth_date_and_masking_of_a_stored_personnummer():
    assert personnummer.birth_date("198504121234") == date(1985, 4, 12)
    assert personnummer.birth_date("19850472-1234") == date(1985, 4, 12)  # samordningsnummer: day + 60
    with pytest.raises(personnummer.PersonnummerError):
        personnummer.birth_date("19851332-1234")
    with pytest.raises(personnummer.PersonnummerError):
        personnummer.birth_date("8504121234")
    assert personnummer.mask("198504121234") == "19850412-****"


def test_one_money_limit_for_the_scenario_parser():
    assert MAX_AMOUNT_ORE == 100_000_000  # 1 000 000 kr
    assert _money("1000000.00", "household.costs.housing") == MAX_AMOUNT_ORE
    with pytest.raises(ScenarioError) as e:
        _money("1000000.01", "household.costs.housing")
    assert e.value.key == "household.costs.housing"
