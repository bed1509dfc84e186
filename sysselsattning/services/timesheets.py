"""Time recording use cases: single entries, the entry list (fast with a million rows) and the week grid.

Rules (validated by :mod:`sysselsattning.domain.timesheet`, Swedish messages at the field):
- hours 0–24 per participant and day ACROSS worksites and tasks;
- no dates after ``ctx.now_date()``; no negative pieces;
- an arvode rate must be in force on the work date (the rate is copied to the entry);
- entries in an approved pay period (a ``pay_runs`` row with status approved/paid whose
  ``[period_start, period_end)`` contains the date and whose ``organisation_id`` is NULL or the worksite's
  association) cannot be added, changed or deleted; they are corrected with a NEW entry
  (:func:`correct_entry`, ``corrects_entry_id`` set, quantity may be negative) that no run holds yet, so the
  next open run picks it up (design.md §3 "Immutability").

Quantities are integer hundredths: hours for ``hour`` tasks, pieces/occasions for ``piece``/``occasion`` tasks.
Every call is one transaction; a week save is all-or-nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from sysselsattning.services.context import AppContext


# --------------------------------------------------------------------------------------------- rows
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


# ------------------------------------------------------------------------------------------ entries
def list_entries(ctx: AppContext, filters: EntryFilters = EntryFilters(), sort_key: str = "work_date",
                 descending: bool = False, offset: int = 0, limit: int = 200) -> list[EntryRow]:
    """A page of entries: filtering, ORDER BY and LIMIT/OFFSET run in SQL (indexes on date, participant, worksite)."""
    raise NotImplementedError


def count_entries(ctx: AppContext, filters: EntryFilters = EntryFilters()) -> int:
    raise NotImplementedError


def get_entry(ctx: AppContext, entry_id: int) -> EntryRow:
    raise NotImplementedError


def add_entry(ctx: AppContext, data: EntryInput) -> EntryRow:
    """Record one entry (validated; the rate in force on the date is copied)."""
    raise NotImplementedError


def update_entry(ctx: AppContext, entry_id: int, *, version: int, quantity_hundredths: int,
                 comment: str | None = None, work_date: date | None = None) -> EntryRow:
    """Change an entry of an open period (locked → Problem ``period_locked``; use :func:`correct_entry`)."""
    raise NotImplementedError


def delete_entry(ctx: AppContext, entry_id: int, *, version: int) -> None:
    raise NotImplementedError


def correct_entry(ctx: AppContext, entry_id: int, new_quantity_hundredths: int, comment: str = "") -> EntryRow:
    """Correct an entry of a locked period with a NEW entry of the difference (may be negative).

    The correction keeps the original's date, task and rate, has ``corrects_entry_id`` set and no pay run,
    so the next open run includes it and the slip shows it as a correction.
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------------------- week grid
def week_grid(ctx: AppContext, task_id: int, monday: date, *,
              extra_participant_ids: Sequence[int] = ()) -> WeekGrid:
    """Participants with entries on the task that week, plus ``extra_participant_ids`` (added in the box)."""
    raise NotImplementedError


def save_week(ctx: AppContext, task_id: int, monday: date, changes: Sequence[CellChange]) -> SaveResult:
    """Validate ALL cells first (Problem.field = ``"{participant_id}:{iso_date}"``), then save all or nothing."""
    raise NotImplementedError


def search_participants(ctx: AppContext, text: str, *, limit: int = 20,
                        include_inactive: bool = False) -> list[ParticipantHit]:
    """For the "add a participant to the week" box: name or personnummer digits."""
    raise NotImplementedError


def year_warnings(ctx: AppContext, participant_ids: Sequence[int], year: int) -> dict[int, tuple[str, ...]]:
    """Swedish warnings per participant: passes the yearly cap / the 1 000 kr tax limit this year
    (approved pay lines year-to-date + entries recorded but not yet in an approved run)."""
    raise NotImplementedError
