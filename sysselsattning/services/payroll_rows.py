"""The pay-run rows services return (:class:`RunSummary`, :class:`LineRow`, :class:`YtdRow`) and the texts
shared by the computing and the reading use cases (tax line, warnings, state of a locked run)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sysselsattning.domain import payroll as dp
from sysselsattning.domain import personnummer
from sysselsattning.domain.money import ore_to_str, parse_kronor
from sysselsattning.domain.payroll import LOCKED_STATUSES
from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.domain.tax import TaxSetting
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.i18n.messages import problem_text
from sysselsattning.rules.parameters import ParameterMissing

APPROVED = LOCKED_STATUSES


@dataclass(frozen=True, slots=True)
class RunSummary:
    id: int
    label: str
    kind: str
    organisation_id: int | None
    status: str  # draft | approved | paid
    period_start: date
    period_end: date  # exclusive
    payment_date: date
    participants: int
    lines: int
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    net_ore: int
    version: int
    correction_ore: int = 0
    cash_ore: int = 0
    bank_ore: int = 0
    computed_at: datetime | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    paid_at: datetime | None = None
    warnings: tuple[str, ...] = ()
    stale: bool = False  # a draft computed before the latest change of work entries: compute again

    @property
    def locked(self) -> bool:
        return self.status in APPROVED

    def as_json(self) -> dict[str, Any]:
        """The ``payroll list --format json`` contract (docs/architecture.md, the command line)."""
        return {
            "period": self.label,
            "status": self.status,
            "participants": self.participants,
            "gross": ore_to_str(self.gross_ore),
            "tax": ore_to_str(self.tax_ore),
            "employer_fees": ore_to_str(self.employer_fee_ore),
            "net": ore_to_str(self.net_ore),
            "payment_date": self.payment_date.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class LineRow:
    id: int
    participant_id: int
    name: str
    pnr_display: str
    organisation_id: int
    organisation_name: str
    gross_ore: int
    correction_ore: int
    tax_ore: int
    tax_reason: str
    tax_text: str
    employer_fee_ore: int
    employer_fee_base_ore: int
    employer_fee_rate: str
    net_ore: int
    cap_shielded_ore: int
    cap_ore: int
    ytd_gross_ore: int
    ytd_tax_ore: int
    ytd_employer_fee_ore: int
    ytd_net_ore: int
    ytd_cap_used_ore: int
    payout_method: str
    slip_number: int | None
    entries: int
    payment_date: date
    cap_applies: bool
    warnings: tuple[str, ...] = ()
    estimate: bool = False  # a parameter used is unconfirmed ("uppskattning" on screen and paper)
    first_name: str = ""
    last_name: str = ""

    @property
    def cap_left_ore(self) -> int:
        return max(0, self.cap_ore - self.ytd_cap_used_ore) if self.cap_applies else 0


@dataclass(frozen=True, slots=True)
class YtdRow:
    """A participant's calendar year from approved runs (all associations): the cap ledger."""

    participant_id: int
    year: int
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    net_ore: int
    cap_used_ore: int
    cap_ore: int
    holds_decision: bool
    payments: int

    @property
    def cap_left_ore(self) -> int:
        return max(0, self.cap_ore - self.cap_used_ore)


def summary(run: Any, warnings: Sequence[str] = (), extra: dict[str, int] | None = None) -> RunSummary:
    """A :class:`RunSummary` of a run row; ``extra`` holds the line sums (lines, correction, cash, bank)."""
    extra = extra or {}
    return RunSummary(
        id=run.id,
        label=run.label,
        kind=run.kind,
        organisation_id=run.organisation_id,
        status=run.status,
        period_start=run.period_start,
        period_end=run.period_end,
        payment_date=run.payment_date,
        participants=run.participant_count,
        lines=extra.get("lines", 0),
        gross_ore=run.gross_ore,
        tax_ore=run.tax_ore,
        employer_fee_ore=run.employer_fee_ore,
        net_ore=run.net_ore,
        version=run.version,
        correction_ore=extra.get("correction", 0),
        cash_ore=extra.get("cash", 0),
        bank_ore=extra.get("bank", 0),
        computed_at=run.computed_at,
        approved_by=run.approved_by,
        approved_at=run.approved_at,
        paid_at=run.paid_at,
        warnings=tuple(warnings),
    )


