"""The programme's yearly cap ("frikort"): one policy type and one rule for "covered by the decision".

The cap is a municipal programme choice modelled on the Danish *socialt frikort* (not Swedish law; see
docs/rules.md). Its parameters are ``frikort.*`` in ``resources/rules/frikort.toml``: ``frikort.tak`` (kronor per
calendar year), ``frikort.grund`` (``gross``/``net``), ``frikort.skyddar`` (the benefits it shields),
``frikort.kraver_beslut`` (a participant needs a cap decision) and ``frikort.skattefri`` (the Danish-style
tax-free variant, only simulated).

:class:`CapPolicy` is the one type for a cap policy: the pay run reads it from the parameters in force on the
payment date (:meth:`CapPolicy.from_params`), the year simulation from the parameters of the year with the
caseworker's changes (:func:`sysselsattning.domain.rules.policy.with_cap`).

**Covered by the participant's cap decision** (:func:`decision_covers`), the one rule: pay counts against the
cap when its *payment date* lies within the decision, both ends included (an open end means "until further
notice"). Where only the month or the year of a payment is known — the month-by-month simulation, the warning
while hours are recorded — the decision covers it when it covers any day of that month or year (the same rule
for a period instead of a day: the closed intervals overlap).

>>> from datetime import date
>>> decision_covers(date(2026, 7, 1), date(2026, 12, 31), date(2026, 6, 30))
False
>>> decision_covers(date(2026, 7, 1), None, date(2026, 7, 1))
True
>>> decision_covers(date(2026, 7, 15), date(2026, 12, 31), date(2026, 7, 1), date(2026, 7, 31))
True
>>> decision_covers(None, None, date(2026, 7, 1))
False
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sysselsattning.domain.money import parse_kronor

BENEFITS = ("forsorjningsstod", "bostadstillagg", "bostadsbidrag", "sjukersattning")
BASES = ("gross", "net")


class _Params(Protocol):
    def get(self, key: str, on: date) -> Any: ...


class HasCapDecision(Protocol):
    """A participant as far as the cap is concerned: the decision's dates (``None`` = no decision / open end)."""

    @property
    def cap_decision_from(self) -> date | None: ...

    @property
    def cap_decision_to(self) -> date | None: ...


def decision_covers(
    decision_from: date | None, decision_to: date | None, first: date, last: date | None = None
) -> bool:
    """Does a cap decision ``[decision_from, decision_to]`` cover a payment on ``first`` (or, when only the
    period is known, some day of ``[first, last]``)? No decision (``decision_from`` is None) covers nothing."""
    if decision_from is None:
        return False
    end = first if last is None else last
    return decision_from <= end and (decision_to is None or decision_to >= first)


@dataclass(frozen=True, slots=True)
class CapPolicy:
    """A cap policy: the yearly amount (öre), what it is measured on, what it shields.

    ``decision_from``/``decision_to`` are the participant's decision when the policy is simulated for one
    participant (both ``None``: the simulation assumes a decision for the whole year). ``estimate`` is set when
    the amount or basis rests on an unconfirmed parameter.
    """

    cap_ore: int
    basis: str = "gross"
    shields: tuple[str, ...] = ("forsorjningsstod", "bostadstillagg")
    tax_free: bool = False
    requires_decision: bool = True
    decision_from: date | None = None
    decision_to: date | None = None
    estimate: bool = False

    @classmethod
    def from_params(cls, params: _Params, on: date) -> CapPolicy:
        """The programme's policy in force on ``on`` (``frikort.*``)."""
        entry = getattr(params, "entry", None)  # a plain mapping has no entry(): no status known
        estimate = entry is not None and any(
            entry(key, on).status == "unconfirmed" for key in ("frikort.tak", "frikort.grund")
        )
        return cls(
            cap_ore=parse_kronor(params.get("frikort.tak", on)),
            basis=str(params.get("frikort.grund", on)),
            shields=tuple(str(s) for s in params.get("frikort.skyddar", on)),
            requires_decision=bool(params.get("frikort.kraver_beslut", on)),
            tax_free=bool(params.get("frikort.skattefri", on)),
            estimate=estimate,
        )

    def applies(self, payee: HasCapDecision, on: date) -> bool:
        """Does pay made on ``on`` count against (and is it shielded by) the cap?"""
        if self.cap_ore <= 0:
            return False
        if not self.requires_decision:
            return True
        return decision_covers(payee.cap_decision_from, payee.cap_decision_to, on)
