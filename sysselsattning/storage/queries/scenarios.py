"""Scenarios: the simulator's reads (a participant's arvode per month, the participants and task rates it offers)
and the saved scenarios (store, list, load)."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from sysselsattning.domain.payroll import LOCKED_STATUSES
from sysselsattning.storage.orm import Participant, PayLine, PayRun, Scenario, Task, TaskRate, WorkEntry, Worksite


class Owner(NamedTuple):
    """Whose a participant is, for the access check."""

    organisation_id: int | None
    caseworker_id: int | None


def participant_owner(s: Session, participant_id: int) -> Owner | None:
    """The participant's association and caseworker, or None when there is no such participant."""
    p = s.get(Participant, participant_id)
    return None if p is None else Owner(p.organisation_id, p.caseworker_id)


class ScenarioParticipant(NamedTuple):
    """What a scenario takes from the participant's record."""

    id: int
    first_name: str
    last_name: str
    personnummer: str
    organisation_id: int | None
    caseworker_id: int | None
    household_json: str
    tax_mode: str
    tax_percent_hundredths: int | None
    cap_decision_from: date | None
    cap_decision_to: date | None


def scenario_participant(s: Session, participant_id: int) -> ScenarioParticipant | None:
    p = s.get(Participant, participant_id)
    if p is None:
        return None
    return ScenarioParticipant(
        p.id,
        p.first_name,
        p.last_name,
        p.personnummer,
        p.organisation_id,
        p.caseworker_id,
        p.household_json,
        p.tax_mode,
        p.tax_percent_hundredths,
        p.cap_decision_from,
        p.cap_decision_to,
    )


def arvode_by_month(s: Session, participant_id: int, year: int) -> tuple[list[int], list[int]]:
    """(approved, planned) gross öre of ``year`` per month (index 0 = January): approved = the pay lines of
    approved or paid runs by payment date; planned = work entries by work date not in such a run. Months may be
    negative (a net correction)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    approved = [0] * 12
    rows = s.execute(
        select(PayRun.payment_date, PayLine.gross_ore)
        .join(PayRun, PayRun.id == PayLine.pay_run_id)
        .where(
            PayLine.participant_id == participant_id,
            PayRun.status.in_(LOCKED_STATUSES),
            PayRun.payment_date >= start,
            PayRun.payment_date < end,
        )
    ).all()
    for paid_on, gross in rows:
        approved[paid_on.month - 1] += int(gross)
    planned = [0] * 12
    rows = s.execute(
        select(WorkEntry.work_date, WorkEntry.amount_ore)
        .outerjoin(PayRun, PayRun.id == WorkEntry.pay_run_id)
        .where(
            WorkEntry.participant_id == participant_id,
            WorkEntry.work_date >= start,
            WorkEntry.work_date < end,
            or_(WorkEntry.pay_run_id.is_(None), and_(PayRun.id.is_not(None), PayRun.status.not_in(LOCKED_STATUSES))),
        )
    ).all()
    for worked_on, amount in rows:
        planned[worked_on.month - 1] += int(amount)
    return approved, planned


class SimParticipant(NamedTuple):
    id: int
    first_name: str
    last_name: str
    personnummer: str
    organisation_id: int | None
    caseworker_id: int | None


def active_participants(s: Session) -> list[SimParticipant]:
    """Every active participant, by last name, first name and id (the caller filters by access)."""
    ordered = (
        select(Participant)
        .where(Participant.active.is_(True))
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    )
    return [
        SimParticipant(p.id, p.first_name, p.last_name, p.personnummer, p.organisation_id, p.caseworker_id)
        for p in s.scalars(ordered).all()
    ]


class TaskRateInForce(NamedTuple):
    task_id: int
    task_name: str
    unit: str
    worksite_name: str
    rate_ore: int


def task_rates_on(s: Session, on: date) -> list[TaskRateInForce]:
    """Active tasks with the rate in force ``on`` (the latest-starting one when several), by worksite and task
    name; tasks without a rate that day are left out."""
    q = (
        select(Task.id, Task.name, Task.unit, Worksite.name, TaskRate.rate_ore)
        .join(Worksite, Worksite.id == Task.worksite_id)
        .join(TaskRate, TaskRate.task_id == Task.id)
        .where(
            Task.active.is_(True),
            TaskRate.valid_from <= on,
            or_(TaskRate.valid_to.is_(None), TaskRate.valid_to >= on),
        )
        .order_by(Worksite.name, Task.name, TaskRate.valid_from.desc())
    )
    seen: set[int] = set()
    out: list[TaskRateInForce] = []
    for task_id, task_name, unit, ws_name, rate in s.execute(q).all():
        if task_id in seen:
            continue
        seen.add(task_id)
        out.append(TaskRateInForce(task_id, task_name, unit, ws_name, int(rate)))
    return out


class SavedRow(NamedTuple):
    id: int
    name: str
    participant_id: int | None
    created_by: str
    created_at: datetime
    scenario_json: str
    organisation_id: int | None = None  # the participant's, for the access check (list only)
    caseworker_id: int | None = None


def _saved(row: Scenario, org_id: int | None = None, cw_id: int | None = None) -> SavedRow:
    return SavedRow(
        row.id, row.name, row.participant_id, row.created_by, row.created_at, row.scenario_json, org_id, cw_id
    )


def add_scenario(s: Session, *, participant_id: int | None, name: str, scenario_json: str, created_by: str) -> SavedRow:
    """Store a scenario (flushed: the row has its id and time)."""
    row = Scenario(participant_id=participant_id, name=name, scenario_json=scenario_json, created_by=created_by)
    s.add(row)
    s.flush()
    return _saved(row)


def saved_scenarios(s: Session, participant_id: int | None = None) -> list[SavedRow]:
    """Saved scenarios, newest first, with their participant's association and caseworker; only those of
    ``participant_id`` when given."""
    q = select(Scenario, Participant.organisation_id, Participant.caseworker_id).outerjoin(
        Participant, Participant.id == Scenario.participant_id
    )
    if participant_id is not None:
        q = q.where(Scenario.participant_id == participant_id)
    q = q.order_by(Scenario.created_at.desc(), Scenario.id.desc())
    return [_saved(row, org_id, cw_id) for row, org_id, cw_id in s.execute(q).all()]


def saved_scenario(s: Session, scenario_id: int) -> SavedRow | None:
    row = s.get(Scenario, scenario_id)
    return None if row is None else _saved(row)
