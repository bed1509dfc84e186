"""Scenario files (docs/architecture.md §6): a strict parser from the JSON dict to a typed :class:`Scenario`.

Unknown keys, wrong types, negative or impossible values (13 months, a birth date after the year, a
percentage over 100) and a year without rule parameters raise :class:`ScenarioError` with ``key`` (the dotted
path, e.g. ``household.costs.housing`` or ``arvode.monthly_gross[2]``) and a Swedish ``message``.

Missing optional parts take the defaults of the parameter files for that year (tax percent
``skatt.sidoinkomst_procent``, month offset ``forsorjningsstod.inkomstmanad_forskjutning``, the cap policy
``frikort.*``). Extensions to §6 (all optional): ``name``, ``description``, ``policy.decision_from`` /
``policy.decision_to``, ``bostadstillagg.other_work_income_year`` is not used; ``sjukersattning`` =
``{"regime": "ingen|steglos|vilande|ovrig", "degree": "hel|tre_fjardedelar|tva_tredjedelar|halv|en_fjardedel",
"monthly_gross": "…", "vilande_months_before_year": 0, "other_work_income_year": "…"}`` (the net SE paid is
``other_income.sjukersattning_net``; vilande can rest at hel, tre_fjardedelar, halv or en_fjardedel);
``bostadsbidrag`` = ``{"applies": false, "housing_cost": "…", "other_bgi_year": "…", "arvode_reported": true,
"partner_bgi_year": "…"}`` (``partner_bgi_year``, the sambo's bidragsgrundande inkomst, is an extension);
``bostadstillagg`` also takes ``se_ae_year`` (SE/AE per year, gross; default: the SE paid in the case when the
scenario has a ``sjukersattning`` block) and ``other_income_year`` (other bidragsgrundande inkomst, 80 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sysselsattning.domain.cap import BASES, BENEFITS
from sysselsattning.domain.money import MAX_AMOUNT_ORE
from sysselsattning.domain.rules.forsorjningsstod import MAX_CHILD_AGE, age_on
from sysselsattning.domain.rules.sjukersattning import DEGREES, REGIMES, VILANDE_DEGREES

MAX_MONTHS_BEFORE = 1200


class ScenarioError(ValueError):
    """A bad scenario. ``key`` names the field (dotted path), ``message`` says what is wrong, in Swedish."""

    def __init__(self, key: str, message: str):
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}")


@dataclass(frozen=True, slots=True)
class Costs:
    housing: int = 0
    electricity: int = 0
    home_insurance: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.housing + self.electricity + self.home_insurance + self.other


@dataclass(frozen=True, slots=True)
class Household:
    adults: tuple[date | None, ...] = (None,)
    cohabiting: bool = False
    children: tuple[date, ...] = ()
    costs: Costs = Costs()


@dataclass(frozen=True, slots=True)
class OtherIncome:
    sjukersattning_net: int = 0
    barnbidrag: int = 0
    other_net: int = 0


@dataclass(frozen=True, slots=True)
class FsSettings:
    applies: bool = True
    consecutive_months_before_year: int = 0


@dataclass(frozen=True, slots=True)
class BtpSettings:
    applies: bool = False
    housing_cost: int = 0
    other_reducing_income_year: int = 0  # counted in full
    se_ae_year: int | None = None  # None = the SE paid in the case (with a sjukersattning block), else 0
    other_income_year: int = 0  # other bidragsgrundande inkomst, counted at 80 %


@dataclass(frozen=True, slots=True)
class BbSettings:
    applies: bool = False
    housing_cost: int = 0
    other_bgi_year: int = 0
    arvode_reported: bool = True
    partner_bgi_year: int = 0


@dataclass(frozen=True, slots=True)
class TaxSettings:
    mode: str = "percent"  # percent | none | table | fixed
    percent: Decimal | None = None  # None = the parameter file's default for the year
    table: int | None = None  # the table withheld by (mode table), and the final tax's table (any mode)
    amount: int | None = None  # öre per payment (mode fixed: a jämkning decision stating an amount)


@dataclass(frozen=True, slots=True)
class PolicySettings:
    cap: int | None = None  # None = frikort.tak
    basis: str | None = None
    shields: tuple[str, ...] | None = None
    tax_free: bool | None = None
    decision_from: date | None = None
    decision_to: date | None = None


@dataclass(frozen=True, slots=True)
class SeSettings:
    regime: str = "ingen"
    degree: str = "hel"
    monthly_gross: int | None = None  # None = the net amount (treated as paid without tax)
    vilande_months_before_year: int = 0
    other_work_income_year: int = 0
    given: bool = False  # the scenario has a sjukersattning block


@dataclass(frozen=True, slots=True)
class Scenario:
    year: int
    income_month_offset: int | None = None  # None = parameter default
    household: Household = Household()
    other_income: OtherIncome = OtherIncome()
    forsorjningsstod: FsSettings = FsSettings()
    bostadstillagg: BtpSettings = BtpSettings()
    monthly_gross: tuple[int, ...] = (0,) * 12
    tax: TaxSettings = TaxSettings()
    policy: PolicySettings = PolicySettings()
    sjukersattning: SeSettings = SeSettings()
    bostadsbidrag: BbSettings = BbSettings()
    name: str = ""
    description: str = field(default="", compare=False)


# ------------------------------------------------------------------------------------------ helpers
def _obj(value: Any, key: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(key or "(scenario)", "ska vara ett objekt ({…})")
    unknown = sorted(set(value) - allowed)
    if unknown:
        name = f"{key}.{unknown[0]}" if key else unknown[0]
        raise ScenarioError(name, f"okänd nyckel '{unknown[0]}' (tillåtna: {', '.join(sorted(allowed))})")
    return value


def _money(value: Any, key: str, *, allow_negative: bool = False) -> int:
    if isinstance(value, bool) or value is None or isinstance(value, (float, list, dict)):
        raise ScenarioError(key, 'beloppet ska skrivas som text i kronor med högst två decimaler, t.ex. "1234.50"')
    text = str(value).strip().replace(",", ".").replace("\xa0", "").replace(" ", "")
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise ScenarioError(key, f"ogiltigt belopp '{value}': skriv t.ex. \"1234.50\"") from None
    if not d.is_finite():
        raise ScenarioError(key, f"ogiltigt belopp '{value}'")
    if d.adjusted() > 12:  # checked before building the int: '1E999999999' must not allocate a huge number
        raise ScenarioError(key, f"orimligt stort belopp ({value})")
    exp = d.as_tuple().exponent
    if isinstance(exp, int) and exp < -2:
        raise ScenarioError(key, f"beloppet '{value}' har fler än två decimaler")
    ore = int(d * 100)
    if ore < 0 and not allow_negative:
        raise ScenarioError(key, f"beloppet får inte vara negativt ({value})")
    if abs(ore) > MAX_AMOUNT_ORE:
        raise ScenarioError(key, f"orimligt stort belopp ({value})")
    return ore


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ScenarioError(key, "ska vara true eller false")
    return value


def _int(value: Any, key: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 6:
            value = int(value.strip())
        else:
            raise ScenarioError(key, f"ska vara ett heltal mellan {lo} och {hi}")
    if not lo <= value <= hi:
        raise ScenarioError(key, f"ska vara ett heltal mellan {lo} och {hi} (var {value})")
    return int(value)


def _date(value: Any, key: str) -> date:
    if not isinstance(value, str):
        raise ScenarioError(key, "datum ska skrivas som text ÅÅÅÅ-MM-DD")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(key, f"ogiltigt datum '{value}': skriv ÅÅÅÅ-MM-DD") from None


def _percent(value: Any, key: str) -> Decimal:
    if isinstance(value, bool) or value is None or isinstance(value, (float, list, dict)):
        raise ScenarioError(key, 'procentsatsen ska skrivas som text, t.ex. "30"')
    try:
        d = Decimal(str(value).strip().replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        raise ScenarioError(key, f"ogiltig procentsats '{value}'") from None
    if not d.is_finite() or d < 0 or d > 100:
        raise ScenarioError(key, f"procentsatsen måste vara mellan 0 och 100 (var {value})")
    return d


def _applies_and_housing(b: dict[str, Any], key: str, household: Household) -> tuple[bool, int]:
    """A housing benefit block's ``applies`` (default true when the block is given) and ``housing_cost``
    (default: the household's housing cost)."""
    applies = _bool(b["applies"], f"{key}.applies") if "applies" in b else True
    housing = _money(b["housing_cost"], f"{key}.housing_cost") if "housing_cost" in b else household.costs.housing
    return applies, housing


# ------------------------------------------------------------------------------------------- parser
TOP_KEYS = {
    "year",
    "income_month_offset",
    "household",
    "other_income",
    "forsorjningsstod",
    "bostadstillagg",
    "arvode",
    "policy",
    "sjukersattning",
    "bostadsbidrag",
    "name",
    "description",
}


def parse_scenario(data: Any, params: Any) -> Scenario:
    """Validate a §6 scenario dict strictly and return a typed :class:`Scenario`.

    Args:
        data: the parsed JSON.
        params: the parameter set used to check that the year has rules (default: the shipped rules).
    Raises:
        ScenarioError: with the offending key and a Swedish message.
    """
    d = _obj(data, "", TOP_KEYS)
    if "year" not in d:
        raise ScenarioError("year", 'året saknas (t.ex. "year": 2026)')
    year = _int(d["year"], "year", 1900, 2200)
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)

    offset = None
    if "income_month_offset" in d:
        offset = _int(d["income_month_offset"], "income_month_offset", 0, 1)

    # household
    household = Household()
    if "household" in d:
        h = _obj(d["household"], "household", {"adults", "cohabiting", "children", "costs"})
        adults: list[date | None] = [None]
        if "adults" in h:
            if not isinstance(h["adults"], list) or not h["adults"]:
                raise ScenarioError(
                    "household.adults", "ska vara en lista med minst en vuxen (den första är deltagaren)"
                )
            if len(h["adults"]) > 2:
                raise ScenarioError(
                    "household.adults", "högst två vuxna (deltagaren och en make/maka/sambo eller annan vuxen)"
                )
            adults = []
            for i, a in enumerate(h["adults"]):
                k = f"household.adults[{i}]"
                a = _obj(a, k, {"birth_date"})
                bd = _date(a["birth_date"], k + ".birth_date") if "birth_date" in a else None
                if bd is not None and bd > year_end:
                    raise ScenarioError(k + ".birth_date", f"födelsedatumet {bd.isoformat()} ligger efter år {year}")
                if bd is not None and age_on(bd, year_start) < 15:
                    raise ScenarioError(
                        k + ".birth_date", "en vuxen i hushållet måste vara minst 15 år – lägg barn under 'children'"
                    )
                adults.append(bd)
        cohabiting = _bool(h["cohabiting"], "household.cohabiting") if "cohabiting" in h else False
        if cohabiting and len(adults) != 2:
            raise ScenarioError("household.cohabiting", "sammanboende kräver två vuxna i 'adults'")
        children: list[date] = []
        if "children" in h:
            if not isinstance(h["children"], list):
                raise ScenarioError("household.children", "ska vara en lista")
            if len(h["children"]) > 20:
                raise ScenarioError("household.children", "orimligt många barn (högst 20)")
            for i, c in enumerate(h["children"]):
                k = f"household.children[{i}]"
                c = _obj(c, k, {"birth_date"})
                if "birth_date" not in c:
                    raise ScenarioError(k + ".birth_date", "barnets födelsedatum saknas")
                bd = _date(c["birth_date"], k + ".birth_date")
                if bd > year_end:
                    raise ScenarioError(k + ".birth_date", f"födelsedatumet {bd.isoformat()} ligger efter år {year}")
                if age_on(bd, year_start) > MAX_CHILD_AGE:
                    raise ScenarioError(
                        k + ".birth_date",
                        f"barnet är över {MAX_CHILD_AGE} år vid årets början – räkna det som eget hushåll",
                    )
                children.append(bd)
        costs = Costs()
        if "costs" in h:
            c = _obj(h["costs"], "household.costs", {"housing", "electricity", "home_insurance", "other"})
            costs = Costs(**{k: _money(v, f"household.costs.{k}") for k, v in c.items()})
        household = Household(tuple(adults), cohabiting, tuple(children), costs)

    other = OtherIncome()
    if "other_income" in d:
        o = _obj(d["other_income"], "other_income", {"sjukersattning_net", "barnbidrag", "other_net"})
        other = OtherIncome(**{k: _money(v, f"other_income.{k}") for k, v in o.items()})

    fs = FsSettings()
    if "forsorjningsstod" in d:
        f = _obj(d["forsorjningsstod"], "forsorjningsstod", {"applies", "consecutive_months_before_year"})
        fs = FsSettings(
            applies=_bool(f["applies"], "forsorjningsstod.applies") if "applies" in f else True,
            consecutive_months_before_year=_int(
                f.get("consecutive_months_before_year", 0),
                "forsorjningsstod.consecutive_months_before_year",
                0,
                MAX_MONTHS_BEFORE,
            ),
        )

    btp = BtpSettings()
    if "bostadstillagg" in d:
        b = _obj(
            d["bostadstillagg"],
            "bostadstillagg",
            {"applies", "housing_cost", "other_reducing_income_year", "se_ae_year", "other_income_year"},
        )
        applies, housing = _applies_and_housing(b, "bostadstillagg", household)
        btp = BtpSettings(
            applies=applies,
            housing_cost=housing,
            other_reducing_income_year=_money(
                b.get("other_reducing_income_year", "0"), "bostadstillagg.other_reducing_income_year"
            ),
            se_ae_year=_money(b["se_ae_year"], "bostadstillagg.se_ae_year") if "se_ae_year" in b else None,
            other_income_year=_money(b.get("other_income_year", "0"), "bostadstillagg.other_income_year"),
        )

    bbs = BbSettings()
    if "bostadsbidrag" in d:
        b = _obj(
            d["bostadsbidrag"],
            "bostadsbidrag",
            {"applies", "housing_cost", "other_bgi_year", "arvode_reported", "partner_bgi_year"},
        )
        applies, housing = _applies_and_housing(b, "bostadsbidrag", household)
        bbs = BbSettings(
            applies=applies,
            housing_cost=housing,
            other_bgi_year=_money(b.get("other_bgi_year", "0"), "bostadsbidrag.other_bgi_year"),
            arvode_reported=_bool(b["arvode_reported"], "bostadsbidrag.arvode_reported")
            if "arvode_reported" in b
            else True,
            partner_bgi_year=_money(b.get("partner_bgi_year", "0"), "bostadsbidrag.partner_bgi_year"),
        )
        if bbs.partner_bgi_year and not household.cohabiting:
            raise ScenarioError(
                "bostadsbidrag.partner_bgi_year", "partnerns inkomst kräver två sammanboende vuxna i household"
            )

    gross: tuple[int, ...] = (0,) * 12
    tax = TaxSettings()
    if "arvode" in d:
        a = _obj(d["arvode"], "arvode", {"monthly_gross", "tax"})
        if "monthly_gross" in a:
            mg = a["monthly_gross"]
            if not isinstance(mg, list):
                raise ScenarioError("arvode.monthly_gross", "ska vara en lista med 12 belopp (januari–december)")
            if len(mg) != 12:
                raise ScenarioError(
                    "arvode.monthly_gross", f"ska ha exakt 12 månader (januari–december), inte {len(mg)}"
                )
            gross = tuple(_money(v, f"arvode.monthly_gross[{i}]") for i, v in enumerate(mg))
        if "tax" in a:
            t = _obj(a["tax"], "arvode.tax", {"mode", "percent", "table", "amount"})
            mode = t.get("mode", "percent")
            if mode not in ("percent", "none", "table", "fixed"):
                raise ScenarioError(
                    "arvode.tax.mode", f'ska vara "percent", "table", "fixed" eller "none" (var {mode!r})'
                )
            pct = _percent(t["percent"], "arvode.tax.percent") if "percent" in t else None
            table = _int(t["table"], "arvode.tax.table", 1, 99) if "table" in t else None
            if mode == "table" and table is None:
                raise ScenarioError("arvode.tax.table", 'krävs med "mode": "table" (tabellnumret, t.ex. 32)')
            amount = _money(t["amount"], "arvode.tax.amount") if "amount" in t else None
            if mode == "fixed" and amount is None:
                raise ScenarioError("arvode.tax.amount", 'krävs med "mode": "fixed" (belopp per månad)')
            tax = TaxSettings(mode, pct, table, amount)

    policy = PolicySettings()
    if "policy" in d:
        p = _obj(d["policy"], "policy", {"cap", "basis", "shields", "tax_free", "decision_from", "decision_to"})
        shields = None
        if "shields" in p:
            if not isinstance(p["shields"], list):
                raise ScenarioError("policy.shields", f"ska vara en lista av {', '.join(BENEFITS)}")
            for i, s in enumerate(p["shields"]):
                if s not in BENEFITS:
                    raise ScenarioError(f"policy.shields[{i}]", f"okänd förmån {s!r} (tillåtna: {', '.join(BENEFITS)})")
            shields = tuple(dict.fromkeys(p["shields"]))
        basis = p.get("basis")
        if basis is not None and basis not in BASES:
            raise ScenarioError("policy.basis", f'ska vara "gross" eller "net" (var {basis!r})')
        dfrom = _date(p["decision_from"], "policy.decision_from") if "decision_from" in p else None
        dto = _date(p["decision_to"], "policy.decision_to") if "decision_to" in p else None
        if dfrom and dto and dto < dfrom:
            raise ScenarioError("policy.decision_to", "beslutets slutdatum ligger före startdatum")
        policy = PolicySettings(
            cap=_money(p["cap"], "policy.cap") if "cap" in p else None,
            basis=basis,
            shields=shields,
            tax_free=_bool(p["tax_free"], "policy.tax_free") if "tax_free" in p else None,
            decision_from=dfrom,
            decision_to=dto,
        )

    se = SeSettings()
    if "sjukersattning" in d:
        s = _obj(
            d["sjukersattning"],
            "sjukersattning",
            {"regime", "degree", "monthly_gross", "vilande_months_before_year", "other_work_income_year"},
        )
        regime = s.get("regime", "ingen")
        if regime not in REGIMES:
            raise ScenarioError("sjukersattning.regime", f"ska vara en av {', '.join(REGIMES)} (var {regime!r})")
        degree = s.get("degree", "hel")
        if degree not in DEGREES:
            raise ScenarioError("sjukersattning.degree", f"ska vara en av {', '.join(DEGREES)} (var {degree!r})")
        if regime == "vilande" and degree not in VILANDE_DEGREES:
            raise ScenarioError(
                "sjukersattning.degree",
                f"vilande ersättning kan vila helt eller till tre fjärdedelar, hälften eller en fjärdedel "
                f"({', '.join(VILANDE_DEGREES)}; var {degree!r})",
            )
        se = SeSettings(
            regime=regime,
            degree=degree,
            monthly_gross=_money(s["monthly_gross"], "sjukersattning.monthly_gross") if "monthly_gross" in s else None,
            vilande_months_before_year=_int(
                s.get("vilande_months_before_year", 0), "sjukersattning.vilande_months_before_year", 0, 120
            ),
            other_work_income_year=_money(
                s.get("other_work_income_year", "0"), "sjukersattning.other_work_income_year"
            ),
            given=True,
        )
        if se.monthly_gross is not None and se.monthly_gross < other.sjukersattning_net:
            raise ScenarioError(
                "sjukersattning.monthly_gross",
                "bruttobeloppet kan inte vara lägre än nettot i other_income.sjukersattning_net",
            )

    name = d.get("name", "")
    if not isinstance(name, str):
        raise ScenarioError("name", "ska vara text")
    description = d.get("description", "")
    if not isinstance(description, str):
        raise ScenarioError("description", "ska vara text")

    scenario = Scenario(
        year=year,
        income_month_offset=offset,
        household=household,
        other_income=other,
        forsorjningsstod=fs,
        bostadstillagg=btp,
        monthly_gross=gross,
        tax=tax,
        policy=policy,
        sjukersattning=se,
        bostadsbidrag=bbs,
        name=name,
        description=description,
    )
    check_year_has_rules(scenario, params)
    return scenario


