"""The year simulation (docs/architecture.md §4): three cases × 12 months for one household.

Cases: ``no_work`` (no arvode, current rules), ``current_rules`` (the arvode under today's law: the cap
policy transform :func:`~sysselsattning.domain.rules.policy.without_cap`) and ``with_cap`` (the arvode under the
cap policy: :func:`~sysselsattning.domain.rules.policy.with_cap`). All three run through :func:`_run_case`
with their own parameter set — there is no ``if cap:`` in the calculators.

Order within a month (docs/rules.md): tax → sjukersättning → bostadsbidrag → bostadstillägg → särskilt
bostadstillägg → försörjningsstöd; each benefit is its own function below (``_bostadsbidrag_case``,
``_bostadstillagg_case``, ``_sarskilt_btp_case``). Precise semantics:

- Tax withheld (:func:`sysselsattning.domain.tax.withhold`, shared with pay runs): the scenario's percent of
  the month's gross (or the parameter default), none with ``mode: none``, none at all when the year's planned
  arvode stays under ``skatt.grans_skatteavdrag_ar`` (1 000 kr, 10 kap. 4 § 2 SFL); a single month under
  ``skatt.grans_enskild_betalning`` (100 kr) is not taxed (10 kap. 4 § 1 SFL); rounded down to whole kronor.
  With the policy's ``tax_free`` switch only the part of the gross not shielded by the cap is taxed.
- Cap (basis gross): the year's gross is shielded in month order until the cap is used; the crossing month
  is split pro rata. Basis net: the same on the net arvode. ``cap_used``/``cap_left`` are after the month.
- Försörjningsstöd for month M = max(0, riksnorm(household, M) + costs − counted income), counted income =
  other net incomes of M (sjukersättning paid, barnbidrag, other) + bostadsbidrag + bostadstillägg + särskilt
  bostadstillägg + counted arvode of the
  income month (M, or M−1 with ``income_month_offset`` 1; the December before the year counts as 0).
  Counted arvode = net × (gross not shielded ÷ gross), × (1 − 25 %) when jobbstimulans is active.
- Jobbstimulans is active in M when försörjningsstöd was paid in each of the 6 months before it (the run may
  start before the year: ``consecutive_months_before_year``) and stays active 24 months from then; after that a
  new run of 6 months is needed (4 kap. 1 b § SoL 2001:453).
- Bostadsbidrag (:mod:`.bostadsbidrag`): yearly on BGI = ``other_bgi_year`` + the year's gross (not shielded
  when the cap shields ``bostadsbidrag``); the preliminary amount ignores the arvode with ``arvode_reported:
  false`` and ``year_total`` shows the settlement next year.
- Bostadstillägg (:mod:`.bostadstillagg`, SFB 102 kap.): RI = SE/AE (``se_ae_year`` or the case's gross SE) +
  other reducing income + 80 % other income + 50 % of the year's gross not shielded − the full garantinivå;
  62 %/50 % with a 1-PBB band; housing cost less the preliminary bostadsbidrag; year rounded to a krona
  divisible by 12, paid ÷ 12.
- Särskilt bostadstillägg (:mod:`.sarskilt_bostadstillagg`): per month, floored at the garantinivå after tax.
- Sjukersättning: ``ingen``/``ovrig`` → the net SE of the scenario every month (``ovrig`` + work → a warning to
  report to Försäkringskassan first); ``steglos`` → from the first month of work, the yearly reduction on the
  pro-rated fribelopp spread over the months left (scaled to net by net/gross SE); ``vilande`` → from the first
  month with work, the resting share pays 25 % for up to 24 months. In ``no_work`` nothing rests.
- Disposable income = arvode net + sjukersättning + bostadsbidrag + bostadstillägg + särskilt bostadstillägg +
  försörjningsstöd + barnbidrag + other.
- Effective marginal rate = 1 − (disposable(case) − disposable(no_work)) ÷ arvode gross.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sysselsattning.domain import tax as taxmod
from sysselsattning.domain import tax_tables as ttmod
from sysselsattning.domain.cap import CapPolicy
from sysselsattning.domain.rules import bostadsbidrag as bbmod
from sysselsattning.domain.rules import bostadstillagg as btpmod
from sysselsattning.domain.rules import forsorjningsstod as fsmod
from sysselsattning.domain.rules import sarskilt_bostadstillagg as sbtpmod
from sysselsattning.domain.rules import sjukersattning as semod
from sysselsattning.domain.rules._common import mul_div
from sysselsattning.domain.rules.policy import (
    CapRules,
    policy_from_params,
    resolve_cap,
    shield_in_order,
    with_cap,
    without_cap,
)
from sysselsattning.domain.rules.scenario import Scenario
from sysselsattning.domain.rules.simulation_year import (
    YearRules,
    bb_eligibility,
    compile_year,
    resolve_tax_setting,
    table_lookup,
)
from sysselsattning.domain.rules.warnings import RuleWarning, warning

CASES = ("no_work", "current_rules", "with_cap")
#: Warnings the engine itself raises (the benefit modules raise theirs; texts: i18n/warnings.py).
BTP_REPORT_WARNING = RuleWarning("btp_report_income")
BB_REPORT_WARNING = RuleWarning("bb_report_income")
JOBBSTIMULANS_WARNING = RuleWarning("fs_jobbstimulans_unconfirmed")
OFFSET_WARNINGS = {
    1: RuleWarning("fs_income_next_month_unconfirmed"),
    0: RuleWarning("fs_income_same_month_unconfirmed"),
}
MONEY_KEYS = (
    "arvode_gross",
    "tax",
    "arvode_net",
    "forsorjningsstod",
    "bostadsbidrag",
    "bostadstillagg",
    "sarskilt_bostadstillagg",
    "sjukersattning",
    "disposable_income",
)
ZERO12 = (0,) * 12


# ----------------------------------------------------------------------------------------- prepared
@dataclass(slots=True)
class _Prepared:
    """The scenario resolved against the year's rules: what does not depend on the case."""

    yr: YearRules
    need: list[int]
    fs_applies: bool
    offset: int
    months_before: int
    other_fixed: int  # barnbidrag + other net per month
    se_net: int
    se_gross: int
    se_regime: str
    se_degree: str
    se_other_work: int
    vilande_before: int
    btp_applies: bool
    btp_housing: int
    married: bool
    btp_other: int
    tax_setting: taxmod.TaxSetting
    final_table: int | None = None  # the table the final tax (tax_refund) is computed with
    older: bool = False  # at/above skattetabell.hogre_alder at 1 January: column 3, förhöjt grundavdrag
    se_gross_known: bool = False  # the scenario gives sjukersättning gross: FK's column-4 deduction counts
    #: the sjukersättning year when the household gets none (semod.receives_se): work cannot change it, so it is
    #: computed once here; None = computed per case
    se_without: semod.SeYear | None = None
    js_streak: int = 0  # months in a row with försörjningsstöd at the start of the year
    js_act: int | None = None  # the month (relative to January, ≤ 0) jobbstimulans became active, or None
    btp_se_ae_year: int | None = None
    btp_other_80: int = 0
    age: int | None = None
    se_given: bool = False
    other_net: int = 0
    bb_applies: bool = False
    bb_housing: int = 0
    bb_other_bgi: int = 0
    bb_reported: bool = True
    bb_partner_bgi: int = 0
    bb_children: tuple[int, ...] = ZERO12
    bb_young: tuple[bool, ...] = (False,) * 12
    warnings: list[RuleWarning] = field(default_factory=list)
    #: the year's taxable total → {taxable gross of a month → tax withheld}; shared by every run of a compiled
    #: scenario (a month's tax depends only on these two once the scenario and the year are fixed).
    tax_memo: dict[int, dict[int, int]] = field(default_factory=dict)
    #: FK's column-4 deduction per monthly gross, and the final tax per (work, sjukersättning) in kronor.
    col4_memo: dict[int, int] = field(default_factory=dict)
    final_memo: dict[tuple[int, int], int] = field(default_factory=dict)


