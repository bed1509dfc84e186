"""Pay runs: compute (draft) → approve (immutable) → mark paid; year-to-date; pay slip data.

Use cases, one transaction each (design.md §3, §5; rules in :mod:`sysselsattning.domain.payroll`):

- :func:`compute_run` builds or rebuilds the *draft* run of a period. A monthly label (``2026-03``) is ONE
  programme-wide run (``organisation_id`` NULL) for every association paying monthly; weekly (``2026-W12``) and
  per-occasion (``2026-03-14``) runs belong to one association (``organisation_id`` required).
  The run takes every work entry of its associations that no approved run holds yet and that is dated before
  the period's end — entries of the period itself, and late entries and corrections (``corrects_entry_id``) of
  earlier, already approved periods. Entries of a period that has its own *draft* run stay with that run.
- :func:`approve_run` re-reads the basis inside its transaction and compares its fingerprint with the draft's
  (stored in the ``compute`` audit row): unchanged → the computed lines are approved as they are, changed → the
  run is recomputed first (so the approved lines always match the entries at that moment). It numbers the slips
  gap-free, links the entries (``work_entries.pay_run_id``, one UPDATE, then checked against the basis) and
  locks the run. Passing ``expected_version`` (what the user confirmed) refuses the approval when the draft
  changed since. After the commit an automatic SQLite backup is taken (``storage.backup``, reason
  ``godkannande``); a failed backup is a warning in the summary, never a failed approval.
- :func:`mark_paid` marks an approved run as paid.

Concurrency: every writing use case first takes the ``payroll`` counter row (an ``UPDATE … RETURNING`` —
PostgreSQL's row lock, SQLite's database write lock), so two workstations computing or approving at the same
time run one after the other; the second then sees the first's result (READ COMMITTED re-reads; SQLite starts
its snapshot only after the lock) and gets a clear :class:`~sysselsattning.services.errors.StateError`
("redan godkänd") instead of a second approval. ``pay_runs.version`` (optimistic locking) additionally
protects the ORM update of the run row.

Year-to-date (gross, tax, charges, net, cap used) is derived from approved and paid runs only: the cap ledger.
Speed (benchmarks/run.py ``payroll_run``): the entries are never loaded one by one. The basis is a few grouped
queries (entries summed per participant and association with the participants' tax/cap facts, year-to-date per
participant and association from the year's approved runs); the domain computes from the sums
(:func:`sysselsattning.domain.payroll.compute_groups`); the lines are one executemany. The entry lines a slip
shows are read from ``work_entries`` when the slip is made. Draft lines are derived data; the audit log gets one
explicit row per computation (totals, counts, basis fingerprint), approval and payment (the entries' link to
the run is a bulk update, recorded in that row).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

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

        return {
            "period": self.label,
            "status": self.status,
            "participants": self.participants,
            "gross": ore_to_str(self.gross_ore),
            "tax": ore_to_str(self.tax_ore),
            "employer_fees": ore_to_str(self.employer_fee_ore),
            "net": ore_to_str(self.net_ore),
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


def _state_text(run) -> str:
    from sysselsattning.i18n import format_date

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
        yield seq[i : i + n]


def tax_text(reason: str, percent: str, on: date, params) -> str:
    """The tax line in plain words: "Skatt 30 %", "Ingen skatt dras: under 1 000 kr i år" …"""
    from sysselsattning.domain.money import parse_kronor
    from sysselsattning.i18n import format_money
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.domain.problems import Problem

    params_ = {"percent": percent.replace(".", ",") if percent else ""}
    try:
        params_["limit"] = format_money(parse_kronor(params.get("skatt.grans_skatteavdrag_ar", on)), decimals=False)
        params_["payment_limit"] = format_money(
            parse_kronor(params.get("skatt.grans_enskild_betalning", on)), decimals=False
        )
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


# ------------------------------------------------------------------------------------- computation
@dataclass(slots=True)
class _Basis:
    """Everything a run's pay is computed from, read in a handful of grouped queries (no per-entry objects).

    ``fingerprint`` hashes all of it (entry ids and versions per participant and association, the sums, the
    participants' tax/cap/payout facts, the year-to-date before the run, the payment dates and the payroll
    parameters in force): equal fingerprints mean the computation would give exactly the same lines.
    """

    org_names: dict[int, str]
    pay_dates: dict[int, date]
    other_drafts: list[tuple[date, date]]
    groups: list[dp.PayGroup]
    payees: dict[int, dp.Payee]
    names: dict[int, str]
    prior: dict[tuple[int, int], dp.YearToDate]
    prior_cap: dict[int, int]
    entries: int  # work entries in the run
    checksum: tuple[int, int, int]  # (count, Σ id, Σ id × version) of those entries
    fingerprint: str


_PARAM_FILES = ("skatt.", "arbetsgivaravgifter.", "frikort.")  # what domain.payroll (tax, charges, cap) reads
_param_digests: dict[int, tuple[Any, dict[date, str]]] = {}


def _params_digest(params, on: date) -> str:
    """A digest of the payroll parameters in force on ``on`` (cached per parameter set object)."""
    import hashlib

    held = _param_digests.get(id(params))
    if held is None or held[0] is not params:
        if len(_param_digests) > 32:
            _param_digests.clear()
        held = _param_digests[id(params)] = (params, {})
    digest = held[1].get(on)
    if digest is None:
        parts = []
        for key in sorted(k for k in params.keys() if k.startswith(_PARAM_FILES)):
            try:
                e = params.entry(key, on)
                parts.append(f"{key}={e.value!r}|{e.status}")
            except LookupError:
                parts.append(f"{key}=-")
        digest = held[1][on] = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return digest


_statements: dict[tuple[Any, ...], tuple[Any, str | None, tuple[str, ...], dict[str, Any]]] = {}


def _fetch(s, key: tuple[Any, ...], build, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Rows of the read statement ``build()`` (built once per ``key``, the statement's shape) with ``params``.

    The pay run's few grouped queries are the same statement every time with other values. On SQLite the
    statement is compiled once and its rows come straight from the driver (dates as ISO text: read them with
    :func:`_as_date`): SQLAlchemy's per-execution cache-key walk and result processing cost more than these
    queries themselves. Other databases execute the cached statement object the ordinary way.
    """
    conn = s.connection()
    dialect = conn.dialect
    ck = (dialect.name, *key)
    entry = _statements.get(ck)
    if entry is None:
        stmt = build()
        if dialect.name == "sqlite" and dialect.positional:
            compiled = stmt.compile(dialect=dialect)
            entry = (stmt, compiled.string, tuple(compiled.positiontup or ()), dict(compiled.params))
        else:
            entry = (stmt, None, (), {})
        _statements[ck] = entry
    stmt, sql, order, defaults = entry
    if sql is None:
        return [tuple(r) for r in s.execute(stmt, params)]
    args = []
    for name in order:
        v = params[name] if name in params else defaults[name]
        args.append(v.isoformat() if isinstance(v, date) else v)
    return conn.exec_driver_sql(sql, tuple(args)).fetchall()