def check_year_has_rules(scenario: Scenario, params: Any) -> None:
    """Raise ScenarioError("year") when the parameter set has no rules for the scenario's year."""
    from sysselsattning.domain.rules.simulation_year import compile_year

    try:
        compile_year(params, scenario.year)
    except LookupError as exc:
        key = getattr(exc, "key", "")
        raise ScenarioError(
            "year", f"det finns inga regelparametrar för år {scenario.year}" + (f" (saknas: {key})" if key else "")
        ) from None


def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    """The scenario back as a §6 dict (money as "1234.50"), with defaults filled in where known."""
    from sysselsattning.domain.money import ore_to_str as m

    out: dict[str, Any] = {"year": s.year}
    if s.name:
        out["name"] = s.name
    if s.income_month_offset is not None:
        out["income_month_offset"] = s.income_month_offset
    out["household"] = {
        "adults": [({"birth_date": a.isoformat()} if a else {}) for a in s.household.adults],
        "cohabiting": s.household.cohabiting,
        "children": [{"birth_date": c.isoformat()} for c in s.household.children],
        "costs": {
            "housing": m(s.household.costs.housing),
            "electricity": m(s.household.costs.electricity),
            "home_insurance": m(s.household.costs.home_insurance),
            "other": m(s.household.costs.other),
        },
    }
    out["other_income"] = {
        "sjukersattning_net": m(s.other_income.sjukersattning_net),
        "barnbidrag": m(s.other_income.barnbidrag),
        "other_net": m(s.other_income.other_net),
    }
    out["forsorjningsstod"] = {
        "applies": s.forsorjningsstod.applies,
        "consecutive_months_before_year": s.forsorjningsstod.consecutive_months_before_year,
    }
    out["bostadstillagg"] = {
        "applies": s.bostadstillagg.applies,
        "housing_cost": m(s.bostadstillagg.housing_cost),
        "other_reducing_income_year": m(s.bostadstillagg.other_reducing_income_year),
        "other_income_year": m(s.bostadstillagg.other_income_year),
    }
    if s.bostadstillagg.se_ae_year is not None:
        out["bostadstillagg"]["se_ae_year"] = m(s.bostadstillagg.se_ae_year)
    if s.bostadsbidrag.applies:
        out["bostadsbidrag"] = {
            "applies": True,
            "housing_cost": m(s.bostadsbidrag.housing_cost),
            "other_bgi_year": m(s.bostadsbidrag.other_bgi_year),
            "arvode_reported": s.bostadsbidrag.arvode_reported,
        }
        if s.bostadsbidrag.partner_bgi_year:
            out["bostadsbidrag"]["partner_bgi_year"] = m(s.bostadsbidrag.partner_bgi_year)
    tax: dict[str, Any] = {"mode": s.tax.mode}
    if s.tax.percent is not None:
        tax["percent"] = str(s.tax.percent)
    if s.tax.table is not None:
        tax["table"] = s.tax.table
    if s.tax.amount is not None:
        tax["amount"] = m(s.tax.amount)
    out["arvode"] = {"monthly_gross": [m(g) for g in s.monthly_gross], "tax": tax}
    pol: dict[str, Any] = {}
    if s.policy.cap is not None:
        pol["cap"] = m(s.policy.cap)
    if s.policy.basis is not None:
        pol["basis"] = s.policy.basis
    if s.policy.shields is not None:
        pol["shields"] = list(s.policy.shields)
    if s.policy.tax_free is not None:
        pol["tax_free"] = s.policy.tax_free
    if s.policy.decision_from:
        pol["decision_from"] = s.policy.decision_from.isoformat()
    if s.policy.decision_to:
        pol["decision_to"] = s.policy.decision_to.isoformat()
    out["policy"] = pol
    if s.sjukersattning.regime != "ingen" or s.sjukersattning.given:
        se: dict[str, Any] = {
            "regime": s.sjukersattning.regime,
            "degree": s.sjukersattning.degree,
            "vilande_months_before_year": s.sjukersattning.vilande_months_before_year,
            "other_work_income_year": m(s.sjukersattning.other_work_income_year),
        }
        if s.sjukersattning.monthly_gross is not None:
            se["monthly_gross"] = m(s.sjukersattning.monthly_gross)
        out["sjukersattning"] = se
    return out
