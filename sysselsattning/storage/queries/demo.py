"""Demo data's statements: is the database empty, and the bulk inserts of a made-up programme (associations,
worksites, tasks with rates, participants, a year of work entries). The service makes up the values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sysselsattning.storage.orm import Organisation, Participant, PayRun, Task, TaskRate, WorkEntry, Worksite


def is_empty(s: Session) -> bool:
    """No associations, participants, work entries or pay runs yet."""
    return not any(
        s.scalar(select(func.count()).select_from(model)) for model in (Organisation, Participant, WorkEntry, PayRun)
    )


def _added(s: Session, row: Any) -> int:
    s.add(row)
    s.flush()
    return row.id


def add_organisation(s: Session, values: Mapping[str, Any]) -> int:
    return _added(s, Organisation(**values))


def add_worksite(s: Session, values: Mapping[str, Any]) -> int:
    return _added(s, Worksite(**values))


def add_task(s: Session, values: Mapping[str, Any], rates: Sequence[Mapping[str, Any]]) -> int:
    """A task and its rates (each without ``task_id``)."""
    task_id = _added(s, Task(**values))
    for rate in rates:
        s.add(TaskRate(task_id=task_id, **rate))
    return task_id


def insert_participants(s: Session, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Insert participants in batches of 2,000 (Core: no objects); every participant's id by personnummer."""
    for i in range(0, len(rows), 2000):
        s.execute(Participant.__table__.insert(), rows[i : i + 2000])
    return dict(s.execute(select(Participant.personnummer, Participant.id)).all())


def insert_work_entries(s: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert work entries (Core, one executemany)."""
    s.execute(WorkEntry.__table__.insert(), rows)
