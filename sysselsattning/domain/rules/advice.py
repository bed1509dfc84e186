"""Who to tell what, and when: plain-Swedish lines for the simulator page and the letter.

One home for these texts (the page and the letter both show them). The domain has no i18n: the texts are
Swedish message ids marked with ``N_`` so that the catalogue extracts them; the caller translates with
``_(text).format(**values)`` and formats money (öre) with its own helpers.

- Sjukersättning: report work to Försäkringskassan BEFORE it starts (SFB 110 kap. 51 §; vilande and steglös
  avräkning are applied for beforehand, 36 kap. 10 §, 37 kap. 3 §).
- Bostadsbidrag: report changed income (110 kap. 46 §); otherwise the settlement the year after reclaims the
  difference (98 kap. 5–6 §§). The settlement is stated with its amount.
- Bostadstillägg: report changed income (110 kap. 46–47 §§).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sysselsattning.domain.money import MoneyError, parse_kronor
from sysselsattning.domain.rules.simulation import SimulationResult
from sysselsattning.domain.rules.warnings import SPECS


def N_(text: str) -> str:
    """Marks a message id for extraction; the caller translates it."""
    return text


SE_OVRIG = N_("Sjukersättning: Berätta för Försäkringskassan om arbetet innan du börjar.")
SE_VILANDE = N_("Sjukersättning: Ansök om vilande sjukersättning hos Försäkringskassan innan du börjar arbeta.")
SE_STEGLOS = N_(
    "Sjukersättning: Ansök om steglös avräkning hos Försäkringskassan innan du börjar arbeta. Gör det varje år."
)
BTP_REPORT = N_("Bostadstillägg: Berätta för Försäkringskassan när din inkomst ändras.")
BB_REPORT = N_(
    "Bostadsbidrag: Berätta för Försäkringskassan när din inkomst ändras. Annars kan du få betala tillbaka året efter."
)
BB_REPAY = N_(
    "Bostadsbidrag: Året efter, {year}, räknar Försäkringskassan om bidraget. Då ska du betala tillbaka {amount}."
)
BB_EXTRA = N_("Bostadsbidrag: Året efter, {year}, räknar Försäkringskassan om bidraget. Då får du {amount} extra.")
BB_NONE = N_(
    "Bostadsbidrag: Året efter, {year}, räknar Försäkringskassan om bidraget. Det blir ingen skillnad att betala."
)
BB_CAP_REPAY = N_("Med frikort ska du betala tillbaka {amount} året efter.")
BB_CAP_EXTRA = N_("Med frikort får du {amount} extra året efter.")


#: The codes of the engine's warnings that are reporting duties (:attr:`RuleWarning.reporting_duty`): the page
#: and the letter say them as advice lines (above), not under "Uppskattning".
REPORTING_WARNINGS = frozenset(code for code, spec in SPECS.items() if spec.reporting_duty)


@dataclass(frozen=True, slots=True)
class Advice:
    """One line: a Swedish message id and its values (``amount`` in öre, ``year``)."""

    text: str
    values: dict[str, Any]
    money: tuple[str, ...] = ()  # keys of ``values`` that are öre


def _ore(value: Any) -> int:
    try:
        return int(parse_kronor(str(value))) if value not in (None, "") else 0
    except (MoneyError, ValueError):
        return 0


def reporting_advice(result: SimulationResult, scenario: dict[str, Any]) -> list[Advice]:
    """The lines for a simulation result and its scenario (the §6 dict).

    Only what the planned work makes necessary: no work, no lines.
    """
    out: list[Advice] = []
    if not any(g > 0 for g in result.current_rules.gross):
        return out
    se_block = scenario.get("sjukersattning")
    regime = se_block.get("regime", "ingen") if isinstance(se_block, dict) else "ingen"
    se_net = _ore((scenario.get("other_income") or {}).get("sjukersattning_net"))
    if regime == "ovrig" or (regime == "ingen" and se_net > 0):
        out.append(Advice(SE_OVRIG, {}))
    elif regime == "vilande":
        out.append(Advice(SE_VILANDE, {}))
    elif regime == "steglos":
        out.append(Advice(SE_STEGLOS, {}))
    cur = result.current_rules
    if result.bostadsbidrag_applies and cur.total("bostadsbidrag") + cur.bostadsbidrag_final:
        year = int(result.year or scenario.get("year") or 0) + 1
        out.append(Advice(BB_REPORT, {}))
        s = cur.bostadsbidrag_settlement
        if s < 0:
            out.append(Advice(BB_REPAY, {"year": year, "amount": -s}, ("amount",)))
        elif s > 0:
            out.append(Advice(BB_EXTRA, {"year": year, "amount": s}, ("amount",)))
        else:
            out.append(Advice(BB_NONE, {"year": year}))
        w = result.with_cap.bostadsbidrag_settlement
        if w != s and w < 0:
            out.append(Advice(BB_CAP_REPAY, {"amount": -w}, ("amount",)))
        elif w != s and w > 0:
            out.append(Advice(BB_CAP_EXTRA, {"amount": w}, ("amount",)))
    if (scenario.get("bostadstillagg") or {}).get("applies"):
        out.append(Advice(BTP_REPORT, {}))
    return out
