"""Work entries, the reading side: the entry list (a page out of a million rows, each sort key backed by an index,
with the query-planner hints that keep it so), counts, one entry, and the gross a year holds so far."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Join

from sysselsattning.domain.payroll import LOCKED_STATUSES
from sysselsattning.storage.orm import Participant, PayLine, PayRun, Task, WorkEntry, Worksite
from sysselsattning.storage.queries.compiled import no_index


@dataclass(frozen=True, slots=True)
class EntryFilters:
    """``date_from``/``date_to`` are inclusive. None = no filter."""

    date_from: date | None = None
    date_to: date | None = None
    organisation_id: int | None = None
    worksite_id: int | None = None
    participant_id: int | None = None
    task_id: int | None = None
    only_corrections: bool = False
    only_unpaid: bool = False  # not in any pay run yet


@dataclass(frozen=True, slots=True)
class EntryRow:
    id: int
    work_date: date
    participant_id: int
    participant_name: str
    pnr_display: str  # masked unless access.sees_full_pnr(ctx)
    organisation_id: int
    worksite_id: int
    worksite_name: str
    task_id: int
    task_name: str
    unit: str  # hour | piece | occasion
    hours_hundredths: int | None
    quantity_hundredths: int | None
    rate_ore: int
    amount_ore: int
    comment: str
    corrects_entry_id: int | None
    pay_run_id: int | None
    locked: bool  # in an approved/paid period: only a correction can change it
    created_by: str
    version: int

    @property
    def quantity(self) -> int:
        """Hours or pieces in hundredths, whichever the task counts."""
        return (self.hours_hundredths if self.hours_hundredths is not None else self.quantity_hundredths) or 0

    @property
    def is_correction(self) -> bool:
        return self.corrects_entry_id is not None


ENTRY_SORT_KEYS = ("work_date", "participant", "worksite", "task", "quantity", "amount", "id")


ENTRY_COLS = (
    WorkEntry.id,
    WorkEntry.work_date,
    WorkEntry.participant_id,
    Participant.first_name,
    Participant.last_name,
    Participant.personnummer,
    Worksite.organisation_id,
    WorkEntry.worksite_id,
    Worksite.name,
    WorkEntry.task_id,
    Task.name,
    Task.unit,
    WorkEntry.hours_hundredths,
    WorkEntry.quantity_hundredths,
    WorkEntry.rate_ore,
    WorkEntry.amount_ore,
    WorkEntry.comment,
    WorkEntry.corrects_entry_id,
    WorkEntry.pay_run_id,
    WorkEntry.created_by,
    WorkEntry.version,
)

# ORDER BY per sort key, each chosen so that ``ORDER BY … LIMIT`` reads an index in order instead of sorting
# the whole table (1 000 000 entries: ~1 ms instead of ~10 s):
# - work_date / amount / quantity: composite indexes on work_entries ending in id;
# - participant / worksite / task: the join is driven by the name index of the small table
#   (participants (last_name, first_name, id), worksites (name, id), tasks (name, id)) and, per name, by the
#   entries' (participant_id | worksite_id | task_id, work_date) index — the nested loop yields rows already in
#   order. The id after the name keeps two people (or worksites) with the same name apart.
# - quantity: hours, then pieces/occasions (the two units do not compare; NULLs group each unit together).
# Names compare in the database's collation (byte order on SQLite: Å/Ä/Ö after Z but Ä before Å); the bounded
# participant lists (registry) sort in Swedish order.
ENTRY_SORTS = {
    "work_date": (WorkEntry.work_date, WorkEntry.id),
    "participant": (Participant.last_name, Participant.first_name, Participant.id, WorkEntry.work_date, WorkEntry.id),
    "worksite": (Worksite.name, Worksite.id, WorkEntry.work_date, WorkEntry.id),
    "task": (Task.name, Task.id, WorkEntry.work_date, WorkEntry.id),
    "quantity": (WorkEntry.hours_hundredths, WorkEntry.quantity_hundredths, WorkEntry.id),
    "amount": (WorkEntry.amount_ore, WorkEntry.id),
    "id": (WorkEntry.id,),
}


class _DrivingJoin(Join):
    """``small JOIN work_entries``, rendered on SQLite as ``CROSS JOIN`` (which fixes the join order there)."""

    inherit_cache = True


@compiles(_DrivingJoin, "sqlite")
def _cross_join_sqlite(element, compiler, **kw):  # pragma: no cover - exercised through list_entries
    sql = compiler.visit_join(element, **kw)
    # The left side is a plain table name, so the first " JOIN " is this join's keyword.
    return sql.replace(" JOIN ", " CROSS JOIN ", 1)


# The small table whose name index drives the nested loop for a name sort (see ENTRY_SORTS).
SORT_DRIVERS = {"participant": Participant, "worksite": Worksite, "task": Task}


def _joined(stmt, driver=None):
    """The entry columns' FROM: work_entries joined to participant, worksite and task.

    With ``driver`` (a name sort) that table comes first and, on SQLite, as ``CROSS JOIN`` — SQLite's way to
    fix the outer loop of a join — so the planner walks the driver's name index and, inside it, the entries'
    index, and ``LIMIT`` stops after one page. Without table statistics (no ANALYZE yet) the planner would
    otherwise scan and sort all entries. PostgreSQL ignores the hint and plans with its own statistics.
    """
    on = {
        Participant: Participant.id == WorkEntry.participant_id,
        Worksite: Worksite.id == WorkEntry.worksite_id,
        Task: Task.id == WorkEntry.task_id,
    }
    if driver is None:
        stmt = stmt.select_from(WorkEntry)
        for t in (Participant, Worksite, Task):
            stmt = stmt.join(t, on[t])
        return stmt
    stmt = stmt.select_from(_DrivingJoin(driver.__table__, WorkEntry.__table__, on[driver]))
    for t in (Participant, Worksite, Task):
        if t is not driver:
            stmt = stmt.join(t, on[t])
    return stmt


def filtered(stmt, f: EntryFilters, visible: frozenset[int] | None, *, joins: bool, driver=None):
    """``stmt`` with the filters of ``f`` (and only the associations ``visible``, when not None)."""
    if joins:
        stmt = _joined(stmt, driver)
    elif f.organisation_id is not None or visible is not None:
        stmt = stmt.join(Worksite, Worksite.id == WorkEntry.worksite_id)
    if f.date_from is not None:
        stmt = stmt.where(WorkEntry.work_date >= f.date_from)
    if f.date_to is not None:
        stmt = stmt.where(WorkEntry.work_date <= f.date_to)
    if f.worksite_id is not None:
        stmt = stmt.where(WorkEntry.worksite_id == f.worksite_id)
    if f.participant_id is not None:
        stmt = stmt.where(WorkEntry.participant_id == f.participant_id)
    if f.task_id is not None:
        stmt = stmt.where(WorkEntry.task_id == f.task_id)
    if f.organisation_id is not None:
        stmt = stmt.where(Worksite.organisation_id == f.organisation_id)
    if f.only_corrections:
        stmt = stmt.where(WorkEntry.corrects_entry_id.is_not(None))
    if f.only_unpaid:
        stmt = stmt.where(WorkEntry.pay_run_id.is_(None))
    if visible is not None:
        stmt = stmt.where(Worksite.organisation_id.in_(visible))
    return stmt


def locked_runs(s) -> list[tuple[date, date, int | None]]:
    return [
        (a, b, o)
        for a, b, o in s.execute(
            select(PayRun.period_start, PayRun.period_end, PayRun.organisation_id).where(
                PayRun.status.in_(LOCKED_STATUSES)
            )
        )
    ]


def _is_locked_in(runs: list[tuple[date, date, int | None]], org_id: int, day: date) -> bool:
    return any(a <= day < b and (o is None or o == org_id) for a, b, o in runs)


_LOCKED_RUNS = select(PayRun.id, PayRun.period_start, PayRun.period_end, PayRun.organisation_id).where(
    PayRun.status.in_(LOCKED_STATUSES)
)


def _entry_rows(s, rows, show_pnr: Callable[[str], str]) -> list[EntryRow]:
    """Rows → :class:`EntryRow` with ``locked`` worked out once per page from the few locked pay runs (one query),
    not per row; ``s`` is a Session or a Core connection; ``show_pnr`` shows a personnummer (full or masked)."""
    runs = s.execute(_LOCKED_RUNS).all()
    locked_run_ids = {r[0] for r in runs}
    periods = [(a, b, o) for _id, a, b, o in runs]
    pnr_cache: dict[str, str] = {}
    out = []
    append = out.append
    for r in rows:
        (
            eid,
            d,
            pid,
            first,
            last,
            pnr,
            org_id,
            ws_id,
            ws_name,
            task_id,
            task_name,
            unit,
            hours,
            qty,
            rate,
            amount,
            comment,
            corrects,
            run_id,
            created_by,
            version,
        ) = r
        locked = (run_id in locked_run_ids) or (
            corrects is None and bool(periods) and _is_locked_in(periods, org_id, d)
        )
        shown = pnr_cache.get(pnr)
        if shown is None:
            shown = pnr_cache[pnr] = show_pnr(pnr)
        append(
            EntryRow(
                id=eid,
                work_date=d,
                participant_id=pid,
                participant_name=f"{first} {last}".strip(),
                pnr_display=shown,
                organisation_id=org_id,
                worksite_id=ws_id,
                worksite_name=ws_name,
                task_id=task_id,
                task_name=task_name,
                unit=unit,
                hours_hundredths=hours,
                quantity_hundredths=qty,
                rate_ore=int(rate),
                amount_ore=int(amount),
                comment=comment or "",
                corrects_entry_id=corrects,
                pay_run_id=run_id,
                locked=locked,
                created_by=created_by or "",
                version=version,
            )
        )
    return out


def entry_page(
    conn,
    filters: EntryFilters,
    visible: frozenset[int] | None,
    show_pnr: Callable[[str], str],
    *,
    sort_key: str = "work_date",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[EntryRow]:
    """A page of entries: filtering, ORDER BY and LIMIT/OFFSET run in SQL, each sort key backed by an index
    (see ``ENTRY_SORTS``). Plain Core rows on ``conn`` (a Core connection) — no ORM objects."""
    cols = ENTRY_SORTS.get(sort_key, ENTRY_SORTS["work_date"])
    f = filters
    driver = SORT_DRIVERS.get(sort_key)
    extra: list = []
    if sort_key == "task" and f.worksite_id is not None and f.task_id is None and f.participant_id is None:
        # Walk only that worksite's tasks in name order (an entry's worksite is its task's worksite).
        extra.append(Task.worksite_id == f.worksite_id)
    elif f.participant_id is not None or f.worksite_id is not None or f.task_id is not None:
        # An equality filter leaves one person's, worksite's or task's entries: read them through that filter's
        # index and sort them, rather than walk every name (with or without ANALYZE statistics).
        driver = None
        if (
            (sort_key == "participant" and f.participant_id is not None)
            or (sort_key == "worksite" and (f.worksite_id is not None or f.task_id is not None))
            or (sort_key == "task" and f.task_id is not None)
        ):
            # The filter fixes the sorted name: the order is the date order of the filter's (…, work_date) index.
            cols = ENTRY_SORTS["work_date"]
    elif f.only_corrections and conn.dialect.name == "sqlite":
        # Corrections are few: find them through the partial index ix_work_entries_corrects and sort them.
        # SQLite's unary + is a no-op on any value that keeps the planner off the sort's index (~1 s → ~2 ms).
        driver = None
        cols = tuple(no_index(c) for c in cols)
    stmt = filtered(select(*ENTRY_COLS), filters, visible, joins=True, driver=driver).where(*extra)
    stmt = (
        stmt.order_by(*[c.desc() if descending else c.asc() for c in cols]).offset(max(0, offset)).limit(max(0, limit))
    )
    return _entry_rows(conn, conn.execute(stmt).all(), show_pnr)


def entry_count(s: Session, filters: EntryFilters, visible: frozenset[int] | None) -> int:
    stmt = filtered(select(func.count(WorkEntry.id)).select_from(WorkEntry), filters, visible, joins=False)
    return int(s.scalar(stmt) or 0)


def entry_by_id(
    s: Session, entry_id: int, visible: frozenset[int] | None, show_pnr: Callable[[str], str]
) -> EntryRow | None:
    stmt = filtered(select(*ENTRY_COLS), EntryFilters(), visible, joins=True).where(WorkEntry.id == entry_id)
    rows = _entry_rows(s, s.execute(stmt).all(), show_pnr)
    return rows[0] if rows else None


def run_locked(s: Session, run_id: int | None) -> bool:
    """True when ``run_id`` is an approved or paid run."""
    if run_id is None:
        return False
    status = s.scalar(select(PayRun.status).where(PayRun.id == run_id))
    return status in LOCKED_STATUSES


def year_gross(s: Session, participant_ids: Sequence[int], year: int) -> dict[int, int]:
    """Gross this year: approved/paid pay lines (by payment date) + entries not in an approved run."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    totals: dict[int, int] = {pid: 0 for pid in participant_ids}
    if not participant_ids:
        return totals
    approved = s.execute(
        select(PayLine.participant_id, func.sum(PayLine.gross_ore))
        .join(PayRun, PayRun.id == PayLine.pay_run_id)
        .where(
            PayLine.participant_id.in_(list(participant_ids)),
            PayRun.status.in_(LOCKED_STATUSES),
            PayRun.payment_date >= start,
            PayRun.payment_date < end,
        )
        .group_by(PayLine.participant_id)
    )
    for pid, total in approved:
        totals[pid] += int(total or 0)
    locked_run = select(PayRun.id).where(PayRun.id == WorkEntry.pay_run_id, PayRun.status.in_(LOCKED_STATUSES)).exists()
    recorded = s.execute(
        select(WorkEntry.participant_id, func.sum(WorkEntry.amount_ore))
        .where(
            WorkEntry.participant_id.in_(list(participant_ids)),
            WorkEntry.work_date >= start,
            WorkEntry.work_date < end,
            ~locked_run,
        )
        .group_by(WorkEntry.participant_id)
    )
    for pid, total in recorded:
        totals[pid] += int(total or 0)
    return totals
