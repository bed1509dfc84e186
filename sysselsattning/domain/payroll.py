"""The pay computation: work entries → one pay line per participant and paying association.

Pure domain code (no Qt, no SQLAlchemy, no I/O). Parameters come only through a
:class:`~sysselsattning.rules.parameters.ParameterSet`-like object (``get(key, on)`` / ``entry(key, on)``).

Rules (docs/rules.md, docs/architecture.md §3):

- **Gross** per entry is the amount recorded with the entry (``amount_ore`` = rate in force on the work date ×
  hours or pieces, fixed when the entry was recorded by the time-recording service). A later change of the
  rate table does not alter recorded entries; it is corrected with a correction entry. Corrections are entries
  with ``corrects_entry_id`` set (positive or negative); they are paid in the next open run and reported
  separately (``correction_ore``).
- **Preliminary tax** (skatteavdrag) via :func:`sysselsattning.domain.tax.withhold`: the participant's mode
  (default 30 % for a side income, own percentage, fixed amount from the tax table, none); no withholding while
  the year's pay from this payer is expected to stay under ``skatt.grans_skatteavdrag_ar`` (1 000 kr,
  10 kap. 4 § 2 SFL), expected = paid so far this calendar year + this payment; once it passes, only later
  payments are taxed; none on a single payment under ``skatt.grans_enskild_betalning`` (100 kr, 10 kap. 4 § 1
  SFL); rounded down to whole kronor.
- **Employer charges** (arbetsgivaravgifter) via :mod:`sysselsattning.domain.employer_fees` by the recipient's
  age and the payment date; none while the year's pay from this payer is under
  ``arbetsgivaravgifter.grans_ar`` (1 000 kr, 2 kap. 14 § SAL); once the year reaches it, charges apply from
  the first krona, *including the earlier months' uncharged pay* (Skatteverket's 950 + 100 → 1 050 example,
  S16a; docs/rules.md, T-2). In general: the base charged after this payment is the year's pay (or 0 under
  the limit), and this payment's base is that minus what was charged before — so a negative correction that
  takes the year back under the limit gives the charges back.
- **The cap** (frikort.*): ``frikort.tak`` kr per calendar year measured on gross or net arvode
  (``frikort.grund``); pay counts against the cap only while the participant holds a cap decision covering the
  payment date (when ``frikort.kraver_beslut``). ``cap_shielded_ore`` is the part of this payment under the cap.
  With ``frikort.skattefri`` (a simulated Danish-style reform, DK LL § 7 nr. 32) the shielded part is not taxed.
- The 1 000 kr limits are per payer (the association) and calendar year of the payment date; the cap is per
  participant across all associations.

Warnings (codes, rendered by :mod:`sysselsattning.i18n.messages`): ``pay_over_cap`` (this payment takes the
participant over the cap), ``pay_over_tax_limit`` (the year's pay from this payer passes 1 000 kr now),
``pay_negative_net`` (corrections exceed the pay), ``pay_estimate`` (a parameter used is unconfirmed).

>>> from datetime import date
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from sysselsattning.domain import bankdays
from sysselsattning.domain.cap import CapPolicy
from sysselsattning.domain.employer_fees import FeeRate, fee, fee_rate
from sysselsattning.domain.employer_fees import year_limit_ore as fee_year_limit_ore
from sysselsattning.domain.money import Ore
from sysselsattning.domain.problems import Problem
from sysselsattning.domain.tax import (
    ModeChoice,
    TableLookup,
    TaxSetting,
    TaxSituation,
    Withholding,
    WithholdingLimits,
    choose_mode,
    situation_on,
    withhold,
)
from sysselsattning.domain.tax import year_limit_ore as tax_year_limit_ore


class Params(Protocol):
    def get(self, key: str, on: date) -> Any: ...

    def entry(self, key: str, on: date) -> Any: ...


#: Pay-run statuses that lock a run: its lines and entries never change again (corrections go into a later
#: run), and year to date and the cap are counted from these runs only. A draft is not locked.
LOCKED_STATUSES: tuple[str, ...] = ("approved", "paid")


def is_locked(status: str) -> bool:
    """Is a pay run with ``status`` approved or paid, i.e. immutable?"""
    return status in LOCKED_STATUSES


# ------------------------------------------------------------------------------------------- periods
class PeriodError(ValueError):
    """A pay period label that is not ``YYYY-MM``, ``YYYY-Www`` or ``YYYY-MM-DD``."""


@dataclass(frozen=True, slots=True)
class Period:
    """A pay period, half-open ``[start, end)``. ``kind`` is ``month``, ``week`` or ``occasion``."""

    label: str
    kind: str
    start: date
    end: date

    def contains(self, d: date) -> bool:
        return self.start <= d < self.end


_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_period(label: str) -> Period:
    """``2026-03`` → March 2026; ``2026-W12`` → ISO week 12; ``2026-03-14`` → one occasion."""
    text = (label or "").strip()
    if m := _MONTH_RE.match(text):
        year, month = int(m[1]), int(m[2])
        if not (1 <= month <= 12 and 1900 < year < 2200):
            raise PeriodError(label)
        start = date(year, month, 1)
        end = date(year + (month == 12), 1 if month == 12 else month + 1, 1)
        return Period(text, "month", start, end)
    if m := _WEEK_RE.match(text):
        try:
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            raise PeriodError(label) from None
        return Period(text, "week", start, start + timedelta(days=7))
    if m := _DAY_RE.match(text):
        try:
            start = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise PeriodError(label) from None
        return Period(text, "occasion", start, start + timedelta(days=1))
    raise PeriodError(label)


def month_label(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def next_weekday(d: date) -> date:
    """Saturday/Sunday → the following Monday (no holidays: only for dates that need not be bank days)."""
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


PAY_MONTH_WORKED = 0  # paid in the month worked
PAY_MONTH_AFTER = 1  # paid in the month after


def payment_date(period: Period, payment_day: int = 25, month_offset: int = PAY_MONTH_WORKED) -> date:
    """When a period is paid: a bank day (:mod:`sysselsattning.domain.bankdays`).

    - month: the association's ``payment_day`` (clamped to the month's last day) in the month worked
      (``month_offset`` 0) or the month after (1), moved to the *previous* bank day when it falls on a weekend,
      a public holiday, midsommarafton, julafton or nyårsafton (the common Swedish pay-day rule);
    - week: the Friday of the following week (pay for a week's work a week later), or the bank day before;
    - occasion: the day itself, or the next bank day when it is none (it cannot be paid before the work).
    """
    if period.kind == "month":
        first = date(period.start.year, period.start.month, 1)
        if int(month_offset or 0) > 0:
            first = (first + timedelta(days=32)).replace(day=1)
        last = calendar.monthrange(first.year, first.month)[1]
        day = min(max(int(payment_day or 25), 1), last)
        return bankdays.previous_bank_day(first.replace(day=day))
    if period.kind == "week":
        return bankdays.previous_bank_day(period.end + timedelta(days=4))
    return bankdays.next_bank_day(period.start)


# -------------------------------------------------------------------------------------------- inputs
@dataclass(frozen=True, slots=True)
class PayEntry:
    """One recorded work entry as the pay computation needs it."""

    entry_id: int
    participant_id: int
    organisation_id: int
    worksite: str
    task: str
    unit: str  # hour | piece | occasion
    work_date: date
    hours_hundredths: int | None
    quantity_hundredths: int | None
    rate_ore: int
    amount_ore: int
    corrects_entry_id: int | None = None
    comment: str = ""

    @property
    def is_correction(self) -> bool:
        return self.corrects_entry_id is not None

    @property
    def quantity(self) -> int:
        return (self.hours_hundredths if self.hours_hundredths is not None else self.quantity_hundredths) or 0


@dataclass(frozen=True, slots=True)
class Payee:
    """The participant facts that decide tax, charges and the cap."""

    participant_id: int
    birth_date: date
    tax: TaxSetting = field(default_factory=TaxSetting)
    cap_decision_from: date | None = None
    cap_decision_to: date | None = None
    payout_method: str = "cash"
    tax_situations: tuple[TaxSituation, ...] = ()  # dated; when empty ``tax`` (the older settings) decides


@dataclass(frozen=True, slots=True)
class TaxContext:
    """What the tax modes need besides the payee: the tax-table source and each association's own table (its
    municipality's, for the förhöjt avdrag when the participant has no tax information)."""

    lookup: TableLookup | None = None
    office_tables: Mapping[int, int] = field(default_factory=dict)
    #: participants paid by several associations with no main payer chosen: the one assumed (a warning says so)
    assumed_main_payer: Mapping[int, int] = field(default_factory=dict)


class YearToDate(NamedTuple):
    """What one payer has paid one participant earlier in the calendar year (approved runs only). Immutable;
    a NamedTuple for the same reason as :class:`PayLineResult` (two per line of a run)."""

    gross_ore: int = 0
    tax_ore: int = 0
    fee_ore: int = 0
    fee_base_ore: int = 0  # pay on which charges have been computed so far
    net_ore: int = 0


NO_PRIOR = YearToDate()  # nothing paid earlier in the year


# ------------------------------------------------------------------------------------------- results
class PayLineResult(NamedTuple):
    """One participant's pay from one association in one run, and the year-to-date after it.

    Immutable like the other results; a NamedTuple rather than a frozen dataclass because a run makes one per
    participant and association, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field)
    was a fifth of the pay run's computation."""

    participant_id: int
    organisation_id: int
    payment_date: date
    entries: tuple[PayEntry, ...]
    gross_ore: int
    correction_ore: int
    withholding: Withholding
    fee_rate: FeeRate
    fee_base_ore: int
    fee_ore: int
    net_ore: int
    cap: CapPolicy
    cap_applies: bool
    cap_shielded_ore: int
    ytd: YearToDate  # this payer, after this payment
    ytd_cap_used_ore: int  # all payers, after this payment
    warnings: tuple[Problem, ...] = ()
    tax_choice: ModeChoice | None = None  # which tax mode and why (for the coordinator)
    estimate: bool = False
    entry_count: int = 0  # work entries behind the line (``entries`` is empty when computed from sums)

    @property
    def tax_ore(self) -> int:
        return int(self.withholding.tax_ore)

    @property
    def cap_left_ore(self) -> int:
        return max(0, self.cap.cap_ore - self.ytd_cap_used_ore)


@dataclass(frozen=True, slots=True)
class Totals:
    participants: int = 0
    lines: int = 0
    gross_ore: int = 0
    correction_ore: int = 0
    tax_ore: int = 0
    fee_ore: int = 0
    net_ore: int = 0


# ----------------------------------------------------------------------------------------- computing
def _is_estimate(params: Params, key: str, on: date) -> bool:
    return bool(params.entry(key, on).status == "unconfirmed")


def compute_line(
    entries: Sequence[PayEntry],
    payee: Payee,
    *,
    organisation_id: int,
    on: date,
    params: Params,
    prior: YearToDate = NO_PRIOR,
    prior_cap_used_ore: int = 0,
    cap: CapPolicy | None = None,
    tax_context: TaxContext | None = None,
) -> PayLineResult:
    """Pay one participant for ``entries`` from one association, paid on ``on``.

    Args:
        prior: what this association paid the participant earlier in the calendar year of ``on``.
        prior_cap_used_ore: the participant's cap used earlier in the year (all associations).
        cap: the cap policy in force (read from ``params`` on ``on`` when omitted).
    """
    group = PayGroup(
        payee.participant_id,
        organisation_id,
        gross_ore=sum(int(e.amount_ore) for e in entries),
        correction_ore=sum(int(e.amount_ore) for e in entries if e.is_correction),
        entries=len(entries),
    )
    return compute_group(
        group,
        payee,
        on=on,
        params=params,
        prior=prior,
        prior_cap_used_ore=prior_cap_used_ore,
        cap=cap,
        entries=tuple(sorted(entries, key=lambda e: (e.work_date, e.entry_id))),
        tax_context=tax_context,
    )


@dataclass(frozen=True, slots=True)
class PayGroup:
    """One participant's work for one association in a run, summed: all the pay computation needs of the
    entries (what a SQL ``GROUP BY participant, association`` gives; the entry lines themselves are only
    needed on the pay slip)."""

    participant_id: int
    organisation_id: int
    gross_ore: int
    correction_ore: int = 0  # the part of gross from correction entries
    entries: int = 0


def compute_group(
    group: PayGroup,
    payee: Payee,
    *,
    on: date,
    params: Params,
    prior: YearToDate = NO_PRIOR,
    prior_cap_used_ore: int = 0,
    cap: CapPolicy | None = None,
    rate: FeeRate | None = None,
    limits: tuple[int, int] | None = None,
    entries: tuple[PayEntry, ...] = (),
    tax_context: TaxContext | None = None,
    withholding_limits: WithholdingLimits | None = None,
    tax_choice: ModeChoice | None = None,
) -> PayLineResult:
    """:func:`compute_line` on summed entries (the rules only depend on the sums).

    Args:
        rate: the employer-charge rate of the payee on ``on`` (looked up when omitted; it depends only on the
            birth year and the date, so a run computes it once per birth year).
        limits: the year limits on ``on`` in öre, (tax withholding, employer charges) — looked up when omitted.
        entries: the entry lines to keep on the result (for the slip); may be empty.
        withholding_limits: the tax-withholding limits on ``on`` (looked up when omitted).
        tax_choice: the tax mode in force, when the caller already chose it (:func:`choose_mode` otherwise).
    """
    cap = cap or CapPolicy.from_params(params, on)
    gross = int(group.gross_ore)
    correction = int(group.correction_ore)
    warnings: list[Problem] = []
    pid = payee.participant_id

    # The cap: how much of this payment is shielded (gross basis here; net basis after tax below).
    cap_applies = cap.applies(payee, on)
    tax_limit, fee_limit = limits or (tax_year_limit_ore(params, on), fee_year_limit_ore(params, on))

    def shielded_of(amount: int) -> int:
        if not cap_applies:
            return 0
        if amount >= 0:
            return max(0, min(amount, cap.cap_ore - prior_cap_used_ore))
        return max(amount, -prior_cap_used_ore)  # a negative correction gives cap back

    # Tax. With a tax-free cap (simulated reform) only the part above the cap is taxed.
    taxable = gross
    if cap.tax_free and cap_applies and cap.basis == "gross":
        taxable = gross - shielded_of(gross)
    tc = tax_context or TaxContext()
    choice = tax_choice or choose_mode(
        situation_on(payee.tax_situations, on),
        payee.tax,
        organisation_id=group.organisation_id,
        on=on,
        birth_date=payee.birth_date,
        params=params,
        office_table=tc.office_tables.get(group.organisation_id),
    )
    w = withhold(
        taxable,
        choice.setting,
        on=on,
        params=params,
        expected_year_total_ore=prior.gross_ore + gross,
        lookup=tc.lookup,
        limits=withholding_limits,
    )
    if taxable != gross and taxable <= 0 < gross:
        w = Withholding(Ore(0), "cap_tax_free")
    if tc.assumed_main_payer.get(pid) == group.organisation_id:
        warnings.append(Problem("participant", "tax_main_payer_assumed", {"participant_id": pid}))
    net = gross - int(w.tax_ore)

    # Employer charges from the first krona once the year's pay reaches the limit (2 kap. 14 § SAL).
    rate = rate or fee_rate(payee.birth_date, on, params)
    year_total = prior.gross_ore + gross
    charged_after = year_total if year_total >= fee_limit else 0
    base = charged_after - prior.fee_base_ore
    charges = int(fee(base, rate, params, on)) if base >= 0 else -int(fee(-base, rate, params, on))

    shielded = shielded_of(net if cap.basis == "net" else gross)
    cap_used_after = prior_cap_used_ore + shielded

    if (
        cap_applies
        and prior_cap_used_ore < cap.cap_ore
        and (prior_cap_used_ore + (net if cap.basis == "net" else gross)) > cap.cap_ore
    ):
        warnings.append(
            Problem(
                "participant",
                "pay_over_cap",
                {
                    "participant_id": pid,
                    "cap": cap.cap_ore,
                    "over": prior_cap_used_ore + (net if cap.basis == "net" else gross) - cap.cap_ore,
                },
            )
        )
    if prior.gross_ore < tax_limit <= year_total:
        warnings.append(Problem("participant", "pay_over_tax_limit", {"participant_id": pid, "limit": tax_limit}))
    if net < 0:
        warnings.append(Problem("participant", "pay_negative_net", {"participant_id": pid, "net": net}))
    estimate = cap.estimate or (rate.kind == "ungdom" and _is_estimate(params, "arbetsgivaravgifter.ungdom", on))
    if estimate:
        warnings.append(Problem("participant", "pay_estimate", {"participant_id": pid}))

    ytd = YearToDate(
        gross_ore=year_total,
        tax_ore=prior.tax_ore + int(w.tax_ore),
        fee_ore=prior.fee_ore + charges,
        fee_base_ore=prior.fee_base_ore + base,
        net_ore=prior.net_ore + net,
    )
    return PayLineResult(
        participant_id=pid,
        organisation_id=group.organisation_id,
        payment_date=on,
        entries=entries,
        gross_ore=gross,
        correction_ore=correction,
        withholding=w,
        fee_rate=rate,
        fee_base_ore=base,
        fee_ore=charges,
        net_ore=net,
        cap=cap,
        cap_applies=cap_applies,
        cap_shielded_ore=shielded,
        ytd=ytd,
        ytd_cap_used_ore=cap_used_after,
        warnings=tuple(warnings),
        estimate=estimate,
        entry_count=group.entries,
        tax_choice=choice,
    )


class ResolvedParams:
    """A parameter set with every ``(key, date)`` looked up once (a run asks the same few questions for each of
    its lines and dates). Wraps any object with ``get``/``entry``; values are not copied, only remembered."""

    __slots__ = ("_entries", "_params", "_values")

    def __init__(self, params: Params):
        self._params = params
        self._entries: dict[tuple[str, date], Any] = {}
        self._values: dict[tuple[str, date], Any] = {}

    def get(self, key: str, on: date) -> Any:
        k = (key, on)
        try:
            return self._values[k]
        except KeyError:
            value = self._values[k] = self._params.get(key, on)
            return value

    def entry(self, key: str, on: date) -> Any:
        k = (key, on)
        try:
            return self._entries[k]
        except KeyError:
            value = self._entries[k] = self._params.entry(key, on)
            return value


def compute_run(
    entries: Iterable[PayEntry],
    payees: Mapping[int, Payee],
    *,
    payment_dates: Mapping[int, date],
    params: Params,
    prior: Mapping[tuple[int, int], YearToDate] | None = None,
    prior_cap_used: Mapping[int, int] | None = None,
    tax_context: TaxContext | None = None,
) -> list[PayLineResult]:
    """All lines of a run, ordered by participant then association.

    Args:
        payment_dates: payment date per organisation id.
        prior: year-to-date per (participant_id, organisation_id) before this run.
        prior_cap_used: cap used per participant before this run (all associations).

    A participant paid by several associations in the same run uses the cap in association order.
    """
    by_key: dict[tuple[int, int], list[PayEntry]] = defaultdict(list)
    for e in entries:
        by_key[(e.participant_id, e.organisation_id)].append(e)
    groups = [
        PayGroup(
            pid, oid, sum(int(e.amount_ore) for e in es), sum(int(e.amount_ore) for e in es if e.is_correction), len(es)
        )
        for (pid, oid), es in by_key.items()
    ]
    kept = {k: tuple(sorted(es, key=lambda e: (e.work_date, e.entry_id))) for k, es in by_key.items()}
    return compute_groups(
        groups,
        payees,
        payment_dates=payment_dates,
        params=params,
        prior=prior,
        prior_cap_used=prior_cap_used,
        entries=kept,
        tax_context=tax_context,
    )


def compute_groups(
    groups: Iterable[PayGroup],
    payees: Mapping[int, Payee],
    *,
    payment_dates: Mapping[int, date],
    params: Params,
    prior: Mapping[tuple[int, int], YearToDate] | None = None,
    prior_cap_used: Mapping[int, int] | None = None,
    entries: Mapping[tuple[int, int], tuple[PayEntry, ...]] | None = None,
    tax_context: TaxContext | None = None,
) -> list[PayLineResult]:
    """:func:`compute_run` on entries already summed per participant and association (same rules, same order).

    Args:
        entries: optional entry lines per (participant_id, organisation_id), kept on the results.
    """
    prior = prior or {}
    prior_cap_used = prior_cap_used or {}
    entries = entries or {}
    params = params if isinstance(params, ResolvedParams) else ResolvedParams(params)
    caps: dict[date, CapPolicy] = {}
    limits: dict[date, tuple[int, int]] = {}
    wlimits: dict[date, WithholdingLimits] = {}
    rates: dict[tuple[int, date], FeeRate] = {}
    cap_used: dict[int, int] = {}
    # Without recorded tax situations the mode depends only on the participant's own setting and the date.
    plain_choices: dict[tuple[TaxSetting, date], ModeChoice] = {}
    out: list[PayLineResult] = []
    empty = NO_PRIOR
    for g in sorted(groups, key=lambda g: (g.participant_id, g.organisation_id)):
        pid, org_id = g.participant_id, g.organisation_id
        on = payment_dates[org_id]
        cap = caps.get(on)
        if cap is None:
            cap = caps[on] = CapPolicy.from_params(params, on)
            wlimits[on] = WithholdingLimits.on(params, on)
            limits[on] = (wlimits[on].year_ore, fee_year_limit_ore(params, on))
        payee = payees[pid]
        rkey = (payee.birth_date.year, on)  # the rate depends on the birth year and the date only
        rate = rates.get(rkey)
        if rate is None:
            rate = rates[rkey] = fee_rate(payee.birth_date, on, params)
        used = cap_used.get(pid, prior_cap_used.get(pid, 0))
        choice = None
        if not payee.tax_situations:
            ckey = (payee.tax, on)
            choice = plain_choices.get(ckey)
            if choice is None:
                choice = plain_choices[ckey] = choose_mode(
                    None,
                    payee.tax,
                    organisation_id=org_id,
                    on=on,
                    birth_date=payee.birth_date,
                    params=params,
                    office_table=(tax_context or TaxContext()).office_tables.get(org_id),
                )
        line = compute_group(
            g,
            payee,
            on=on,
            params=params,
            prior=prior.get((pid, org_id), empty),
            prior_cap_used_ore=used,
            cap=cap,
            rate=rate,
            limits=limits[on],
            entries=entries.get((pid, org_id), ()),
            tax_context=tax_context,
            withholding_limits=wlimits[on],
            tax_choice=choice,
        )
        cap_used[pid] = line.ytd_cap_used_ore
        out.append(line)
    return out


def totals(lines: Iterable[PayLineResult]) -> Totals:
    participants: set[int] = set()
    n = gross = corr = tax = fees = net = 0
    for line in lines:
        participants.add(line.participant_id)
        n += 1
        gross += line.gross_ore
        corr += line.correction_ore
        tax += line.tax_ore
        fees += line.fee_ore
        net += line.net_ore
    return Totals(len(participants), n, gross, corr, tax, fees, net)


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Gross pay and quantity per key (worksite, task or (worksite, task))."""

    key: tuple[str, ...]
    unit: str
    quantity_hundredths: int
    gross_ore: int
    entries: int = field(default=0)


def breakdown(entries: Iterable[PayEntry], by: str = "task") -> list[Breakdown]:
    """Totals per ``worksite``, per ``task`` (worksite + task) or per ``participant``."""
    acc: dict[tuple[str, ...], list[Any]] = {}
    for e in entries:
        if by == "worksite":
            key: tuple[str, ...] = (e.worksite,)
        elif by == "participant":
            key = (str(e.participant_id),)
        else:
            key = (e.worksite, e.task)
        row = acc.setdefault(key, [e.unit if by == "task" else "", 0, 0, 0])
        row[1] += e.quantity if by == "task" else 0
        row[2] += int(e.amount_ore)
        row[3] += 1
    return [Breakdown(k, v[0], v[1], v[2], v[3]) for k, v in sorted(acc.items())]


def tax_percent_text(w: Withholding) -> str:
    """What the slip's tax line needs besides the reason, as stored text: ``"30"`` for a percentage,
    ``"32:1:official"`` (table, column, basis) for a table; empty otherwise."""
    if w.table is not None:
        return f"{w.table}:{w.column or 1}:{w.basis}"
    if w.percent is None:
        return ""
    p = Decimal(w.percent).normalize()
    return f"{p:f}"
