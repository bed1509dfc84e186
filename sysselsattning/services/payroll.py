"""Pay runs: compute (draft) → approve (immutable) → mark paid; year-to-date; pay slip data.

Use cases, one transaction each (rules in :mod:`sysselsattning.domain.payroll`; every SQL statement in
:mod:`sysselsattning.storage.queries.payruns` and :mod:`~sysselsattning.storage.queries.payrun_reads`; the
reading use cases in :mod:`sysselsattning.services.payroll_reads`):

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
  changed since. After the commit an automatic SQLite backup is taken (``services.backup``, reason
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

import hashlib
import json
import logging
import pickle
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sysselsattning.domain import bankdays
from sysselsattning.domain import payroll as dp
from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.i18n import _
from sysselsattning.services.access import require
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import ConflictError, NotFound, StateError
from sysselsattning.services.payroll_reads import (
    cash_list_data,
    get_run,
    list_runs,
    run_lines,
    slip_data,
    year_to_date,
)
from sysselsattning.services.payroll_rows import (
    APPROVED,
    LineRow,
    RunSummary,
    YtdRow,
    birth_date_of,
    details,
    parse_period,
    state_text,
    summary,
    tax_setting,
    tax_text,
    warning_texts,
)
from sysselsattning.storage import audit
from sysselsattning.storage.queries import payruns as q
from sysselsattning.storage.tables import db_time


class PastPayDateError(StateError):
    """Approval of a run whose payment date has passed, without the coordinator's confirmation."""

    def __init__(self, label: str, pay_date: date):
        from sysselsattning.i18n.format import format_date

        self.label, self.pay_date = label, pay_date
        super().__init__(
            _(
                "Utbetalningsdagen för {label} ({date}) har redan passerat. Ändra dagen i utkastet, eller bekräfta "
                "att pengarna verkligen betalades ut den dagen."
            ).format(label=label, date=format_date(pay_date, "long"))
        )


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
    tax_context: dp.TaxContext | None = None


_PARAM_FILES = ("skatt.", "arbetsgivaravgifter.", "frikort.")  # what domain.payroll (tax, charges, cap) reads
_param_digests: dict[int, tuple[Any, dict[date, str]]] = {}


def _params_digest(params, on: date) -> str:
    """A digest of the payroll parameters in force on ``on`` (cached per parameter set object)."""
    held = _param_digests.get(id(params))
    if held is None or held[0] is not params:
        if len(_param_digests) > 32:
            _param_digests.clear()
        held = _param_digests[id(params)] = (params, {})
    digest = held[1].get(on)
    if digest is None:
        parts = []
        for key in sorted(k for k in params if k.startswith(_PARAM_FILES)):
            try:
                e = params.entry(key, on)
                parts.append(f"{key}={e.value!r}|{e.status}")
            except LookupError:
                parts.append(f"{key}=-")
        digest = held[1][on] = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return digest


def _scope(
    s, run, period: dp.Period, organisation_id: int | None
) -> tuple[dict[int, str], dict[int, date], list[tuple[date, date]]]:
    """The run's associations (names, payment dates) and the other drafts of the same kind.

    Every line of a run is paid on the run's own ``payment_date`` (set from the associations' setting when the
    run is first computed, editable while it is a draft): one date for the bank file, the slips and AGI."""
    orgs = q.run_organisations(s, period.kind, organisation_id)
    if organisation_id is not None and not orgs:
        raise NotFound(_("Föreningen finns inte."))
    org_names = {o.id: o.name for o in orgs}
    pay_dates = {o.id: run.payment_date for o in orgs}
    return org_names, pay_dates, q.other_drafts(s, period.kind, organisation_id, run.id)


