"""Pay runs: compute (draft) → approve (immutable) → mark paid; year-to-date; pay slip data.

Use cases, one transaction each (design.md §3, §5; rules in :mod:`sysselsattning.domain.payroll`):

- :func:`compute_run` builds or rebuilds the *draft* run of a period. A monthly label (``2026-03``) is ONE
  programme-wide run (``organisation_id`` NULL) for every association paying monthly; weekly (``2026-W12``) and
  per-occasion (``2026-03-14``) runs belong to one association (``organisation_id`` required).
  The run takes every work entry of its associations that no approved run holds yet and that is dated before
  the period's end — entries of the period itself, and late entries and corrections (``corrects_entry_id``) of
  earlier, already approved periods. Entries of a period that has its own *draft* run stay with that run.
- :func:`approve_run` recomputes inside its transaction (so the approved lines match the entries at that
  moment), numbers the slips gap-free, links the entries (``work_entries.pay_run_id``) and locks the run.
  Passing ``expected_version`` (what the user confirmed) refuses the approval when the draft changed since.
- :func:`mark_paid` marks an approved run as paid.

Concurrency: every writing use case first takes the ``payroll`` counter row (an ``UPDATE … RETURNING`` —
PostgreSQL's row lock, SQLite's database write lock), so two workstations computing or approving at the same
time run one after the other; the second then sees the first's result (READ COMMITTED re-reads; SQLite starts
its snapshot only after the lock) and gets a clear :class:`~sysselsattning.services.errors.StateError`
("redan godkänd") instead of a second approval. ``pay_runs.version`` (optimistic locking) additionally
protects the ORM update of the run row.

Year-to-date (gross, tax, charges, net, cap used) is derived from approved and paid runs only: the cap ledger.
Draft lines are derived data and are written with bulk inserts; the audit log gets one explicit row per
computation, approval and payment (the entries' link to the run is a bulk update, recorded in that row).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from sysselsattning.domain import payroll as dp
from sysselsattning.domain.tax import TaxSetting
from sysselsattning.i18n import _
from sysselsattning.services.access import require, sees_full_pnr
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import ConflictError, NotFound, StateError

if TYPE_CHECKING:  # the report modules import reportlab lazily; only their data classes are named here
    from sysselsattning.reports.cash_list import CashListData
    from sysselsattning.reports.payslip import PayslipData

APPROVED = ("approved", "paid")
_CHUNK = 900  # bound parameters per IN list (SQLite's limit is far above; keeps statements small)


# --------------------------------------------------------------------------------------------- rows
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
        """The ``payroll list --format json`` contract (design.md §5)."""
        from sysselsattning.domain.money import ore_to_str

        return {"period": self.label, "status": self.status, "participants": self.participants,
                "gross": ore_to_str(self.gross_ore), "tax": ore_to_str(self.tax_ore),
                "employer_fees": ore_to_str(self.employer_fee_ore), "net": ore_to_str(self.net_ore)}


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


# ------------------------------------------------------------------------------------------ helpers
def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _period(label: str) -> dp.Period:
    from sysselsattning.domain.problems import Problem, ValidationFailed

    try:
        return dp.parse_period(label)
    except dp.PeriodError:
        raise ValidationFailed([Problem("period", "period_invalid", {"label": label})]) from None


def _take_payroll_lock(s) -> None:
    """Serialise payroll writes across workstations (see the module docstring)."""
    from sysselsattning.storage.counters import next_number

    next_number(s, "payroll_lock")


def _find_run(s, label: str, organisation_id: int | None):
    from sqlalchemy import select

    from sysselsattning.storage.orm import PayRun

    cond = PayRun.organisation_id.is_(None) if organisation_id is None else PayRun.organisation_id == organisation_id
    return s.scalars(select(PayRun).where(PayRun.label == label, cond).order_by(PayRun.id)).first()


def _summary(run, warnings: Sequence[str] = (), extra: dict[str, int] | None = None) -> RunSummary:
    extra = extra or {}
    return RunSummary(
        id=run.id, label=run.label, kind=run.kind, organisation_id=run.organisation_id, status=run.status,
        period_start=run.period_start, period_end=run.period_end, payment_date=run.payment_date,
        participants=run.participant_count, lines=extra.get("lines", 0), gross_ore=run.gross_ore,
        tax_ore=run.tax_ore, employer_fee_ore=run.employer_fee_ore, net_ore=run.net_ore, version=run.version,
        correction_ore=extra.get("correction", 0), cash_ore=extra.get("cash", 0), bank_ore=extra.get("bank", 0),
        computed_at=run.computed_at, approved_by=run.approved_by, approved_at=run.approved_at, paid_at=run.paid_at,
        warnings=tuple(warnings),
    )


def _state_text(run) -> str:
    from sysselsattning.i18n import format_date

    if run.status == "approved":
        return _("Lönekörningen {label} är redan godkänd (av {who}, {when}) och är låst.").format(
            label=run.label, who=run.approved_by or "?", when=format_date(run.approved_at.date()) if run.approved_at else "?")
    if run.status == "paid":
        return _("Lönekörningen {label} är redan utbetald och är låst.").format(label=run.label)
    return _("Lönekörningen {label} är inte godkänd än.").format(label=run.label)


def birth_date_of(canonical: str) -> date:
    """Birth date from a stored 12-digit personnummer (samordningsnummer: day − 60)."""
    c = canonical.replace("-", "")
    day = int(c[6:8])
    return date(int(c[0:4]), int(c[4:6]), day - 60 if day > 60 else day)


def _tax_setting(mode: str, percent_hundredths: int | None, fixed_ore: int | None) -> TaxSetting:
    if mode == "default" and percent_hundredths is not None:
        mode = "percent"  # an own percentage entered on the participant
    pct = Decimal(percent_hundredths) / 100 if percent_hundredths is not None else None
    return TaxSetting(mode=mode, percent=pct, fixed_ore=fixed_ore)


def _chunks(seq: Sequence[Any], n: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def tax_text(reason: str, percent: str, on: date, params) -> str:
    """The tax line in plain words: "Skatt 30 %", "Ingen skatt dras: under 1 000 kr i år" …"""
    from sysselsattning.domain.money import parse_kronor
    from sysselsattning.i18n import format_money
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.domain.problems import Problem

    params_ = {"percent": percent.replace(".", ",") if percent else ""}
    try:
        params_["limit"] = format_money(parse_kronor(params.get("skatt.grans_skatteavdrag_ar", on)), decimals=False)
        params_["payment_limit"] = format_money(parse_kronor(params.get("skatt.grans_enskild_betalning", on)), decimals=False)
    except Exception:  # noqa: BLE001 - missing parameters only make the sentence less specific
        params_.setdefault("limit", "1\xa0000\xa0kr")
        params_.setdefault("payment_limit", "100\xa0kr")
    return problem_text(Problem("tax", f"tax_{reason}", params_))


def _warning_texts(warnings: Iterable[Sequence[Any]], name: str) -> list[str]:
    from sysselsattning.domain.problems import Problem
    from sysselsattning.i18n import format_money
    from sysselsattning.i18n.messages import problem_text

    out = []
    for code, params in warnings:
        shown = {k: (format_money(v, decimals=(k != "limit" or v % 100 != 0)) if k in ("cap", "over", "limit", "net")
                     and isinstance(v, int) else v) for k, v in params.items()}
        shown["name"] = name
        out.append(problem_text(Problem("participant", code, shown)))
    return out


# ------------------------------------------------------------------------------------- computation
def _compute(ctx: AppContext, s, run, period: dp.Period, organisation_id: int | None) -> tuple[list[dp.PayLineResult], dict[int, str], dict[int, str]]:
    """Recompute ``run``'s lines into the session (old lines replaced). Returns lines and names."""
    from sqlalchemy import delete, func, insert, select

    from sysselsattning.storage.orm import Organisation, Participant, PayLine, PayRun, Task, WorkEntry, Worksite

    params = ctx.params()
    org_t = Organisation.__table__
    if organisation_id is None:
        org_rows = s.execute(select(org_t.c.id, org_t.c.name, org_t.c.payment_day).where(org_t.c.pay_frequency == period.kind)).all()
    else:
        org_rows = s.execute(select(org_t.c.id, org_t.c.name, org_t.c.payment_day).where(org_t.c.id == organisation_id)).all()
        if not org_rows:
            raise NotFound(_("Föreningen finns inte."))
    org_names = {r.id: r.name for r in org_rows}
    pay_dates = {r.id: dp.payment_date(period, r.payment_day or 25) for r in org_rows}
    if pay_dates:
        run.payment_date = min(pay_dates.values())

    # Other draft runs of the same kind keep their own period's entries.
    pr = PayRun.__table__
    other_cond = pr.c.organisation_id.is_(None) if organisation_id is None else pr.c.organisation_id == organisation_id
    other_drafts = [(r.period_start, r.period_end) for r in s.execute(
        select(pr.c.period_start, pr.c.period_end).where(pr.c.status == "draft", pr.c.kind == period.kind, other_cond, pr.c.id != run.id))]

    we, ws, tk = WorkEntry.__table__, Worksite.__table__, Task.__table__
    entries: list[dp.PayEntry] = []
    org_ids = list(org_names)
    for chunk in _chunks(org_ids):
        stmt = (
            select(we.c.id, we.c.participant_id, ws.c.organisation_id, ws.c.name.label("ws_name"), tk.c.name.label("task_name"),
                   tk.c.unit, we.c.work_date, we.c.hours_hundredths, we.c.quantity_hundredths, we.c.rate_ore,
                   we.c.amount_ore, we.c.corrects_entry_id, we.c.comment)
            .join(ws, ws.c.id == we.c.worksite_id).join(tk, tk.c.id == we.c.task_id)
            .where(we.c.pay_run_id.is_(None), we.c.work_date < period.end, ws.c.organisation_id.in_(chunk))
        )
        for r in s.execute(stmt):
            d = r.work_date
            if d < period.start and any(a <= d < b for a, b in other_drafts):
                continue
            entries.append(dp.PayEntry(r.id, r.participant_id, r.organisation_id, r.ws_name, r.task_name, r.unit, d,
                                       r.hours_hundredths, r.quantity_hundredths, r.rate_ore, r.amount_ore,
                                       r.corrects_entry_id, r.comment or ""))

    pids = sorted({e.participant_id for e in entries})
    pt = Participant.__table__
    payees: dict[int, dp.Payee] = {}
    names: dict[int, str] = {}
    for chunk in _chunks(pids):
        for r in s.execute(select(pt.c.id, pt.c.personnummer, pt.c.first_name, pt.c.last_name, pt.c.payout_method,
                                  pt.c.tax_mode, pt.c.tax_percent_hundredths, pt.c.tax_fixed_ore,
                                  pt.c.cap_decision_from, pt.c.cap_decision_to).where(pt.c.id.in_(chunk))):
            payees[r.id] = dp.Payee(r.id, birth_date_of(r.personnummer),
                                    _tax_setting(r.tax_mode, r.tax_percent_hundredths, r.tax_fixed_ore),
                                    r.cap_decision_from, r.cap_decision_to, r.payout_method)
            names[r.id] = f"{r.first_name} {r.last_name}".strip()

    # Year-to-date before this run, from approved runs of the same calendar year.
    year = run.payment_date.year
    pl = PayLine.__table__
    prior: dict[tuple[int, int], dp.YearToDate] = {}
    prior_cap: dict[int, int] = defaultdict(int)
    if pids:
        ystmt = (
            select(pl.c.participant_id, pl.c.organisation_id, func.sum(pl.c.gross_ore), func.sum(pl.c.tax_ore),
                   func.sum(pl.c.employer_fee_ore), func.sum(pl.c.employer_fee_base_ore), func.sum(pl.c.net_ore),
                   func.sum(pl.c.cap_shielded_ore))
            .join(pr, pr.c.id == pl.c.pay_run_id)
            .where(pr.c.status.in_(APPROVED), pr.c.id != run.id, pr.c.payment_date >= date(year, 1, 1),
                   pr.c.payment_date < date(year + 1, 1, 1), pr.c.payment_date <= run.payment_date)
            .group_by(pl.c.participant_id, pl.c.organisation_id)
        )
        for pid, oid, g, t, f, fb, n, cap in s.execute(ystmt):
            prior[(pid, oid)] = dp.YearToDate(int(g or 0), int(t or 0), int(f or 0), int(fb or 0), int(n or 0))
            prior_cap[pid] += int(cap or 0)

    lines = dp.compute_run(entries, payees, payment_dates=pay_dates, params=params, prior=prior, prior_cap_used=prior_cap)

    s.execute(delete(pl).where(pl.c.pay_run_id == run.id))
    rows = []
    for line in lines:
        details = {
            "pd": line.payment_date.isoformat(),
            "e": [[e.entry_id, e.work_date.isoformat(), e.worksite, e.task, e.unit, e.hours_hundredths,
                   e.quantity_hundredths, e.rate_ore, e.amount_ore, e.corrects_entry_id, e.comment] for e in line.entries],
            "tp": dp.tax_percent_text(line.withholding),
            "fk": line.fee_rate.kind,
            "cap": line.cap_applies,
            "sh": list(line.cap.shields),
            "w": [[w.code, w.params] for w in line.warnings],
            "est": line.estimate,
            "ecap": line.cap.estimate,  # the participant's own figures (tax, net, cap) rest on an unconfirmed value
        }
        rows.append({
            "pay_run_id": run.id, "participant_id": line.participant_id, "organisation_id": line.organisation_id,
            "gross_ore": line.gross_ore, "correction_ore": line.correction_ore, "tax_ore": line.tax_ore,
            "tax_reason": line.withholding.reason, "employer_fee_ore": line.fee_ore,
            "employer_fee_base_ore": line.fee_base_ore, "employer_fee_rate": f"{line.fee_rate.percent}",
            "net_ore": line.net_ore, "cap_shielded_ore": line.cap_shielded_ore, "ytd_gross_ore": line.ytd.gross_ore,
            "ytd_tax_ore": line.ytd.tax_ore, "ytd_employer_fee_ore": line.ytd.fee_ore, "ytd_net_ore": line.ytd.net_ore,
            "ytd_cap_used_ore": line.ytd_cap_used_ore, "cap_ore": line.cap.cap_ore,
            "payout_method": payees[line.participant_id].payout_method, "slip_number": None,
            "details_json": json.dumps(details, ensure_ascii=False, separators=(",", ":")),
        })
    if rows:
        s.execute(insert(pl), rows)
    t = dp.totals(lines)
    run.gross_ore, run.tax_ore, run.employer_fee_ore, run.net_ore = t.gross_ore, t.tax_ore, t.fee_ore, t.net_ore
    run.participant_count = t.participants
    run.computed_at = _utcnow()
    return lines, names, org_names