def _as_date(v: Any) -> date | None:
    return v if v is None or isinstance(v, date) else date.fromisoformat(str(v)[:10])


def _selection_params(
    period: dp.Period, org_ids: Sequence[int], other_drafts: Sequence[tuple[date, date]]
) -> dict[str, Any]:
    """The bound values of :func:`_selection`'s conditions (``end``, ``o0``…, ``da0``/``db0``…)."""
    params: dict[str, Any] = {"end": period.end}
    for i, oid in enumerate(org_ids):
        params[f"o{i}"] = oid
    i = 0
    for a, b in other_drafts:
        if a < period.start:
            params[f"da{i}"], params[f"db{i}"] = a, min(b, period.start)
            i += 1
    return params


def _selection(
    period: dp.Period, org_ids: Sequence[int], other_drafts: Sequence[tuple[date, date]], *, joined: bool = True
) -> tuple[list[Any], dict[str, Any]]:
    """WHERE conditions (and their bound values) for the work entries a draft run of ``period`` takes: entries
    of its associations that no approved run holds, dated before the period's end, except earlier periods that
    have their own draft.

    ``joined``: the statement joins ``worksites`` (else the association is matched through a sub-select, for
    the UPDATE that links the entries at approval). Values are named bind parameters (see
    :func:`_selection_params`) so that one statement serves every run of the same shape."""
    from sqlalchemy import and_, bindparam, not_, select

    from sysselsattning.storage.orm import WorkEntry, Worksite

    we, ws = WorkEntry.__table__, Worksite.__table__
    params = _selection_params(period, org_ids, other_drafts)
    orgs = [bindparam(f"o{i}", oid) for i, oid in enumerate(org_ids)]
    org_cond = (
        ws.c.organisation_id.in_(orgs)
        if joined
        else we.c.worksite_id.in_(select(ws.c.id).where(ws.c.organisation_id.in_(orgs)).scalar_subquery())
    )
    conds = [we.c.pay_run_id.is_(None), we.c.work_date < bindparam("end", period.end), org_cond]
    i = 0
    while f"da{i}" in params:
        conds.append(
            not_(
                and_(
                    we.c.work_date >= bindparam(f"da{i}", params[f"da{i}"]),
                    we.c.work_date < bindparam(f"db{i}", params[f"db{i}"]),
                )
            )
        )
        i += 1
    return conds, params


def _scope(
    s, run, period: dp.Period, organisation_id: int | None
) -> tuple[dict[int, str], dict[int, date], list[tuple[date, date]]]:
    """The run's associations (names, payment dates) and the other drafts of the same kind."""
    from sqlalchemy import bindparam, select

    from sysselsattning.storage.orm import Organisation, PayRun

    org_t, pr = Organisation.__table__, PayRun.__table__
    cols = (org_t.c.id, org_t.c.name, org_t.c.payment_day)
    if organisation_id is None:
        org_rows = _fetch(
            s,
            ("orgs_of_kind",),
            lambda: select(*cols).where(org_t.c.pay_frequency == bindparam("kind")).order_by(org_t.c.id),
            {"kind": period.kind},
        )
    else:
        org_rows = _fetch(
            s, ("org",), lambda: select(*cols).where(org_t.c.id == bindparam("org")), {"org": organisation_id}
        )
        if not org_rows:
            raise NotFound(_("Föreningen finns inte."))
    org_names = {oid: name for oid, name, _day in org_rows}
    pay_dates = {oid: dp.payment_date(period, day or 25) for oid, _name, day in org_rows}

    def drafts():
        own = pr.c.organisation_id.is_(None) if organisation_id is None else pr.c.organisation_id == bindparam("org")
        return select(pr.c.period_start, pr.c.period_end).where(
            pr.c.status == "draft", pr.c.kind == bindparam("kind"), own, pr.c.id != bindparam("run_id")
        )

    rows = _fetch(
        s,
        ("other_drafts", organisation_id is None),
        drafts,
        {"kind": period.kind, "org": organisation_id, "run_id": run.id},
    )
    other_drafts = sorted((_as_date(a), _as_date(b)) for a, b in rows)
    return org_names, pay_dates, other_drafts  # type: ignore[return-value]


