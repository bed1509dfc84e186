"""The registry's statements: associations, worksites, tasks with dated rates, and the participant record.

Reads return frozen rows. Writes take the column values the service validated and the ``version`` the user
loaded; a version that no longer matches (someone saved in between, or the UPDATE found a newer version)
raises :class:`Stale`, a missing row :class:`Missing`. The service turns them into its errors, checks access
and validates; the statements run in its unit of work and never commit.

The lists the first page needs (associations, caseworkers) read the Core tables on a connection; the ORM
classes are imported in the functions that use them, so that importing this module at start-up maps nothing
(issue #17).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, func, select

from sysselsattning.storage import tables
from sysselsattning.storage.db import Stale, hold
from sysselsattning.storage.db import flush_versioned as _flush

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sysselsattning.storage.orm import Participant, Task, TaskRate, Worksite


class Missing(LookupError):
    """The row to change does not exist."""


# --------------------------------------------------------------------------------------------- rows
@dataclass(frozen=True, slots=True)
class OrganisationRow:
    id: int
    name: str
    orgnr: str  # NNNNNN-NNNN
    address: str
    postal_code: str
    city: str
    contact_name: str
    contact_phone: str
    contact_email: str
    agi_registered: bool
    pay_frequency: str  # month | week | occasion
    payment_day: int
    active: bool
    version: int
    payment_month_offset: int = 0  # 0: paid in the month worked, 1: the month after
    worksite_count: int = 0


@dataclass(frozen=True, slots=True)
class WorksiteRow:
    id: int
    organisation_id: int
    organisation_name: str
    name: str
    address: str
    postal_code: str
    city: str
    active: bool
    version: int
    task_count: int = 0


@dataclass(frozen=True, slots=True)
class RateRow:
    id: int
    task_id: int
    valid_from: date
    valid_to: date | None  # inclusive; None = open
    rate_ore: int


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: int
    worksite_id: int
    worksite_name: str
    organisation_id: int
    organisation_name: str
    name: str
    unit: str  # hour | piece | occasion
    counts_as_employment: bool
    active: bool
    version: int
    current_rate_ore: int | None = None  # the rate in force on the date asked for
    rates: tuple[RateRow, ...] = ()


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    full_name: str
    role: str


class ParticipantRecord(NamedTuple):
    """A participant's stored columns (personnummer canonical, 12 digits)."""

    id: int
    personnummer: str
    first_name: str
    last_name: str
    address: str
    postal_code: str
    city: str
    phone: str
    payout_method: str
    clearing: str
    account: str
    tax_mode: str
    tax_percent_hundredths: int | None
    tax_fixed_ore: int | None
    cap_decision_from: date | None
    cap_decision_to: date | None
    caseworker_id: int | None
    organisation_id: int | None
    consent_date: date | None
    active: bool
    inactive_since: date | None
    version: int