def _extra(lines: Sequence[dp.PayLineResult], payout: dict[int, str] | None = None) -> dict[str, int]:
    cash = sum(l.net_ore for l in lines if (payout or {}).get(l.participant_id, "cash") == "cash")
    return {"lines": len(lines), "correction": sum(l.correction_ore for l in lines), "cash": cash,
            "bank": sum(l.net_ore for l in lines) - cash}


def _line_warnings(lines: Sequence[dp.PayLineResult], names: dict[int, str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(_warning_texts(((w.code, w.params) for w in line.warnings), names.get(line.participant_id, "")))
    return out


# --------------------------------------------------------------------------------------- use cases
def compute_run(ctx: AppContext, label: str, organisation_id: int | None = None) -> RunSummary:
    """Compute (or recompute) the draft run of a period. A locked run is refused with StateError."""
    from sysselsattning.storage import audit
    from sysselsattning.storage.orm import PayRun

    require(ctx, "payroll.run", organisation_id=organisation_id)
    ctx.act()
    period = _period(label)
    if period.kind != "month" and organisation_id is None:
        from sysselsattning.domain.problems import Problem, ValidationFailed

        raise ValidationFailed([Problem("organisation", "period_needs_organisation", {"label": label})])
    with ctx.db.unit_of_work() as s:
        _take_payroll_lock(s)
        run = _find_run(s, period.label, organisation_id)
        if run is not None and run.status != "draft":
            raise StateError(_state_text(run))
        if run is None:
            run = PayRun(label=period.label, kind=period.kind, organisation_id=organisation_id,
                         period_start=period.start, period_end=period.end,
                         payment_date=dp.payment_date(period), status="draft")
            s.add(run)
            s.flush()
        lines, names, _orgs = _compute(ctx, s, run, period, organisation_id)
        s.flush()
        payout = {l.participant_id: "cash" for l in lines}
        payout.update(_payouts(s, [l.participant_id for l in lines]))
        audit.record(s, "compute", "pay_runs", run.id,
                     detail=f"{run.label}: {len(lines)} rader, brutto {run.gross_ore} öre, skatt {run.tax_ore}, avgifter {run.employer_fee_ore}")
        return _summary(run, _line_warnings(lines, names), _extra(lines, payout))


def _payouts(s, pids: Sequence[int]) -> dict[int, str]:
    from sqlalchemy import select

    from sysselsattning.storage.orm import Participant

    out: dict[int, str] = {}
    for chunk in _chunks(sorted(set(pids))):
        out.update(dict(s.execute(select(Participant.id, Participant.payout_method).where(Participant.id.in_(chunk))).all()))
    return out


def approve_run(ctx: AppContext, label: str, organisation_id: int | None = None, *,
                expected_version: int | None = None) -> RunSummary:
    """Approve and lock a draft run (one transaction). Approving a locked run raises StateError.

    Args:
        expected_version: the run version the user saw and confirmed; when the draft was recomputed since,
            ConflictError is raised and nothing changes.
    """
    from sqlalchemy import bindparam, update

    from sysselsattning.storage import audit
    from sysselsattning.storage.counters import next_number
    from sysselsattning.storage.orm import Counter, PayLine, WorkEntry

    require(ctx, "payroll.approve", organisation_id=organisation_id)
    ctx.act()
    period = _period(label)
    with ctx.db.unit_of_work() as s:
        _take_payroll_lock(s)
        run = _find_run(s, period.label, organisation_id)
        if run is None:
            raise NotFound(_("Det finns ingen lönekörning för {label}. Beräkna den först.").format(label=period.label))
        if run.status != "draft":
            raise StateError(_state_text(run))
        before = (run.gross_ore, run.tax_ore, run.employer_fee_ore, run.net_ore, run.participant_count)
        if expected_version is not None and run.version != expected_version:
            raise ConflictError(_("Lönekörningen {label} har räknats om sedan du granskade den. Granska summorna och godkänn igen.").format(label=run.label))
        lines, names, _orgs = _compute(ctx, s, run, period, organisation_id)
        after = (run.gross_ore, run.tax_ore, run.employer_fee_ore, run.net_ore, run.participant_count)
        if expected_version is not None and before != after:
            raise ConflictError(_("Underlaget för {label} har ändrats sedan beräkningen (nya eller ändrade tidrader). Beräkna igen, granska och godkänn.").format(label=run.label))
        s.flush()
        # Gap-free slip numbers for the run's lines, in participant order, taken in this transaction.
        pl = PayLine.__table__
        from sqlalchemy import select

        line_ids = [r[0] for r in s.execute(select(pl.c.id).where(pl.c.pay_run_id == run.id).order_by(pl.c.participant_id, pl.c.organisation_id))]
        if line_ids:
            first = next_number(s, "slip")
            if len(line_ids) > 1:
                ct = Counter.__table__
                s.execute(update(ct).where(ct.c.name == "slip").values(value=ct.c.value + (len(line_ids) - 1)))
            lo, hi = min(line_ids), max(line_ids)
            if line_ids == list(range(lo, hi + 1)):
                # The lines were inserted in participant order under the payroll lock, so their ids are one
                # unbroken series: number them in one statement.
                s.execute(update(pl).where(pl.c.pay_run_id == run.id).values(slip_number=pl.c.id - lo + first))
            else:
                s.execute(update(pl).where(pl.c.id == bindparam("lid")).values(slip_number=bindparam("num")),
                          [{"lid": lid, "num": first + i} for i, lid in enumerate(line_ids)])
        entry_ids = [e.entry_id for l in lines for e in l.entries]
        we = WorkEntry.__table__
        for chunk in _chunks(entry_ids):
            s.execute(update(we).where(we.c.id.in_(chunk), we.c.pay_run_id.is_(None))
                      .values(pay_run_id=run.id, version=we.c.version + 1))
        run.status = "approved"
        run.approved_by = ctx.username
        run.approved_at = _utcnow()
        s.flush()
        audit.record(s, "approve", "pay_runs", run.id,
                     detail=f"{run.label} godkänd: {len(lines)} rader, {len(entry_ids)} tidrader, brutto {run.gross_ore} öre, netto {run.net_ore} öre",
                     after={"status": "approved", "gross_ore": run.gross_ore, "tax_ore": run.tax_ore,
                            "employer_fee_ore": run.employer_fee_ore, "net_ore": run.net_ore})
        payout = _payouts(s, [l.participant_id for l in lines])
        return _summary(run, _line_warnings(lines, names), _extra(lines, payout))


def mark_paid(ctx: AppContext, label: str, organisation_id: int | None = None) -> RunSummary:
    """Approved → paid. A draft or an already paid run raises StateError."""
    from sysselsattning.storage import audit

    require(ctx, "payroll.pay", organisation_id=organisation_id)
    ctx.act()
    period = _period(label)
    with ctx.db.unit_of_work() as s:
        _take_payroll_lock(s)
        run = _find_run(s, period.label, organisation_id)
        if run is None:
            raise NotFound(_("Det finns ingen lönekörning för {label}.").format(label=period.label))
        if run.status != "approved":
            raise StateError(_state_text(run) if run.status == "paid" else
                             _("Lönekörningen {label} måste godkännas innan den kan markeras som utbetald.").format(label=run.label))
        run.status = "paid"
        run.paid_at = _utcnow()
        s.flush()
        audit.record(s, "pay", "pay_runs", run.id, detail=f"{run.label} utbetald")
        return _summary(run)


def list_runs(ctx: AppContext) -> list[RunSummary]:
    """All runs, oldest period first."""
    from sqlalchemy import case, func, select

    from sysselsattning.storage.orm import AuditEntry, PayLine, PayRun

    require(ctx, "payroll.read")
    pl = PayLine.__table__
    with ctx.db.read() as s:
        runs = s.scalars(select(PayRun).order_by(PayRun.period_start, PayRun.label, PayRun.id)).all()
        extra: dict[int, dict[str, int]] = {}
        for rid, n, corr, cash, net in s.execute(
            select(pl.c.pay_run_id, func.count(), func.sum(pl.c.correction_ore),
                   func.sum(case((pl.c.payout_method == "cash", pl.c.net_ore), else_=0)), func.sum(pl.c.net_ore))
            .group_by(pl.c.pay_run_id)
        ):
            extra[rid] = {"lines": int(n), "correction": int(corr or 0), "cash": int(cash or 0), "bank": int(net or 0) - int(cash or 0)}
        last_change = s.scalar(select(AuditEntry.at).where(AuditEntry.table_name == "work_entries")
                               .order_by(AuditEntry.at.desc()).limit(1))
        out = []
        for r in runs:
            summary = _summary(r, (), extra.get(r.id))
            if r.status == "draft" and (r.computed_at is None or (last_change is not None and last_change > r.computed_at)):
                summary = replace(summary, stale=True)
            out.append(summary)
        return out


def get_run(ctx: AppContext, label: str, organisation_id: int | None = None) -> RunSummary:
    for r in list_runs(ctx):
        if r.label == label and r.organisation_id == organisation_id:
            return r
    raise NotFound(_("Det finns ingen lönekörning för {label}.").format(label=label))


def run_lines(ctx: AppContext, label: str, organisation_id: int | None = None) -> list[LineRow]:
    """The run's lines, one per participant and association (a coordinator sees their associations only)."""
    from sqlalchemy import select

    from sysselsattning.domain.personnummer import format_pnr, mask
    from sysselsattning.storage.orm import Organisation, Participant, PayLine

    require(ctx, "payroll.read", organisation_id=organisation_id)
    full = sees_full_pnr(ctx)
    params = ctx.params()
    with ctx.db.read() as s:
        run = _find_run(s, label, organisation_id)
        if run is None:
            raise NotFound(_("Det finns ingen lönekörning för {label}.").format(label=label))
        pl, pt, ot = PayLine.__table__, Participant.__table__, Organisation.__table__
        stmt = (select(pl, pt.c.first_name, pt.c.last_name, pt.c.personnummer, ot.c.name.label("org_name"))
                .join(pt, pt.c.id == pl.c.participant_id).join(ot, ot.c.id == pl.c.organisation_id)
                .where(pl.c.pay_run_id == run.id).order_by(pt.c.last_name, pt.c.first_name, pl.c.organisation_id))
        if ctx.role == "samordnare" and ctx.organisation_ids is not None:
            stmt = stmt.where(pl.c.organisation_id.in_(sorted(ctx.organisation_ids)))
        out = []
        texts: dict[tuple[str, str, date], str] = {}
        for r in s.execute(stmt):
            d = json.loads(r.details_json or "{}")
            pd = date.fromisoformat(d["pd"]) if d.get("pd") else run.payment_date
            key = (r.tax_reason, d.get("tp", ""), pd)
            if key not in texts:
                texts[key] = tax_text(r.tax_reason, d.get("tp", ""), pd, params)
            name = f"{r.first_name} {r.last_name}".strip()
            out.append(LineRow(
                id=r.id, participant_id=r.participant_id, name=name,
                pnr_display=format_pnr(r.personnummer) if full else mask(r.personnummer),
                organisation_id=r.organisation_id, organisation_name=r.org_name, gross_ore=r.gross_ore,
                correction_ore=r.correction_ore, tax_ore=r.tax_ore, tax_reason=r.tax_reason, tax_text=texts[key],
                employer_fee_ore=r.employer_fee_ore, employer_fee_base_ore=r.employer_fee_base_ore,
                employer_fee_rate=r.employer_fee_rate, net_ore=r.net_ore, cap_shielded_ore=r.cap_shielded_ore,
                cap_ore=r.cap_ore, ytd_gross_ore=r.ytd_gross_ore, ytd_tax_ore=r.ytd_tax_ore,
                ytd_employer_fee_ore=r.ytd_employer_fee_ore, ytd_net_ore=r.ytd_net_ore,
                ytd_cap_used_ore=r.ytd_cap_used_ore, payout_method=r.payout_method, slip_number=r.slip_number,
                entries=len(d.get("e", [])), payment_date=pd, cap_applies=bool(d.get("cap")),
                warnings=tuple(_warning_texts([w for w in d.get("w", []) if w[0] != "pay_estimate"], name)),
                estimate=bool(d.get("est")),
            ))
        return out


def year_to_date(ctx: AppContext, participant_id: int, year: int) -> YtdRow:
    """Gross, tax, charges, net and cap used in ``year`` from approved and paid runs (all associations)."""
    from sqlalchemy import func, select

    from sysselsattning.storage.orm import Participant, PayLine, PayRun

    require(ctx, "payroll.read") if ctx.role != "handlaggare" else require(ctx, "participants.read")
    params = ctx.params()
    pl, pr = PayLine.__table__, PayRun.__table__
    with ctx.db.read() as s:
        p = s.get(Participant, participant_id)
        if p is None:
            raise NotFound(_("Deltagaren finns inte."))
        row = s.execute(
            select(func.coalesce(func.sum(pl.c.gross_ore), 0), func.coalesce(func.sum(pl.c.tax_ore), 0),
                   func.coalesce(func.sum(pl.c.employer_fee_ore), 0), func.coalesce(func.sum(pl.c.net_ore), 0),
                   func.coalesce(func.sum(pl.c.cap_shielded_ore), 0), func.count())
            .join(pr, pr.c.id == pl.c.pay_run_id)
            .where(pl.c.participant_id == participant_id, pr.c.status.in_(APPROVED),
                   pr.c.payment_date >= date(year, 1, 1), pr.c.payment_date < date(year + 1, 1, 1))
        ).one()
        on = min(max(ctx.now_date(), date(year, 1, 1)), date(year, 12, 31))
        cap = dp.CapPolicy.from_params(params, on)
        payee = dp.Payee(p.id, birth_date_of(p.personnummer), cap_decision_from=p.cap_decision_from,
                         cap_decision_to=p.cap_decision_to)
        return YtdRow(participant_id, year, int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]),
                      cap.cap_ore, cap.applies(payee, on), int(row[5]))


