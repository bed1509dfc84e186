"""Validation of registry records (pure: no database, no Qt).

Each ``check_*`` function takes what a form or a CSV row gives and returns the normalised values plus a
list of :class:`~sysselsattning.domain.problems.Problem` named by field. The service saves only when the
list is empty.

Sources: personnummer/samordningsnummer — 18 § folkbokföringslagen (1991:481) and its check digit
(:mod:`sysselsattning.domain.personnummer`); organisationsnummer — lag (1974:174) om identitetsbeteckning för
juridiska personer, checked with python-stdnum ``se.orgnr``; bank accounts — :mod:`sysselsattning.domain.bank`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sysselsattning.domain import bank, personnummer
from sysselsattning.domain.money import MoneyError, parse_decimal, parse_kronor
from sysselsattning.domain.problems import Problem

UNITS = ("hour", "piece", "occasion")
PAYOUT_ALIASES = {"cash": "cash", "kontant": "cash", "kontanter": "cash", "bank": "bank", "konto": "bank"}
PAY_FREQUENCIES = ("month", "week", "occasion")


def parse_date_value(value: date | str | None) -> date | None:
    """``date``, ISO text or empty → date/None; raises ValueError on other text."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    return date.fromisoformat(text)


def check_orgnr(text: str) -> tuple[str, list[Problem]]:
    """→ (``NNNNNN-NNNN``, problems)."""
    from stdnum.exceptions import ValidationError
    from stdnum.se import orgnr

    raw = (text or "").strip()
    if not raw:
        return "", [Problem("orgnr", "required")]
    try:
        compact = orgnr.validate(raw)
    except ValidationError:  # stdnum's subclasses: format, length, check digit
        return raw, [Problem("orgnr", "orgnr_invalid", {"orgnr": raw})]
    return f"{compact[:6]}-{compact[6:]}", []


@dataclass(frozen=True, slots=True)
class CleanOrganisation:
    name: str
    orgnr: str
    pay_frequency: str
    payment_day: int
    payment_month_offset: int = 0  # 0: paid in the month worked, 1: the month after


def check_organisation(
    name: str,
    orgnr_text: str,
    pay_frequency: str = "month",
    payment_day: int = 25,
    payment_month_offset: int = 0,
) -> tuple[CleanOrganisation, list[Problem]]:
    problems: list[Problem] = []
    name = (name or "").strip()
    if not name:
        problems.append(Problem("name", "required"))
    org, p = check_orgnr(orgnr_text)
    problems += p
    if pay_frequency not in PAY_FREQUENCIES:
        problems.append(Problem("pay_frequency", "number_invalid"))
    if not (1 <= int(payment_day) <= 28):
        problems.append(Problem("payment_day", "payment_day_range"))
    if int(payment_month_offset) not in (0, 1):
        problems.append(Problem("payment_month_offset", "number_invalid"))
    return CleanOrganisation(name, org, pay_frequency, int(payment_day), int(payment_month_offset)), problems


def check_name(field: str, text: str) -> list[Problem]:
    return [] if (text or "").strip() else [Problem(field, "required")]


def check_task(name: str, unit: str) -> list[Problem]:
    problems = check_name("name", name)
    if unit not in UNITS:
        problems.append(Problem("unit", "unit_invalid"))
    return problems


def check_rate(rate: str | int, valid_from: date | None, valid_to: date | None) -> tuple[int, list[Problem]]:
    """Rate text in kronor (or öre int) → öre. Not negative; valid_to not before valid_from."""
    problems: list[Problem] = []
    ore = 0
    if isinstance(rate, int):
        ore = rate
    else:
        try:
            ore = parse_kronor(rate)
        except MoneyError:
            problems.append(Problem("rate", "money_invalid"))
    if ore < 0:
        problems.append(Problem("rate", "money_negative"))
    if valid_from is None:
        problems.append(Problem("valid_from", "required"))
    elif valid_to is not None and valid_to < valid_from:
        problems.append(Problem("valid_to", "date_range"))
    return ore, problems


def rate_periods_overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    a_end = a_to or date.max
    b_end = b_to or date.max
    return a_from <= b_end and b_from <= a_end


@dataclass(frozen=True, slots=True)
class CleanParticipant:
    personnummer: str  # 12 digits
    first_name: str
    last_name: str
    payout_method: str
    clearing: str
    account: str
    tax_mode: str
    tax_percent_hundredths: int | None
    cap_decision_from: date | None
    cap_decision_to: date | None
    consent_date: date | None


