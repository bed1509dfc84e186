"""Time recording use cases: single entries, the entry list (fast with a million rows) and the week grid.

Rules (validated by :mod:`sysselsattning.domain.timesheet`, Swedish messages at the field):
- hours 0–24 per participant and day ACROSS worksites and tasks;
- no dates after ``ctx.now_date()``; no negative pieces;
- an arvode rate must be in force on the work date (the rate is copied to the entry);
- entries in an approved pay period (a ``pay_runs`` row with status approved/paid whose
  ``[period_start, period_end)`` contains the date and whose ``organisation_id`` is NULL or the worksite's
  association) cannot be added, changed or deleted; they are corrected with a NEW entry
  (:func:`correct_entry`, ``corrects_entry_id`` set, quantity may be negative) that no run holds yet, so the
  next open run picks it up (docs/architecture.md §3 "Immutability").

Quantities are integer hundredths: hours for ``hour`` tasks, pieces/occasions for ``piece``/``occasion`` tasks.
Every call is one transaction; a week save is all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sysselsattning.domain.cap import decision_covers
from sysselsattning.domain.collation import sort_key
from sysselsattning.domain.money import parse_kronor
from sysselsattning.domain.personnummer import format_pnr, mask
from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.domain.timesheet import MAX_DAY_HUNDREDTHS, CellCheck, amount_ore, check_cell
from sysselsattning.i18n import _, format_money
from sysselsattning.i18n.messages import problem_text
from sysselsattning.rules.parameters import ParameterMissing, ParameterSet
from sysselsattning.services import access, registry
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import ConflictError, NotFound
from sysselsattning.storage.queries import entries as entries_q
from sysselsattning.storage.queries import timesheet as tq
from sysselsattning.storage.queries.work import (
    day_in,
    hours_per_day,
    is_locked,
    locked_periods,
    rate_on,
    rates_between,
)

# --------------------------------------------------------------------------------------------- rows
ENTRY_SORT_KEYS = entries_q.ENTRY_SORT_KEYS
EntryFilters = entries_q.EntryFilters
EntryRow = entries_q.EntryRow
_NO_FILTERS = EntryFilters()


@dataclass(frozen=True, slots=True)
class EntryInput:
    participant_id: int
    task_id: int
    work_date: date
    quantity_hundredths: int  # hours for hourly tasks, pieces for piece/occasion tasks
    comment: str = ""


@dataclass(frozen=True, slots=True)
class WeekCell:
    participant_id: int
    day: date
    quantity_hundredths: int | None  # None = nothing recorded
    amount_ore: int
    locked: bool
    rate_ore: int | None  # rate in force that day (None = missing → the cell cannot be filled)
    entry_ids: tuple[int, ...] = ()
    other_hours_hundredths: int = 0  # hours the same day on OTHER tasks/worksites (for the 24 h rule)

    @property
    def field(self) -> str:
        return f"{self.participant_id}:{self.day.isoformat()}"


@dataclass(frozen=True, slots=True)
class WeekRow:
    participant_id: int
    name: str
    pnr_display: str
    cells: tuple[WeekCell, ...]  # Monday … Sunday
    total_quantity_hundredths: int
    total_amount_ore: int


@dataclass(frozen=True, slots=True)
class WeekGrid:
    task_id: int
    task_name: str
    unit: str
    worksite_id: int
    worksite_name: str
    organisation_id: int
    monday: date
    days: tuple[date, ...]  # 7 days
    rates: tuple[int | None, ...]  # rate per day (öre), None = missing
    locked_days: tuple[bool, ...]
    future_days: tuple[bool, ...]  # after ctx.now_date(): cannot be filled
    rows: tuple[WeekRow, ...]
    total_amount_ore: int


@dataclass(frozen=True, slots=True)
class CellChange:
    """A new value for one cell. ``quantity_hundredths`` None or 0 clears it.

    ``loaded_quantity_hundredths`` is what the grid showed when loaded: if the stored value differs now,
    someone else saved in between and the save raises ConflictError (optimistic locking for the grid).
    Pass ``check_loaded=False`` to skip that check (imports).
    """

    participant_id: int
    day: date
    quantity_hundredths: int | None
    loaded_quantity_hundredths: int | None = None
    comment: str = ""
    check_loaded: bool = True

    @property
    def field(self) -> str:
        return f"{self.participant_id}:{self.day.isoformat()}"


@dataclass(frozen=True, slots=True)
class SaveResult:
    grid: WeekGrid
    saved: int  # cells changed
    warnings: tuple[str, ...] = ()  # Swedish: would pass the yearly cap / the 1 000 kr limit this year


@dataclass(frozen=True, slots=True)
class ParticipantHit:
    id: int
    name: str
    pnr_display: str
    active: bool


# ------------------------------------------------------------------------------------------ helpers
def _fail(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems)


def _conflict(current: object) -> ConflictError:
    return ConflictError(problem_text(Problem("", "conflict")), current=current)


def _visible_org_ids(ctx: AppContext) -> frozenset[int] | None:
    if ctx.role == "samordnare" and ctx.organisation_ids is not None:
        return frozenset(ctx.organisation_ids)
    return None


def _pnr_display(ctx: AppContext, canonical: str) -> str:
    return format_pnr(canonical) if access.sees_full_pnr(ctx) else mask(canonical)


def _qty(unit: str, hours: int | None, quantity: int | None) -> int:
    return (hours if unit == "hour" else quantity) or 0


def _qty_values(unit: str, q: int) -> dict[str, int | None]:
    """The quantity columns of an entry: hours for an ``hour`` task, pieces/occasions otherwise."""
    if unit == "hour":
        return {"hours_hundredths": q, "quantity_hundredths": None}
    return {"hours_hundredths": None, "quantity_hundredths": q}


def _load_task(s, task_id: int) -> tq.TaskInfo:
    t = tq.task_info(s, task_id)
    if t is None:
        raise NotFound(_("Uppgiften {id} finns inte.").format(id=task_id))
    return t


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def _show_pnr(ctx: AppContext):
    return format_pnr if access.sees_full_pnr(ctx) else mask


def list_entries(
    ctx: AppContext,
    filters: EntryFilters = _NO_FILTERS,
    sort_key: str = "work_date",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[EntryRow]:
    """A page of entries (:func:`sysselsattning.storage.queries.entries.entry_page`: every sort key backed by an
    index). Plain Core rows on one connection — no ORM objects, no Session."""
    access.require(ctx, "time.read", organisation_id=filters.organisation_id)
    with ctx.db.engine.connect() as conn:
        return entries_q.entry_page(
            conn,
            filters,
            _visible_org_ids(ctx),
            _show_pnr(ctx),
            sort_key=sort_key,
            descending=descending,
            offset=offset,
            limit=limit,
        )


def count_entries(ctx: AppContext, filters: EntryFilters = _NO_FILTERS) -> int:
    access.require(ctx, "time.read", organisation_id=filters.organisation_id)
    with ctx.db.read() as s:
        return entries_q.entry_count(s, filters, _visible_org_ids(ctx))


def get_entry(ctx: AppContext, entry_id: int) -> EntryRow:
    access.require(ctx, "time.read")
    with ctx.db.read() as s:
        row = entries_q.entry_by_id(s, entry_id, _visible_org_ids(ctx), _show_pnr(ctx))
    if row is None:
        raise NotFound(problem_text(Problem("", "not_found")))
    return row


def _check_single(
    ctx: AppContext,
    s,
    *,
    participant_id: int,
    task: tq.TaskInfo,
    day: date,
    quantity: int,
    exclude_entry_ids: Sequence[int] = (),
    field: str = "quantity",
    is_correction: bool = False,
) -> tuple[int | None, list[Problem]]:
    p = tq.person(s, participant_id)
    if p is None:
        return None, [Problem("participant_id", "unknown_participant", {"pnr": participant_id})]
    rate = rate_on(s, task.id, day)
    other = 0
    if task.unit == "hour":
        other = hours_per_day(
            s, [participant_id], day, day + timedelta(days=1), exclude_entry_ids=exclude_entry_ids
        ).get((participant_id, day), 0)
    cell = CellCheck(
        field=field,
        unit=task.unit,
        quantity_hundredths=quantity,
        work_date=day,
        rate_ore=rate,
        locked=is_locked(s, task.organisation_id, day),
        other_hours_hundredths=other,
        participant_name=_name(p.first_name, p.last_name),
        task_name=task.name,
        is_correction=is_correction,
    )
    problems = check_cell(cell, today=ctx.now_date())
    if quantity is None:
        problems.append(Problem(field, "quantity_missing"))
    return rate, problems


def add_entry(ctx: AppContext, data: EntryInput) -> EntryRow:
    """Record one entry (validated; the rate in force on the date is copied)."""
    with ctx.db.unit_of_work() as s:
        task = _load_task(s, data.task_id)
        access.require(ctx, "time.write", organisation_id=task.organisation_id)
        rate, problems = _check_single(
            ctx,
            s,
            participant_id=data.participant_id,
            task=task,
            day=data.work_date,
            quantity=data.quantity_hundredths,
        )
        _fail(problems)
        new_id = tq.add_entry(
            s,
            {
                "participant_id": data.participant_id,
                "worksite_id": task.worksite_id,
                "task_id": task.id,
                "work_date": data.work_date,
                "rate_ore": rate,
                "amount_ore": amount_ore(rate, data.quantity_hundredths),
                "comment": (data.comment or "").strip()[:500],
                "created_by": ctx.username,
                **_qty_values(task.unit, data.quantity_hundredths),
            },
        )
    return get_entry(ctx, new_id)


def update_entry(
    ctx: AppContext,
    entry_id: int,
    *,
    version: int,
    quantity_hundredths: int,
    comment: str | None = None,
    work_date: date | None = None,
) -> EntryRow:
    """Change an entry of an open period (locked → Problem ``period_locked``; use :func:`correct_entry`).

    The rate in force on the (new) date is used again, as for a new entry."""
    conflict = False
    try:
        with ctx.db.unit_of_work() as s:
            e = tq.entry(s, entry_id)
            if e is None:
                raise NotFound(problem_text(Problem("", "not_found")))
            task = _load_task(s, e.task_id)
            access.require(ctx, "time.write", organisation_id=task.organisation_id)
            if e.version != version:
                conflict = True
                raise _Rollback()
            day = work_date or e.work_date
            problems: list[Problem] = []
            if entries_q.run_locked(s, e.pay_run_id) or (
                e.corrects_entry_id is None and is_locked(s, task.organisation_id, e.work_date)
            ):
                problems.append(Problem("quantity", "period_locked", {"date": e.work_date.isoformat()}))
            rate, more = _check_single(
                ctx,
                s,
                participant_id=e.participant_id,
                task=task,
                day=day,
                quantity=quantity_hundredths,
                exclude_entry_ids=[e.id],
                is_correction=e.corrects_entry_id is not None,
            )
            problems += [p for p in more if not (p.code == "period_locked" and problems)]
            _fail(problems)
            values = {
                "work_date": day,
                "rate_ore": rate,
                **_qty_values(task.unit, quantity_hundredths),
                "amount_ore": amount_ore(rate, quantity_hundredths),
            }
            if comment is not None:
                values["comment"] = comment.strip()[:500]
            try:
                tq.update_entry(s, e.id, values)
            except tq.Stale:
                conflict = True
                raise _Rollback() from None
    except _Rollback:
        pass
    if conflict:
        raise _conflict(get_entry(ctx, entry_id))
    return get_entry(ctx, entry_id)


class _Rollback(Exception):
    pass


def delete_entry(ctx: AppContext, entry_id: int, *, version: int) -> None:
    conflict = False
    try:
        with ctx.db.unit_of_work() as s:
            e = tq.entry(s, entry_id)
            if e is None:
                raise NotFound(problem_text(Problem("", "not_found")))
            task = _load_task(s, e.task_id)
            access.require(ctx, "time.write", organisation_id=task.organisation_id)
            if e.version != version:
                conflict = True
                raise _Rollback()
            if entries_q.run_locked(s, e.pay_run_id) or (
                e.corrects_entry_id is None and is_locked(s, task.organisation_id, e.work_date)
            ):
                _fail([Problem("quantity", "period_locked", {"date": e.work_date.isoformat()})])
            if tq.has_corrections(s, e.id):
                _fail([Problem("quantity", "period_locked", {"date": e.work_date.isoformat()})])
            try:
                tq.delete_entry(s, e.id)
            except tq.Stale:
                conflict = True
                raise _Rollback() from None
    except _Rollback:
        pass
    if conflict:
        raise _conflict(get_entry(ctx, entry_id))


def correct_entry(ctx: AppContext, entry_id: int, new_quantity_hundredths: int, comment: str = "") -> EntryRow:
    """Correct an entry of a locked period with a NEW entry of the difference (may be negative).

    The correction keeps the original's date, task and rate, has ``corrects_entry_id`` set and no pay run,
    so the next open run includes it and the slip shows it as a correction.
    """
    with ctx.db.unit_of_work() as s:
        e = tq.entry(s, entry_id)
        if e is None:
            raise NotFound(problem_text(Problem("", "not_found")))
        if e.corrects_entry_id is not None:  # correcting a correction = correcting the original
            e = tq.entry(s, e.corrects_entry_id)
        task = _load_task(s, e.task_id)
        access.require(ctx, "time.write", organisation_id=task.organisation_id)
        if not (entries_q.run_locked(s, e.pay_run_id) or is_locked(s, task.organisation_id, e.work_date)):
            _fail([Problem("quantity", "correction_not_needed")])
        corrections = tq.corrections_of(s, e.id)
        effective = _qty(task.unit, e.hours_hundredths, e.quantity_hundredths) + sum(
            _qty(task.unit, c.hours_hundredths, c.quantity_hundredths) for c in corrections
        )
        delta = new_quantity_hundredths - effective
        problems: list[Problem] = []
        if new_quantity_hundredths < 0:
            problems.append(Problem("quantity", "hours_range" if task.unit == "hour" else "quantity_negative"))
        elif delta == 0:
            problems.append(Problem("quantity", "correction_zero"))
        elif task.unit == "hour":
            p = tq.person(s, e.participant_id)
            day_total = hours_per_day(s, [e.participant_id], e.work_date, e.work_date + timedelta(days=1)).get(
                (e.participant_id, e.work_date), 0
            )
            if new_quantity_hundredths > MAX_DAY_HUNDREDTHS:
                problems.append(Problem("quantity", "hours_range"))
            elif day_total + delta > MAX_DAY_HUNDREDTHS:
                problems.append(
                    Problem(
                        "quantity",
                        "hours_day_total",
                        {
                            "name": _name(p.first_name, p.last_name),
                            "date": e.work_date.isoformat(),
                            "existing": f"{(day_total - effective) / 100:g}".replace(".", ","),
                        },
                    )
                )
        _fail(problems)
        new_id = tq.add_entry(
            s,
            {
                "participant_id": e.participant_id,
                "worksite_id": e.worksite_id,
                "task_id": e.task_id,
                "work_date": e.work_date,
                "rate_ore": e.rate_ore,
                "amount_ore": amount_ore(e.rate_ore, delta),
                "comment": (comment or "").strip()[:500] or _("Rättelse av rad {id}").format(id=e.id),
                "corrects_entry_id": e.id,
                "created_by": ctx.username,
                **_qty_values(task.unit, delta),
            },
        )
    return get_entry(ctx, new_id)


# ---------------------------------------------------------------------------------------- week grid
def _week_state(ctx: AppContext, s, task: tq.TaskInfo, monday: date, participant_ids: Sequence[int]):
    end = monday + timedelta(days=7)
    days = tuple(monday + timedelta(days=i) for i in range(7))
    rates = rates_between(s, task.id, monday, end)
    periods = locked_periods(s, task.organisation_id, monday, end)
    entries = tq.week_entries(s, task.id, monday, end)
    cells: dict[tuple[int, date], list] = {}
    for row in entries:
        cells.setdefault((row.participant_id, row.work_date), []).append(row)
    pids = list(dict.fromkeys([*sorted({r.participant_id for r in entries}), *participant_ids]))
    other = hours_per_day(s, pids, monday, end, exclude_task_id=task.id)
    locked_runs = tq.locked_run_ids(s)
    return days, rates, periods, cells, pids, other, locked_runs


def _grid(ctx: AppContext, s, task: tq.TaskInfo, monday: date, extra: Sequence[int]) -> WeekGrid:
    days, rates, periods, cells, pids, other, locked_runs = _week_state(ctx, s, task, monday, extra)
    people = {p.id: p for p in tq.people(s, pids)}
    today = ctx.now_date()
    locked_days = tuple(day_in(periods, d) for d in days)
    rows = []
    for pid in pids:
        p = people.get(pid)
        if p is None:
            continue
        wcells = []
        for i, d in enumerate(days):
            group = cells.get((pid, d), [])
            q = sum(_qty(task.unit, r.hours_hundredths, r.quantity_hundredths) for r in group) if group else None
            wcells.append(
                WeekCell(
                    participant_id=pid,
                    day=d,
                    quantity_hundredths=q,
                    amount_ore=sum(int(r.amount_ore) for r in group),
                    locked=locked_days[i] or any(r.pay_run_id in locked_runs for r in group),
                    rate_ore=rates[d],
                    entry_ids=tuple(r.id for r in group),
                    other_hours_hundredths=other.get((pid, d), 0),
                )
            )
        rows.append(
            WeekRow(
                participant_id=pid,
                name=_name(p.first_name, p.last_name),
                pnr_display=_pnr_display(ctx, p.personnummer),
                cells=tuple(wcells),
                total_quantity_hundredths=sum(c.quantity_hundredths or 0 for c in wcells),
                total_amount_ore=sum(c.amount_ore for c in wcells),
            )
        )
    # Swedish alphabetical order by surname (É with E, Ł with L, Å Ä Ö last), as everywhere else.
    surnames = {pid: (sort_key(p.last_name), sort_key(p.first_name)) for pid, p in people.items()}
    rows.sort(key=lambda r: surnames[r.participant_id])
    return WeekGrid(
        task_id=task.id,
        task_name=task.name,
        unit=task.unit,
        worksite_id=task.worksite_id,
        worksite_name=task.worksite_name,
        organisation_id=task.organisation_id,
        monday=monday,
        days=days,
        rates=tuple(rates[d] for d in days),
        locked_days=locked_days,
        future_days=tuple(d > today for d in days),
        rows=tuple(rows),
        total_amount_ore=sum(r.total_amount_ore for r in rows),
    )


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def week_grid(ctx: AppContext, task_id: int, monday: date, *, extra_participant_ids: Sequence[int] = ()) -> WeekGrid:
    """Participants with entries on the task that week, plus ``extra_participant_ids`` (added in the box)."""
    monday = _monday(monday)
    with ctx.db.read() as s:
        task = _load_task(s, task_id)
        access.require(ctx, "time.read", organisation_id=task.organisation_id)
        return _grid(ctx, s, task, monday, extra_participant_ids)


def save_week(ctx: AppContext, task_id: int, monday: date, changes: Sequence[CellChange]) -> SaveResult:
    """Validate ALL cells first (Problem.field = ``"{participant_id}:{iso_date}"``), then save all or nothing."""
    monday = _monday(monday)
    end = monday + timedelta(days=7)
    today = ctx.now_date()
    conflict = False
    saved = 0
    warnings: tuple[str, ...] = ()
    changed_pids: list[int] = []
    extra = list(dict.fromkeys(c.participant_id for c in changes))
    try:
        with ctx.db.unit_of_work() as s:
            task = _load_task(s, task_id)
            access.require(ctx, "time.write", organisation_id=task.organisation_id)
            _days, rates, periods, cells, _pids, other, locked_runs = _week_state(ctx, s, task, monday, extra)
            people = {p.id: p for p in tq.people(s, extra)}
            problems: list[Problem] = []
            plan: list[tuple[CellChange, list, int | None]] = []
            for c in changes:
                if not (monday <= c.day < end):
                    problems.append(Problem(c.field, "date_invalid"))
                    continue
                p = people.get(c.participant_id)
                if p is None:
                    problems.append(Problem(c.field, "unknown_participant", {"pnr": c.participant_id}))
                    continue
                group = cells.get((c.participant_id, c.day), [])
                current = (
                    sum(_qty(task.unit, r.hours_hundredths, r.quantity_hundredths) for r in group) if group else None
                )
                new = c.quantity_hundredths or None
                if c.check_loaded and (c.loaded_quantity_hundredths or None) != current:
                    conflict = True
                    continue
                if new == current and not (c.comment and group):
                    continue
                locked = day_in(periods, c.day) or any(r.pay_run_id in locked_runs for r in group)
                if new is None:
                    if locked:
                        problems.append(Problem(c.field, "period_locked", {"date": c.day.isoformat()}))
                    plan.append((c, group, None))
                    continue
                problems += check_cell(
                    CellCheck(
                        field=c.field,
                        unit=task.unit,
                        quantity_hundredths=new,
                        work_date=c.day,
                        rate_ore=rates[c.day],
                        locked=locked,
                        other_hours_hundredths=other.get((c.participant_id, c.day), 0),
                        participant_name=_name(p.first_name, p.last_name),
                        task_name=task.name,
                    ),
                    today=today,
                )
                plan.append((c, group, new))
            if conflict:
                raise _Rollback()
            _fail(problems)
            steps: list[tuple[str, object]] = []
            for c, group, new in plan:
                saved += 1
                changed_pids.append(c.participant_id)
                if new is None:
                    steps += [("delete", r.id) for r in group]
                    continue
                rate = rates[c.day]
                if group:
                    keep = group[0].id
                    steps += [("delete", r.id) for r in group[1:]]
                    values = {"rate_ore": rate, **_qty_values(task.unit, new), "amount_ore": amount_ore(rate, new)}
                    if c.comment:
                        values["comment"] = c.comment.strip()[:500]
                    steps.append(("update", (keep, values)))
                else:
                    steps.append(
                        (
                            "insert",
                            {
                                "participant_id": c.participant_id,
                                "worksite_id": task.worksite_id,
                                "task_id": task.id,
                                "work_date": c.day,
                                "rate_ore": rate,
                                "amount_ore": amount_ore(rate, new),
                                "comment": (c.comment or "").strip()[:500],
                                "created_by": ctx.username,
                                **_qty_values(task.unit, new),
                            },
                        )
                    )
            try:
                tq.save_week(s, steps)
            except tq.Stale:
                conflict = True
                raise _Rollback() from None
            warnings = (
                _crossing_warnings(
                    ctx,
                    s,
                    changed_pids,
                    monday.year,
                    task,
                    before_delta={
                        pid: sum(
                            (amount_ore(rates[c.day], n) if n else 0) - sum(int(r.amount_ore) for r in g)
                            for c, g, n in plan
                            if c.participant_id == pid
                        )
                        for pid in set(changed_pids)
                    },
                )
                if changed_pids
                else ()
            )
    except _Rollback:
        pass
    if conflict:
        raise _conflict(week_grid(ctx, task_id, monday, extra_participant_ids=extra))
    return SaveResult(
        grid=week_grid(ctx, task_id, monday, extra_participant_ids=extra), saved=saved, warnings=tuple(warnings)
    )


def search_participants(
    ctx: AppContext, text: str, *, limit: int = 20, include_inactive: bool = False
) -> list[ParticipantHit]:
    """For the "add a participant to the week" box: name or personnummer digits."""
    rows = registry.list_participants(ctx, text=text, active=None if include_inactive else True, limit=limit)
    return [ParticipantHit(r.id, r.name, r.pnr_display, r.active) for r in rows]


# ----------------------------------------------------------------------------------------- warnings
def _amount_in_force(params: ParameterSet, key: str, on: date) -> int | None:
    """A kronor parameter in force on ``on`` as öre; None for a year the rule files have no value for. A key
    the rule files do not know at all is a programming error and is raised, not taken as "no limit"."""
    if not params.has(key):
        raise ParameterMissing(key, on)
    value = params.get_or(key, on, None)
    return None if value is None else parse_kronor(value)


def _limits(ctx: AppContext, year: int) -> tuple[int | None, int | None, bool]:
    on = date(year, 1, 1)
    params = ctx.params()
    cap = _amount_in_force(params, "frikort.tak", on)
    tax_limit = _amount_in_force(params, "skatt.grans_skatteavdrag_ar", on)
    needs_decision = bool(params.get_or("frikort.kraver_beslut", on, True))
    return cap, tax_limit, needs_decision


def _has_decision(p: tq.Person, year: int) -> bool:
    """Recording time knows only the year the work will be paid in: the decision covers some day of it."""
    return decision_covers(p.cap_decision_from, p.cap_decision_to, date(year, 1, 1), date(year, 12, 31))


def _warn_texts(
    p: tq.Person,
    before: int,
    after: int,
    cap: int | None,
    tax_limit: int | None,
    needs_decision: bool,
    year: int,
    *,
    crossing: bool,
) -> list[str]:
    out = []
    name = _name(p.first_name, p.last_name)
    if (
        cap is not None
        and (not needs_decision or _has_decision(p, year))
        and after > cap
        and (not crossing or before <= cap)
    ):
        out.append(
            _("{name} passerar årets tak för arvode ({cap}): {total} registrerat {year}.").format(
                name=name, cap=format_money(cap), total=format_money(after), year=year
            )
        )
    if tax_limit is not None and after >= tax_limit and (not crossing or before < tax_limit):
        out.append(
            _("{name} får {total} i arvode {year} – över {limit}: skatteavdrag och arbetsgivaravgifter gäller.").format(
                name=name, total=format_money(after), year=year, limit=format_money(tax_limit)
            )
        )
    return out


def _crossing_warnings(
    ctx: AppContext, s, pids: Sequence[int], year: int, task: tq.TaskInfo, before_delta: dict[int, int]
) -> tuple[str, ...]:
    cap, tax_limit, needs_decision = _limits(ctx, year)
    totals = entries_q.year_gross(s, list(set(pids)), year)
    out: list[str] = []
    for p in tq.people(s, set(pids), by_surname=True):
        after = totals.get(p.id, 0)
        before = after - before_delta.get(p.id, 0)
        out += _warn_texts(p, before, after, cap, tax_limit, needs_decision, year, crossing=True)
    return tuple(out)


def year_warnings(ctx: AppContext, participant_ids: Sequence[int], year: int) -> dict[int, tuple[str, ...]]:
    """Swedish warnings per participant: passes the yearly cap / the 1 000 kr tax limit this year
    (approved pay lines year-to-date + entries recorded but not yet in an approved run)."""
    access.require(ctx, "time.read")
    cap, tax_limit, needs_decision = _limits(ctx, year)
    with ctx.db.read() as s:
        totals = entries_q.year_gross(s, list(participant_ids), year)
        out: dict[int, tuple[str, ...]] = {}
        for p in tq.people(s, participant_ids):
            texts = _warn_texts(p, 0, totals.get(p.id, 0), cap, tax_limit, needs_decision, year, crossing=False)
            if texts:
                out[p.id] = tuple(texts)
        return out