def _prepare(s: Scenario, yr: YearRules) -> _Prepared:
    hh = s.household
    costs = hh.costs.total
    need: list[int] = []
    estimates: set[str] = set()
    for m in range(1, 13):
        norm = yr.riksnorm[m - 1]
        ages = fsmod.child_ages_in_month(hh.children, s.year, m)
        need.append(
            fsmod.need(fsmod.riksnorm(norm, adults=len(hh.adults), cohabiting=hh.cohabiting, child_ages=ages), costs)
        )
        if s.forsorjningsstod.applies and norm.unconfirmed:
            used = {
                "forsorjningsstod.riksnorm.ensamstaende"
                if len(hh.adults) < 2 or not hh.cohabiting
                else "forsorjningsstod.riksnorm.sambor"
            }
            used.update(f"forsorjningsstod.riksnorm.barn.{fsmod.CHILD_BANDS[fsmod.child_band(a)][2]}" for a in ages)
            persons = len(hh.adults) + len(ages)
            used.add(f"forsorjningsstod.riksnorm.gemensamma.personer_{min(persons, 7)}")
            if persons > 7:
                used.add("forsorjningsstod.riksnorm.gemensamma.per_person_over_7")
            estimates.update(used & norm.unconfirmed)
    warnings: list[RuleWarning] = []
    if estimates:
        warnings.append(warning("riksnorm_unconfirmed", keys=sorted(estimates)))
    offset = s.income_month_offset if s.income_month_offset is not None else yr.fs.default_offset
    # Jobbstimulans history before the year: with försörjningsstöd every month it repeats every
    # (6 + 24) months, so a long history reduces to its remainder.
    k = s.forsorjningsstod.consecutive_months_before_year if s.forsorjningsstod.applies else 0
    req, dur = yr.fs.jobbstimulans_months_required, yr.fs.jobbstimulans_duration
    if k > req:
        k = req + (k - req) % (req + dur)
    se = s.sjukersattning
    se_net = s.other_income.sjukersattning_net
    se_gross = se.monthly_gross if se.monthly_gross is not None else se_net
    btp = s.bostadstillagg
    setting, final_table, older = resolve_tax_setting(s, yr)
    # The jobbstimulans counter over the history before the year (försörjningsstöd paid every month).
    streak, act = 0, None
    for i in range(-k, 0):
        if act is not None and i >= act + dur:
            act, streak = None, 0
        if act is None and streak >= req:
            act = i
        streak += 1
    bb_children, bb_young, age = bb_eligibility(s, yr)
    se_without = None
    if not semod.receives_se(se_net, se_gross):
        se_without = semod.se_year(
            yr.se,
            regime=se.regime,
            degree=se.degree,
            net_month_ore=se_net,
            gross_month_ore=se_gross,
            work_month_ore=ZERO12,
            other_work_year_ore=se.other_work_income_year,
        )
    return _Prepared(
        yr=yr,
        se_without=se_without,
        js_streak=streak,
        js_act=act,
        need=need,
        fs_applies=s.forsorjningsstod.applies,
        offset=offset,
        months_before=k,
        other_fixed=s.other_income.barnbidrag + s.other_income.other_net,
        se_net=se_net,
        se_gross=se_gross,
        se_regime=se.regime,
        se_degree=se.degree,
        se_other_work=se.other_work_income_year,
        vilande_before=se.vilande_months_before_year,
        btp_applies=btp.applies,
        btp_housing=btp.housing_cost,
        married=hh.cohabiting,
        btp_other=btp.other_reducing_income_year,
        tax_setting=setting,
        final_table=final_table,
        older=older,
        se_gross_known=se.monthly_gross is not None,
        warnings=warnings,
        btp_se_ae_year=btp.se_ae_year,
        btp_other_80=btp.other_income_year,
        age=age,
        se_given=se.given,
        other_net=s.other_income.other_net,
        bb_applies=s.bostadsbidrag.applies,
        bb_housing=s.bostadsbidrag.housing_cost,
        bb_other_bgi=s.bostadsbidrag.other_bgi_year,
        bb_reported=s.bostadsbidrag.arvode_reported,
        bb_partner_bgi=s.bostadsbidrag.partner_bgi_year,
        bb_children=bb_children,
        bb_young=bb_young,
    )


