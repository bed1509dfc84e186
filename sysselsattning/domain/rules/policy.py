"""The cap policy ("socialt frikort"-style yearly cap) as a TRANSFORM of the parameter set.

Modelled on the Danish socialt frikort (lov nr. 616 af 11/06/2024 § 1: earnings up to a yearly amount are not
deducted from "forsørgelsesydelser eller andre indkomstafhængige offentlige ydelser", S21a) and on
docs/rules.md. It is a municipal programme choice, not Swedish law: "current rules" is the same
parameter set with the cap set to 0 (:func:`without_cap`), "with cap" the set with the policy's values
(:func:`with_cap`). Both run through the same calculators — no ``if cap:`` branches (OpenFisca's
``Reform.modify_parameters``).

Parameters (``resources/rules/frikort.toml``; pay runs read the same keys):
``frikort.tak`` (yearly amount, kr), ``frikort.grund`` (``gross``/``net``), ``frikort.skyddar`` (list of
``forsorjningsstod``, ``bostadstillagg``, ``bostadsbidrag``, ``sjukersattning``), ``frikort.kraver_beslut`` (a participant needs a
cap decision), ``frikort.skattefri`` (Danish-style tax-free arvode under the cap). The transform may add
``frikort.beslut_fran`` / ``frikort.beslut_till`` (the participant's decision dates) for the simulated year.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sysselsattning.domain.cap import CapPolicy, decision_covers
from sysselsattning.domain.rules._common import Params, cached, kronor_ore

CAP_KEYS = (
    "frikort.tak",
    "frikort.grund",
    "frikort.skyddar",
    "frikort.kraver_beslut",
    "frikort.skattefri",
    "frikort.beslut_fran",
    "frikort.beslut_till",
)
_SOURCE = "policy i simuleringen"


@dataclass(frozen=True, slots=True)
class CapRules:
    """The resolved cap for one year: amount, basis, shielded benefits, months covered by a decision."""

    cap_ore: int
    basis: str
    shields: frozenset[str]
    tax_free: bool
    months: tuple[bool, ...]  # 12 flags: does the cap apply to arvode paid in that month

    def shields_benefit(self, benefit: str) -> bool:
        return self.cap_ore > 0 and benefit in self.shields


def policy_from_params(params: Params, year: int) -> CapPolicy:
    """The programme's default policy for ``year`` (``frikort.*`` on 1 January)."""
    return CapPolicy.from_params(params, date(year, 1, 1))


def _set(params: Any, key: str, year: int, value: Any) -> Any:
    return params.with_value(
        key, date(year, 1, 1), value, source=_SOURCE, status="confirmed", valid_to=date(year, 12, 31)
    )


def with_cap(params: Any, policy: CapPolicy, year: int) -> Any:
    """The parameter set with ``policy`` in force for ``year`` (a reform of the parameter tree)."""
    out = _set(params, "frikort.tak", year, Decimal(policy.cap_ore) / 100)
    out = _set(out, "frikort.grund", year, policy.basis)
    out = _set(out, "frikort.skyddar", year, list(policy.shields))
    out = _set(out, "frikort.skattefri", year, policy.tax_free)
    if policy.decision_from is not None or policy.decision_to is not None:
        out = _set(out, "frikort.beslut_fran", year, policy.decision_from or date(year, 1, 1))
        out = _set(out, "frikort.beslut_till", year, policy.decision_to or date(year, 12, 31))
    return out


def without_cap(params: Any, year: int) -> Any:
    """ "Current rules": Swedish law has no cap, so the cap amount is 0 for ``year``."""
    out = _set(params, "frikort.tak", year, Decimal(0))
    return _set(out, "frikort.skattefri", year, False)


def resolve_cap(params: Params, year: int) -> CapRules:
    """Read the (possibly transformed) cap parameters for ``year`` once.

    When ``frikort.kraver_beslut`` is set but no decision dates were given, the simulation assumes a
    decision for the whole year (it answers "what if the participant had a cap").
    """

    def build() -> CapRules:
        on = date(year, 1, 1)
        get_or = getattr(params, "get_or", None)
        frm = get_or("frikort.beslut_fran", on, None) if get_or else None
        to = get_or("frikort.beslut_till", on, None) if get_or else None
        months = tuple(_month_covered(year, m, frm, to) for m in range(1, 13))
        return CapRules(
            cap_ore=max(0, kronor_ore(params.get("frikort.tak", on))),
            basis=str(params.get("frikort.grund", on)),
            shields=frozenset(str(s) for s in params.get("frikort.skyddar", on)),
            tax_free=bool(params.get("frikort.skattefri", on)),
            months=months,
        )

    return cached(params, "cap", year, CAP_KEYS, build)


def _month_covered(year: int, month: int, frm: date | None, to: date | None) -> bool:
    """A month's arvode is covered when the decision covers some day of the month (docs/architecture.md §11);
    no decision dates at all: the simulation assumes a decision for the whole year."""
    if frm is None and to is None:
        return True
    first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    return decision_covers(frm or date(year, 1, 1), to, first, last)


def shield_in_order(amounts: list[int], cap_ore: int, months: tuple[bool, ...]) -> tuple[list[int], list[int]]:
    """Shield the year's amounts in month order until the cap is used (the crossing month is split).

    Returns (shielded per month, cap used after each month).
    """
    left = cap_ore
    shielded: list[int] = []
    used: list[int] = []
    total = 0
    for amount, covered in zip(amounts, months, strict=True):
        s = min(amount, left) if (covered and amount > 0 and left > 0) else 0
        left -= s
        total += s
        shielded.append(s)
        used.append(total)
    return shielded, used