def _read_basis(ctx: AppContext, s, run, period: dp.Period, organisation_id: int | None) -> _Basis:
    """Read the basis of ``run`` in a few grouped queries (associations, entries × participants, year-to-date)."""
    import hashlib

    from sqlalchemy import bindparam, case, func, or_, select

    from sysselsattning.storage.orm import Participant, PayLine, PayRun, WorkEntry, Worksite

    org_names, pay_dates, other_drafts = _scope(s, run, period, organisation_id)
    payment = min(pay_dates.values()) if pay_dates else run.payment_date
    we, ws, pt = WorkEntry.__table__, Worksite.__table__, Participant.__table__
    groups: list[dp.PayGroup] = []
    payees: dict[int, dp.Payee] = {}
    names: dict[int, str] = {}
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((run.label, run.kind, organisation_id, sorted(pay_dates.items()), other_drafts)).encode())
    n_entries = sum_id = sum_idv = 0
    if org_names:
        params = _selection_params(period, list(org_names), other_drafts)
        n_drafts = sum(1 for k in params if k.startswith("da"))

        def grouped():
            conds, _values = _selection(period, list(org_names), other_drafts, joined=False)
            # Sum per participant and worksite straight off the entries (no joins per entry), then per
            # association with the participant's facts joined to the few summed rows.
            g = (
                select(
                    we.c.participant_id.label("pid"),
                    we.c.worksite_id.label("wsid"),
                    func.sum(we.c.amount_ore).label("gross"),
                    func.sum(case((we.c.corrects_entry_id.is_not(None), we.c.amount_ore), else_=0)).label("corr"),
                    func.count().label("n"),
                    func.sum(we.c.id).label("sid"),
                    func.sum(we.c.id * we.c.version).label("sidv"),
                )
                .where(*conds)
                .group_by(we.c.participant_id, we.c.worksite_id)
                .subquery("g")
            )
            return (
                select(
                    pt.c.id,
                    ws.c.organisation_id,
                    func.sum(g.c.gross),
                    func.sum(g.c.corr),
                    func.sum(g.c.n),
                    func.sum(g.c.sid),
                    func.sum(g.c.sidv),
                    pt.c.personnummer,
                    pt.c.first_name,
                    pt.c.last_name,
                    pt.c.payout_method,
                    pt.c.tax_mode,
                    pt.c.tax_percent_hundredths,
                    pt.c.tax_fixed_ore,
                    pt.c.cap_decision_from,
                    pt.c.cap_decision_to,
                )
                .select_from(g.join(ws, ws.c.id == g.c.wsid).join(pt, pt.c.id == g.c.pid))
                .group_by(pt.c.id, ws.c.organisation_id)
                .order_by(pt.c.id, ws.c.organisation_id)
            )

        rows = _fetch(s, ("basis", len(org_names), n_drafts), grouped, params)
        tax_settings: dict[tuple[Any, ...], Any] = {}
        facts = []
        for pid, oid, gross, corr, n, sid, sidv, pnr, first, last, payout, mode, pct, fixed, cap_from, cap_to in rows:
            gross, corr, n = int(gross or 0), int(corr or 0), int(n)
            groups.append(dp.PayGroup(pid, oid, gross, corr, n))
            n_entries += n
            sum_id += int(sid or 0)
            sum_idv += int(sidv or 0)
            facts.append((pid, oid, gross, corr, n, int(sid or 0), int(sidv or 0)))
            if pid not in payees:
                tkey = (mode, pct, fixed)
                tax = tax_settings.get(tkey)
                if tax is None:
                    tax = tax_settings[tkey] = _tax_setting(mode, pct, fixed)
                cap_from, cap_to = _as_date(cap_from), _as_date(cap_to)
                payees[pid] = dp.Payee(pid, birth_date_of(pnr), tax, cap_from, cap_to, payout)
                names[pid] = f"{first} {last}".strip()
                facts.append((pnr, payout, mode, pct, fixed, cap_from, cap_to))
        h.update(repr(facts).encode())

    # Year-to-date before this run, from approved runs of the same calendar year: the year's approved runs
    # first (few), then their lines through the (pay_run_id, …) index, summed per participant and association.
    year = payment.year
    pl, pr = PayLine.__table__, PayRun.__table__
    prior: dict[tuple[int, int], dp.YearToDate] = {}
    prior_cap: dict[int, int] = defaultdict(int)
    if payees:

        def ytd():
            runs = select(pr.c.id).where(
                or_(*(pr.c.status == st for st in APPROVED)),
                pr.c.id != bindparam("run_id"),
                pr.c.payment_date >= bindparam("y0"),
                pr.c.payment_date < bindparam("y1"),
                pr.c.payment_date <= bindparam("paid_by"),
            )
            return (
                select(
                    pl.c.participant_id,
                    pl.c.organisation_id,
                    func.sum(pl.c.gross_ore),
                    func.sum(pl.c.tax_ore),
                    func.sum(pl.c.employer_fee_ore),
                    func.sum(pl.c.employer_fee_base_ore),
                    func.sum(pl.c.net_ore),
                    func.sum(pl.c.cap_shielded_ore),
                )
                .where(pl.c.pay_run_id.in_(runs))
                .group_by(pl.c.participant_id, pl.c.organisation_id)
                .order_by(pl.c.participant_id, pl.c.organisation_id)
            )

        yrows = _fetch(
            s, ("ytd",), ytd, {"run_id": run.id, "y0": date(year, 1, 1), "y1": date(year + 1, 1, 1), "paid_by": payment}
        )
        kept = []
        for pid, oid, g, t, f, fb, n, cap in yrows:
            if pid in payees:
                y = (int(g or 0), int(t or 0), int(f or 0), int(fb or 0), int(n or 0))
                prior[(pid, oid)] = dp.YearToDate(*y)
                prior_cap[pid] += int(cap or 0)
                kept.append((pid, oid, *y, int(cap or 0)))
        h.update(repr(kept).encode())
    params_set = ctx.params()
    for on in sorted(set(pay_dates.values())):
        h.update(_params_digest(params_set, on).encode())
    return _Basis(
        org_names,
        pay_dates,
        other_drafts,
        groups,
        payees,
        names,
        prior,
        dict(prior_cap),
        n_entries,
        (n_entries, sum_id, sum_idv),
        h.hexdigest(),
    )


def _compute_lines(ctx: AppContext, basis: _Basis) -> list[dp.PayLineResult]:
    return dp.compute_groups(
        basis.groups,
        basis.payees,
        payment_dates=basis.pay_dates,
        params=dp.ResolvedParams(ctx.params()),
        prior=basis.prior,
        prior_cap_used=basis.prior_cap,
    )


