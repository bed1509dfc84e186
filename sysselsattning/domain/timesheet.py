"""Time-recording rules (pure).

- Hours are 0–24 per participant and calendar day, summed over all worksites and tasks (a day has 24 hours;
  the programme's rule, docs/architecture.md).
- No work may be recorded for a date after today.
- Pieces (``piece``/``occasion`` tasks) are never negative.
- The arvode of an entry is the rate in force on the work date × the quantity, rounded half up to whole öre
  (:func:`sysselsattning.domain.money.times_hundredths`); without a rate the entry cannot be saved.
- A correction of an entry in an approved period is a new entry of the difference; it may be negative
  (docs/architecture.md §3 "Immutability").

Quantities are integer hundredths (7,5 h = 750).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sysselsattning.domain.money import MoneyError, parse_decimal, times_hundredths
from sysselsattning.domain.problems import Problem

MAX_DAY_HUNDREDTHS = 2400


class QuantityError(ValueError):
    pass


def parse_quantity(text: str | int | Decimal | None) -> int | None:
    """``"7,5"`` → 750; empty → None. More than two decimals or not a number → :class:`QuantityError`."""
    if text is None:
        return None
    if isinstance(text, str) and not text.strip():
        return None
    try:
        value = parse_decimal(text)
    except MoneyError as exc:
        raise QuantityError(str(text)) from exc
    scaled = value * 100
    if scaled != scaled.to_integral_value():
        raise QuantityError(str(text))
    return int(scaled)


def amount_ore(rate_ore: int, quantity_hundredths: int) -> int:
    return int(times_hundredths(rate_ore, quantity_hundredths))


@dataclass(frozen=True, slots=True)
class CellCheck:
    """What the service knows about one cell to validate."""

    field: str
    unit: str  # hour | piece | occasion
    quantity_hundredths: int
    work_date: date
    rate_ore: int | None
    locked: bool
    other_hours_hundredths: int = 0  # same participant and day, other entries (all worksites/tasks)
    participant_name: str = ""
    task_name: str = ""
    is_correction: bool = False


def check_cell(c: CellCheck, *, today: date) -> list[Problem]:
    problems: list[Problem] = []
    d = c.work_date.isoformat()
    if c.work_date > today:
        problems.append(Problem(c.field, "date_future", {"date": d}))
    if c.locked and not c.is_correction:
        problems.append(Problem(c.field, "period_locked", {"date": d}))
    if c.unit == "hour":
        if not c.is_correction and not (0 <= c.quantity_hundredths <= MAX_DAY_HUNDREDTHS):
            problems.append(Problem(c.field, "hours_range", {"hours": _h(c.quantity_hundredths)}))
        elif c.quantity_hundredths + c.other_hours_hundredths > MAX_DAY_HUNDREDTHS:
            problems.append(
                Problem(
                    c.field,
                    "hours_day_total",
                    {"name": c.participant_name, "date": d, "existing": _h(c.other_hours_hundredths)},
                )
            )
    elif c.quantity_hundredths < 0 and not c.is_correction:
        problems.append(Problem(c.field, "quantity_negative"))
    if c.rate_ore is None:
        problems.append(Problem(c.field, "rate_missing", {"task": c.task_name, "date": d}))
    return problems


def _h(hundredths: int) -> str:
    return f"{(Decimal(hundredths) / 100).normalize():f}".replace(".", ",")
