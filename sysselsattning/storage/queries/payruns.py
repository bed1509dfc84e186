"""Pay runs, the writing side: the basis a draft is computed from, its lines, approval's numbering and linking.

Speed (benchmarks/run.py ``payroll_run``): the entries are never loaded one by one. The basis is a few grouped
queries (entries summed per participant and association with the participants' tax/cap facts, year-to-date per
participant and association from the year's approved runs), run through :mod:`.compiled`'s SQLite fast path;
the lines are one executemany.

Concurrency: :func:`take_payroll_lock` takes the ``payroll`` counter row (``UPDATE … RETURNING``: PostgreSQL's
row lock, SQLite's database write lock), so two workstations computing or approving at the same time run one
after the other.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, delete, func, not_, or_, select, update
from sqlalchemy.orm import Session

from sysselsattning.domain.payroll import LOCKED_STATUSES, Period
from sysselsattning.storage import pg_security
from sysselsattning.storage.counters import next_number
from sysselsattning.storage.db import current_user
from sysselsattning.storage.orm import (
    AuditEntry,
    Counter,
    Organisation,
    Participant,
    PayLine,
    PayRun,
    WorkEntry,
    Worksite,
)
from sysselsattning.storage.queries.compiled import as_date, chunks, fetch, insert_many, no_index, update_many


# --------------------------------------------------------------------------------------------- rows
@dataclass(frozen=True, slots=True)
class RunState:
    """A pay run row."""

    id: int
    label: str
    kind: str
    organisation_id: int | None
    status: str  # draft | approved | paid
    period_start: date
    period_end: date
    payment_date: date
    participant_count: int
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    net_ore: int
    version: int
    computed_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    paid_at: datetime | None
    computed_by: str | None = None  # PostgreSQL: session_user, recorded by the database


_RUN_FIELDS = RunState.__slots__


def run_state(source: Any) -> RunState:
    """A :class:`RunState` from a row mapping or a ``PayRun``."""
    if hasattr(source, "keys"):
        return RunState(*(source[name] for name in _RUN_FIELDS))
    return RunState(*(getattr(source, name) for name in _RUN_FIELDS))


@dataclass(frozen=True, slots=True)
class RunTotals:
    """What a computation sets on its run."""

    payment_date: date
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    net_ore: int
    participant_count: int
    computed_at: datetime


@dataclass(frozen=True, slots=True)
class OrgRow:
    id: int
    name: str
    payment_day: int | None
    payment_month_offset: int = 0  # 0: paid in the month worked, 1: the month after


class EntrySum(NamedTuple):
    """A participant's work entries in a run, summed per association, with the participant's facts."""

    participant_id: int
    organisation_id: int
    gross_ore: int
    correction_ore: int
    entries: int
    sum_id: int
    sum_id_version: int
    personnummer: str
    first_name: str
    last_name: str
    payout_method: str
    tax_mode: str
    tax_percent_hundredths: int | None
    tax_fixed_ore: int | None
    cap_decision_from: date | None
    cap_decision_to: date | None


class YearSum(NamedTuple):
    """A participant's approved lines of a year at one association, summed."""

    participant_id: int
    organisation_id: int
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    employer_fee_base_ore: int
    net_ore: int
    cap_shielded_ore: int


class StoredLine(NamedTuple):
    participant_id: int
    net_ore: int
    correction_ore: int
    payout_method: str
    details_json: str | None


# ------------------------------------------------------------------------------------------ the run
def take_payroll_lock(s: Session) -> None:
    """Serialise payroll writes across workstations (see the module docstring)."""
    next_number(s, "payroll_lock")


def _own(pr: Any, organisation_id: int | None) -> Any:
    return pr.c.organisation_id.is_(None) if organisation_id is None else pr.c.organisation_id == organisation_id


def find_run(s: Session, label: str, organisation_id: int | None) -> RunState | None:
    """The run of ``label`` (the programme's run when ``organisation_id`` is None), or None."""
    pr = PayRun.__table__
    row = (
        s.execute(
            select(*(pr.c[name] for name in _RUN_FIELDS))
            .where(pr.c.label == label, _own(pr, organisation_id))
            .order_by(pr.c.id)
            .limit(1)
        )
        .mappings()
        .first()
    )
    return run_state(row) if row is not None else None