def check_participant(data: Any, *, today: date) -> tuple[CleanParticipant | None, list[Problem]]:
    """Validate a participant form/CSV row (an object with the fields of ``ParticipantInput``)."""
    problems: list[Problem] = []
    pnr = ""
    try:
        pnr = personnummer.parse(data.personnummer, today=today).canonical
    except personnummer.PersonnummerError as exc:
        problems.append(Problem("personnummer", f"pnr_{exc.code}", {"pnr": (data.personnummer or "").strip()}))
    problems += check_name("first_name", data.first_name)
    problems += check_name("last_name", data.last_name)

    payout = PAYOUT_ALIASES.get((data.payout_method or "cash").strip().lower())
    clearing = account = ""
    if payout is None:
        problems.append(Problem("payout_method", "payout_invalid", {"value": data.payout_method}))
        payout = "cash"
    if payout == "bank":
        if not bank.digits(data.clearing) or not bank.digits(data.account):
            problems.append(Problem("clearing" if not bank.digits(data.clearing) else "account", "bank_missing"))
        else:
            try:
                acc = bank.parse(data.clearing, data.account)
                clearing, account = acc.clearing, acc.account
            except bank.BankAccountError as exc:
                problems.append(
                    Problem(
                        "clearing" if exc.code == "clearing_invalid" else "account",
                        exc.code,
                        {"clearing": data.clearing, "account": data.account},
                    )
                )
    elif bank.digits(data.clearing) or bank.digits(data.account):
        # Kept for later (a participant may switch to bank), but only when valid.
        try:
            acc = bank.parse(data.clearing, data.account)
            clearing, account = acc.clearing, acc.account
        except bank.BankAccountError as exc:
            problems.append(
                Problem(
                    "clearing" if exc.code == "clearing_invalid" else "account",
                    exc.code,
                    {"clearing": data.clearing, "account": data.account},
                )
            )

    tax_mode = (getattr(data, "tax_mode", "") or "").strip()
    percent_h: int | None = None
    text = (data.tax_percent or "").strip().replace("%", "").strip()
    if tax_mode == "none":
        percent_h = None
    elif text:
        try:
            value = parse_decimal(text)
            if value < 0 or value > 100:
                problems.append(Problem("tax_percent", "percent_range"))
            elif (value * 100) != (value * 100).to_integral_value():
                problems.append(Problem("tax_percent", "number_invalid"))
            else:
                percent_h = int(value * 100)
            tax_mode = "percent"
        except MoneyError:
            problems.append(Problem("tax_percent", "number_invalid", {"value": text}))
    else:
        tax_mode = tax_mode if tax_mode in ("default", "none") else "default"

    dates: dict[str, date | None] = {}
    for name in ("cap_decision_from", "cap_decision_to", "consent_date"):
        try:
            dates[name] = parse_date_value(getattr(data, name))
        except ValueError:
            problems.append(Problem(name, "date_invalid"))
            dates[name] = None
    if dates["cap_decision_to"] and not dates["cap_decision_from"]:
        problems.append(Problem("cap_decision_from", "required"))
    if (
        dates["cap_decision_from"]
        and dates["cap_decision_to"]
        and dates["cap_decision_to"] < dates["cap_decision_from"]
    ):
        problems.append(Problem("cap_decision_to", "date_range"))
    if dates["consent_date"] and dates["consent_date"] > today:
        problems.append(Problem("consent_date", "date_future", {"date": dates["consent_date"].isoformat()}))

    clean = CleanParticipant(
        personnummer=pnr,
        first_name=(data.first_name or "").strip(),
        last_name=(data.last_name or "").strip(),
        payout_method=payout,
        clearing=clearing,
        account=account,
        tax_mode=tax_mode,
        tax_percent_hundredths=percent_h,
        cap_decision_from=dates["cap_decision_from"],
        cap_decision_to=dates["cap_decision_to"],
        consent_date=dates["consent_date"],
    )
    return (clean if not problems else None), problems


def percent_text(hundredths: int | None) -> str:
    """3000 → "30", 3250 → "32.5" (for forms and CSV)."""
    if hundredths is None:
        return ""
    return f"{(Decimal(hundredths) / 100).normalize():f}"
