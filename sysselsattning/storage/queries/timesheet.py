"""Time recording's statements: the task and the people a form or the week grid shows, the week's entries, and
the entry writes (one entry, a correction, a whole week). The rules (hours per day, locked periods, rates) are
checked by the service with :mod:`sysselsattning.domain.timesheet` and :mod:`.work`; writes raise
:class:`Stale` when the row changed since it was read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sysselsattning.storage.db import Stale, hold
from sysselsattning.storage.db import flush_versioned as _flush
from sysselsattning.storage.orm import Participant, PayRun, Task, WorkEntry
from sysselsattning.storage.queries.work import LOCKED_STATUSES


class TaskInfo(NamedTuple):
    id: int
    name: str
    unit: str  # hour | piece | occasion
    worksite_id: int
    worksite_name: str
    organisation_id: int


def task_info(s: Session, task_id: int) -> TaskInfo | None:
    """The task with its worksite, or None when there is no such task."""
    t = s.get(Task, task_id)
    if t is None:
        return None
    w = t.worksite
    return TaskInfo(t.id, t.name, t.unit, w.id, w.name, w.organisation_id)


class Person(NamedTuple):
    """What time recording shows of a participant and needs for the year's warnings."""

    id: int
    first_name: str
    last_name: str
    personnummer: str
    cap_decision_from: date | None
    cap_decision_to: date | None


def _person(p: Participant) -> Person:
    return Person(p.id, p.first_name, p.last_name, p.personnummer, p.cap_decision_from, p.cap_decision_to)


def person(s: Session, participant_id: int) -> Person | None:
    p = s.get(Participant, participant_id)
    return None if p is None else _person(p)


def people(s: Session, participant_ids: Iterable[int], *, by_surname: bool = False) -> list[Person]:
    """The participants with these ids (in no particular order, or by stored last name)."""
    ids = list(participant_ids)
    if not ids:
        return []
    stmt = select(Participant).where(Participant.id.in_(ids))
    if by_surname:
        stmt = stmt.order_by(Participant.last_name)
    return [_person(p) for p in s.scalars(stmt)]


class WeekEntry(NamedTuple):
    id: int
    participant_id: int
    work_date: date
    hours_hundredths: int | None
    quantity_hundredths: int | None
    amount_ore: int
    pay_run_id: int | None
    corrects_entry_id: int | None


def week_entries(s: Session, task_id: int, start: date, end: date) -> list[WeekEntry]:
    """The task's entries with ``start <= work_date < end``, by id."""
    rows = s.execute(
        select(
            WorkEntry.id,
            WorkEntry.participant_id,
            WorkEntry.work_date,
            WorkEntry.hours_hundredths,
            WorkEntry.quantity_hundredths,
            WorkEntry.amount_ore,
            WorkEntry.pay_run_id,
            WorkEntry.corrects_entry_id,
        )
        .where(WorkEntry.task_id == task_id, WorkEntry.work_date >= start, WorkEntry.work_date < end)
        .order_by(WorkEntry.id)
    ).all()
    return [WeekEntry._make(r) for r in rows]


def locked_run_ids(s: Session) -> set[int]:
    """Ids of the approved and paid pay runs (their entries cannot change)."""
    return set(s.scalars(select(PayRun.id).where(PayRun.status.in_(LOCKED_STATUSES))))


class EntryRecord(NamedTuple):
    id: int
    participant_id: int
    worksite_id: int
    task_id: int
    work_date: date
    rate_ore: int
    hours_hundredths: int | None
    quantity_hundredths: int | None
    pay_run_id: int | None
    corrects_entry_id: int | None
    version: int


def _entry(e: WorkEntry) -> EntryRecord:
    return EntryRecord(
        e.id,
        e.participant_id,
        e.worksite_id,
        e.task_id,
        e.work_date,
        e.rate_ore,
        e.hours_hundredths,
        e.quantity_hundredths,
        e.pay_run_id,
        e.corrects_entry_id,
        e.version,
    )


def entry(s: Session, entry_id: int) -> EntryRecord | None:
    """One entry (held in the session: :func:`update_entry` and :func:`delete_entry` flush against this version)."""
    e = s.get(WorkEntry, entry_id)
    if e is None:
        return None
    hold(s, [e])
    return _entry(e)


def corrections_of(s: Session, entry_id: int) -> list[EntryRecord]:
    """The correction entries of an entry."""
    return [_entry(e) for e in s.scalars(select(WorkEntry).where(WorkEntry.corrects_entry_id == entry_id))]


def has_corrections(s: Session, entry_id: int) -> bool:
    return bool(s.scalar(select(func.count(WorkEntry.id)).where(WorkEntry.corrects_entry_id == entry_id)))


def add_entry(s: Session, values: Mapping[str, Any]) -> int:
    """A new entry (column → value), flushed; its id."""
    e = WorkEntry(**values)
    s.add(e)
    s.flush()
    return e.id


def update_entry(s: Session, entry_id: int, values: Mapping[str, Any]) -> None:
    """Set the given columns of an entry and flush."""
    e = s.get(WorkEntry, entry_id)
    if e is None:
        raise Stale
    for name, value in values.items():
        setattr(e, name, value)
    _flush(s)


def delete_entry(s: Session, entry_id: int) -> None:
    e = s.get(WorkEntry, entry_id)
    if e is None:
        raise Stale
    s.delete(e)
    _flush(s)


def save_week(s: Session, steps: Sequence[tuple[str, Any]]) -> None:
    """A week's changes, in order, then one flush: ``("delete", id)``, ``("update", (id, values))`` or
    ``("insert", values)``."""
    for kind, arg in steps:
        if kind == "delete":
            s.delete(s.get(WorkEntry, arg))
        elif kind == "update":
            entry_id, values = arg
            e = s.get(WorkEntry, entry_id)
            for name, value in values.items():
                setattr(e, name, value)
        else:
            s.add(WorkEntry(**arg))
    _flush(s)
