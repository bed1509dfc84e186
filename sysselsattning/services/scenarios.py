"""Building a simulation scenario (docs/architecture.md §6) from what the database knows about a participant.

:func:`scenario_from_participant` gives the caseworker a starting point for the year simulation:

- ``arvode.monthly_gross``: per month, the gross of the participant's **approved** pay lines (runs with
  status ``approved`` or ``paid``), by the month of the run's payment date, **plus the planned** arvode: the
  recorded work entries that are in no approved run yet, by the month of the work date;
- ``arvode.tax``: from the participant's recorded tax situation in force at the end of the year (or today, if
  earlier): the A-skattsedel's table (``{"mode": "table", "table": 32}``), 30 % for a side income, a jämkning
  decision's per cent or amount; the recorded table number also rides along as the final tax's table. Without a
  recorded situation the older settings: ``default`` → the parameter file's percent; ``percent`` → their
  percent; ``none`` → none; ``fixed`` amounts per payment → the default percent;
- household facts from ``participants.household_json`` — the caseworker's entries, stored as the §6 keys
  ``household``, ``other_income``, ``forsorjningsstod``, ``bostadstillagg``, ``income_month_offset`` and
  ``sjukersattning`` and ``bostadsbidrag`` (any other key there is ignored). A household with children and no
  recorded ``bostadsbidrag`` gets one filled in from the rent (to check or untick). Without them: one adult (the participant, birth date
  from the personnummer), no children, no costs;
- ``policy``: the cap policy parameters of the year (``frikort.*``) and, when ``frikort.kraver_beslut`` is set,
  the participant's cap decision dates (clipped to the year).

The result always passes :func:`sysselsattning.domain.rules.scenario.parse_scenario`.

Example::

    data = scenario_from_participant(ctx, participant_id=7, year=2026)
    params = ctx.params()
    result = simulate(parse_scenario(data, params), params)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sysselsattning.domain.money import MoneyError, ore_to_str, parse_kronor
from sysselsattning.i18n import _
from sysselsattning.services import access
from sysselsattning.services.errors import NotFound

#: Keys of ``participants.household_json`` (the §6 scenario keys a caseworker enters).
HOUSEHOLD_JSON_KEYS = (
    "household",
    "other_income",
    "forsorjningsstod",
    "bostadstillagg",
    "income_month_offset",
    "sjukersattning",
    "bostadsbidrag",
)


@dataclass(frozen=True, slots=True)
class ArvodeHistory:
    """A participant's arvode in one year, öre per month (index 0 = January)."""

    approved: tuple[int, ...]
    planned: tuple[int, ...]

    @property
    def total(self) -> tuple[int, ...]:
        return tuple(a + p for a, p in zip(self.approved, self.planned, strict=True))


def _load_participant(ctx, session, participant_id: int):
    from sysselsattning.storage.queries.scenarios import scenario_participant

    p = scenario_participant(session, participant_id)
    if p is None:
        raise NotFound(_("Deltagaren {id} finns inte.").format(id=participant_id))
    access.require(ctx, "participants.read", organisation_id=p.organisation_id, caseworker_id=p.caseworker_id)
    return p


def _history(session, participant_id: int, year: int) -> ArvodeHistory:
    from sysselsattning.storage.queries.scenarios import arvode_by_month

    approved, planned = arvode_by_month(session, participant_id, year)
    # a month's net correction can be negative; a scenario month cannot
    return ArvodeHistory(tuple(max(0, a) for a in approved), tuple(max(0, p) for p in planned))


def arvode_history(ctx, participant_id: int, year: int) -> ArvodeHistory:
    """Approved and planned arvode of ``year`` per month (one read)."""
    access.require(ctx, "simulate")
    with ctx.db.read() as s:
        _load_participant(ctx, s, participant_id)
        return _history(s, participant_id, year)


def _household_facts(text: str) -> dict[str, Any]:
    if not text or not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k in HOUSEHOLD_JSON_KEYS}


def _tax(participant, params, on: date) -> dict[str, Any]:
    if participant.tax_mode == "none":
        return {"mode": "none"}
    if participant.tax_mode == "percent" and participant.tax_percent_hundredths is not None:
        h = int(participant.tax_percent_hundredths)
        return {"mode": "percent", "percent": f"{h // 100}" if h % 100 == 0 else f"{h // 100}.{h % 100:02d}"}
    return {"mode": "percent", "percent": str(params.get("skatt.sidoinkomst_procent", on))}


