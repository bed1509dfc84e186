"""Read queries for exports and reports (AGI, pain.001, SIE, CSV, statements): approved pay runs as plain row dataclasses.

Only runs with status ``approved`` or ``paid`` are ever returned — a draft run is not final and is never
exported. Functions take a SQLAlchemy ``Session`` as their first argument and never commit; the service that
calls them owns the transaction. Nothing returned is an ORM instance, so rows can cross threads.

The one write here is :func:`ensure_spec_numbers`: AGI field 570 (Specifikationsnummer) must stay the same
for a person in every declaration, so it is assigned once, from the ``counters`` table, with an atomic
``UPDATE … SET value = value + 1 … RETURNING`` (race-safe on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sysselsattning.domain.payroll import LOCKED_STATUSES
from sysselsattning.storage.orm import (
    AuditEntry,
    Counter,
    Organisation,
    Participant,
    PayLine,
    PayRun,
    Setting,
    Task,
    WorkEntry,
    Worksite,
)

SPEC_COUNTER = "agi_specifikationsnummer"


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    id: int
    name: str
    orgnr: str
    address: str
    postal_code: str
    city: str
    contact_name: str
    contact_phone: str
    contact_email: str
    agi_registered: bool
    bank_clearing: str
    bank_account: str
    bank_bic: str
    bank_iban: str


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    label: str
    kind: str
    organisation_id: int | None
    period_start: date
    period_end: date
    payment_date: date
    status: str
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    net_ore: int
    participant_count: int


@dataclass(frozen=True, slots=True)
class LineRow:
    """One pay line of a final run with what exports and reports need of its participant."""

    id: int
    run_id: int
    run_label: str
    payment_date: date
    organisation_id: int
    participant_id: int
    personnummer: str
    first_name: str
    last_name: str
    address: str
    postal_code: str
    city: str
    clearing: str
    account: str
    caseworker_id: int | None
    agi_spec_number: int | None
    gross_ore: int
    correction_ore: int
    tax_ore: int
    tax_reason: str
    employer_fee_ore: int
    employer_fee_base_ore: int
    employer_fee_rate: str
    net_ore: int
    cap_shielded_ore: int
    ytd_gross_ore: int
    ytd_tax_ore: int
    ytd_net_ore: int
    ytd_cap_used_ore: int
    cap_ore: int
    payout_method: str
    cap_decision_from: date | None = None
    cap_decision_to: date | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class WorksiteRow:
    id: int
    organisation_id: int
    name: str
    address: str
    postal_code: str
    city: str


@dataclass(frozen=True, slots=True)
class EntryAggregate:
    """Work of final runs grouped by run, participant, worksite and task."""

    run_id: int
    participant_id: int
    worksite_id: int
    task_id: int
    task_name: str
    hours_hundredths: int
    quantity_hundredths: int
    amount_ore: int
    entries: int


def month_bounds(period: str) -> tuple[date, date]:
    """``"2026-03"`` → ``(2026-03-01, 2026-04-01)`` (half-open)."""
    year, month = period.split("-")
    start = date(int(year), int(month), 1)
    return start, start + relativedelta(months=1)


def _org_row(o: Organisation) -> OrganisationRow:
    return OrganisationRow(
        o.id,
        o.name,
        o.orgnr,
        o.address,
        o.postal_code,
        o.city,
        o.contact_name,
        o.contact_phone,
        o.contact_email,
        bool(o.agi_registered),
        o.bank_clearing or "",
        o.bank_account or "",
        o.bank_bic or "",
        o.bank_iban or "",
    )


def _run_row(r: PayRun) -> RunRow:
    return RunRow(
        r.id,
        r.label,
        r.kind,
        r.organisation_id,
        r.period_start,
        r.period_end,
        r.payment_date,
        r.status,
        r.gross_ore,
        r.tax_ore,
        r.employer_fee_ore,
        r.net_ore,
        r.participant_count,
    )


def organisations(session: Session, ids: set[int] | None = None) -> dict[int, OrganisationRow]:
    stmt = select(Organisation)
    if ids is not None:
        stmt = stmt.where(Organisation.id.in_(ids))
    return {o.id: _org_row(o) for o in session.scalars(stmt)}


def organisation_by_orgnr(session: Session, orgnr: str) -> OrganisationRow | None:
    digits = orgnr.replace("-", "").strip()
    for o in session.scalars(select(Organisation)):
        if o.orgnr.replace("-", "") == digits[-10:]:
            return _org_row(o)
    return None


def final_runs(
    session: Session, *, label: str | None = None, paid_from: date | None = None, paid_to: date | None = None
) -> list[RunRow]:
    """Approved or paid runs, by label and/or payment date range ``[paid_from, paid_to)``."""
    stmt = select(PayRun).where(PayRun.status.in_(LOCKED_STATUSES))
    if label is not None:
        stmt = stmt.where(PayRun.label == label)
    if paid_from is not None:
        stmt = stmt.where(PayRun.payment_date >= paid_from)
    if paid_to is not None:
        stmt = stmt.where(PayRun.payment_date < paid_to)
    stmt = stmt.order_by(PayRun.payment_date, PayRun.label, PayRun.id)
    return [_run_row(r) for r in session.scalars(stmt)]


def runs_with_label(session: Session, label: str) -> list[RunRow]:
    """All runs (any status) with a label — to explain why nothing was exported."""
    return [_run_row(r) for r in session.scalars(select(PayRun).where(PayRun.label == label).order_by(PayRun.id))]


def lines_of_runs(
    session: Session, run_ids: list[int], *, participant_ids: set[int] | None = None, caseworker_id: int | None = None
) -> list[LineRow]:
    if not run_ids:
        return []
    stmt = (
        select(PayLine, PayRun.label, PayRun.payment_date, Participant)
        .join(PayRun, PayRun.id == PayLine.pay_run_id)
        .join(Participant, Participant.id == PayLine.participant_id)
        .where(PayLine.pay_run_id.in_(run_ids))
        .order_by(PayRun.payment_date, PayRun.id, Participant.last_name, Participant.first_name, PayLine.id)
    )
    if participant_ids is not None:
        stmt = stmt.where(PayLine.participant_id.in_(participant_ids))
    if caseworker_id is not None:
        stmt = stmt.where(Participant.caseworker_id == caseworker_id)
    out: list[LineRow] = []
    for line, label, paid, p in session.execute(stmt):
        out.append(
            LineRow(
                id=line.id,
                run_id=line.pay_run_id,
                run_label=label,
                payment_date=paid,
                organisation_id=line.organisation_id,
                participant_id=p.id,
                personnummer=p.personnummer,
                first_name=p.first_name,
                last_name=p.last_name,
                address=p.address,
                postal_code=p.postal_code,
                city=p.city,
                # The account copied into the line at approval: an approved payment never follows a later change.
                clearing=line.bank_clearing or "",
                account=line.bank_account or "",
                caseworker_id=p.caseworker_id,
                agi_spec_number=p.agi_spec_number,
                gross_ore=line.gross_ore,
                correction_ore=line.correction_ore or 0,
                tax_ore=line.tax_ore,
                tax_reason=line.tax_reason or "",
                employer_fee_ore=line.employer_fee_ore,
                employer_fee_base_ore=line.employer_fee_base_ore or 0,
                employer_fee_rate=line.employer_fee_rate or "",
                net_ore=line.net_ore,
                cap_shielded_ore=line.cap_shielded_ore or 0,
                ytd_gross_ore=line.ytd_gross_ore or 0,
                ytd_tax_ore=line.ytd_tax_ore or 0,
                ytd_net_ore=line.ytd_net_ore or 0,
                ytd_cap_used_ore=line.ytd_cap_used_ore or 0,
                cap_ore=line.cap_ore or 0,
                payout_method=line.payout_method or "cash",
                cap_decision_from=p.cap_decision_from,
                cap_decision_to=p.cap_decision_to,
            )
        )
    return out


def final_lines_paid_between(session: Session, start: date, end: date, **kw) -> tuple[list[RunRow], list[LineRow]]:
    runs = final_runs(session, paid_from=start, paid_to=end)
    return runs, lines_of_runs(session, [r.id for r in runs], **kw)


def worksites(session: Session) -> dict[int, WorksiteRow]:
    return {
        w.id: WorksiteRow(w.id, w.organisation_id, w.name, w.address, w.postal_code, w.city)
        for w in session.scalars(select(Worksite))
    }


def entry_aggregates(session: Session, run_ids: list[int]) -> list[EntryAggregate]:
    """Hours, quantities and amounts of the work entries in the given runs, grouped."""
    if not run_ids:
        return []
    stmt = (
        select(
            WorkEntry.pay_run_id,
            WorkEntry.participant_id,
            WorkEntry.worksite_id,
            WorkEntry.task_id,
            Task.name,
            func.coalesce(func.sum(WorkEntry.hours_hundredths), 0),
            func.coalesce(func.sum(WorkEntry.quantity_hundredths), 0),
            func.coalesce(func.sum(WorkEntry.amount_ore), 0),
            func.count(WorkEntry.id),
        )
        .join(Task, Task.id == WorkEntry.task_id)
        .where(WorkEntry.pay_run_id.in_(run_ids))
        .group_by(WorkEntry.pay_run_id, WorkEntry.participant_id, WorkEntry.worksite_id, WorkEntry.task_id, Task.name)
    )
    return [
        EntryAggregate(int(r), int(p), int(w), int(t), str(n), int(h), int(q), int(a), int(c))
        for r, p, w, t, n, h, q, a, c in session.execute(stmt)
    ]


def main_worksites(session: Session, run_ids: list[int]) -> dict[tuple[int, int, int], int]:
    """(run id, participant id, organisation id) → the worksite where most of that pay was earned.

    AGI fields 245/246 (arbetsplatsens adress) need one workplace per individuppgift; a participant who worked
    at several worksites of one association gets the one with the largest amount.
    """
    sites = worksites(session)
    best: dict[tuple[int, int, int], tuple[int, int]] = {}
    for agg in entry_aggregates(session, run_ids):
        site = sites.get(agg.worksite_id)
        if site is None:
            continue
        key = (agg.run_id, agg.participant_id, site.organisation_id)
        amount = best.get(key, (0, -1))
        if agg.amount_ore > amount[0] or amount[1] == -1:
            best[key] = (agg.amount_ore, agg.worksite_id)
    return {k: v[1] for k, v in best.items()}


def participants_by_id(session: Session, ids: set[int]) -> dict[int, Participant]:
    return {p.id: p for p in session.scalars(select(Participant).where(Participant.id.in_(ids)))} if ids else {}


def participant_by_pnr(session: Session, canonical: str) -> Participant | None:
    return session.scalars(select(Participant).where(Participant.personnummer == canonical)).first()


def setting(session: Session, key: str, default: str = "") -> str:
    row = session.get(Setting, key)
    return row.value if row is not None and row.value != "" else default


def _next_counter(session: Session, name: str) -> int:
    """Atomically take the next value of a counter (creating it at 1)."""
    stmt = update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value)
    value = session.execute(stmt).scalar_one_or_none()
    if value is not None:
        return int(value)
    # First use: create the row. A concurrent creator makes our insert fail; then the update above works.
    start = int(session.scalar(select(func.coalesce(func.max(Participant.agi_spec_number), 0))) or 0) + 1
    try:
        with session.begin_nested():
            session.add(Counter(name=name, value=start))
        return start
    except IntegrityError:
        return int(session.execute(stmt).scalar_one())


def ensure_spec_numbers(session: Session, participant_ids: set[int]) -> dict[int, int]:
    """Give every participant without one a specification number (AGI field 570). Returns id → number."""
    out: dict[int, int] = {}
    for pid in sorted(participant_ids):
        p = session.get(Participant, pid, with_for_update=session.bind.dialect.name != "sqlite")
        if p is None:
            continue
        if p.agi_spec_number is None:
            p.agi_spec_number = _next_counter(session, SPEC_COUNTER)
            session.flush()
        out[pid] = p.agi_spec_number
    return out


def group_sum(rows, key, value) -> dict:
    out: dict = defaultdict(int)
    for r in rows:
        out[key(r)] += value(r)
    return dict(out)


def employment_flags(session: Session, run_ids: list[int]) -> dict[tuple[int, int], bool]:
    """(run id, participant id) → whether any task worked counts as employment (jobbstimulans)."""
    if not run_ids:
        return {}
    stmt = (
        select(WorkEntry.pay_run_id, WorkEntry.participant_id, Task.counts_as_employment)
        .join(Task, Task.id == WorkEntry.task_id)
        .where(WorkEntry.pay_run_id.in_(run_ids))
        .distinct()
    )
    out: dict[tuple[int, int], bool] = {}
    for run_id, pid, flag in session.execute(stmt):
        out[(run_id, pid)] = out.get((run_id, pid), False) or bool(flag)
    return out


def times_exported(s: Session, table_name: str, record_id: str) -> int:
    """How many ``export`` audit rows name this file (``table_name`` e.g. "agi", ``record_id`` e.g.
    "orgnr:period"): an AGI written before is a correction."""
    return (
        s.query(AuditEntry)
        .filter(AuditEntry.action == "export", AuditEntry.table_name == table_name, AuditEntry.record_id == record_id)
        .count()
    )