def default_payment_date(s, period: dp.Period, organisation_id: int | None) -> date:
    """The pay day from the associations' setting (day of month; month worked or the month after), moved to
    the previous bank day; the earliest one when a programme-wide run covers several associations."""
    orgs = q.run_organisations(s, period.kind, organisation_id)
    days = [dp.payment_date(period, o.payment_day or 25, o.payment_month_offset) for o in orgs]
    return min(days) if days else dp.payment_date(period)


def _check_pay_date(period: dp.Period, pay_date: date) -> None:
    problems = []
    if not bankdays.is_bank_day(pay_date):
        problems.append(Problem("pay_date", "pay_date_not_bank_day", {"date": pay_date.isoformat()}))
    if pay_date < period.start:
        problems.append(
            Problem("pay_date", "pay_date_before_period", {"date": pay_date.isoformat(), "label": period.label})
        )
    if problems:
        raise ValidationFailed(problems)


def check_totals(s, run_id: int) -> None:
    """Refuse when a run's stored totals differ from the sum of its lines (approval and every export)."""
    check = q.totals_check(s, run_id)
    if not check.ok:
        raise StateError(
            _(
                "Lönekörningen {label}: de sparade summorna stämmer inte med summan av raderna "
                "(brutto {stored} öre mot {lines} öre). Inget godkändes och ingen fil skrevs; kontakta administratören."
            ).format(label=check.label, stored=check.stored[0], lines=check.lines[0])
        )


def _read_basis(ctx: AppContext, s, run, period: dp.Period, organisation_id: int | None) -> _Basis:
    """Read the basis of ``run`` in a few grouped queries (associations, entries × participants, year-to-date)."""
    org_names, pay_dates, other_drafts = _scope(s, run, period, organisation_id)
    payment = min(pay_dates.values()) if pay_dates else run.payment_date
    groups: list[dp.PayGroup] = []
    payees: dict[int, dp.Payee] = {}
    names: dict[int, str] = {}
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((run.label, run.kind, organisation_id, sorted(pay_dates.items()), other_drafts)).encode())
    n_entries = sum_id = sum_idv = 0
    if org_names:
        tax_settings: dict[tuple[Any, ...], Any] = {}
        rows = q.entry_sums(s, period, list(org_names), other_drafts)
        for r in rows:
            pid = r.participant_id
            groups.append(dp.PayGroup(pid, r.organisation_id, r.gross_ore, r.correction_ore, r.entries))
            n_entries += r.entries
            sum_id += r.sum_id
            sum_idv += r.sum_id_version
            if pid not in payees:
                tkey = (r.tax_mode, r.tax_percent_hundredths, r.tax_fixed_ore)
                tax = tax_settings.get(tkey)
                if tax is None:
                    tax = tax_settings[tkey] = tax_setting(*tkey)
                payees[pid] = dp.Payee(
                    pid, birth_date_of(r.personnummer), tax, r.cap_decision_from, r.cap_decision_to, r.payout_method
                )
                names[pid] = f"{r.first_name} {r.last_name}".strip()
        # Every summed fact of every row (ids × versions, the participants' tax and cap facts, their names):
        # pickled, which is a tenth of repr's cost and as exact for ints, text, dates and None.
        h.update(pickle.dumps([tuple(r) for r in rows], protocol=5))
    tax_context = _tax_context(ctx, s, payees, pay_dates, h, groups)

    # Year-to-date before this run, from approved runs of the same calendar year.
    prior: dict[tuple[int, int], dp.YearToDate] = {}
    prior_cap: dict[int, int] = defaultdict(int)
    if payees:
        kept = []
        for y in q.year_sums(s, run.id, payment.year, payment):
            if y.participant_id in payees:
                prior[(y.participant_id, y.organisation_id)] = dp.YearToDate(
                    y.gross_ore, y.tax_ore, y.employer_fee_ore, y.employer_fee_base_ore, y.net_ore
                )
                prior_cap[y.participant_id] += y.cap_shielded_ore
                kept.append(tuple(y))
        h.update(pickle.dumps(kept, protocol=5))
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
        tax_context,
    )