# ------------------------------------------------------------------------------------------ one case
@dataclass(slots=True)
class CaseResult:
    """One case's twelve months (öre) and what happened."""

    gross: list[int]
    tax: list[int]
    net: list[int]
    counted_arvode: list[int]
    sjukersattning: list[int]
    bostadstillagg: list[int]
    forsorjningsstod: list[int]
    disposable: list[int]
    jobbstimulans: list[bool]
    cap_used: list[int]
    cap_left: list[int]
    cap_ore: int
    warnings: list[RuleWarning]
    bostadsbidrag: list[int] = field(default_factory=lambda: [0] * 12)
    sarskilt_bostadstillagg: list[int] = field(default_factory=lambda: [0] * 12)
    bostadsbidrag_settlement: int = 0
    bostadsbidrag_final: int = 0
    #: Tax withheld on the year's taxable income (arvode, and FK's column-4 deduction on sjukersättning given
    #: gross) minus the final tax on it; positive = a refund the following year. None: no final-tax rules.
    tax_refund: int | None = None
    final_tax: int | None = None

    def total(self, name: str) -> int:
        return sum(getattr(self, name))

    def series(self, key: str) -> list[int]:
        """The twelve months (öre) of a §7 money key: ``"arvode_gross"``, ``"forsorjningsstod"``, ``"cap_left"``…"""
        return list(getattr(self, _FIELD_OF_KEY.get(key, key)))


