"""Integer helpers for the rules engine: exact öre arithmetic, resolved parameters, a small cache.

The hot path of the simulation works on ``int`` öre and integer rates; parameters are read from the
dated parameter tree once per year (and cached by the identity of the parameter objects, so a policy
transform that replaces only the ``frikort.*`` keys re-uses the resolved benefit rules).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol, TypeVar

#: Rates are stored as integer parts per million (62 % → 620 000; 2.4 PBB → 2 400 000).
PPM = 1_000_000


class Params(Protocol):
    def get(self, key: str, on: date) -> Any: ...

    def entry(self, key: str, on: date) -> Any: ...


def mul_div(amount: int, num: int, den: int) -> int:
    """``amount × num ÷ den`` rounded half away from zero to a whole öre (exact, integers only)."""
    if den <= 0:
        raise ValueError("den must be positive")
    x = amount * num
    if x >= 0:
        return (2 * x + den) // (2 * den)
    return -((2 * -x + den) // (2 * den))


def ppm(value: Any) -> int:
    """A factor (``Decimal('2.4')``) → parts per million, exactly."""
    d = Decimal(value) * PPM
    if d != d.to_integral_value():
        raise ValueError(f"för många decimaler: {value}")
    return int(d)


def percent_ppm(value: Any) -> int:
    """A percentage (``Decimal('62')``) → parts per million of one."""
    return ppm(Decimal(value) / 100)


def kronor_ore(value: Any) -> int:
    """A kronor value from a parameter file → öre (half up)."""
    return int((Decimal(value) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def apply_ppm(amount: int, rate_ppm: int) -> int:
    return mul_div(amount, rate_ppm, PPM)


class Tracker:
    """Reads parameters and remembers which ones were used and with what status (for warnings)."""

    __slots__ = ("params", "used")

    def __init__(self, params: Params):
        self.params = params
        self.used: dict[str, str] = {}

    def get(self, key: str, on: date) -> Any:
        entry = self.params.entry(key, on)
        status = getattr(entry, "status", "confirmed")
        self.used[key] = status
        return entry.value

    def unconfirmed(self) -> tuple[str, ...]:
        return tuple(sorted(k for k, s in self.used.items() if s == "unconfirmed"))


_CACHE: dict[tuple[str, int, tuple[int, ...]], tuple[tuple[Any, ...], Any]] = {}
_CACHE_MAX = 256
T = TypeVar("T")


def cached(params: Params, kind: str, year: int, keys: tuple[str, ...], build: Callable[[], T]) -> T:
    """``build()`` once per (kind, year, identity of the parameter objects behind ``keys``)."""
    table = getattr(params, "parameters", None)
    if not isinstance(table, dict):
        return build()
    refs = tuple(table.get(k) for k in keys)
    key = (kind, year, tuple(id(r) for r in refs))
    hit = _CACHE.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], refs, strict=True)):
        value: T = hit[1]
        return value
    value = build()
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (refs, value)  # the refs keep the ids valid
    return value