# ------------------------------------------------------------------------------------------ helpers
def _check_version(obj: Any, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise Stale


def _set(obj: Any, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


def _id_taken(s: Session, stmt) -> bool:
    return bool(s.scalar(stmt))


# ------------------------------------------------------------------------------------ organisations
def _org_row(o: Any, worksite_count: int = 0) -> OrganisationRow:
    return OrganisationRow(
        id=o.id,
        name=o.name,
        orgnr=o.orgnr,
        address=o.address,
        postal_code=o.postal_code,
        city=o.city,
        contact_name=o.contact_name,
        contact_phone=o.contact_phone,
        contact_email=o.contact_email,
        agi_registered=bool(o.agi_registered),
        pay_frequency=o.pay_frequency,
        payment_day=o.payment_day,
        payment_month_offset=int(o.payment_month_offset or 0),
        active=bool(o.active),
        version=o.version,
        worksite_count=worksite_count,
    )


def organisation_rows(
    conn: Connection, *, include_inactive: bool = True, visible: frozenset[int] | None = None
) -> list[OrganisationRow]:
    """Associations (of ``visible`` when given) with their worksite counts, by name. Core tables and rows on a
    connection (same attribute names as the objects): no ORM set-up on the start-up path."""
    wt, ot = tables.worksites, tables.organisations
    counts = select(wt.c.organisation_id, func.count(wt.c.id).label("n")).group_by(wt.c.organisation_id).subquery()
    stmt = (
        select(ot, func.coalesce(counts.c.n, 0).label("worksite_count"))
        .select_from(ot.outerjoin(counts, counts.c.organisation_id == ot.c.id))
        .order_by(ot.c.name)
    )
    if not include_inactive:
        stmt = stmt.where(ot.c.active.is_(True))
    if visible is not None:
        stmt = stmt.where(ot.c.id.in_(visible))
    return [_org_row(o, int(o.worksite_count)) for o in conn.execute(stmt).all()]


def organisation_row(s: Session, organisation_id: int) -> OrganisationRow | None:
    from sysselsattning.storage.orm import Organisation

    o = s.get(Organisation, organisation_id)
    return None if o is None else _org_row(o)


def organisation_name_taken(s: Session, name: str, *, besides: int | None = None) -> bool:
    """Whether another association (not ``besides``) has this name."""
    from sysselsattning.storage.orm import Organisation

    return _id_taken(s, select(Organisation.id).where(Organisation.name == name, Organisation.id != (besides or 0)))


def orgnr_taken(s: Session, orgnr: str, *, besides: int | None = None) -> bool:
    from sysselsattning.storage.orm import Organisation

    return _id_taken(s, select(Organisation.id).where(Organisation.orgnr == orgnr, Organisation.id != (besides or 0)))


def write_organisation(
    s: Session, organisation_id: int | None, values: Mapping[str, Any], *, version: int | None = None
) -> OrganisationRow:
    """Create (``organisation_id`` None) or update an association with ``values`` (column → value)."""
    from sysselsattning.storage.orm import Organisation

    if organisation_id is None:
        o = Organisation()
        s.add(o)
    else:
        o = s.get(Organisation, organisation_id)
        if o is None:
            raise Missing(organisation_id)
        _check_version(o, version)
    _set(o, values)
    _flush(s)
    return _org_row(o)


def organisation_id_by_orgnr(s: Session, orgnr: str) -> int | None:
    from sysselsattning.storage.orm import Organisation

    return s.scalar(select(Organisation.id).where(Organisation.orgnr == orgnr))


# ---------------------------------------------------------------------------------------- worksites
def _ws_row(w: Worksite, org_name: str, task_count: int = 0) -> WorksiteRow:
    return WorksiteRow(
        id=w.id,
        organisation_id=w.organisation_id,
        organisation_name=org_name,
        name=w.name,
        address=w.address,
        postal_code=w.postal_code,
        city=w.city,
        active=bool(w.active),
        version=w.version,
        task_count=task_count,
    )


def worksite_rows(
    s: Session,
    organisation_id: int | None = None,
    *,
    include_inactive: bool = True,
    visible: frozenset[int] | None = None,
) -> list[WorksiteRow]:
    """Worksites (of one association, of ``visible``) with their task counts, by association and name."""
    from sysselsattning.storage.orm import Organisation, Task, Worksite

    counts = select(Task.worksite_id, func.count(Task.id).label("n")).group_by(Task.worksite_id).subquery()
    stmt = (
        select(Worksite, Organisation.name, func.coalesce(counts.c.n, 0))
        .join(Organisation, Organisation.id == Worksite.organisation_id)
        .outerjoin(counts, counts.c.worksite_id == Worksite.id)
        .order_by(Organisation.name, Worksite.name)
    )
    if organisation_id is not None:
        stmt = stmt.where(Worksite.organisation_id == organisation_id)
    if not include_inactive:
        stmt = stmt.where(Worksite.active.is_(True))
    if visible is not None:
        stmt = stmt.where(Worksite.organisation_id.in_(visible))
    return [_ws_row(w, name, int(n)) for w, name, n in s.execute(stmt)]


def worksite_row(s: Session, worksite_id: int) -> WorksiteRow | None:
    from sysselsattning.storage.orm import Worksite

    w = s.get(Worksite, worksite_id)
    return None if w is None else _ws_row(w, w.organisation.name, len(w.tasks))


def organisation_name(s: Session, organisation_id: int) -> str | None:
    from sysselsattning.storage.orm import Organisation

    o = s.get(Organisation, organisation_id)
    return None if o is None else o.name


def worksite_name_taken(s: Session, organisation_id: int, name: str, *, besides: int | None = None) -> bool:
    from sysselsattning.storage.orm import Worksite

    return _id_taken(
        s,
        select(Worksite.id).where(
            Worksite.organisation_id == organisation_id, Worksite.name == name, Worksite.id != (besides or 0)
        ),
    )


def worksite_organisation(s: Session, worksite_id: int) -> int | None:
    """The association a worksite belongs to, or None when there is no such worksite."""
    from sysselsattning.storage.orm import Worksite

    w = s.get(Worksite, worksite_id)
    if w is None:
        return None
    hold(s, [w])
    return w.organisation_id


def write_worksite(
    s: Session,
    worksite_id: int | None,
    organisation_id: int,
    values: Mapping[str, Any],
    *,
    version: int | None = None,
) -> WorksiteRow:
    """Create or update a worksite of ``organisation_id`` (which exists) with ``values``."""
    from sysselsattning.storage.orm import Organisation, Worksite

    if worksite_id is None:
        w = Worksite(organisation_id=organisation_id)
        s.add(w)
    else:
        w = s.get(Worksite, worksite_id)
        if w is None:
            raise Missing(worksite_id)
        _check_version(w, version)
        w.organisation_id = organisation_id
    _set(w, values)
    _flush(s)
    org = s.get(Organisation, organisation_id)
    return _ws_row(w, org.name if org is not None else "")


# -------------------------------------------------------------------------------------------- tasks
def _rate_row(r: TaskRate) -> RateRow:
    return RateRow(id=r.id, task_id=r.task_id, valid_from=r.valid_from, valid_to=r.valid_to, rate_ore=int(r.rate_ore))


def _task_row(t: Task, w: Worksite, org_name: str, rates: Sequence[TaskRate], on: date) -> TaskRow:
    rate_rows = tuple(_rate_row(r) for r in sorted(rates, key=lambda r: r.valid_from))
    current = None
    for r in rate_rows:
        if r.valid_from <= on and (r.valid_to is None or r.valid_to >= on):
            current = r.rate_ore
    return TaskRow(
        id=t.id,
        worksite_id=w.id,
        worksite_name=w.name,
        organisation_id=w.organisation_id,
        organisation_name=org_name,
        name=t.name,
        unit=t.unit,
        counts_as_employment=bool(t.counts_as_employment),
        active=bool(t.active),
        version=t.version,
        current_rate_ore=current,
        rates=rate_rows,
    )


def task_rows(
    s: Session,
    worksite_id: int | None = None,
    *,
    on: date,
    include_inactive: bool = True,
    visible: frozenset[int] | None = None,
) -> list[TaskRow]:
    """Tasks with their rates and the rate in force ``on``, by association, worksite and name."""
    from sysselsattning.storage.orm import Organisation, Task, TaskRate, Worksite

    stmt = (
        select(Task, Worksite, Organisation.name)
        .join(Worksite, Worksite.id == Task.worksite_id)
        .join(Organisation, Organisation.id == Worksite.organisation_id)
        .order_by(Organisation.name, Worksite.name, Task.name)
    )
    if worksite_id is not None:
        stmt = stmt.where(Task.worksite_id == worksite_id)
    if not include_inactive:
        stmt = stmt.where(Task.active.is_(True), Worksite.active.is_(True))
    if visible is not None:
        stmt = stmt.where(Worksite.organisation_id.in_(visible))
    rows = s.execute(stmt).all()
    ids = [t.id for t, _w, _n in rows]
    rates: dict[int, list[TaskRate]] = {}
    if ids:
        for r in s.scalars(select(TaskRate).where(TaskRate.task_id.in_(ids))):
            rates.setdefault(r.task_id, []).append(r)
    return [_task_row(t, w, n, rates.get(t.id, []), on) for t, w, n in rows]


def task_row(s: Session, task_id: int, *, on: date) -> TaskRow | None:
    from sysselsattning.storage.orm import Task

    t = s.get(Task, task_id)
    if t is None:
        return None
    return _task_row(t, t.worksite, t.worksite.organisation.name, list(t.rates), on)


def task_organisation(s: Session, task_id: int) -> int | None:
    """The association a task belongs to (through its worksite), or None when there is no such task."""
    from sysselsattning.storage.orm import Task

    t = s.get(Task, task_id)
    if t is None:
        return None
    hold(s, [t])
    return t.worksite.organisation_id


def task_name_taken(s: Session, worksite_id: int, name: str, *, besides: int | None = None) -> bool:
    from sysselsattning.storage.orm import Task

    return _id_taken(
        s, select(Task.id).where(Task.worksite_id == worksite_id, Task.name == name, Task.id != (besides or 0))
    )


def write_task(
    s: Session,
    task_id: int | None,
    worksite_id: int,
    values: Mapping[str, Any],
    *,
    on: date,
    version: int | None = None,
) -> TaskRow:
    """Create or update a task of ``worksite_id`` (which exists) with ``values``; the row with its rates."""
    from sysselsattning.storage.orm import Task, TaskRate, Worksite

    w = s.get(Worksite, worksite_id)
    if w is None:
        raise Missing(worksite_id)
    if task_id is None:
        t = Task(worksite_id=w.id)
        s.add(t)
    else:
        t = s.get(Task, task_id)
        if t is None:
            raise Missing(task_id)
        _check_version(t, version)
        t.worksite_id = w.id
    _set(t, values)
    _flush(s)
    rates = list(s.scalars(select(TaskRate).where(TaskRate.task_id == t.id)))
    return _task_row(t, w, w.organisation.name, rates, on)


def rates_of(s: Session, task_id: int) -> list[RateRow]:
    """A task's rates by start date."""
    from sysselsattning.storage.orm import TaskRate

    stmt = select(TaskRate).where(TaskRate.task_id == task_id).order_by(TaskRate.valid_from)
    rates = s.scalars(stmt).all()
    hold(s, rates)  # add_rate closes some of them in the same unit of work
    return [_rate_row(r) for r in rates]


def add_rate(
    s: Session,
    task_id: int,
    valid_from: date,
    valid_to: date | None,
    rate_ore: int,
    *,
    close: Iterable[int] = (),
    close_on: date | None = None,
) -> RateRow:
    """Close the rates ``close`` (ids) on ``close_on`` and add a rate (flushed)."""
    from sysselsattning.storage.orm import TaskRate

    for rate_id in close:
        r = s.get(TaskRate, rate_id)
        if r is not None:
            r.valid_to = close_on
    new = TaskRate(task_id=task_id, valid_from=valid_from, valid_to=valid_to, rate_ore=rate_ore)
    s.add(new)
    s.flush()
    return _rate_row(new)


def rate_organisation(s: Session, rate_id: int) -> int | None:
    """The association a rate belongs to (through task and worksite), or None when there is no such rate."""
    from sysselsattning.storage.orm import TaskRate

    r = s.get(TaskRate, rate_id)
    if r is None:
        return None
    hold(s, [r])
    return r.task.worksite.organisation_id


def delete_rate(s: Session, rate_id: int) -> None:
    from sysselsattning.storage.orm import TaskRate

    r = s.get(TaskRate, rate_id)
    if r is not None:
        s.delete(r)


# ------------------------------------------------------------------------------------- participants
def record_of(p: Participant) -> ParticipantRecord:
    return ParticipantRecord._make(getattr(p, f) for f in ParticipantRecord._fields)._replace(active=bool(p.active))


def participant_record(s: Session, participant_id: int) -> ParticipantRecord | None:
    from sysselsattning.storage.orm import Participant

    p = s.get(Participant, participant_id)
    if p is None:
        return None
    hold(s, [p])  # written by write_participant in the same unit of work
    return record_of(p)


def pnr_taken(s: Session, canonical: str, *, besides: int | None = None) -> bool:
    """Whether another participant (not ``besides``) has this (canonical) personnummer."""
    from sysselsattning.storage.orm import Participant

    return _id_taken(
        s, select(Participant.id).where(Participant.personnummer == canonical, Participant.id != (besides or 0))
    )


def user_exists(s: Session, user_id: int) -> bool:
    from sysselsattning.storage.orm import User

    return s.get(User, user_id) is not None


def write_participant(
    s: Session,
    participant_id: int | None,
    values: Mapping[str, Any],
    *,
    active: bool,
    today: date,
    version: int | None = None,
) -> ParticipantRecord:
    """Create or update a participant with ``values`` (column → value, see :func:`set_participant_values`).
    ``active`` changes ``inactive_since``: set to ``today`` when the participant becomes inactive, cleared when
    active again."""
    from sysselsattning.storage.orm import Participant

    if participant_id is None:
        p = Participant()
        s.add(p)
    else:
        p = s.get(Participant, participant_id)
        if p is None:
            raise Missing(participant_id)
        _check_version(p, version)
    set_participant_values(p, values)
    if bool(active) != bool(p.active) or p.active is None:
        p.active = bool(active)
        p.inactive_since = None if p.active else today
    _flush(s)
    return record_of(p)


def set_participant_values(p: Any, values: Mapping[str, Any]) -> None:
    """Copy column values onto a participant row (shared with the CSV import, which keeps its own objects)."""
    _set(p, values)


def participant_id_by_pnr(s: Session, canonical: str) -> int | None:
    from sysselsattning.storage.orm import Participant

    return s.scalar(select(Participant.id).where(Participant.personnummer == canonical))


def caseworkers(conn: Connection) -> list[UserRow]:
    """Active users with role handläggare, by full name and user name (Core on a connection)."""
    ut = tables.users
    stmt = (
        select(ut.c.id, ut.c.username, ut.c.full_name, ut.c.role)
        .where(ut.c.role == "handlaggare", ut.c.active.is_(True))
        .order_by(ut.c.full_name, ut.c.username)
    )
    return [UserRow(*row) for row in conn.execute(stmt).all()]