def _tax_from_situation(ctx, s, participant, birth: date | None, year: int, params) -> dict[str, Any] | None:
    """The scenario's tax mode from the recorded situation (domain/tax.choose_mode), or None without one."""
    from sysselsattning.domain import tax as taxmod
    from sysselsattning.services import tax_situation

    sits = tax_situation.situations_for(ctx.db, [participant.id], session=s).get(participant.id, ())
    on = min(date(year, 12, 31), max(date(year, 1, 1), ctx.now_date()))
    sit = taxmod.situation_on(sits, on)
    if sit is None:
        return None
    org = participant.organisation_id
    office = tax_situation.office_tables(ctx, [org], year, session=s).get(org) if org is not None else None
    choice = taxmod.choose_mode(
        sit, taxmod.TaxSetting(), organisation_id=org, on=on, birth_date=birth, params=params, office_table=office
    )
    st = choice.setting
    out: dict[str, Any]
    if st.mode == "table":
        out = {"mode": "table", "table": st.table}
    elif st.mode == "jamkning_amount":
        out = {"mode": "fixed", "amount": ore_to_str(st.fixed_ore or 0)}
    elif st.mode == "jamkning_percent" and st.percent is not None:
        out = {"mode": "percent", "percent": f"{st.percent.normalize():f}"}
    else:
        out = {"mode": "percent", "percent": str(params.get("skatt.sidoinkomst_procent", on))}
    if "table" not in out and sit.table is not None:
        out["table"] = sit.table  # the final tax's table
    return out


def _policy(participant, params, year: int) -> dict[str, Any]:
    from sysselsattning.domain.rules.policy import policy_from_params

    pol = policy_from_params(params, year)
    out: dict[str, Any] = {
        "cap": ore_to_str(pol.cap_ore),
        "basis": pol.basis,
        "shields": list(pol.shields),
        "tax_free": pol.tax_free,
    }
    if bool(params.get("frikort.kraver_beslut", date(year, 1, 1))):
        frm, to = participant.cap_decision_from, participant.cap_decision_to
        if frm is not None or to is not None:
            y0, y1 = date(year, 1, 1), date(year, 12, 31)
            frm = max(frm or y0, y0)
            to = min(to or y1, y1)
            if to < frm:  # the decision does not touch this year: the cap shields nothing
                out["cap"] = "0.00"
            else:
                out["decision_from"], out["decision_to"] = frm.isoformat(), to.isoformat()
    return out


def _bostadsbidrag_default(household: dict[str, Any], se: Any) -> dict[str, Any]:
    """A household with children and no recorded bostadsbidrag: most such households on försörjningsstöd get it
    (FS is subsidiary, docs/rules.md), so it is filled in from the rent and a gross SE, for the caseworker
    to check or untick."""
    costs = household.get("costs") if isinstance(household.get("costs"), dict) else {}
    se_gross = 0
    if isinstance(se, dict) and se.get("monthly_gross") is not None:
        try:
            se_gross = parse_kronor(str(se["monthly_gross"]))
        except (MoneyError, ValueError):
            se_gross = 0
    return {
        "applies": True,
        "housing_cost": str(costs.get("housing", "0.00")),
        "other_bgi_year": ore_to_str(12 * se_gross),
        "arvode_reported": True,
    }


def scenario_from_participant(ctx, participant_id: int, year: int) -> dict[str, Any]:
    """A §6 scenario dict for ``participant_id`` and ``year`` (see the module docstring)."""
    from sysselsattning.domain import personnummer
    from sysselsattning.domain.rules.scenario import parse_scenario

    access.require(ctx, "simulate")
    params = ctx.params()
    with ctx.db.read() as s:
        p = _load_participant(ctx, s, participant_id)
        history = _history(s, participant_id, year)
        facts = _household_facts(p.household_json)
        name = f"{p.last_name}, {p.first_name} {year}"
        try:
            birth = personnummer.birth_date(p.personnummer)
        except personnummer.PersonnummerError:  # a malformed stored number: the form asks for the date
            birth = None
        tax = _tax(p, params, date(year, 1, 1))
        tax = _tax_from_situation(ctx, s, p, birth, year, params) or tax
        policy = _policy(p, params, year)

    household = facts.get("household") if isinstance(facts.get("household"), dict) else {}
    household = dict(household)
    adults = household.get("adults")
    if not isinstance(adults, list) or not adults:
        adults = [{}]
    adults = [dict(a) if isinstance(a, dict) else {} for a in adults]
    if birth is not None and birth <= date(year, 12, 31):
        adults[0]["birth_date"] = birth.isoformat()  # the participant is always the first adult
    household["adults"] = adults
    data: dict[str, Any] = {"year": year, "name": name}
    if "income_month_offset" in facts:
        data["income_month_offset"] = facts["income_month_offset"]
    data["household"] = household
    for key in ("other_income", "forsorjningsstod", "bostadstillagg", "sjukersattning", "bostadsbidrag"):
        if key in facts:
            data[key] = facts[key]
    if "bostadsbidrag" not in data and household.get("children"):
        data["bostadsbidrag"] = _bostadsbidrag_default(household, data.get("sjukersattning"))
    data["arvode"] = {"monthly_gross": [ore_to_str(v) for v in history.total], "tax": tax}
    data["policy"] = policy
    parse_scenario(data, params)  # the stored facts must still make a valid scenario (ScenarioError names the key)
    return data
