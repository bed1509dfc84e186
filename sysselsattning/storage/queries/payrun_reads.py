"""Pay runs, the reading side: runs with their sums, lines with names, year-to-date, slip rows and the work
entries behind a slip."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from sysselsattning.domain.payroll import Period
from sysselsattning.storage.orm import AuditEntry, Organisation, Participant, PayLine, PayRun, Task, WorkEntry, Worksite
from sysselsattning.storage.queries.payruns import (
    LOCKED_STATUSES,
    RunState,
    other_drafts,
    run_organisations,
    run_state,
    selection,
)

_RUN_FIELDS = RunState.__slots__


class LineSums(NamedTuple):
    lines: int
    correction_ore: int
    cash_ore: int
    bank_ore: int


class PayLineRow(NamedTuple):
    """A stored pay line with the participant's and the association's names."""

    id: int
    participant_id: int
    organisation_id: int
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
    ytd_employer_fee_ore: int
    ytd_net_ore: int
    ytd_cap_used_ore: int
    cap_ore: int
    payout_method: str
    slip_number: int | None
    details_json: str | None
    first_name: str
    last_name: str
    personnummer: str
    org_name: str


_LINE_FIELDS = PayLineRow._fields[:21]


class SlipRow(NamedTuple):
    """A pay line with what its slip prints about the participant and the association."""

    line: PayLineRow
    address: str | None
    postal_code: str | None
    city: str | None
    clearing: str | None
    account: str | None
    orgnr: str | None
    org_address: str | None
    org_postal: str | None
    org_city: str | None
    contact_name: str | None = None
    contact_phone: str | None = None
    cap_decision_from: date | None = None
    cap_decision_to: date | None = None


class EntryLine(NamedTuple):
    """A work entry as a slip lists it."""

    work_date: date
    worksite: str
    task: str
    unit: str
    hours_hundredths: int | None
    quantity_hundredths: int | None
    rate_ore: int
    amount_ore: int
    corrects_entry_id: int | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class YearTotals:
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    net_ore: int
    cap_used_ore: int
    payments: int


def all_runs(s: Session) -> list[RunState]:
    """Every run, oldest period first."""
    pr = PayRun.__table__
    return [
        run_state(r)
        for r in s.execute(
            select(*(pr.c[name] for name in _RUN_FIELDS)).order_by(pr.c.period_start, pr.c.label, pr.c.id)
        ).mappings()
    ]


def line_sums(s: Session) -> dict[int, LineSums]:
    """Per run: its number of lines, corrections, and net paid in cash and to bank accounts."""
    pl = PayLine.__table__
    out: dict[int, LineSums] = {}
    for rid, n, corr, cash, net in s.execute(
        select(
            pl.c.pay_run_id,
            func.count(),
            func.sum(pl.c.correction_ore),
            func.sum(case((pl.c.payout_method == "cash", pl.c.net_ore), else_=0)),
            func.sum(pl.c.net_ore),
        ).group_by(pl.c.pay_run_id)
    ):
        out[rid] = LineSums(int(n), int(corr or 0), int(cash or 0), int(net or 0) - int(cash or 0))
    return out


def last_entry_change(s: Session) -> datetime | None:
    """When a work entry was last changed (the audit log's latest ``work_entries`` row)."""
    return s.scalar(
        select(AuditEntry.at).where(AuditEntry.table_name == "work_entries").order_by(AuditEntry.at.desc()).limit(1)
    )


def _line_columns():
    pl, pt, ot = PayLine.__table__, Participant.__table__, Organisation.__table__
    return [pl.c[name] for name in _LINE_FIELDS] + [
        pt.c.first_name,
        pt.c.last_name,
        pt.c.personnummer,
        ot.c.name.label("org_name"),
    ]


def run_lines(s: Session, run_id: int, organisation_ids: Iterable[int] | None = None) -> list[PayLineRow]:
    """The run's lines by participant name (only those of ``organisation_ids`` when given)."""
    pl, pt, ot = PayLine.__table__, Participant.__table__, Organisation.__table__
    stmt = (
        select(*_line_columns())
        .join(pt, pt.c.id == pl.c.participant_id)
        .join(ot, ot.c.id == pl.c.organisation_id)
        .where(pl.c.pay_run_id == run_id)
        .order_by(pt.c.last_name, pt.c.first_name, pl.c.organisation_id)
    )
    if organisation_ids is not None:
        stmt = stmt.where(pl.c.organisation_id.in_(sorted(organisation_ids)))
    return [PayLineRow._make(r) for r in s.execute(stmt)]


def slip_rows(
    s: Session, run_id: int, participant_id: int | None = None, organisation_ids: Iterable[int] | None = None
) -> list[SlipRow]:
    """The run's lines in slip-number order, with addresses and bank details."""
    pl, pt, ot = PayLine.__table__, Participant.__table__, Organisation.__table__
    stmt = (
        select(
            *_line_columns(),
            pt.c.address,
            pt.c.postal_code,
            pt.c.city,
            # the account copied at approval (a draft shows the account as it is now)
            func.coalesce(func.nullif(pl.c.bank_clearing, ""), pt.c.clearing),
            func.coalesce(func.nullif(pl.c.bank_account, ""), pt.c.account),
            ot.c.orgnr,
            ot.c.address,
            ot.c.postal_code,
            ot.c.city,
            ot.c.contact_name,
            ot.c.contact_phone,
            pt.c.cap_decision_from,
            pt.c.cap_decision_to,
        )
        .join(pt, pt.c.id == pl.c.participant_id)
        .join(ot, ot.c.id == pl.c.organisation_id)
        .where(pl.c.pay_run_id == run_id)
        .order_by(pl.c.slip_number, pt.c.last_name, pt.c.first_name, pl.c.organisation_id)
    )
    if participant_id is not None:
        stmt = stmt.where(pl.c.participant_id == participant_id)
    if organisation_ids is not None:
        stmt = stmt.where(pl.c.organisation_id.in_(sorted(organisation_ids)))
    n = len(PayLineRow._fields)
    return [SlipRow(PayLineRow._make(r[:n]), *r[n:]) for r in s.execute(stmt)]


def entry_lines(
    s: Session, run: RunState, period: Period, participant_id: int | None = None
) -> dict[tuple[int, int], list[EntryLine]]:
    """The work entries behind ``run``'s lines, per (participant, association), in slip order.

    An approved run holds its entries (``work_entries.pay_run_id``); a draft's are the entries its computation
    selects (the same conditions as the basis, :func:`.payruns.entry_sums`).
    """
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
    if run.status in LOCKED_STATUSES:
        stmt = stmt.where(we.c.pay_run_id == run.id)
    else:
        org_ids = [o.id for o in run_organisations(s, period.kind, run.organisation_id)]
        if not org_ids:
            return {}
        drafts = other_drafts(s, period.kind, run.organisation_id, run.id)
        stmt = stmt.where(*selection(period, org_ids, drafts)[0])
    if participant_id is not None:
        stmt = stmt.where(we.c.participant_id == participant_id)
    out: dict[tuple[int, int], list[EntryLine]] = defaultdict(list)
    for pid, oid, *rest in s.execute(stmt):
        out[(pid, oid)].append(EntryLine._make(rest))
    return out


def year_totals(s: Session, participant_id: int, year: int) -> YearTotals:
    """The participant's approved and paid lines with a payment date in ``year``, summed (all associations)."""
    pl, pr = PayLine.__table__, PayRun.__table__
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
            pr.c.status.in_(LOCKED_STATUSES),
            pr.c.payment_date >= date(year, 1, 1),
            pr.c.payment_date < date(year + 1, 1, 1),
        )
    ).one()
    return YearTotals(*(int(v) for v in row))