def create_draft_run(
    s: Session,
    *,
    label: str,
    kind: str,
    organisation_id: int | None,
    period_start: date,
    period_end: date,
    payment_date: date,
) -> RunState:
    """Insert a new draft run (audited as an insert by the flush hook)."""
    new = PayRun(
        label=label,
        kind=kind,
        organisation_id=organisation_id,
        period_start=period_start,
        period_end=period_end,
        payment_date=payment_date,
        status="draft",
    )
    s.add(new)
    s.flush()
    return run_state(new)


def save_run_totals(s: Session, run: RunState, totals: RunTotals) -> int | None:
    """Write the computed totals with the optimistic-lock check the ORM would make (``version``).

    Returns the run's new version, or None when someone else changed the run meanwhile (nothing written)."""
    pr = PayRun.__table__
    res = s.execute(
        update(pr)
        .where(pr.c.id == run.id, pr.c.version == run.version)
        .values(
            payment_date=totals.payment_date,
            gross_ore=totals.gross_ore,
            tax_ore=totals.tax_ore,
            employer_fee_ore=totals.employer_fee_ore,
            net_ore=totals.net_ore,
            participant_count=totals.participant_count,
            computed_at=totals.computed_at,
            computed_by=current_user.get()[:64],  # PostgreSQL: the database's trigger records session_user
            version=run.version + 1,
        )
    )
    return run.version + 1 if res.rowcount == 1 else None


def approve(s: Session, run_id: int, *, totals: RunTotals | None, approved_by: str, approved_at: datetime) -> RunState:
    """Set a draft's recomputed ``totals`` (if any), then lock it as approved (ORM flushes: audited, versioned)."""
    run = s.get(PayRun, run_id, populate_existing=True)
    assert run is not None
    if totals is not None:
        for name in RunTotals.__slots__:
            setattr(run, name, getattr(totals, name))
        s.flush()
    if s.get_bind().dialect.name == "postgresql":
        # only the database's sf_approve_run() may lock a run: role and scope, totals = lines, four eyes,
        # session_user and the server's time (#15)
        pg_security.approve_run(s, run_id)
        s.refresh(run)
        return run_state(run)
    run.status = "approved"
    run.approved_by = approved_by
    run.approved_at = approved_at
    s.flush()
    return run_state(run)


def mark_paid(s: Session, run_id: int, paid_at: datetime) -> RunState:
    run = s.get(PayRun, run_id, populate_existing=True)
    assert run is not None
    if s.get_bind().dialect.name == "postgresql":  # only the database's sf_mark_paid() (#15)
        pg_security.mark_paid(s, run_id)
        s.refresh(run)
        return run_state(run)
    run.status = "paid"
    run.paid_at = paid_at
    s.flush()
    return run_state(run)


# ----------------------------------------------------------------------------------------- the basis
def run_organisations(s: Session, kind: str, organisation_id: int | None) -> list[OrgRow]:
    """The associations a run pays: every association paying at ``kind`` (programme run) or the one named."""
    org_t = Organisation.__table__
    cols = (org_t.c.id, org_t.c.name, org_t.c.payment_day, org_t.c.payment_month_offset)
    if organisation_id is None:
        rows = fetch(
            s,
            ("orgs_of_kind",),
            lambda: select(*cols).where(org_t.c.pay_frequency == bindparam("kind")).order_by(org_t.c.id),
            {"kind": kind},
        )
    else:
        rows = fetch(s, ("org",), lambda: select(*cols).where(org_t.c.id == bindparam("org")), {"org": organisation_id})
    return [OrgRow(oid, name, day, int(offset or 0)) for oid, name, day, offset in rows]


def other_drafts(s: Session, kind: str, organisation_id: int | None, run_id: int) -> list[tuple[date, date]]:
    """``[start, end)`` of the other draft runs of the same kind and owner, sorted."""
    pr = PayRun.__table__

    def drafts():
        own = pr.c.organisation_id.is_(None) if organisation_id is None else pr.c.organisation_id == bindparam("org")
        return select(pr.c.period_start, pr.c.period_end).where(
            pr.c.status == "draft", pr.c.kind == bindparam("kind"), own, pr.c.id != bindparam("run_id")
        )

    rows = fetch(
        s, ("other_drafts", organisation_id is None), drafts, {"kind": kind, "org": organisation_id, "run_id": run_id}
    )
    return sorted((as_date(a), as_date(b)) for a, b in rows)  # type: ignore[misc]


def selection_params(
    period: Period, org_ids: Sequence[int], other_drafts: Sequence[tuple[date, date]]
) -> dict[str, Any]:
    """The bound values of :func:`selection`'s conditions (``end``, ``o0``…, ``da0``/``db0``…)."""
    params: dict[str, Any] = {"end": period.end}
    for i, oid in enumerate(org_ids):
        params[f"o{i}"] = oid
    i = 0
    for a, b in other_drafts:
        if a < period.start:
            params[f"da{i}"], params[f"db{i}"] = a, min(b, period.start)
            i += 1
    return params


