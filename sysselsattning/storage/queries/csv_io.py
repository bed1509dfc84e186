"""The CSV files' statements: look-ups for the participant and hours imports, their writes, and the reads of
the three exports. The service parses, validates, checks access and audits in the same unit of work."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from sysselsattning.storage.db import hold
from sysselsattning.storage.orm import (
    Organisation,
    Participant,
    ParticipantTaxSituation,
    PayRun,
    Task,
    WorkEntry,
    Worksite,
)
from sysselsattning.storage.queries.registry import ParticipantRecord, record_of, set_participant_values

_BATCH = 500  # personnummer per IN list


def active_organisation_ids(s: Session, *, limit: int) -> list[int]:
    """Up to ``limit`` active associations' ids (the import asks whether there is exactly one)."""
    return list(s.scalars(select(Organisation.id).where(Organisation.active.is_(True)).limit(limit)).all())


def participants_by_pnr(s: Session, canonicals: Sequence[str]) -> dict[str, ParticipantRecord]:
    """The participants with these (canonical) personnummer, in batches of 500."""
    out: dict[str, ParticipantRecord] = {}
    for i in range(0, len(canonicals), _BATCH):
        stmt = select(Participant).where(Participant.personnummer.in_(canonicals[i : i + _BATCH]))
        found = s.scalars(stmt).all()
        hold(s, found)  # updated by write_imported_participant in the same unit of work
        for p in found:
            out[p.personnummer] = record_of(p)
    return out


def write_imported_participant(
    s: Session, participant_id: int | None, values: Mapping[str, Any], *, need_id: bool = False
) -> int | None:
    """Create (``participant_id`` None, active) or update a participant with ``values``. The id of a new one
    only with ``need_id`` (a flush); otherwise the rows are written together at the end of the unit of work."""
    if participant_id is None:
        p = Participant(active=True)
        s.add(p)
    else:
        p = s.get(Participant, participant_id)
        if p is None:
            raise LookupError(participant_id)
    set_participant_values(p, values)
    if need_id:
        s.flush()
        return p.id
    return participant_id


def save_tax_situation(s: Session, participant_id: int, values: Mapping[str, Any], username: str) -> None:
    """A tax situation (``values`` with ``valid_from``), replacing one recorded for the same date."""
    values = dict(values)
    valid_from = values.pop("valid_from")
    row = s.scalars(
        select(ParticipantTaxSituation).where(
            ParticipantTaxSituation.participant_id == participant_id, ParticipantTaxSituation.valid_from == valid_from
        )
    ).first()
    if row is None:
        row = ParticipantTaxSituation(participant_id=participant_id, valid_from=valid_from)
        s.add(row)
    for key, value in {**values, "created_by": username}.items():
        setattr(row, key, value)


class WorksiteRef(NamedTuple):
    id: int
    organisation_id: int
    name: str


class TaskRef(NamedTuple):
    id: int
    name: str
    unit: str


def worksites_by_name(s: Session) -> dict[str, list[WorksiteRef]]:
    """Every worksite under its name in lower case (one name may exist at several associations)."""
    out: dict[str, list[WorksiteRef]] = {}
    for w in s.scalars(select(Worksite)):
        out.setdefault(w.name.strip().lower(), []).append(WorksiteRef(w.id, w.organisation_id, w.name))
    return out


def tasks_by_name(s: Session) -> dict[tuple[int, str], TaskRef]:
    """Every task under (worksite id, name in lower case)."""
    return {(t.worksite_id, t.name.strip().lower()): TaskRef(t.id, t.name, t.unit) for t in s.scalars(select(Task))}


def add_work_entries(s: Session, entries: Iterable[Mapping[str, Any]]) -> None:
    """Add work entries (column → value each); written at the end of the unit of work."""
    s.add_all([WorkEntry(**values) for values in entries])


def participants_for_export(s: Session, organisations: frozenset[int] | None) -> list[ParticipantRecord]:
    """Participants by last name, first name and id; with ``organisations``: theirs and those without one."""
    stmt = select(Participant).order_by(Participant.last_name, Participant.first_name, Participant.id)
    if organisations is not None:
        stmt = stmt.where((Participant.organisation_id.is_(None)) | Participant.organisation_id.in_(organisations))
    return [record_of(p) for p in s.scalars(stmt)]


class HoursExportRow(NamedTuple):
    id: int
    work_date: date
    personnummer: str
    worksite: str
    task: str
    unit: str
    hours_hundredths: int | None
    quantity_hundredths: int | None
    comment: str | None
    organisation: str
    rate_ore: int
    amount_ore: int
    corrects_entry_id: int | None
    pay_run_label: str | None


def hours_for_export(
    s: Session, *, year: int | None = None, organisations: frozenset[int] | None = None
) -> Iterator[HoursExportRow]:
    """Work entries by date, personnummer, worksite, task and id, streamed in chunks of 5,000 (a year may hold
    hundreds of thousands)."""
    we = WorkEntry.__table__
    stmt = (
        select(
            we.c.id,
            we.c.work_date,
            Participant.personnummer,
            Worksite.name,
            Task.name,
            Task.unit,
            we.c.hours_hundredths,
            we.c.quantity_hundredths,
            we.c.comment,
            Organisation.name,
            we.c.rate_ore,
            we.c.amount_ore,
            we.c.corrects_entry_id,
            PayRun.label,
        )
        .select_from(we)
        .join(Participant, Participant.id == we.c.participant_id)
        .join(Worksite, Worksite.id == we.c.worksite_id)
        .join(Organisation, Organisation.id == Worksite.organisation_id)
        .join(Task, Task.id == we.c.task_id)
        .outerjoin(PayRun, PayRun.id == we.c.pay_run_id)
        .order_by(we.c.work_date, Participant.personnummer, Worksite.name, Task.name, we.c.id)
    )
    if year is not None:
        stmt = stmt.where(we.c.work_date >= date(year, 1, 1), we.c.work_date < date(year + 1, 1, 1))
    if organisations is not None:
        stmt = stmt.where(Worksite.organisation_id.in_(organisations))
    for row in s.execute(stmt).yield_per(5000):
        yield HoursExportRow._make(row)


class PayRunExportRow(NamedTuple):
    label: str
    organisation: str | None
    status: str
    period_start: date
    period_end: date  # exclusive
    payment_date: date
    participant_count: int
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    net_ore: int


def payruns_for_export(s: Session, *, year: int | None = None) -> list[PayRunExportRow]:
    """Pay runs by period start, label and id (those starting in ``year`` when given)."""
    stmt = (
        select(PayRun, Organisation.name)
        .outerjoin(Organisation, Organisation.id == PayRun.organisation_id)
        .order_by(PayRun.period_start, PayRun.label, PayRun.id)
    )
    if year is not None:
        stmt = stmt.where(PayRun.period_start >= date(year, 1, 1), PayRun.period_start < date(year + 1, 1, 1))
    return [
        PayRunExportRow(
            r.label,
            org,
            r.status,
            r.period_start,
            r.period_end,
            r.payment_date,
            r.participant_count,
            r.gross_ore,
            r.tax_ore,
            r.employer_fee_ore,
            r.net_ore,
        )
        for r, org in s.execute(stmt)
    ]