@dataclass(frozen=True, slots=True)
class YearPart:
    """A participant's pay from one association in a year, up to and including one payment date."""

    participant_id: int
    organisation_id: int
    organisation_name: str
    gross_ore: int
    tax_ore: int
    net_ore: int
    cap_shielded_ore: int


def year_parts(s: Session, participant_ids: Iterable[int], year: int, upto: date, run_id: int) -> list[YearPart]:
    """Per participant and association: the lines paid in ``year`` on or before ``upto`` (approved and paid
    runs, plus ``run_id`` itself when it is a draft), summed. This is the participant's own year-to-date and cap
    ledger across every association, after every payment of that day."""
    pl, pr, ot = PayLine.__table__, PayRun.__table__, Organisation.__table__
    ids = sorted(set(participant_ids))
    if not ids:
        return []
    stmt = (
        select(
            pl.c.participant_id,
            pl.c.organisation_id,
            ot.c.name,
            func.sum(pl.c.gross_ore),
            func.sum(pl.c.tax_ore),
            func.sum(pl.c.net_ore),
            func.sum(pl.c.cap_shielded_ore),
        )
        .join(pr, pr.c.id == pl.c.pay_run_id)
        .join(ot, ot.c.id == pl.c.organisation_id)
        .where(
            pl.c.participant_id.in_(ids),
            or_(pr.c.status.in_(LOCKED_STATUSES), pr.c.id == run_id),
            pr.c.payment_date >= date(year, 1, 1),
            pr.c.payment_date <= upto,
        )
        .group_by(pl.c.participant_id, pl.c.organisation_id, ot.c.name)
        .order_by(pl.c.participant_id, ot.c.name)
    )
    return [YearPart(pid, oid, name, *(int(v or 0) for v in sums)) for pid, oid, name, *sums in s.execute(stmt)]


@dataclass(frozen=True, slots=True)
class CapFacts:
    """What the cap ledger needs of a participant."""

    participant_id: int
    personnummer: str
    cap_decision_from: date | None
    cap_decision_to: date | None


def cap_facts(s: Session, participant_id: int) -> CapFacts | None:
    pt = Participant.__table__
    row = s.execute(
        select(pt.c.id, pt.c.personnummer, pt.c.cap_decision_from, pt.c.cap_decision_to).where(
            pt.c.id == participant_id
        )
    ).first()
    return CapFacts(*row) if row is not None else None
