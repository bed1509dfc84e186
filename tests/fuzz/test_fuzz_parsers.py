"""Property-based fuzzing (hypothesis): every parser of user input either returns a value or raises its own
error type that maps to a Swedish message — never another exception, never a crash."""

from __future__ import annotations

import contextlib
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysselsattning.domain import money, personnummer
from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.i18n.messages import MESSAGES, problem_text
from sysselsattning.rules import default_parameters

PARAMS = default_parameters()

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SWEDISH = re.compile(r"[a-zåäöA-ZÅÄÖ]")

# text that looks like the real inputs: digits, separators, Swedish letters, odd unicode
numberish = st.text(alphabet=st.sampled_from(list("0123456789 -+.,:\xa0\u202f\u2212kr$eEinfINFaNÅÄÖåäö/")), max_size=24)
anytext = st.one_of(st.text(max_size=40), numberish)


def _swedish(problem: Problem) -> str:
    text = problem_text(problem)
    assert text and SWEDISH.search(text) and text != problem.code, problem
    return text


@FUZZ
@given(anytext)
def test_personnummer_parse(text):
    try:
        p = personnummer.parse(text, today=date(2026, 11, 23))
    except personnummer.PersonnummerError as exc:
        assert exc.code in ("format", "date", "checksum")
        _swedish(Problem("personnummer", f"pnr_{exc.code}"))
        return
    assert len(p.canonical) == 12 and p.canonical.isdigit() and personnummer.luhn_ok(p.canonical[2:])
    assert personnummer.parse(p.formatted(), today=date(2026, 11, 23)) == p  # round trip
    assert personnummer.mask(p.canonical).endswith("-****")


@FUZZ
@given(anytext)
def test_parse_kronor(text):
    try:
        ore = money.parse_kronor(text)
    except money.MoneyError:
        _swedish(Problem("amount", "money_invalid"))
        return
    assert isinstance(ore, int)
    assert money.parse_kronor(money.ore_to_str(ore)) == ore  # round trip through the JSON format


@pytest.mark.parametrize("text", ["1E4300", "1e9", "-1E+30"])
def test_parse_kronor_refuses_exponent_notation(text):
    with pytest.raises(money.MoneyError):
        money.parse_kronor(text)


@FUZZ
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_kronor_round_trip(ore):
    assert money.parse_kronor(money.ore_to_str(ore)) == ore
    from sysselsattning.i18n import format_money

    assert money.parse_kronor(format_money(ore)) == ore


@FUZZ
@given(
    anytext,
    st.sampled_from(
        [
            "frikort.tak",
            "frikort.kraver_beslut",
            "frikort.skyddar",
            "frikort.grund",
            "arbetsgivaravgifter.aldre_alder_vid_arets_borjan",
        ]
    ),
)
def test_parameter_value_parser(text, key):
    from sysselsattning.rules import default_parameters
    from sysselsattning.services.parameters import parse_value

    current = default_parameters().parameter(key).values[-1].value
    try:
        value = parse_value(key, text, current)
    except ValidationFailed as exc:
        assert all(_swedish(p) for p in exc.problems)
        return
    assert isinstance(value, type(current)) or (isinstance(current, Decimal) and isinstance(value, Decimal))


@FUZZ
@given(st.text(max_size=80), st.text(max_size=20))
def test_verify_password_never_crashes_on_stored_garbage(stored, password):
    from sysselsattning.services.auth import verify_password

    assert verify_password(password, stored) is False


@FUZZ
@given(
    st.builds(
        lambda a, b, c: f"scrypt${a}${b}${c}$AAAA$AAAA",
        st.integers(-5, 2**21),
        st.integers(-5, 40),
        st.integers(-5, 20),
    )
)
def test_verify_password_refuses_hostile_cost_parameters(stored):
    from sysselsattning.services.auth import verify_password

    assert verify_password("x", stored) is False


@FUZZ
@given(
    st.text(max_size=70),
    st.text(max_size=220),
    st.sampled_from(["administrator", "samordnare", "x", ""]),
    st.text(max_size=15),
    st.text(max_size=15),
)
def test_user_validation(username, full_name, role, pw1, pw2):
    from sysselsattning.services.users import validate_user

    for p in validate_user(username, full_name, role, pw1, pw2):
        _swedish(p)


@FUZZ
@given(st.binary(max_size=200))
def test_inspect_backup_of_random_bytes(tmp_path_factory, data):
    from sysselsattning.storage.backup import BackupError, inspect_backup

    path = tmp_path_factory.mktemp("fuzz") / "x.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + data if data[:1] == b"\x00" else data)
    with pytest.raises(BackupError) as e:
        inspect_backup(path)
    assert SWEDISH.search(str(e.value))


@FUZZ
@given(st.text(max_size=12))
def test_audit_since_option(text):
    from sysselsattning.cli import CliError
    from sysselsattning.commands.audit import _date

    try:
        d = _date(text, "--since")
    except CliError as exc:
        assert exc.code == 2 and "ÅÅÅÅ-MM-DD" in exc.message
        return
    assert d is None or isinstance(d, date)


# ---------------------------------------------------------------------------- parsers of other parts
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12) | st.floats(allow_nan=True),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)

VALID = {
    "year": 2026,
    "household": {"adults": [{"birth_date": "1985-04-12"}], "children": [], "costs": {"housing": "5200.00"}},
    "arvode": {"monthly_gross": ["0.00"] * 12, "tax": {"mode": "percent", "percent": "30"}},
}


def _mutations():
    def mutate(base, path_value):
        path, value = path_value
        d = json.loads(json.dumps(base))
        cur = d
        for k in path[:-1]:
            cur = cur[k]
        cur[path[-1]] = value
        return d

    paths = st.sampled_from(
        [
            ("year",),
            ("household", "adults"),
            ("household", "costs", "housing"),
            ("arvode", "monthly_gross"),
            ("arvode", "tax", "percent"),
            ("arvode", "tax", "mode"),
            ("policy",),
            ("income_month_offset",),
            ("extra",),
        ]
    )
    return st.builds(mutate, st.just(VALID), st.tuples(paths, json_values))


@FUZZ
@given(st.one_of(json_values, _mutations()))
def test_scenario_parser(data):
    scenario = pytest.importorskip("sysselsattning.domain.rules.scenario")
    try:
        scenario.parse_scenario(data, PARAMS)
    except scenario.ScenarioError as exc:
        assert SWEDISH.search(str(exc))


@FUZZ
@given(anytext)
def test_quantity_and_period_parsers(text):
    timesheet = pytest.importorskip("sysselsattning.domain.timesheet")
    payroll = pytest.importorskip("sysselsattning.domain.payroll")
    try:
        q = timesheet.parse_quantity(text)
        assert q is None or isinstance(q, int)
    except timesheet.QuantityError:
        pass
    with contextlib.suppress(payroll.PeriodError):
        payroll.parse_period(text)


@FUZZ
@given(numberish, numberish)
def test_bank_account_parser(clearing, account):
    bank = pytest.importorskip("sysselsattning.domain.bank")
    try:
        bank.parse(clearing, account)
    except bank.BankAccountError as exc:
        code = getattr(exc, "code", None) or exc.args[0]
        assert code in MESSAGES, code
