"""Queries shared by services (registry, time recording, payroll). Functions take a Session; no commits here.

``is_locked`` and ``rate_on`` are the two questions every part that touches work entries asks:
"is this day in an approved pay period for this association?" and "which arvode rate was in force?".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from sysselsattning.domain.payroll import LOCKED_STATUSES
from sysselsattning.storage.orm import PayRun, TaskRate, WorkEntry


def is_locked(session: Session, organisation_id: int | None, day: date) -> bool:
    """True when ``day`` lies in an approved/paid run's ``[period_start, period_end)`` that covers the
    association (the run's ``organisation_id`` is NULL = the programme's run, or equals ``organisation_id``)."""
    cond = [PayRun.status.in_(LOCKED_STATUSES), PayRun.period_start <= day, PayRun.period_end > day]
    if organisation_id is None:
        cond.append(PayRun.organisation_id.is_(None))
    else:
        cond.append(or_(PayRun.organisation_id.is_(None), PayRun.organisation_id == organisation_id))
    return session.execute(select(PayRun.id).where(*cond).limit(1)).first() is not None


def locked_periods(session: Session, organisation_id: int | None, start: date, end: date) -> list[tuple[date, date]]:
    """Approved/paid periods ``[start, end)`` overlapping ``[start, end)`` for the association (one query)."""
    cond = [PayRun.status.in_(LOCKED_STATUSES), PayRun.period_start < end, PayRun.period_end > start]
    if organisation_id is None:
        cond.append(PayRun.organisation_id.is_(None))
    else:
        cond.append(or_(PayRun.organisation_id.is_(None), PayRun.organisation_id == organisation_id))
    return [(a, b) for a, b in session.execute(select(PayRun.period_start, PayRun.period_end).where(*cond))]


def day_in(periods: Iterable[tuple[date, date]], day: date) -> bool:
    return any(a <= day < b for a, b in periods)


def rate_on(session: Session, task_id: int, day: date) -> int | None:
    """The task's arvode rate (öre per unit) in force on ``day``, or None when there is none."""
    row = session.execute(
        select(TaskRate.rate_ore)
        .where(
            TaskRate.task_id == task_id,
            TaskRate.valid_from <= day,
            or_(TaskRate.valid_to.is_(None), TaskRate.valid_to >= day),
        )
        .order_by(TaskRate.valid_from.desc())
        .limit(1)
    ).first()
    return None if row is None else int(row[0])


def rates_between(session: Session, task_id: int, start: date, end: date) -> dict[date, int | None]:
    """Rate per day for ``start`` ≤ day < ``end`` (one query)."""
    rates = session.execute(
        select(TaskRate.valid_from, TaskRate.valid_to, TaskRate.rate_ore)
        .where(
            TaskRate.task_id == task_id,
            TaskRate.valid_from < end,
            or_(TaskRate.valid_to.is_(None), TaskRate.valid_to >= start),
        )
        .order_by(TaskRate.valid_from)
    ).all()
    out: dict[date, int | None] = {}
    d = start
    while d < end:
        value = None
        for frm, to, rate in rates:
            if frm <= d and (to is None or to >= d):
                value = int(rate)
        out[d] = value
        d += timedelta(days=1)
    return out


def hours_per_day(
    session: Session,
    participant_ids: Sequence[int],
    start: date,
    end: date,
    *,
    exclude_task_id: int | None = None,
    exclude_entry_ids: Sequence[int] = (),
) -> dict[tuple[int, date], int]:
    """Recorded hours (hundredths) per (participant, day) on ALL worksites, optionally without one task's
    entries or some entries (those being replaced)."""
    if not participant_ids:
        return {}
    cond = [
        WorkEntry.participant_id.in_(list(participant_ids)),
        WorkEntry.work_date >= start,
        WorkEntry.work_date < end,
        WorkEntry.hours_hundredths.is_not(None),
    ]
    if exclude_task_id is not None:
        cond.append(WorkEntry.task_id != exclude_task_id)
    if exclude_entry_ids:
        cond.append(WorkEntry.id.not_in(list(exclude_entry_ids)))
    rows = session.execute(
        select(WorkEntry.participant_id, WorkEntry.work_date, func.sum(WorkEntry.hours_hundredths))
        .where(*cond)
        .group_by(WorkEntry.participant_id, WorkEntry.work_date)
    )
    return {(pid, d): int(total or 0) for pid, d, total in rows}


def unlocked_entry_condition(organisation_id: int):
    """SQL condition "the entry is not in a locked run" for entries of one association (used in filters)."""
    locked = (
        select(PayRun.id)
        .where(
            PayRun.status.in_(LOCKED_STATUSES),
            PayRun.period_start <= WorkEntry.work_date,
            PayRun.period_end > WorkEntry.work_date,
            or_(PayRun.organisation_id.is_(None), PayRun.organisation_id == organisation_id),
        )
        .exists()
    )
    return and_(~locked)