def _tax_context(
    ctx: AppContext, s, payees: dict[int, dp.Payee], pay_dates: dict[int, date], h, groups: list[dp.PayGroup]
) -> dp.TaxContext:
    """The participants' dated tax situations (put on the payees), each association's own table and the
    tax-table source (an imported file → the shipped file → the computation); all of it in the fingerprint."""
    from sysselsattning.services import tax_situation, tax_tables

    if not payees:
        return dp.TaxContext()
    sits = tax_situation.situations_for(ctx.db, list(payees), session=s)
    assumed = _assume_main_payers(s, sits, groups)
    for pid, rows in sits.items():
        payees[pid] = replace(payees[pid], tax_situations=rows)
    year = min(pay_dates.values()).year if pay_dates else ctx.now_date().year
    offices = tax_situation.office_tables(ctx, list(pay_dates), year, session=s)
    source = tax_tables.TableSource(ctx.params(), ctx.db, s)
    years = sorted({d.year for d in pay_dates.values()})
    h.update(repr((sorted(sits.items()), sorted(offices.items()), [source.basis(y) for y in years])).encode())
    return dp.TaxContext(lookup=source.value, office_tables=offices, assumed_main_payer=assumed)


def _assume_main_payers(s, sits: dict[int, tuple], groups: list[dp.PayGroup]) -> dict[int, int]:
    """Only one association may withhold by the table. When several pay a participant in this run and no main
    payer is recorded, the association they are registered with is assumed (else the first), in ``sits``; the
    returned map makes the pay-run line say so."""
    from sysselsattning.storage import tax_tables as store

    paying: dict[int, set[int]] = defaultdict(set)
    for g in groups:
        paying[g.participant_id].add(g.organisation_id)
    several = [pid for pid, orgs in paying.items() if len(orgs) > 1 and pid in sits]
    if not several:
        return {}
    registered = store.participant_organisations(s, several)
    assumed: dict[int, int] = {}
    for pid in several:
        rows = sits[pid]
        if all(r.main_payer_organisation_id is not None for r in rows):
            continue
        orgs = paying[pid]
        main = registered.get(pid) if registered.get(pid) in orgs else min(orgs)
        sits[pid] = tuple(
            r if r.main_payer_organisation_id is not None else replace(r, main_payer_organisation_id=main) for r in rows
        )
        assumed[pid] = main
    return assumed


def _compute_lines(ctx: AppContext, basis: _Basis) -> list[dp.PayLineResult]:
    return dp.compute_groups(
        basis.groups,
        basis.payees,
        payment_dates=basis.pay_dates,
        params=dp.ResolvedParams(ctx.params()),
        prior=basis.prior,
        prior_cap_used=basis.prior_cap,
        tax_context=basis.tax_context,
    )