def slip_data(ctx: AppContext, label: str, participant_id: int | None = None,
              organisation_id: int | None = None) -> list[PayslipData]:
    """Everything the pay slip PDF shows, one item per participant and association (sorted by slip number)."""
    from sqlalchemy import select

    from sysselsattning.domain.personnummer import mask
    from sysselsattning.i18n import format_month
    from sysselsattning.reports.payslip import PayslipData, SlipLine
    from sysselsattning.storage.orm import Organisation, Participant, PayLine

    require(ctx, "slips", organisation_id=organisation_id)
    params = ctx.params()
    with ctx.db.read() as s:
        run = _find_run(s, label, organisation_id)
        if run is None:
            raise NotFound(_("Det finns ingen lönekörning för {label}.").format(label=label))
        pl, pt, ot = PayLine.__table__, Participant.__table__, Organisation.__table__
        stmt = (select(pl, pt.c.first_name, pt.c.last_name, pt.c.personnummer, pt.c.address, pt.c.postal_code,
                       pt.c.city, pt.c.clearing, pt.c.account, ot.c.name.label("org_name"), ot.c.orgnr,
                       ot.c.address.label("org_address"), ot.c.postal_code.label("org_postal"), ot.c.city.label("org_city"))
                .join(pt, pt.c.id == pl.c.participant_id).join(ot, ot.c.id == pl.c.organisation_id)
                .where(pl.c.pay_run_id == run.id)
                .order_by(pl.c.slip_number, pt.c.last_name, pt.c.first_name, pl.c.organisation_id))
        if participant_id is not None:
            stmt = stmt.where(pl.c.participant_id == participant_id)
        if ctx.role == "samordnare" and ctx.organisation_ids is not None:
            stmt = stmt.where(pl.c.organisation_id.in_(sorted(ctx.organisation_ids)))
        period_text = format_month(run.period_start) if run.kind == "month" else run.label
        texts: dict[tuple[str, str, date], str] = {}
        out = []
        for r in s.execute(stmt):
            d = json.loads(r.details_json or "{}")
            pd = date.fromisoformat(d["pd"]) if d.get("pd") else run.payment_date
            key = (r.tax_reason, d.get("tp", ""), pd)
            if key not in texts:
                texts[key] = tax_text(r.tax_reason, d.get("tp", ""), pd, params)
            lines = tuple(
                SlipLine(work_date=date.fromisoformat(e[1]), worksite=e[2], task=e[3], unit=e[4],
                         quantity_hundredths=(e[5] if e[5] is not None else e[6]) or 0, rate_ore=e[7], amount_ore=e[8],
                         is_correction=e[9] is not None, comment=e[10] if len(e) > 10 else "")
                for e in d.get("e", [])
            )
            if r.payout_method == "bank":
                acct = (r.account or "").replace(" ", "")
                payout = _("Till bankkonto {clearing}-{account}").format(
                    clearing=r.clearing or "****", account=("****" + acct[-4:]) if acct else "****")
            else:
                payout = _("Kontant")
            out.append(PayslipData(
                slip_number=r.slip_number, organisation_name=r.org_name, organisation_orgnr=r.orgnr,
                organisation_address=" ".join(x for x in (r.org_address, f"{r.org_postal} {r.org_city}".strip()) if x),
                participant_name=f"{r.first_name} {r.last_name}".strip(), participant_pnr=mask(r.personnummer),
                participant_address=tuple(x for x in (r.address, f"{r.postal_code} {r.city}".strip()) if x),
                period_text=period_text, payment_date=pd, lines=lines, gross_ore=r.gross_ore,
                correction_ore=r.correction_ore, tax_ore=r.tax_ore, tax_text=texts[key], net_ore=r.net_ore,
                payout_method=r.payout_method, payout_text=payout, ytd_gross_ore=r.ytd_gross_ore,
                ytd_tax_ore=r.ytd_tax_ore, ytd_net_ore=r.ytd_net_ore, cap_applies=bool(d.get("cap")),
                cap_ore=r.cap_ore, cap_used_ore=r.ytd_cap_used_ore, cap_shields=tuple(d.get("sh", ())),
                draft=run.status == "draft", estimate=bool(d.get("ecap")), year=pd.year,
            ))
        return out