def selection(
    period: Period, org_ids: Sequence[int], other_drafts: Sequence[tuple[date, date]], *, joined: bool = True
) -> tuple[list[Any], dict[str, Any]]:
    """WHERE conditions (and their bound values) for the work entries a draft run of ``period`` takes: entries
    of its associations that no approved run holds, dated before the period's end, except earlier periods that
    have their own draft.

    ``joined``: the statement joins ``worksites`` (else the association is matched through a sub-select, for
    the UPDATE that links the entries at approval). Values are named bind parameters (see
    :func:`selection_params`) so that one statement serves every run of the same shape."""
    we, ws = WorkEntry.__table__, Worksite.__table__
    params = selection_params(period, org_ids, other_drafts)
    orgs = [bindparam(f"o{i}", oid) for i, oid in enumerate(org_ids)]
    org_cond = (
        ws.c.organisation_id.in_(orgs)
        if joined
        # ``+worksite_id``: without table statistics SQLite would otherwise walk ix_work_entries_worksite_date
        # over every entry ever made; this way it reads ix_work_entries_unbilled (migration 0017) alone.
        else no_index(we.c.worksite_id).in_(select(ws.c.id).where(ws.c.organisation_id.in_(orgs)).scalar_subquery())
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


def entry_sums(
    s: Session, period: Period, org_ids: Sequence[int], other_drafts: Sequence[tuple[date, date]]
) -> list[EntrySum]:
    """The entries a draft of ``period`` takes, summed per participant and association (participant order)."""
    we, ws, pt = WorkEntry.__table__, Worksite.__table__, Participant.__table__
    params = selection_params(period, org_ids, other_drafts)
    n_drafts = sum(1 for k in params if k.startswith("da"))

    def grouped():
        conds, _values = selection(period, org_ids, other_drafts, joined=False)
        # Sum per participant and worksite straight off the entries (no joins per entry), then per
        # association with the participant's facts joined to the few summed rows.
        g = (
            select(
                we.c.participant_id.label("pid"),
                we.c.worksite_id.label("wsid"),
                func.sum(we.c.amount_ore).label("gross"),
                # FILTER, not CASE: SQLite evaluates it a third faster over the 10 000 entries of a month.
                func.sum(we.c.amount_ore).filter(we.c.corrects_entry_id.is_not(None)).label("corr"),
                func.count().label("n"),
                func.sum(we.c.id).label("sid"),
                func.sum(we.c.id * we.c.version).label("sidv"),
            )
            .where(*conds)
            .group_by(we.c.participant_id, we.c.worksite_id)
            # One pass over ix_work_entries_unbilled (migration 0017): the unbilled entries only, already in
            # this GROUP BY's order, with every column summed here.
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

    return [
        EntrySum(
            pid,
            oid,
            int(gross or 0),
            int(corr or 0),
            int(n),
            int(sid or 0),
            int(sidv or 0),
            pnr,
            first,
            last,
            payout,
            mode,
            pct,
            fixed,
            as_date(cap_from),
            as_date(cap_to),
        )
        for pid, oid, gross, corr, n, sid, sidv, pnr, first, last, payout, mode, pct, fixed, cap_from, cap_to in fetch(
            s, ("basis", len(org_ids), n_drafts), grouped, params
        )
    ]


#: Year-to-date sums already read, by the identity of the approved runs they were summed from (see
#: :func:`year_sums`). A handful of entries: one per database, year and set of approved runs.
_ytd_cache: dict[tuple[Any, ...], list[YearSum]] = {}
_YTD_CACHE_SIZE = 16


def year_sums(s: Session, run_id: int, year: int, paid_by: date) -> list[YearSum]:
    """Year-to-date before run ``run_id``: the lines of ``year``'s approved runs paid by ``paid_by``, summed per
    participant and association (the year's approved runs first, few, then their lines through the
    ``(pay_run_id, …)`` index).

    Approved and paid runs are immutable, so the sums are remembered by the identity of the runs they came
    from: each run's id, approval time and totals, and the database (its URL, with the user the database's row
    security filters by). Recomputing a draft — what a coordinator does after every correction — then reads
    only the few run rows; a newly approved run, a restored backup or another user gives another key."""
    pl, pr = PayLine.__table__, PayRun.__table__
    values = {"run_id": run_id, "y0": date(year, 1, 1), "y1": date(year + 1, 1, 1), "paid_by": paid_by}

    def counted():
        """The year's approved runs paid by ``paid_by``, except ``run_id``: the runs the sums come from (built
        only when a statement is, see :func:`.compiled.fetch`)."""
        return (
            or_(*(pr.c.status == st for st in LOCKED_STATUSES)),
            pr.c.id != bindparam("run_id"),
            pr.c.payment_date >= bindparam("y0"),
            pr.c.payment_date < bindparam("y1"),
            pr.c.payment_date <= bindparam("paid_by"),
        )

    def locked_runs():
        return (
            select(
                pr.c.id,
                pr.c.approved_at,
                pr.c.gross_ore,
                pr.c.tax_ore,
                pr.c.employer_fee_ore,
                pr.c.net_ore,
                pr.c.participant_count,
            )
            .where(*counted())
            .order_by(pr.c.id)
        )

    runs = fetch(s, ("ytd-runs",), locked_runs, values)
    if not runs:
        return []
    conn = s.connection()
    key = (conn.engine.url.render_as_string(hide_password=True), year, tuple(tuple(str(v) for v in r) for r in runs))
    cached = _ytd_cache.get(key)
    if cached is not None:
        return list(cached)

    def ytd():
        ids = select(pr.c.id).where(*counted())
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
            .where(pl.c.pay_run_id.in_(ids))
            .group_by(pl.c.participant_id, pl.c.organisation_id)
            .order_by(pl.c.participant_id, pl.c.organisation_id)
        )

    sums = [
        YearSum(pid, oid, int(g or 0), int(t or 0), int(f or 0), int(fb or 0), int(n or 0), int(cap or 0))
        for pid, oid, g, t, f, fb, n, cap in fetch(s, ("ytd",), ytd, values)
    ]
    if len(_ytd_cache) >= _YTD_CACHE_SIZE:
        _ytd_cache.pop(next(iter(_ytd_cache)))
    _ytd_cache[key] = sums
    return list(sums)


# ----------------------------------------------------------------------------------------- the lines
LINE_COLUMNS = (
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


def replace_lines(s: Session, run_id: int, rows: list[tuple[Any, ...]]) -> None:
    """Make the run's lines equal ``rows`` (tuples in the order of :data:`LINE_COLUMNS`, one per participant and
    association): a line whose values did not change is left as it is, a changed one is updated in place, a
    new one inserted and one no longer computed deleted — one executemany each (derived data, audited as a
    whole by the run's ``compute`` audit row). Recomputing after one correction then writes one line, not all.
    """
    pl = PayLine.__table__

    def current():
        return select(pl.c.id, *(pl.c[c] for c in LINE_COLUMNS)).where(pl.c.pay_run_id == bindparam("run_id"))

    stored: dict[tuple[int, int], tuple[int, tuple[Any, ...]]] = {}
    for r in fetch(s, ("lines",), current, {"run_id": run_id}):
        stored[(r[2], r[3])] = (r[0], tuple(r[1:]))
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for row in rows:
        old = stored.pop((row[1], row[2]), None)
        if old is None:
            inserts.append(row)
        elif old[1] != row:
            updates.append((old[0], *row))
    gone = [line_id for line_id, _values in stored.values()]
    for part in chunks(gone):
        s.execute(delete(pl).where(pl.c.id.in_(part)))
    update_many(s, pl, LINE_COLUMNS, updates)
    if inserts:
        insert_many(s, pl, LINE_COLUMNS, inserts)


def stored_lines(s: Session, run_id: int) -> list[StoredLine]:
    """The run's lines as stored (participant, association order)."""
    pl = PayLine.__table__
    return [
        StoredLine(*r)
        for r in s.execute(
            select(pl.c.participant_id, pl.c.net_ore, pl.c.correction_ore, pl.c.payout_method, pl.c.details_json)
            .where(pl.c.pay_run_id == run_id)
            .order_by(pl.c.participant_id, pl.c.organisation_id)
        )
    ]


def computed_fingerprint(s: Session, run_id: int, version: int) -> str | None:
    """The basis fingerprint of the run's current lines (from its latest ``compute`` audit row, when that row
    was written at ``version``), or None."""
    at = AuditEntry.__table__
    text = s.scalar(
        select(at.c.after_json)
        .where(at.c.table_name == "pay_runs", at.c.record_id == str(run_id), at.c.action == "compute")
        .order_by(at.c.id.desc())
        .limit(1)
    )
    try:
        after = json.loads(text or "{}")
    except ValueError:
        return None
    if not isinstance(after, dict) or after.get("version") != version:
        return None  # the run row changed after that computation
    fp = after.get("basis")
    return fp if isinstance(fp, str) else None


# ------------------------------------------------------------------------------------------- approval
def number_slips(s: Session, run_id: int) -> int:
    """Gap-free slip numbers for the run's lines, in participant order, taken in this transaction."""
    pl = PayLine.__table__
    line_ids = [
        r[0]
        for r in s.execute(
            select(pl.c.id).where(pl.c.pay_run_id == run_id).order_by(pl.c.participant_id, pl.c.organisation_id)
        )
    ]
    if not line_ids:
        return 0
    first = next_number(s, "slip")
    if len(line_ids) > 1:
        ct = Counter.__table__
        s.execute(update(ct).where(ct.c.name == "slip").values(value=ct.c.value + (len(line_ids) - 1)))
    lo, hi = min(line_ids), max(line_ids)
    if line_ids == list(range(lo, hi + 1)):
        # The lines were inserted in participant order under the payroll lock, so their ids are one
        # unbroken series: number them in one statement.
        s.execute(update(pl).where(pl.c.pay_run_id == run_id).values(slip_number=pl.c.id - lo + first))
    else:
        s.execute(
            update(pl).where(pl.c.id == bindparam("lid")).values(slip_number=bindparam("num")),
            [{"lid": lid, "num": first + i} for i, lid in enumerate(line_ids)],
        )
    return len(line_ids)


def copy_bank_details(s: Session, run_id: int) -> int:
    """Copy each bank-paid participant's clearing and account number into the run's lines (at approval).

    The bank file pays this copy only: changing a participant's account later cannot redirect an approved
    payment. Returns the number of lines that got a copy."""
    pl, pa = PayLine.__table__, Participant.__table__
    res = s.execute(
        update(pl)
        .where(pl.c.pay_run_id == run_id, pl.c.payout_method == "bank")
        .values(
            bank_clearing=select(pa.c.clearing).where(pa.c.id == pl.c.participant_id).scalar_subquery(),
            bank_account=select(pa.c.account).where(pa.c.id == pl.c.participant_id).scalar_subquery(),
        )
    )
    return int(res.rowcount or 0)


@dataclass(frozen=True, slots=True)
class TotalsCheck:
    """A run's stored totals next to the sums of its lines."""

    label: str
    stored: tuple[int, int, int, int]  # gross, tax, employer charges, net
    lines: tuple[int, int, int, int]

    @property
    def ok(self) -> bool:
        return self.stored == self.lines


def totals_check(s: Session, run_id: int) -> TotalsCheck:
    """Compare the run's stored totals with Σ of its lines (approval and every export refuse a mismatch)."""
    pr, pl = PayRun.__table__, PayLine.__table__
    label, *stored = s.execute(
        select(pr.c.label, pr.c.gross_ore, pr.c.tax_ore, pr.c.employer_fee_ore, pr.c.net_ore).where(pr.c.id == run_id)
    ).one()
    sums = s.execute(
        select(
            func.coalesce(func.sum(pl.c.gross_ore), 0),
            func.coalesce(func.sum(pl.c.tax_ore), 0),
            func.coalesce(func.sum(pl.c.employer_fee_ore), 0),
            func.coalesce(func.sum(pl.c.net_ore), 0),
        ).where(pl.c.pay_run_id == run_id)
    ).one()
    return TotalsCheck(label, tuple(int(x) for x in stored), tuple(int(x) for x in sums))  # type: ignore[arg-type]


def link_entries(
    s: Session, run_id: int, period: Period, org_ids: Sequence[int], other_drafts: Sequence[tuple[date, date]]
) -> tuple[int, int, int]:
    """Link the entries the run was computed from (the same selection, one UPDATE that also raises each
    entry's version by one); returns (count, Σ id, Σ id × version) of the entries the run now holds."""
    we = WorkEntry.__table__
    if org_ids:
        conds, _params = selection(period, org_ids, other_drafts, joined=False)
        s.execute(update(we).where(*conds).values(pay_run_id=run_id, version=we.c.version + 1))
    n, sid, sidv = s.execute(
        select(
            func.count(), func.coalesce(func.sum(we.c.id), 0), func.coalesce(func.sum(we.c.id * we.c.version), 0)
        ).where(we.c.pay_run_id == run_id)
    ).one()
    return int(n), int(sid), int(sidv)