_LINE_COLUMNS = (
    "pay_run_id",
    "participant_id",
    "organisation_id",
    "gross_ore",
    "correction_ore",
    "tax_ore",
    "tax_reason",
    "employer_fee_ore",
    "employer_fee_base_ore",
    "employer_fee_rate",
    "net_ore",
    "cap_shielded_ore",
    "ytd_gross_ore",
    "ytd_tax_ore",
    "ytd_employer_fee_ore",
    "ytd_net_ore",
    "ytd_cap_used_ore",
    "cap_ore",
    "payout_method",
    "slip_number",
    "details_json",
)


def _write_lines(s, run, basis: _Basis, lines: Sequence[dp.PayLineResult]) -> None:
    """Replace ``run``'s lines (one Core DELETE and one executemany INSERT; derived data, audited as a whole
    by the run's ``compute`` row) and set the run's totals."""
    from sqlalchemy import delete

    from sysselsattning.storage.orm import PayLine

    pl = PayLine.__table__
    s.execute(delete(pl).where(pl.c.pay_run_id == run.id))
    rows = []
    plain: dict[tuple[Any, ...], str] = {}  # lines without warnings share their details text
    dumps = json.dumps
    for line in lines:
        w = line.withholding
        key = (
            line.payment_date,
            w.percent,
            line.fee_rate.kind,
            line.cap_applies,
            line.cap.shields,
            line.estimate,
            line.cap.estimate,
            line.entry_count,
        )
        details = plain.get(key) if not line.warnings else None
        if details is None:
            details = dumps(
                {
                    "pd": line.payment_date.isoformat(),
                    "n": line.entry_count,  # the entry lines are read from work_entries when a slip is made
                    "tp": dp.tax_percent_text(w),
                    "fk": line.fee_rate.kind,
                    "cap": line.cap_applies,
                    "sh": list(line.cap.shields),
                    "w": [[x.code, x.params] for x in line.warnings],
                    "est": line.estimate,
                    "ecap": line.cap.estimate,  # the participant's own figures (tax, net, cap) rest on an unconfirmed value
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            if not line.warnings:
                plain[key] = details
        ytd = line.ytd
        rows.append(
            (  # in the order of _LINE_COLUMNS
                run.id,
                line.participant_id,
                line.organisation_id,
                line.gross_ore,
                line.correction_ore,
                int(w.tax_ore),
                w.reason,
                line.fee_ore,
                line.fee_base_ore,
                f"{line.fee_rate.percent}",
                line.net_ore,
                line.cap_shielded_ore,
                ytd.gross_ore,
                ytd.tax_ore,
                ytd.fee_ore,
                ytd.net_ore,
                line.ytd_cap_used_ore,
                line.cap.cap_ore,
                basis.payees[line.participant_id].payout_method,
                None,
                details,
            )
        )
    if rows:
        _insert_many(s, pl, _LINE_COLUMNS, rows)
    t = dp.totals(lines)
    if basis.pay_dates:
        run.payment_date = min(basis.pay_dates.values())
    run.gross_ore, run.tax_ore, run.employer_fee_ore, run.net_ore = t.gross_ore, t.tax_ore, t.fee_ore, t.net_ore
    run.participant_count = t.participants
    run.computed_at = _utcnow()


_insert_sql: dict[tuple[str, str, tuple[str, ...]], Any] = {}


def _insert_many(s, table, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT ``rows`` (tuples of the columns ``cols``) in one executemany.

    On SQLite the statement is compiled once and the tuples go straight to the driver: SQLAlchemy's per-row
    parameter processing would cost about as much as SQLite's own insert (the values here are plain ints and
    strings, which need no conversion). Other databases take the ordinary Core executemany.
    """
    from sqlalchemy import insert

    conn = s.connection()
    dialect = conn.dialect
    if dialect.name != "sqlite" or not dialect.positional:
        s.execute(insert(table), [dict(zip(cols, r)) for r in rows])
        return
    key = (dialect.name, table.name, cols)
    compiled = _insert_sql.get(key)
    if compiled is None:
        c = insert(table).compile(dialect=dialect, column_keys=list(cols))
        order = tuple(c.positiontup or ())
        compiled = _insert_sql[key] = (c.string, None if order == cols else [cols.index(n) for n in order])
    sql, positions = compiled
    conn.exec_driver_sql(sql, rows if positions is None else [tuple(r[i] for i in positions) for r in rows])


def _compute(
    ctx: AppContext, s, run, period: dp.Period, organisation_id: int | None
) -> tuple[_Basis, list[dp.PayLineResult]]:
    """Recompute ``run``'s lines into the session (old lines replaced)."""
    basis = _read_basis(ctx, s, run, period, organisation_id)
    lines = _compute_lines(ctx, basis)
    _write_lines(s, run, basis, lines)
    return basis, lines


def _extra(lines: Sequence[dp.PayLineResult], payout: dict[int, str] | None = None) -> dict[str, int]:
    cash = sum(l.net_ore for l in lines if (payout or {}).get(l.participant_id, "cash") == "cash")
    return {
        "lines": len(lines),
        "correction": sum(l.correction_ore for l in lines),
        "cash": cash,
        "bank": sum(l.net_ore for l in lines) - cash,
    }


def _line_warnings(lines: Sequence[dp.PayLineResult], names: dict[int, str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(_warning_texts(((w.code, w.params) for w in line.warnings), names.get(line.participant_id, "")))
    return out


# --------------------------------------------------------------------------------------- use cases
def _check_period(period: dp.Period, organisation_id: int | None) -> None:
    if period.kind != "month" and organisation_id is None:
        from sysselsattning.domain.problems import Problem, ValidationFailed

        raise ValidationFailed([Problem("organisation", "period_needs_organisation", {"label": period.label})])


def _compute_audit(basis: _Basis, run, lines: Sequence[dp.PayLineResult]) -> dict[str, Any]:
    """The ``compute`` audit row's after-values: what was computed, and the basis fingerprint that lets the
    approval reuse these lines when nothing changed."""
    return {
        "label": run.label,
        "version": run.version,
        "lines": len(lines),
        "participants": run.participant_count,
        "entries": basis.entries,
        "gross_ore": run.gross_ore,
        "tax_ore": run.tax_ore,
        "employer_fee_ore": run.employer_fee_ore,
        "net_ore": run.net_ore,
        "basis": basis.fingerprint,
    }


class _RunState:
    """A pay run row as plain attributes: :func:`compute_run` reads it with Core and writes it back with one
    versioned UPDATE (its explicit ``compute`` audit row records the result), not through the ORM's flush."""

    __slots__ = (
        "id",
        "label",
        "kind",
        "organisation_id",
        "status",
        "period_start",
        "period_end",
        "payment_date",
        "participant_count",
        "gross_ore",
        "tax_ore",
        "employer_fee_ore",
        "net_ore",
        "version",
        "computed_at",
        "approved_by",
        "approved_at",
        "paid_at",
    )

    def __init__(self, source: Any):
        for name in self.__slots__:
            setattr(self, name, source[name] if isinstance(source, Mapping) else getattr(source, name))


def _find_run_state(s, label: str, organisation_id: int | None) -> _RunState | None:
    from sqlalchemy import select

    from sysselsattning.storage.orm import PayRun

    pr = PayRun.__table__
    cond = pr.c.organisation_id.is_(None) if organisation_id is None else pr.c.organisation_id == organisation_id
    row = (
        s.execute(
            select(*(pr.c[name] for name in _RunState.__slots__))
            .where(pr.c.label == label, cond)
            .order_by(pr.c.id)
            .limit(1)
        )
        .mappings()
        .first()
    )
    return _RunState(row) if row is not None else None


def _save_run_state(s, run: _RunState) -> None:
    """Write the computed totals with the optimistic-lock check the ORM would make (``version``)."""
    from sqlalchemy import update

    from sysselsattning.storage.orm import PayRun

    pr = PayRun.__table__
    res = s.execute(
        update(pr)
        .where(pr.c.id == run.id, pr.c.version == run.version)
        .values(
            payment_date=run.payment_date,
            gross_ore=run.gross_ore,
            tax_ore=run.tax_ore,
            employer_fee_ore=run.employer_fee_ore,
            net_ore=run.net_ore,
            participant_count=run.participant_count,
            computed_at=run.computed_at,
            version=run.version + 1,
        )
    )
    if res.rowcount != 1:
        raise ConflictError(
            _("Lönekörningen {label} ändrades samtidigt av någon annan. Försök igen.").format(label=run.label)
        )
    run.version += 1


def compute_run(ctx: AppContext, label: str, organisation_id: int | None = None) -> RunSummary:
    """Compute (or recompute) the draft run of a period. A locked run is refused with StateError."""
    from sysselsattning.storage import audit
    from sysselsattning.storage.orm import PayRun

    require(ctx, "payroll.run", organisation_id=organisation_id)
    ctx.act()
    period = _period(label)
    _check_period(period, organisation_id)
    with ctx.db.unit_of_work() as s:
        _take_payroll_lock(s)
        run = _find_run_state(s, period.label, organisation_id)
        if run is not None and run.status != "draft":
            raise StateError(_state_text(run))
        if run is None:
            new = PayRun(
                label=period.label,
                kind=period.kind,
                organisation_id=organisation_id,
                period_start=period.start,
                period_end=period.end,
                payment_date=dp.payment_date(period),
                status="draft",
            )
            s.add(new)
            s.flush()  # audited as an insert by the flush hook
            run = _RunState(new)
        basis, lines = _compute(ctx, s, run, period, organisation_id)
        _save_run_state(s, run)
        audit.record(
            s,
            "compute",
            "pay_runs",
            run.id,
            detail=f"{run.label}: {len(lines)} rader, {basis.entries} tidrader, brutto {run.gross_ore} öre, "
            f"skatt {run.tax_ore}, avgifter {run.employer_fee_ore}",
            after=_compute_audit(basis, run, lines),
        )
        payout = {pid: p.payout_method for pid, p in basis.payees.items()}
        return _summary(run, _line_warnings(lines, basis.names), _extra(lines, payout))


def _payouts(s, pids: Sequence[int]) -> dict[int, str]:
    from sqlalchemy import select

    from sysselsattning.storage.orm import Participant

    out: dict[int, str] = {}
    for chunk in _chunks(sorted(set(pids))):
        out.update(
            dict(s.execute(select(Participant.id, Participant.payout_method).where(Participant.id.in_(chunk))).all())
        )
    return out


def _computed_fingerprint(s, run) -> str | None:
    """The basis fingerprint of ``run``'s current lines (from its latest ``compute`` audit row), or None."""
    from sqlalchemy import select

    from sysselsattning.storage.orm import AuditEntry

    at = AuditEntry.__table__
    text = s.scalar(
        select(at.c.after_json)
        .where(at.c.table_name == "pay_runs", at.c.record_id == str(run.id), at.c.action == "compute")
        .order_by(at.c.id.desc())
        .limit(1)
    )
    try:
        after = json.loads(text or "{}")
    except ValueError:
        return None
    if not isinstance(after, dict) or after.get("version") != run.version:
        return None  # the run row changed after that computation
    fp = after.get("basis")
    return fp if isinstance(fp, str) else None


def _stored_summary(s, run, names: dict[int, str]) -> tuple[list[str], dict[str, int]]:
    """Warnings and cash/bank/correction sums of ``run``'s stored lines (when the approval reuses them)."""
    from sqlalchemy import select

    from sysselsattning.storage.orm import PayLine

    pl = PayLine.__table__
    warnings: list[str] = []
    n = corr = cash = bank = 0
    for pid, net, c, payout, details in s.execute(
        select(pl.c.participant_id, pl.c.net_ore, pl.c.correction_ore, pl.c.payout_method, pl.c.details_json)
        .where(pl.c.pay_run_id == run.id)
        .order_by(pl.c.participant_id, pl.c.organisation_id)
    ):
        n += 1
        corr += c
        if payout == "cash":
            cash += net
        else:
            bank += net
        d = _details(details)
        if d.get("w"):
            warnings.extend(_warning_texts(d["w"], names.get(pid, "")))
    return warnings, {"lines": n, "correction": corr, "cash": cash, "bank": bank}


def approve_run(
    ctx: AppContext,
    label: str,
    organisation_id: int | None = None,
    *,
    expected_version: int | None = None,
    backup: bool = True,
) -> RunSummary:
    """Approve and lock a draft run (one transaction). Approving a locked run raises StateError.

    The basis is read again inside the transaction, under the payroll lock. When its fingerprint equals the
    one the draft was computed from, the draft's lines are approved as they are (the same inputs give the same
    pay); otherwise the run is recomputed first. After the commit an automatic backup is taken (SQLite); a
    failed backup does not undo the approval, it comes back as a warning in the summary.

    Args:
        expected_version: the run version the user saw and confirmed; when the draft was recomputed since,
            ConflictError is raised and nothing changes.
        backup: take the automatic backup after the approval (False for bulk generation such as demo data).
    """
    from sqlalchemy import bindparam, func, select, update

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
        if expected_version is not None and run.version != expected_version:
            raise ConflictError(
                _(
                    "Lönekörningen {label} har räknats om sedan du granskade den. Granska summorna och godkänn igen."
                ).format(label=run.label)
            )
        basis = _read_basis(ctx, s, run, period, organisation_id)
        reused = basis.fingerprint == _computed_fingerprint(s, run)
        if reused:
            warnings, extra = _stored_summary(s, run, basis.names)
            n_lines = extra["lines"]
        else:
            before = (run.gross_ore, run.tax_ore, run.employer_fee_ore, run.net_ore, run.participant_count)
            lines = _compute_lines(ctx, basis)
            _write_lines(s, run, basis, lines)
            after = (run.gross_ore, run.tax_ore, run.employer_fee_ore, run.net_ore, run.participant_count)
            if expected_version is not None and before != after:
                raise ConflictError(
                    _(
                        "Underlaget för {label} har ändrats sedan beräkningen (nya eller ändrade tidrader). Beräkna igen, granska och godkänn."
                    ).format(label=run.label)
                )
            warnings = _line_warnings(lines, basis.names)
            extra = _extra(lines, {pid: p.payout_method for pid, p in basis.payees.items()})
            n_lines = len(lines)
        s.flush()
        # Gap-free slip numbers for the run's lines, in participant order, taken in this transaction.
        pl = PayLine.__table__
        line_ids = [
            r[0]
            for r in s.execute(
                select(pl.c.id).where(pl.c.pay_run_id == run.id).order_by(pl.c.participant_id, pl.c.organisation_id)
            )
        ]
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
                s.execute(
                    update(pl).where(pl.c.id == bindparam("lid")).values(slip_number=bindparam("num")),
                    [{"lid": lid, "num": first + i} for i, lid in enumerate(line_ids)],
                )
        # Link the entries the lines were computed from: the same selection, in one statement; then check
        # that exactly those entries were linked (count, Σ id, Σ id × version): on PostgreSQL a time entry
        # saved by another workstation after the basis was read must not slip into the locked run unpaid.
        we = WorkEntry.__table__
        if basis.org_names:
            conds, _params = _selection(period, list(basis.org_names), basis.other_drafts, joined=False)
            s.execute(update(we).where(*conds).values(pay_run_id=run.id, version=we.c.version + 1))
        n, sid, sidv = s.execute(
            select(
                func.count(), func.coalesce(func.sum(we.c.id), 0), func.coalesce(func.sum(we.c.id * we.c.version), 0)
            ).where(we.c.pay_run_id == run.id)
        ).one()
        count, sum_id, sum_idv = basis.checksum
        if (int(n), int(sid), int(sidv)) != (count, sum_id, sum_idv + sum_id):  # each version went up by one
            raise ConflictError(
                _("Tidraderna för {label} ändrades medan lönekörningen godkändes. Försök igen.").format(label=run.label)
            )
        run.status = "approved"
        run.approved_by = ctx.username
        run.approved_at = _utcnow()
        s.flush()
        audit.record(
            s,
            "approve",
            "pay_runs",
            run.id,
            detail=f"{run.label} godkänd: {n_lines} rader, {basis.entries} tidrader, brutto {run.gross_ore} öre, "
            f"netto {run.net_ore} öre{'' if reused else ' (omräknad vid godkännandet)'}",
            after={
                "status": "approved",
                "gross_ore": run.gross_ore,
                "tax_ore": run.tax_ore,
                "employer_fee_ore": run.employer_fee_ore,
                "net_ore": run.net_ore,
                "entries": basis.entries,
                "basis": basis.fingerprint,
                "recomputed": not reused,
            },
        )
        summary = _summary(run, warnings, extra)
    backup_warning = _backup_after_approval(ctx) if backup else None
    if backup_warning:
        summary = replace(summary, warnings=(*summary.warnings, backup_warning))
    return summary


def _backup_after_approval(ctx: AppContext) -> str | None:
    """Automatic backup after an approval (SQLite only; PostgreSQL is backed up by the server's tools).

    Runs after the commit, outside the approval's transaction: a failing backup never undoes an approval.
    Returns a Swedish warning when it failed, else None.
    """
    import logging

    from sysselsattning.storage import backup

    try:
        backup.backup_now(ctx.db, "godkannande")
    except Exception as exc:  # noqa: BLE001 - any failure (disk full, permissions) is reported, not raised
        logging.getLogger(__name__).warning("Automatisk säkerhetskopia efter godkännande misslyckades: %s", exc)
        return _("Lönekörningen är godkänd, men den automatiska säkerhetskopian misslyckades: {error}").format(
            error=exc
        )
    return None


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
            raise StateError(
                _state_text(run)
                if run.status == "paid"
                else _("Lönekörningen {label} måste godkännas innan den kan markeras som utbetald.").format(
                    label=run.label
                )
            )
        run.status = "paid"
        run.paid_at = _utcnow()
        s.flush()
        audit.record(s, "pay", "pay_runs", run.id, detail=f"{run.label} utbetald")
        return _summary(run)


def _details(text: str | None) -> dict[str, Any]:
    """A line's ``details_json`` (older lines and hand-made rows may hold other shapes)."""
    try:
        d = json.loads(text or "{}")
    except ValueError:
        return {}
    return d if isinstance(d, dict) else {}


def _entry_lines(s, run, participant_id: int | None = None) -> dict[tuple[int, int], list[Any]]:
    """The work entries behind ``run``'s lines, per (participant, association), in slip order.

    An approved run holds its entries (``work_entries.pay_run_id``); a draft's are the entries its computation
    selects (the same conditions as :func:`_read_basis`).
    """
    from sqlalchemy import select

    from sysselsattning.reports.payslip import SlipLine
    from sysselsattning.storage.orm import Task, WorkEntry, Worksite

    we, ws, tk = WorkEntry.__table__, Worksite.__table__, Task.__table__
    stmt = (
        select(
            we.c.participant_id,
            ws.c.organisation_id,
            we.c.work_date,
            ws.c.name,
            tk.c.name,
            tk.c.unit,
            we.c.hours_hundredths,
            we.c.quantity_hundredths,
            we.c.rate_ore,
            we.c.amount_ore,
            we.c.corrects_entry_id,
            we.c.comment,
        )
        .select_from(we.join(ws, ws.c.id == we.c.worksite_id).join(tk, tk.c.id == we.c.task_id))
        .order_by(we.c.participant_id, ws.c.organisation_id, we.c.work_date, we.c.id)
    )
    if run.status in APPROVED:
        stmt = stmt.where(we.c.pay_run_id == run.id)
    else:
        period = _period(run.label)
        org_names, _dates, other_drafts = _scope(s, run, period, run.organisation_id)
        if not org_names:
            return {}
        stmt = stmt.where(*_selection(period, list(org_names), other_drafts)[0])
    if participant_id is not None:
        stmt = stmt.where(we.c.participant_id == participant_id)
    out: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for pid, oid, d, site, task, unit, hours, qty, rate, amount, corrects, comment in s.execute(stmt):
        out[(pid, oid)].append(
            SlipLine(
                work_date=d,
                worksite=site,
                task=task,
                unit=unit,
                quantity_hundredths=(hours if hours is not None else qty) or 0,
                rate_ore=rate,
                amount_ore=amount,
                is_correction=corrects is not None,
                comment=comment or "",
            )
        )
    return out


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
            select(
                pl.c.pay_run_id,
                func.count(),
                func.sum(pl.c.correction_ore),
                func.sum(case((pl.c.payout_method == "cash", pl.c.net_ore), else_=0)),
                func.sum(pl.c.net_ore),
            ).group_by(pl.c.pay_run_id)
        ):
            extra[rid] = {
                "lines": int(n),
                "correction": int(corr or 0),
                "cash": int(cash or 0),
                "bank": int(net or 0) - int(cash or 0),
            }
        last_change = s.scalar(
            select(AuditEntry.at).where(AuditEntry.table_name == "work_entries").order_by(AuditEntry.at.desc()).limit(1)
        )
        out = []
        for r in runs:
            summary = _summary(r, (), extra.get(r.id))
            if r.status == "draft" and (
                r.computed_at is None or (last_change is not None and last_change > r.computed_at)
            ):
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
        stmt = (
            select(pl, pt.c.first_name, pt.c.last_name, pt.c.personnummer, ot.c.name.label("org_name"))
            .join(pt, pt.c.id == pl.c.participant_id)
            .join(ot, ot.c.id == pl.c.organisation_id)
            .where(pl.c.pay_run_id == run.id)
            .order_by(pt.c.last_name, pt.c.first_name, pl.c.organisation_id)
        )
        if ctx.role == "samordnare" and ctx.organisation_ids is not None:
            stmt = stmt.where(pl.c.organisation_id.in_(sorted(ctx.organisation_ids)))
        out = []
        texts: dict[tuple[str, str, date], str] = {}
        for r in s.execute(stmt):
            d = _details(r.details_json)
            pd = date.fromisoformat(d["pd"]) if d.get("pd") else run.payment_date
            key = (r.tax_reason, d.get("tp", ""), pd)
            if key not in texts:
                texts[key] = tax_text(r.tax_reason, d.get("tp", ""), pd, params)
            name = f"{r.first_name} {r.last_name}".strip()
            out.append(
                LineRow(
                    id=r.id,
                    participant_id=r.participant_id,
                    name=name,
                    pnr_display=format_pnr(r.personnummer) if full else mask(r.personnummer),
                    organisation_id=r.organisation_id,
                    organisation_name=r.org_name,
                    gross_ore=r.gross_ore,
                    correction_ore=r.correction_ore,
                    tax_ore=r.tax_ore,
                    tax_reason=r.tax_reason,
                    tax_text=texts[key],
                    employer_fee_ore=r.employer_fee_ore,
                    employer_fee_base_ore=r.employer_fee_base_ore,
                    employer_fee_rate=r.employer_fee_rate,
                    net_ore=r.net_ore,
                    cap_shielded_ore=r.cap_shielded_ore,
                    cap_ore=r.cap_ore,
                    ytd_gross_ore=r.ytd_gross_ore,
                    ytd_tax_ore=r.ytd_tax_ore,
                    ytd_employer_fee_ore=r.ytd_employer_fee_ore,
                    ytd_net_ore=r.ytd_net_ore,
                    ytd_cap_used_ore=r.ytd_cap_used_ore,
                    payout_method=r.payout_method,
                    slip_number=r.slip_number,
                    entries=int(d["n"]) if "n" in d else len(d.get("e", [])),
                    payment_date=pd,
                    cap_applies=bool(d.get("cap")),
                    warnings=tuple(_warning_texts([w for w in d.get("w", []) if w[0] != "pay_estimate"], name)),
                    estimate=bool(d.get("est")),
                )
            )
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
            select(
                func.coalesce(func.sum(pl.c.gross_ore), 0),
                func.coalesce(func.sum(pl.c.tax_ore), 0),
                func.coalesce(func.sum(pl.c.employer_fee_ore), 0),
                func.coalesce(func.sum(pl.c.net_ore), 0),
                func.coalesce(func.sum(pl.c.cap_shielded_ore), 0),
                func.count(),
            )
            .join(pr, pr.c.id == pl.c.pay_run_id)
            .where(
                pl.c.participant_id == participant_id,
                pr.c.status.in_(APPROVED),
                pr.c.payment_date >= date(year, 1, 1),
                pr.c.payment_date < date(year + 1, 1, 1),
            )
        ).one()
        on = min(max(ctx.now_date(), date(year, 1, 1)), date(year, 12, 31))
        cap = dp.CapPolicy.from_params(params, on)
        payee = dp.Payee(
            p.id,
            birth_date_of(p.personnummer),
            cap_decision_from=p.cap_decision_from,
            cap_decision_to=p.cap_decision_to,
        )
        return YtdRow(
            participant_id,
            year,
            int(row[0]),
            int(row[1]),
            int(row[2]),
            int(row[3]),
            int(row[4]),
            cap.cap_ore,
            cap.applies(payee, on),
            int(row[5]),
        )


def slip_data(
    ctx: AppContext, label: str, participant_id: int | None = None, organisation_id: int | None = None
) -> list[PayslipData]:
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
        stmt = (
            select(
                pl,
                pt.c.first_name,
                pt.c.last_name,
                pt.c.personnummer,
                pt.c.address,
                pt.c.postal_code,
                pt.c.city,
                pt.c.clearing,
                pt.c.account,
                ot.c.name.label("org_name"),
                ot.c.orgnr,
                ot.c.address.label("org_address"),
                ot.c.postal_code.label("org_postal"),
                ot.c.city.label("org_city"),
            )
            .join(pt, pt.c.id == pl.c.participant_id)
            .join(ot, ot.c.id == pl.c.organisation_id)
            .where(pl.c.pay_run_id == run.id)
            .order_by(pl.c.slip_number, pt.c.last_name, pt.c.first_name, pl.c.organisation_id)
        )
        if participant_id is not None:
            stmt = stmt.where(pl.c.participant_id == participant_id)
        if ctx.role == "samordnare" and ctx.organisation_ids is not None:
            stmt = stmt.where(pl.c.organisation_id.in_(sorted(ctx.organisation_ids)))
        period_text = format_month(run.period_start) if run.kind == "month" else run.label
        texts: dict[tuple[str, str, date], str] = {}
        out = []
        rows = s.execute(stmt).all()
        entry_lines = _entry_lines(s, run, participant_id) if rows else {}
        for r in rows:
            d = _details(r.details_json)
            pd = date.fromisoformat(d["pd"]) if d.get("pd") else run.payment_date
            key = (r.tax_reason, d.get("tp", ""), pd)
            if key not in texts:
                texts[key] = tax_text(r.tax_reason, d.get("tp", ""), pd, params)
            if "e" in d:  # lines computed before the entry lines were read from work_entries
                lines = tuple(
                    SlipLine(
                        work_date=date.fromisoformat(e[1]),
                        worksite=e[2],
                        task=e[3],
                        unit=e[4],
                        quantity_hundredths=(e[5] if e[5] is not None else e[6]) or 0,
                        rate_ore=e[7],
                        amount_ore=e[8],
                        is_correction=e[9] is not None,
                        comment=e[10] if len(e) > 10 else "",
                    )
                    for e in d["e"]
                )
            else:
                lines = tuple(entry_lines.get((r.participant_id, r.organisation_id), ()))
            if r.payout_method == "bank":
                acct = (r.account or "").replace(" ", "")
                payout = _("Till bankkonto {clearing}-{account}").format(
                    clearing=r.clearing or "****", account=("****" + acct[-4:]) if acct else "****"
                )
            else:
                payout = _("Kontant")
            out.append(
                PayslipData(
                    slip_number=r.slip_number,
                    organisation_name=r.org_name,
                    organisation_orgnr=r.orgnr,
                    organisation_address=" ".join(
                        x for x in (r.org_address, f"{r.org_postal} {r.org_city}".strip()) if x
                    ),
                    participant_name=f"{r.first_name} {r.last_name}".strip(),
                    participant_pnr=mask(r.personnummer),
                    participant_address=tuple(x for x in (r.address, f"{r.postal_code} {r.city}".strip()) if x),
                    period_text=period_text,
                    payment_date=pd,
                    lines=lines,
                    gross_ore=r.gross_ore,
                    correction_ore=r.correction_ore,
                    tax_ore=r.tax_ore,
                    tax_text=texts[key],
                    net_ore=r.net_ore,
                    payout_method=r.payout_method,
                    payout_text=payout,
                    ytd_gross_ore=r.ytd_gross_ore,
                    ytd_tax_ore=r.ytd_tax_ore,
                    ytd_net_ore=r.ytd_net_ore,
                    cap_applies=bool(d.get("cap")),
                    cap_ore=r.cap_ore,
                    cap_used_ore=r.ytd_cap_used_ore,
                    cap_shields=tuple(d.get("sh", ())),
                    draft=run.status == "draft",
                    estimate=bool(d.get("ecap")),
                    year=pd.year,
                )
            )
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
    rows = tuple(
        CashRow(
            organisation_name=l.organisation_name,
            name=l.name,
            pnr=l.pnr_display[:8] + "-****",
            net_ore=l.net_ore,
            slip_number=l.slip_number,
            payment_date=l.payment_date,
        )
        for l in sorted(lines, key=lambda l: (l.organisation_name, l.name))
    )
    return CashListData(period_text=period_text, payment_date=pay_date, rows=rows, draft=status == "draft")


__all__ = [
    "RunSummary",
    "LineRow",
    "YtdRow",
    "compute_run",
    "approve_run",
    "mark_paid",
    "list_runs",
    "get_run",
    "run_lines",
    "year_to_date",
    "slip_data",
    "cash_list_data",
    "tax_text",
    "birth_date_of",
]