def cash_list_data(ctx: AppContext, label: str, organisation_id: int | None = None) -> CashListData:
    """Participants paid in cash in a run, per association, with their net amounts."""
    from sysselsattning.i18n import format_month
    from sysselsattning.reports.cash_list import CashListData, CashRow

    require(ctx, "slips", organisation_id=organisation_id)
    lines = [l for l in run_lines(ctx, label, organisation_id) if l.payout_method == "cash"]
    with ctx.db.read() as s:
        run = _find_run(s, label, organisation_id)
        assert run is not None
        period_text = format_month(run.period_start) if run.kind == "month" else run.label
        status = run.status
        pay_date = run.payment_date
    rows = tuple(CashRow(organisation_name=l.organisation_name, name=l.name, pnr=l.pnr_display[:8] + "-****",
                         net_ore=l.net_ore, slip_number=l.slip_number, payment_date=l.payment_date)
                 for l in sorted(lines, key=lambda l: (l.organisation_name, l.name)))
    return CashListData(period_text=period_text, payment_date=pay_date, rows=rows, draft=status == "draft")


__all__ = [
    "RunSummary", "LineRow", "YtdRow", "compute_run", "approve_run", "mark_paid", "list_runs", "get_run",
    "run_lines", "year_to_date", "slip_data", "cash_list_data", "tax_text", "birth_date_of",
]
