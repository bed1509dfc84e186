"""Names and small helpers shared by the simulator page's widgets (no widgets here)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sysselsattning.domain.money import parse_kronor
from sysselsattning.domain.rules.warnings import RuleWarning
from sysselsattning.i18n import _
from sysselsattning.i18n.warnings import short_warning_text

CASES = ("no_work", "current_rules", "with_cap")
#: Weeks per month for "hours per week": 52 weeks / 12 months (a calendar conversion, not a rule figure).
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)

PLAN_HOURS, PLAN_PIECES, PLAN_KRONOR = "hours", "pieces", "kronor"


def case_names() -> dict[str, str]:
    return {"no_work": _("Utan arbete"), "current_rules": _("Nuvarande regler"), "with_cap": _("Med tak")}


def ore_value(value: Any) -> int:
    """Öre from a §6/§7 money value ("1400.00", an int or nothing)."""
    if value in (None, ""):
        return 0
    if isinstance(value, int):
        return value
    text = str(value)
    # Fast path for the engine's own form ("-1234.50", money.ore_to_str): the page reads ~300 of them per
    # slider step. Anything else goes through the full parser.
    if len(text) > 3 and text[-3] == "." and text[-2:].isdigit():
        whole = text[1:-3] if text[0] == "-" else text[:-3]
        if whole.isdigit() and whole.isascii():
            return int(text[:-3] + text[-2:])
    return int(parse_kronor(text))


def kept_per_krona_text(gain_ore: int, gross_ore: int) -> str:
    """ "Av varje intjänad krona behåller du 0 kr / 25 öre / 70 öre" (1 − effective marginal rate)."""
    if gross_ore <= 0:
        return _("Inget arvode planerat.")
    kept = int((Decimal(gain_ore) * 100 / Decimal(gross_ore)).to_integral_value(rounding=ROUND_HALF_UP))
    if kept <= 0 and gain_ore <= 0:
        if kept == 0:
            amount = _("0 kr")
            return _("Av varje intjänad krona behåller du {belopp}.").format(belopp=amount)
        return _("Av varje intjänad krona förlorar du {belopp}.").format(belopp=_small_amount_text(-kept))
    return _("Av varje intjänad krona behåller du {belopp}.").format(belopp=_small_amount_text(kept))


def _small_amount_text(ore: int) -> str:
    if ore >= 100:
        kr, rest = divmod(ore, 100)
        return _("{kr} kr").format(kr=kr) if rest == 0 else _("{kr} kr {ore} öre").format(kr=kr, ore=rest)
    return _("{ore} öre").format(ore=ore)


def relevant_warnings(warnings: Iterable[RuleWarning], btp: bool) -> list[RuleWarning]:
    """The engine's warnings, without the bostadstillägg notes when the household has no bostadstillägg, and
    without the reporting duties that the "Vem ska veta vad och när" lines say in plain words."""
    return [w for w in warnings if (btp or w.area != "bostadstillagg") and not w.reporting_duty]


def short_warning(w: RuleWarning) -> str:
    """A warning's short form in the current language: without its list of parameter names (those are in the
    tooltip and the settings page)."""
    return short_warning_text(w)