#: The §7 keys whose field in :class:`CaseResult` has another name.
_FIELD_OF_KEY = {"arvode_gross": "gross", "arvode_net": "net", "disposable_income": "disposable"}


_TAX_MEMO_MAX = 4096


def _taxes(p: _Prepared, taxable: list[int] | tuple[int, ...]) -> list[int]:
    total = sum(taxable)
    if total <= 0:
        return [0] * 12
    memo = p.tax_memo.get(total)
    if memo is None:
        if len(p.tax_memo) >= _TAX_MEMO_MAX:
            p.tax_memo.clear()
        memo = p.tax_memo[total] = {0: 0}
    try:
        return [memo[g] if g > 0 else 0 for g in taxable]
    except KeyError:  # a month gross not seen with this year total: withhold it once
        on = date(p.yr.year, 1, 1)
        lookup = table_lookup(p.yr.tax_year) if p.yr.tax_year is not None else None
        for g in taxable:
            if g > 0 and g not in memo:
                memo[g] = int(
                    taxmod.withhold(
                        g,
                        p.tax_setting,
                        on=on,
                        params=p.yr.tax_params,
                        expected_year_total_ore=total,
                        lookup=lookup,
                    ).tax_ore
                )
        return [memo[g] if g > 0 else 0 for g in taxable]