def parse_period(label: str) -> dp.Period:
    """The period of a run label; a bad label is a ValidationFailed at the ``period`` field."""
    try:
        return dp.parse_period(label)
    except dp.PeriodError:
        raise ValidationFailed([Problem("period", "period_invalid", {"label": label})]) from None


def state_text(run: Any) -> str:
    """Why a run cannot be changed (or approved) in its state, in plain words."""
    if run.status == "approved":
        return _("Lönekörningen {label} är redan godkänd (av {who}, {when}) och är låst.").format(
            label=run.label,
            who=run.approved_by or "?",
            when=format_date(run.approved_at.date()) if run.approved_at else "?",
        )
    if run.status == "paid":
        return _("Lönekörningen {label} är redan utbetald och är låst.").format(label=run.label)
    return _("Lönekörningen {label} är inte godkänd än.").format(label=run.label)


def birth_date_of(canonical: str) -> date:
    """Birth date from a stored personnummer (the rule lives in :func:`domain.personnummer.birth_date`)."""
    return personnummer.birth_date(canonical)


def tax_setting(mode: str, percent_hundredths: int | None, fixed_ore: int | None) -> TaxSetting:
    if mode == "default" and percent_hundredths is not None:
        mode = "percent"  # an own percentage entered on the participant
    pct = Decimal(percent_hundredths) / 100 if percent_hundredths is not None else None
    return TaxSetting(mode=mode, percent=pct, fixed_ore=fixed_ore)


def tax_text(reason: str, percent: str, on: date, params) -> str:
    """The tax line in plain words: "Skatt enligt tabell 32, kolumn 1", "30 % – arvodet är inte din
    huvudinkomst", "Ingen skatt – under 1 000 kr i år" … ``percent`` is the stored detail: a per cent, or
    ``"table:column:basis"`` for a table."""
    params_: dict[str, Any] = {"percent": percent.replace(".", ",") if percent else ""}
    if reason in ("table", "table_plus10"):
        table, column, basis = ([*percent.split(":"), "", "", ""])[:3]
        params_ = {"table": table, "column": column or "1", "percent": ""}
        text = problem_text(Problem("tax", f"tax_{reason}", params_))
        if basis == "computed":
            text += " " + _("(beräknad tabell)")
        return text
    try:
        params_["limit"] = format_money(parse_kronor(params.get("skatt.grans_skatteavdrag_ar", on)), decimals=False)
        params_["payment_limit"] = format_money(
            parse_kronor(params.get("skatt.grans_enskild_betalning", on)), decimals=False
        )
    except ParameterMissing:  # missing parameters only make the sentence less specific
        params_.setdefault("limit", "1\xa0000\xa0kr")
        params_.setdefault("payment_limit", "100\xa0kr")
    return problem_text(Problem("tax", f"tax_{reason}", params_))


def warning_texts(warnings: Iterable[Sequence[Any]], name: str) -> list[str]:
    """A line's warnings ``(code, params)`` as sentences naming the participant."""
    out = []
    for code, params in warnings:
        shown = {
            k: (
                format_money(v, decimals=(k != "limit" or v % 100 != 0))
                if k in ("cap", "over", "limit", "net") and isinstance(v, int)
                else v
            )
            for k, v in params.items()
        }
        shown["name"] = name
        out.append(problem_text(Problem("participant", code, shown)))
    return out


def details(text: str | None) -> dict[str, Any]:
    """A line's ``details_json`` (older lines and hand-made rows may hold other shapes)."""
    try:
        d = json.loads(text or "{}")
    except ValueError:
        return {}
    return d if isinstance(d, dict) else {}
