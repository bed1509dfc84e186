"""The simulation engine's warnings as values: a stable code, its parameters and what kind of note it is.

The domain has no i18n, so it says *which* warning applies, never how it reads. The sentences (Swedish message
ids, English in ``messages.po``) live in one catalogue, ``sysselsattning/i18n/warnings.py``; the §7 JSON, the
simulator page and the letter render a :class:`RuleWarning` from there. Consumers filter by attribute
(:attr:`RuleWarning.area`, :attr:`RuleWarning.reporting_duty`, :attr:`RuleWarning.estimate`), never by text.

To add a warning: a code in :data:`SPECS` (area and flags), a constant or a small constructor here or in the
rule module that raises it, and its sentence in ``i18n/warnings.py`` (docs/architecture.md, "Warnings").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The areas a warning belongs to (the benefit or rule it is about).
AREAS = (
    "riksnorm",
    "forsorjningsstod",
    "sjukersattning",
    "bostadstillagg",
    "sarskilt_bostadstillagg",
    "bostadsbidrag",
)


@dataclass(frozen=True, slots=True)
class WarningSpec:
    """What kind of note a code is: its area; ``estimate`` = a figure rests on an unconfirmed rule;
    ``reporting_duty`` = something the household must tell Försäkringskassan (the page and the letter say these
    as advice lines instead)."""

    area: str
    estimate: bool = False
    reporting_duty: bool = False


#: Every code the engine can raise. The catalogue (``i18n/warnings.py``) has a sentence for each.
SPECS: dict[str, WarningSpec] = {
    # riksnorm and försörjningsstöd
    "riksnorm_unconfirmed": WarningSpec("riksnorm", estimate=True),  # params: keys
    "fs_jobbstimulans_unconfirmed": WarningSpec("forsorjningsstod"),
    "fs_income_next_month_unconfirmed": WarningSpec("forsorjningsstod"),
    "fs_income_same_month_unconfirmed": WarningSpec("forsorjningsstod"),
    # sjukersättning
    "se_report_work": WarningSpec("sjukersattning", reporting_duty=True),
    "se_steglos_apply": WarningSpec("sjukersattning", reporting_duty=True),
    "se_vilande_apply": WarningSpec("sjukersattning", reporting_duty=True),
    "se_vilande_tax_unconfirmed": WarningSpec("sjukersattning", estimate=True),
    "se_vilande_review": WarningSpec("sjukersattning"),
    "se_over_ceiling": WarningSpec("sjukersattning"),
    # bostadstillägg
    "btp_unconfirmed": WarningSpec("bostadstillagg", estimate=True),  # params: keys
    "btp_bb_deduction_whole": WarningSpec("bostadstillagg", estimate=True),
    "btp_bb_deduction_housing_part": WarningSpec("bostadstillagg", estimate=True),
    "btp_couple": WarningSpec("bostadstillagg", estimate=True),
    "btp_no_birth_date": WarningSpec("bostadstillagg", estimate=True),
    "btp_report_income": WarningSpec("bostadstillagg", reporting_duty=True),
    # särskilt bostadstillägg
    "sbtp_couple_per_person": WarningSpec("sarskilt_bostadstillagg", estimate=True),
    "sbtp_couple_halved": WarningSpec("sarskilt_bostadstillagg", estimate=True),
    "sbtp_level_rounding": WarningSpec("sarskilt_bostadstillagg", estimate=True),
    # bostadsbidrag
    "bb_young_with_btp": WarningSpec("bostadsbidrag"),
    "bb_not_reported": WarningSpec("bostadsbidrag", reporting_duty=True),
    "bb_report_income": WarningSpec("bostadsbidrag", reporting_duty=True),
}


@dataclass(frozen=True, slots=True)
class RuleWarning:
    """One warning: ``code`` (a key of :data:`SPECS`) and its parameters as ``(name, value)`` pairs.

    Frozen and hashable (values are strings, numbers or tuples of them), so the engine can drop repeats with
    ``in`` and ``dict.fromkeys``. A list parameter (``keys``: unconfirmed parameter names) is a tuple of str.
    """

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.code not in SPECS:
            raise ValueError(f"unknown warning code {self.code!r}")

    @property
    def spec(self) -> WarningSpec:
        return SPECS[self.code]

    @property
    def area(self) -> str:
        return SPECS[self.code].area

    @property
    def estimate(self) -> bool:
        return SPECS[self.code].estimate

    @property
    def reporting_duty(self) -> bool:
        return SPECS[self.code].reporting_duty

    def values(self) -> dict[str, Any]:
        """The parameters as a dict (what the catalogue's sentence is formatted with)."""
        return dict(self.params)


def warning(code: str, **params: Any) -> RuleWarning:
    """``RuleWarning(code, params)`` with keyword parameters; list values become tuples (hashable)."""
    return RuleWarning(code, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