def _run_case(p: _Prepared, cap: CapRules, gross: list[int] | tuple[int, ...], detail: bool = True) -> Any:
    """One case's year. The hot path of the simulator (slider, earnings curve): plain loops over ints, rule
    functions called only where a month has something to compute. ``detail=False`` (the earnings curve) returns
    only the twelve disposable incomes: the same computation without assembling the :class:`CaseResult`."""
    yr = p.yr
    warnings: list[RuleWarning] = []
    gross = list(gross)
    cap_ore = cap.cap_ore
    cap_on = cap_ore > 0
    on_gross = cap.basis == "gross" or cap.tax_free
    # 1. cap on gross (also when tax-free: the shielded part is paid out untaxed, gross = net)
    if cap_on and on_gross:
        sh_g, used = shield_in_order(gross, cap_ore, cap.months)
    else:
        sh_g, used = list(ZERO12), list(ZERO12)
    # 2. tax
    taxable = [g - s for g, s in zip(gross, sh_g, strict=True)] if (cap_on and cap.tax_free) else gross
    tax = _taxes(p, taxable)
    net = [g - t for g, t in zip(gross, tax, strict=True)]
    # 3. what the cap leaves unshielded, in net and in gross
    if not cap_on:
        un_net, un_gross = net, gross
    elif cap.tax_free:
        un_gross = [g - s for g, s in zip(gross, sh_g, strict=True)]
        un_net = [n - s for n, s in zip(net, sh_g, strict=True)]
    elif on_gross:
        un_gross = [g - s for g, s in zip(gross, sh_g, strict=True)]
        # the net not shielded, pro rata (a month wholly shielded or not shielded at all needs no division)
        un_net = [
            (n if u == g else mul_div(n, u, g) if u else 0) if g else 0
            for n, u, g in zip(net, un_gross, gross, strict=True)
        ]
    else:
        sh_n, used = shield_in_order(net, cap_ore, cap.months)
        un_net = [n - s for n, s in zip(net, sh_n, strict=True)]
        un_gross = [mul_div(g, u, n) if n else g for g, u, n in zip(gross, un_net, net, strict=True)]
    shields = cap.shields if cap_on else frozenset()
    fs_base = un_net if "forsorjningsstod" in shields else net
    se_work_m = un_gross if "sjukersattning" in shields else gross
    worked = max(gross) > 0

    # 4. sjukersättning
    se = p.se_without
    if se is None:
        se = semod.se_year(
            yr.se,
            regime=p.se_regime,
            degree=p.se_degree,
            net_month_ore=p.se_net,
            gross_month_ore=p.se_gross,
            work_month_ore=se_work_m,
            other_work_year_ore=p.se_other_work,
            # nobody works in no_work (nor when the cap shields all the work): nothing rests, the full SE is paid
            vilande_months_before_year=p.vilande_before if any(w > 0 for w in se_work_m) else 0,
        )
        warnings.extend(se.warnings)
    se_paid = list(se.paid)

    # 5. bostadsbidrag (yearly on the expected BGI, preliminary monthly; settled the year after)
    # (each step is skipped when its benefit does not apply: it would pay nothing and warn nothing)
    bb = _bostadsbidrag_case(p, gross, un_gross, cap, worked) if p.bb_applies else bbmod.NONE_YEAR
    warnings.extend(bb.warnings)
    # 6. bostadstillägg (yearly, paid /12) on the housing cost less the preliminary bostadsbidrag
    btp_m, btp_housing = (
        _bostadstillagg_case(p, cap, gross, un_gross, se, bb, worked, warnings) if p.btp_applies else (0, 0)
    )
    # 7. särskilt bostadstillägg, monthly after tax, with the garantinivå floor
    sbtp_paid = (
        _sarskilt_btp_case(p, cap, net, un_net, se_paid, btp_m, btp_housing, warnings) if p.btp_applies else [0] * 12
    )
    if p.bb_applies or p.btp_applies:
        benefits = [se_paid[i] + btp_m + sbtp_paid[i] + bb.paid[i] for i in range(12)]
    else:  # neither housing benefit applies: the three steps above paid nothing
        benefits = se_paid

    # 8. försörjningsstöd with jobbstimulans, counting every benefit above (the history before the year is resolved in _prepare)
    fs_rules = yr.fs
    req, dur = fs_rules.jobbstimulans_months_required, fs_rules.jobbstimulans_duration
    streak, act = p.js_streak, p.js_act
    act_end = act + dur if act is not None else 0
    fs = [0] * 12
    js = [False] * 12
    counted = [0] * 12
    other = p.other_fixed
    offset = p.offset
    fs_applies = p.fs_applies
    need = p.need
    js_counted = False  # jobbstimulans reduced a counted arvode in some month
    last_net = last_base = last_counted = -1
    counted_arvode, forsorjningsstod = fsmod.counted_arvode, fsmod.forsorjningsstod
    for i in range(12):
        if act is not None and i >= act_end:
            act, streak = None, 0
        if act is None and streak >= req:
            act, act_end = i, i + dur
        active = act is not None
        js[i] = active
        if not fs_applies:
            continue
        src = i - offset
        if src >= 0:
            arv = fs_base[src]
            # counted_arvode returns the base unchanged unless jobbstimulans is active and there is arvode;
            # a steady plan repeats the same month, so the last answer is kept
            if active and arv > 0:
                n_src = net[src]
                if n_src != last_net or arv != last_base:
                    last_net, last_base = n_src, arv
                    last_counted = counted_arvode(n_src, arv, True, fs_rules)
                arv = last_counted
                js_counted = True
        else:
            arv = 0
        counted[i] = arv
        fs[i] = amount = forsorjningsstod(need[i], benefits[i] + other + arv)
        streak = streak + 1 if amount > 0 else 0
    if js_counted and "forsorjningsstod.jobbstimulans.arvode_ar_anstallning" in fs_rules.unconfirmed:
        warnings.append(JOBBSTIMULANS_WARNING)
    disposable = [n + b + other + f for n, b, f in zip(net, benefits, fs, strict=True)]
    if not detail:
        return disposable
    refund, final = _tax_settlement(p, taxable, tax, se.gross)
    return CaseResult(
        gross=gross,
        tax=tax,
        net=net,
        counted_arvode=counted,
        sjukersattning=se_paid,
        bostadstillagg=[btp_m] * 12,
        forsorjningsstod=fs,
        disposable=disposable,
        jobbstimulans=js,
        cap_used=used,
        cap_left=[cap_ore - u if u < cap_ore else 0 for u in used],
        cap_ore=cap_ore,
        warnings=warnings,
        bostadsbidrag=list(bb.paid),
        sarskilt_bostadstillagg=sbtp_paid,
        bostadsbidrag_settlement=bb.settlement,
        bostadsbidrag_final=bb.final_year,
        tax_refund=refund,
        final_tax=final,
    )