def _line_rows(run_id: int, basis: _Basis, lines: Sequence[dp.PayLineResult]) -> list[tuple[Any, ...]]:
    """The lines as tuples in the order of :data:`~sysselsattning.storage.queries.payruns.LINE_COLUMNS`."""
    rows = []
    plain: dict[tuple[Any, ...], str] = {}  # lines without warnings share their details text
    dumps = json.dumps
    for line in lines:
        w = line.withholding
        key = (
            line.payment_date,
            w.percent,
            w.table,
            w.column,
            w.basis,
            line.fee_rate.kind,
            line.cap_applies,
            line.cap.shields,
            line.estimate,
            line.cap.estimate,
            line.entry_count,
        )
        text = plain.get(key) if not line.warnings else None
        if text is None:
            text = dumps(
                {
                    "payment_date": line.payment_date.isoformat(),
                    "entry_count": line.entry_count,  # the entry lines are read from work_entries when a slip is made
                    "tax_percent": dp.tax_percent_text(w),
                    "fee_kind": line.fee_rate.kind,
                    "cap_applies": line.cap_applies,
                    "cap_shields": list(line.cap.shields),
                    "warnings": [[x.code, x.params] for x in line.warnings],
                    "estimate": line.estimate,
                    "cap_estimate": line.cap.estimate,  # the participant's own figures (tax, net, cap) rest on an unconfirmed value
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            if not line.warnings:
                plain[key] = text
        ytd = line.ytd
        rows.append(
            (
                run_id,
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
                text,
            )
        )
    return rows


def _write_lines(s, run: q.RunState, basis: _Basis, lines: Sequence[dp.PayLineResult], now: datetime) -> q.RunTotals:
    """Replace ``run``'s lines; returns the run's new totals (not yet saved)."""
    q.replace_lines(s, run.id, _line_rows(run.id, basis, lines))
    t = dp.totals(lines)
    return q.RunTotals(
        payment_date=min(basis.pay_dates.values()) if basis.pay_dates else run.payment_date,
        gross_ore=t.gross_ore,
        tax_ore=t.tax_ore,
        employer_fee_ore=t.fee_ore,
        net_ore=t.net_ore,
        participant_count=t.participants,
        computed_at=db_time(now),
    )


def _extra(lines: Sequence[dp.PayLineResult], payout: dict[int, str] | None = None) -> dict[str, int]:
    cash = sum(pl.net_ore for pl in lines if (payout or {}).get(pl.participant_id, "cash") == "cash")
    return {
        "lines": len(lines),
        "correction": sum(pl.correction_ore for pl in lines),
        "cash": cash,
        "bank": sum(pl.net_ore for pl in lines) - cash,
    }


def _line_warnings(lines: Sequence[dp.PayLineResult], names: dict[int, str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(warning_texts(((w.code, w.params) for w in line.warnings), names.get(line.participant_id, "")))
    return out


def _stored_summary(s, run: q.RunState, names: dict[int, str]) -> tuple[list[str], dict[str, int]]:
    """Warnings and cash/bank/correction sums of ``run``'s stored lines (when the approval reuses them)."""
    warnings: list[str] = []
    n = corr = cash = bank = 0
    for line in q.stored_lines(s, run.id):
        n += 1
        corr += line.correction_ore
        if line.payout_method == "cash":
            cash += line.net_ore
        else:
            bank += line.net_ore
        d = details(line.details_json)
        if d.get("warnings"):
            warnings.extend(warning_texts(d["warnings"], names.get(line.participant_id, "")))
    return warnings, {"lines": n, "correction": corr, "cash": cash, "bank": bank}


# --------------------------------------------------------------------------------------- use cases
def _check_period(period: dp.Period, organisation_id: int | None) -> None:
    if period.kind != "month" and organisation_id is None:
        raise ValidationFailed([Problem("organisation", "period_needs_organisation", {"label": period.label})])


def _compute_audit(basis: _Basis, run: q.RunState, lines: Sequence[dp.PayLineResult]) -> dict[str, Any]:
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


def compute_run(
    ctx: AppContext, label: str, organisation_id: int | None = None, *, pay_date: date | None = None
) -> RunSummary:
    """Compute (or recompute) the draft run of a period. A locked run is refused with StateError.

    ``pay_date`` sets the run's payment date (a bank day, not before the period); without it a new run gets the
    associations' pay day (:func:`default_payment_date`) and an existing draft keeps the date it has."""
    require(ctx, "payroll.run", organisation_id=organisation_id)
    ctx.act()
    period = parse_period(label)
    _check_period(period, organisation_id)
    if pay_date is not None:
        _check_pay_date(period, pay_date)
    with ctx.db.unit_of_work() as s:
        q.take_payroll_lock(s)
        run = q.find_run(s, period.label, organisation_id)
        if run is not None and run.status != "draft":
            raise StateError(state_text(run))
        if run is None:
            run = q.create_draft_run(
                s,
                label=period.label,
                kind=period.kind,
                organisation_id=organisation_id,
                period_start=period.start,
                period_end=period.end,
                payment_date=pay_date or default_payment_date(s, period, organisation_id),
            )
        elif pay_date is not None and pay_date != run.payment_date:
            audit.record(
                s,
                "update",
                "pay_runs",
                run.id,
                detail=f"{run.label}: utbetalningsdag {run.payment_date.isoformat()} → {pay_date.isoformat()}",
                before={"payment_date": run.payment_date.isoformat()},
                after={"payment_date": pay_date.isoformat()},
            )
        if pay_date is not None:
            run = replace(run, payment_date=pay_date)
        basis = _read_basis(ctx, s, run, period, organisation_id)
        lines = _compute_lines(ctx, basis)
        totals = _write_lines(s, run, basis, lines, ctx.now())
        version = q.save_run_totals(s, run, totals)
        if version is None:
            raise ConflictError(
                _("Lönekörningen {label} ändrades samtidigt av någon annan. Försök igen.").format(label=run.label)
            )
        run = replace(run, **{n: getattr(totals, n) for n in q.RunTotals.__slots__}, version=version)
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
        return summary(run, _line_warnings(lines, basis.names), _extra(lines, payout))


def approve_run(
    ctx: AppContext,
    label: str,
    organisation_id: int | None = None,
    *,
    expected_version: int | None = None,
    backup: bool = True,
    confirm_past_pay_date: bool = False,
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
        confirm_past_pay_date: the coordinator confirms that the money really was paid on the run's payment
            date although that date has passed; without it such an approval raises PastPayDateError.
    """
    require(ctx, "payroll.approve", organisation_id=organisation_id)
    ctx.act()
    period = parse_period(label)
    with ctx.db.unit_of_work() as s:
        q.take_payroll_lock(s)
        run = q.find_run(s, period.label, organisation_id)
        if run is None:
            raise NotFound(_("Det finns ingen lönekörning för {label}. Beräkna den först.").format(label=period.label))
        if run.status != "draft":
            raise StateError(state_text(run))
        if expected_version is not None and run.version != expected_version:
            raise ConflictError(
                _(
                    "Lönekörningen {label} har räknats om sedan du granskade den. Granska summorna och godkänn igen."
                ).format(label=run.label)
            )
        if run.payment_date < ctx.now_date() and not confirm_past_pay_date:
            raise PastPayDateError(run.label, run.payment_date)
        basis = _read_basis(ctx, s, run, period, organisation_id)
        reused = basis.fingerprint == q.computed_fingerprint(s, run.id, run.version)
        totals: q.RunTotals | None = None
        if reused:
            warnings, extra = _stored_summary(s, run, basis.names)
            n_lines = extra["lines"]
        else:
            lines = _compute_lines(ctx, basis)
            totals = _write_lines(s, run, basis, lines, ctx.now())
            before = (run.gross_ore, run.tax_ore, run.employer_fee_ore, run.net_ore, run.participant_count)
            after = (
                totals.gross_ore,
                totals.tax_ore,
                totals.employer_fee_ore,
                totals.net_ore,
                totals.participant_count,
            )
            if expected_version is not None and before != after:
                raise ConflictError(
                    _(
                        "Underlaget för {label} har ändrats sedan beräkningen (nya eller ändrade tidrader). Beräkna igen, granska och godkänn."
                    ).format(label=run.label)
                )
            warnings = _line_warnings(lines, basis.names)
            extra = _extra(lines, {pid: p.payout_method for pid, p in basis.payees.items()})
            n_lines = len(lines)
        q.number_slips(s, run.id)
        # Link the entries the lines were computed from, then check that exactly those entries were linked
        # (count, Σ id, Σ id × version): on PostgreSQL a time entry saved by another workstation after the
        # basis was read must not slip into the locked run unpaid.
        linked = q.link_entries(s, run.id, period, list(basis.org_names), basis.other_drafts)
        count, sum_id, sum_idv = basis.checksum
        if linked != (count, sum_id, sum_idv + sum_id):  # each version went up by one
            raise ConflictError(
                _("Tidraderna för {label} ändrades medan lönekörningen godkändes. Försök igen.").format(label=run.label)
            )
        if ctx.db.is_sqlite and four_eyes(ctx) and run.computed_by and run.computed_by == ctx.username:
            # PostgreSQL: sf_approve_run() makes the same check with session_user
            raise StateError(
                _("Fyra ögon: du beräknade lönekörningen {label} och får inte själv godkänna den.").format(
                    label=run.label
                )
            )
        # the bank details are copied while the run is still a draft: once approved, its lines are locked (on
        # PostgreSQL by the database's trigger, #15)
        bank_lines = q.copy_bank_details(s, run.id)
        run = q.approve(s, run.id, totals=totals, approved_by=ctx.username, approved_at=db_time(ctx.now()))
        check_totals(s, run.id)
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
                "payment_date": run.payment_date.isoformat(),
                "past_pay_date_confirmed": bool(run.payment_date < ctx.now_date()),
                "bank_details_copied": bank_lines,
            },
        )
        result = summary(run, warnings, extra)
    backup_warning = _backup_after_approval(ctx) if backup else None
    if backup_warning:
        result = replace(result, warnings=(*result.warnings, backup_warning))
    return result


def four_eyes(ctx: AppContext) -> bool:
    """Setting ``lon.fyra_ogon``: whoever computed a run may not approve it."""
    from sysselsattning.services.parameters import get_setting

    return get_setting(ctx.db, "lon.fyra_ogon").strip().lower() in ("1", "ja", "true", "on")


def _backup_after_approval(ctx: AppContext) -> str | None:
    """Automatic backup after an approval (SQLite only; PostgreSQL is backed up by the server's tools).

    Runs after the commit, outside the approval's transaction: a failing backup never undoes an approval.
    Returns a Swedish warning when it failed, else None.
    """
    from sysselsattning.services import backup

    try:
        backup.backup_now(ctx.db, "godkannande")
    except (backup.BackupError, OSError) as exc:  # disk full, permissions, a locked file: reported, not raised
        logging.getLogger(__name__).warning("Automatisk säkerhetskopia efter godkännande misslyckades: %s", exc)
        return _("Lönekörningen är godkänd, men den automatiska säkerhetskopian misslyckades: {error}").format(
            error=exc
        )
    return None


def mark_paid(ctx: AppContext, label: str, organisation_id: int | None = None) -> RunSummary:
    """Approved → paid. A draft or an already paid run raises StateError."""
    require(ctx, "payroll.pay", organisation_id=organisation_id)
    ctx.act()
    period = parse_period(label)
    with ctx.db.unit_of_work() as s:
        q.take_payroll_lock(s)
        run = q.find_run(s, period.label, organisation_id)
        if run is None:
            raise NotFound(_("Det finns ingen lönekörning för {label}.").format(label=period.label))
        if run.status != "approved":
            raise StateError(
                state_text(run)
                if run.status == "paid"
                else _("Lönekörningen {label} måste godkännas innan den kan markeras som utbetald.").format(
                    label=run.label
                )
            )
        run = q.mark_paid(s, run.id, db_time(ctx.now()))
        audit.record(s, "pay", "pay_runs", run.id, detail=f"{run.label} utbetald")
        return summary(run)


__all__ = [
    "APPROVED",
    "LineRow",
    "PastPayDateError",
    "RunSummary",
    "YtdRow",
    "approve_run",
    "birth_date_of",
    "cash_list_data",
    "check_totals",
    "compute_run",
    "default_payment_date",
    "details",
    "get_run",
    "list_runs",
    "mark_paid",
    "run_lines",
    "slip_data",
    "tax_text",
    "year_to_date",
]