def _tax_settlement(
    p: _Prepared, taxable: list[int] | tuple[int, ...], tax: list[int], se_gross: tuple[int, ...]
) -> tuple[int | None, int | None]:
    """(refund, final tax) in öre: withheld − the final tax with the tables' assumptions (docs/rules.md)."""
    ty = p.yr.tax_year
    if ty is None or p.final_table is None:
        return None, None
    withheld = sum(tax)
    se_year = 0
    if p.se_gross_known:
        col4 = p.col4_memo
        for g in se_gross:
            if g <= 0:
                continue
            t = col4.get(g)
            if t is None:
                t = col4[g] = ttmod.computed_value(ty, p.final_table, 4, g // 100).tax_kr(g // 100) * 100
            withheld += t
            se_year += g
    work_kr = max(sum(taxable), 0) // 100
    key = (work_kr, se_year // 100)
    final = p.final_memo.get(key)
    if final is None:
        if len(p.final_memo) >= _TAX_MEMO_MAX:
            p.final_memo.clear()
        final = p.final_memo[key] = (
            ttmod.annual_tax(ty, p.final_table, older=p.older, work_income=key[0], sjukersattning=key[1]).total * 100
        )
    return withheld - final, final


def _bostadsbidrag_case(
    p: _Prepared, gross: list[int] | tuple[int, ...], un_gross: list[int], cap: CapRules, worked: bool
) -> bbmod.BbYear:
    """Bostadsbidrag for the case: BGI = other BGI + the year's arvode gross (the part not shielded when the cap
    shields bostadsbidrag); not reported → the preliminary bidrag ignores the arvode and the year after settles."""
    if not p.bb_applies:
        return bbmod.NONE_YEAR
    arvode = sum(un_gross if cap.shields_benefit("bostadsbidrag") else gross)
    final = p.bb_other_bgi + arvode
    reported = final if p.bb_reported else p.bb_other_bgi
    y = bbmod.bb_year(
        p.yr.bb,
        housing_cost_ore=p.bb_housing,
        children_per_month=p.bb_children,
        young_per_month=p.bb_young,
        couple=p.married,
        bgi_reported_ore=reported,
        bgi_final_ore=final,
        partner_bgi_ore=p.bb_partner_bgi,
    )
    extra: list[RuleWarning] = list(y.warnings)
    if y.kind == "ingen" and not any(p.bb_children) and p.btp_applies:
        extra.append(bbmod.YOUNG_BTP_WARNING)
    if worked and y.kind != "ingen" and arvode > 0:
        extra.append(BB_REPORT_WARNING)
    return bbmod.BbYear(
        y.kind, y.paid, y.preliminary, y.housing_part, y.final_year, y.settlement, tuple(dict.fromkeys(extra))
    )


def _bostadstillagg_case(
    p: _Prepared,
    cap: CapRules,
    gross: list[int] | tuple[int, ...],
    un_gross: list[int],
    se: semod.SeYear,
    bb: bbmod.BbYear,
    worked: bool,
    warnings: list[RuleWarning],
) -> tuple[int, int]:
    """BTP per month and the housing cost it counted (SFB 102 kap.; docs/architecture.md §4)."""
    if not p.btp_applies:
        return 0, 0
    if p.btp_se_ae_year is not None:
        se_ae = p.btp_se_ae_year
    elif p.se_given:
        se_ae = se.gross_year
    else:
        se_ae = 0
    bb_prelim = mul_div(sum(bb.preliminary), 1, 12)
    bb_part = mul_div(sum(bb.housing_part), 1, 12)
    r = btpmod.compute_btp(
        p.yr.btp,
        housing_cost_ore=p.btp_housing,
        married=p.married,
        se_ae_year_ore=se_ae,
        arvode_year_ore=sum(un_gross if cap.shields_benefit("bostadstillagg") else gross),
        other_income_year_ore=p.btp_other_80,
        full_income_year_ore=p.btp_other,
        age=p.age,
        bb_paid_month_ore=bb_prelim,
        bb_housing_part_ore=bb_part,
    )
    warnings.extend(r.warnings)
    if worked:
        warnings.append(BTP_REPORT_WARNING)
    return r.month, r.housing


def _sarskilt_btp_case(
    p: _Prepared,
    cap: CapRules,
    net: list[int],
    un_net: list[int],
    se_paid: list[int],
    btp_m: int,
    btp_housing: int,
    warnings: list[RuleWarning],
) -> list[int]:
    """SBTP per month: tested for everyone with bostadstillägg; 0 for practically every single SE/AE recipient."""
    if not p.btp_applies:
        return [0] * 12
    rules = p.yr.sbtp
    floor = sbtpmod.floor_net_month(
        btpmod.garantiniva_year(p.yr.btp, p.age), se_gross_ore=p.se_gross, se_net_ore=p.se_net, rules=rules
    )
    arv = un_net if cap.shields_benefit("bostadstillagg") else net
    out: list[int] = []
    for i in range(12):
        r = sbtpmod.compute_sbtp(
            rules,
            married=p.married,
            net_incomes_ore=se_paid[i] + arv[i] + p.other_net,
            floor_net_ore=floor,
            btp_month_ore=btp_m,
            housing_cost_ore=btp_housing * 2 if p.married else btp_housing,
        )
        out.append(r.month)
        warnings.extend(w for w in r.warnings if w not in warnings)
    return out


# ---------------------------------------------------------------------------------------- the result
@dataclass(slots=True)
class SimulationResult:
    year: int
    no_work: CaseResult
    current_rules: CaseResult
    with_cap: CaseResult
    warnings: list[RuleWarning]
    income_month_offset: int
    policy: CapRules
    estimate: bool
    bostadsbidrag_applies: bool = False

    def case(self, name: str) -> CaseResult:
        result: CaseResult = getattr(self, name)
        return result


def _policy_for(scenario: Scenario, params: Any) -> CapPolicy:
    base = policy_from_params(params, scenario.year)
    p = scenario.policy
    return CapPolicy(
        cap_ore=base.cap_ore if p.cap is None else p.cap,
        basis=base.basis if p.basis is None else p.basis,
        shields=base.shields if p.shields is None else p.shields,
        tax_free=base.tax_free if p.tax_free is None else p.tax_free,
        decision_from=p.decision_from,
        decision_to=p.decision_to,
    )


def case_parameters(scenario: Scenario, params: Any) -> tuple[Any, Any]:
    """(current rules, with cap): the two parameter sets, both transforms of ``params``."""
    year = scenario.year
    return without_cap(params, year), with_cap(params, _policy_for(scenario, params), year)


class CompiledScenario:
    """A scenario compiled once against its year's rules; :meth:`run` varies only the arvode plan.

    Compiling does everything that does not depend on the monthly arvode: the two case parameter sets (the
    cap policy transforms), the year's rules resolved to integers once per month (riksnorm by the children's
    ages, the household's need, försörjningsstöd, bostadstillägg, sjukersättning and tax settings), both cap
    rules, and the ``no_work`` case (no arvode, so the plan cannot change it). :meth:`run` then computes the
    two working cases through the same :func:`_run_case` as before; the simulator's hours slider and the
    earnings curve (:meth:`curve`) call it once per plan. ``simulate(s, p)`` is exactly
    ``compile_scenario(s, p).run(s.monthly_gross)``.
    """

    __slots__ = ("_base_warnings", "_offset_warning", "cap_current", "cap_with", "no_work", "prepared", "scenario")

    def __init__(self, scenario: Scenario, params: Any):
        year = scenario.year
        current, capped = case_parameters(scenario, params)
        p = _prepare(scenario, compile_year(current, year))
        self.scenario = scenario
        self.prepared = p
        self.cap_current = resolve_cap(current, year)
        self.cap_with = resolve_cap(capped, year)
        self.no_work = _run_case(p, self.cap_current, ZERO12)
        self._base_warnings = list(p.warnings)
        self._offset_warning = None
        if scenario.income_month_offset is None and "forsorjningsstod.inkomstmanad_forskjutning" in p.yr.fs.unconfirmed:
            self._offset_warning = OFFSET_WARNINGS[1 if p.offset else 0]

    def run(self, monthly_gross: list[int] | tuple[int, ...] | None = None) -> SimulationResult:
        """The three cases for this household with ``monthly_gross`` (öre per month; default: the scenario's)."""
        gross = self.scenario.monthly_gross if monthly_gross is None else tuple(int(g) for g in monthly_gross)
        if len(gross) != 12:
            raise ValueError("monthly_gross must have 12 months")
        p = self.prepared
        cur = _run_case(p, self.cap_current, gross)
        wc = _run_case(p, self.cap_with, gross)
        warnings = list(self._base_warnings)
        for c in (self.no_work, cur, wc):
            for w in c.warnings:
                if w not in warnings:
                    warnings.append(w)
        if self._offset_warning is not None:
            warnings.append(self._offset_warning)
        estimate = bool(p.warnings) or any(w.estimate for w in warnings)
        return SimulationResult(
            p.yr.year, self.no_work, cur, wc, warnings, p.offset, self.cap_with, estimate, p.bb_applies
        )

    def curve(self, levels_ore: list[int]) -> list[dict[str, int]]:
        """:func:`earnings_curve` for this household: every level paid in all 12 months."""
        p = self.prepared
        base = mul_div(sum(self.no_work.disposable), 1, 12)
        out: list[dict[str, int]] = []
        for level in levels_ore:
            gross = (int(level),) * 12
            out.append(
                {
                    "level": int(level),
                    "no_work": base,
                    "current_rules": mul_div(sum(_run_case(p, self.cap_current, gross, False)), 1, 12),
                    "with_cap": mul_div(sum(_run_case(p, self.cap_with, gross, False)), 1, 12),
                }
            )
        return out


_COMPILED: dict[tuple[Any, int], tuple[Any, CompiledScenario]] = {}
_COMPILED_MAX = 32
_LAST_COMPILED: list[Any] = []  # [scenario, params, compiled] of the last call (identity fast path)


def compile_scenario(scenario: Scenario, params: Any) -> CompiledScenario:
    """The scenario compiled against ``params`` (see :class:`CompiledScenario`).

    Cached by the household part of the scenario (everything but ``monthly_gross``) and the identity of the
    parameter set, so repeated recomputations of the same household — the simulator page on every slider
    step — compile once. Scenarios and compiled scenarios are immutable in use, so sharing is safe.
    """
    last = _LAST_COMPILED
    if last and last[0] is scenario and last[1] is params:  # the same (immutable) scenario again: no hashing
        hit_last: CompiledScenario = last[2]
        return hit_last
    try:
        key = (replace(scenario, monthly_gross=ZERO12), id(params))
        hit = _COMPILED.get(key)
    except TypeError:  # an unhashable scenario (never from parse_scenario): no cache
        return CompiledScenario(scenario, params)
    if hit is not None and hit[0] is params:
        compiled = hit[1]
        if compiled.scenario.monthly_gross != scenario.monthly_gross:
            compiled = _with_plan(compiled, scenario)
    else:
        compiled = CompiledScenario(scenario, params)
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.pop(next(iter(_COMPILED)), None)
        _COMPILED[key] = (params, compiled)  # params kept: the id stays valid while cached
    _LAST_COMPILED[:] = [scenario, params, compiled]
    return compiled


def clear_compiled() -> None:
    """Forget every compiled scenario (tests and benchmarks of the cold path)."""
    _COMPILED.clear()
    _LAST_COMPILED.clear()


def _with_plan(compiled: CompiledScenario, scenario: Scenario) -> CompiledScenario:
    """The same compiled household answering for another plan (a shallow copy: everything else is shared)."""
    out = CompiledScenario.__new__(CompiledScenario)
    for name in CompiledScenario.__slots__:
        setattr(out, name, getattr(compiled, name))
    out.scenario = scenario
    return out


def simulate(scenario: Scenario, params: Any) -> SimulationResult:
    """Run the three cases of docs/architecture.md §4 for the scenario's year."""
    return compile_scenario(scenario, params).run(scenario.monthly_gross)


def earnings_curve(scenario: Scenario, params: Any, levels_ore: list[int]) -> list[dict[str, int]]:
    """Average monthly disposable income of each case for a constant monthly gross arvode level.

    For the chart "money to live on vs monthly earnings": every level is paid in all 12 months.
    Returns ``[{"level": öre, "no_work": öre, "current_rules": öre, "with_cap": öre}, …]`` (averages rounded
    half up to whole öre). The scenario is compiled once (:func:`compile_scenario`); only the plan varies.
    """
    return compile_scenario(scenario, params).curve(levels_ore)
