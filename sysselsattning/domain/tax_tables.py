"""Skatteverket's general monthly tax tables (allmänna tabeller, månadslön), computed from dated parameters,
and the final tax on a year's income with the tables' own assumptions.

The method (docs/rules.md "Skattetabeller"; it reproduces all 40 404 amount cells of Skatteverket's 2026 file):

1. The row that holds the monthly pay (1–2 000, then 100 kr wide to 20 000, then 200 kr wide to 80 000); the
   annual income is the row's **upper bound × 12**.
2. The annual final tax with the year's rules: grundavdrag (förhöjt from :attr:`TaxYear.older_age` at 1 January)
   rounded up to 100 once; kommunal skatt at KI = table − 1.16; the assumed begravnings- and kyrkoavgift
   1.16 % of BFI; statlig skatt above the skiktgräns; allmän pensionsavgift 7 % rounded to the nearest 100
   (50 down), none under 42.3 % of PBB; public service capped; minus the skattereduktioner (pensionsavgift,
   jobbskatteavdrag or the sjuk-/aktivitetsersättning reduction, förvärvsinkomst). Every part drops its öre.
3. The table amount is floor(annual tax / 12).
4. Above 80 000 kr a month: a per cent, round(100 × annual tax / annual income), at the upper bound of the
   200-kr step, half up.

The columns (the same in 2025 and 2026): 1 work income under the higher age; 2 pension at/above it; 3 work
income at/above it; 4 sjuk-/aktivitetsersättning; 5 other pension-qualifying income (a-kassa); 6 pension
under it. An association's arvode uses column 1 or 3 only.

Pure: every figure comes from a :class:`Params` view (``get(key, on)``); the module loads no files. Amounts
here are whole kronor (``int``), as in the tables; callers convert to öre.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Protocol

COLUMNS = (1, 2, 3, 4, 5, 6)
AMOUNT_ROWS_TOP = 80_000
"""Monthly pay up to this (kr) has kronor amounts; above it the table gives a per cent."""

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


class Params(Protocol):
    def get(self, key: str, on: date) -> Any: ...


class TaxTableError(ValueError):
    """A request the tables cannot answer (a table number, column or year without parameters)."""


def _floor(x: Decimal) -> int:
    return int(x.to_integral_value(rounding=ROUND_FLOOR))


def _ceil_100(x: Decimal) -> int:
    return int((x / _HUNDRED).to_integral_value(rounding=ROUND_CEILING)) * 100


@dataclass(frozen=True, slots=True)
class Band:
    """One piece of a piecewise-linear rule: ``const + rate × (x − over)`` for ``x ≤ upto`` (kronor)."""

    upto: Decimal | None
    const: Decimal
    rate: Decimal
    over: Decimal


@dataclass(frozen=True, slots=True)
class Bands:
    bands: tuple[Band, ...]

    @classmethod
    def from_param(cls, raw: Sequence[Mapping[str, Any]], pbb: Decimal, key: str) -> Bands:
        out: list[Band] = []
        for i, b in enumerate(raw):
            try:
                upto = Decimal(b["till_pbb"]) * pbb if "till_pbb" in b else None
                out.append(
                    Band(
                        upto=upto,
                        const=Decimal(b.get("pbb", 0)) * pbb,
                        rate=Decimal(b.get("procent", 0)) / _HUNDRED,
                        over=Decimal(b.get("over_pbb", 0)) * pbb,
                    )
                )
            except (KeyError, TypeError, ArithmeticError) as exc:
                raise TaxTableError(f"{key}[{i}]: ogiltigt band ({exc})") from None
            if upto is None and i != len(raw) - 1:
                raise TaxTableError(f"{key}[{i}]: bara sista bandet får sakna till_pbb")
        if not out or out[-1].upto is not None:
            raise TaxTableError(f"{key}: sista bandet ska sakna till_pbb")
        return cls(tuple(out))

    def __call__(self, x: Decimal) -> Decimal:
        for b in self.bands:
            if b.upto is None or x <= b.upto:
                return b.const + b.rate * (x - b.over)
        raise AssertionError("unreachable: the last band is open")  # pragma: no cover


@dataclass(frozen=True)
class TaxYear:
    """One income year's rules for the tables and the final tax, read from the parameters."""

    year: int
    pbb: Decimal
    ibb: Decimal
    first_table: int
    last_table: int
    fee_points: Decimal  # begravnings- + kyrkoavgift assumed by the tables, percentage points
    older_age: int
    default_table: int
    ga: Bands
    ga_older: Bands
    state_threshold: Decimal
    state_rate: Decimal
    pension_rate: Decimal
    pension_ceiling: Decimal  # kr
    pension_floor: Decimal  # kr
    ps_rate: Decimal
    ps_max: int
    jsa: Bands
    jsa_older: Bands
    sa: Bands
    sa_min_rate: Decimal
    fi_red_low: Decimal
    fi_red_high: Decimal
    fi_red_rate: Decimal
    _ga_cache: dict[tuple[int, bool], int] = field(default_factory=dict, repr=False, compare=False)

    def tables(self) -> range:
        return range(self.first_table, self.last_table + 1)

    def check_table(self, table: int, column: int) -> None:
        if table not in self.tables():
            raise TaxTableError(
                f"Tabell {table} finns inte för {self.year} (tabell {self.first_table}–{self.last_table})."
            )
        if column not in COLUMNS:
            raise TaxTableError(f"Kolumn {column} finns inte (kolumn 1–6).")

    def grundavdrag(self, fi: int, older: bool) -> int:
        """GA (+ förhöjt GA when ``older``), capped at FI, rounded up to 100 once (IL 63:2, 63:5)."""
        key = (fi, older)
        hit = self._ga_cache.get(key)
        if hit is not None:
            return hit
        x = Decimal(fi)
        ga = self.ga(x)
        if older:
            ga += self.ga_older(x)
        value = _ceil_100(min(ga, x)) if fi > 0 else 0
        if len(self._ga_cache) < 100_000:
            self._ga_cache[key] = value
        return value

    def pension_fee(self, work_income: int) -> int:
        """Allmän pensionsavgift: 7 % of the income (down to 100, capped), nearest 100 with 50 down."""
        income = Decimal(work_income // 100 * 100)
        if income < self.pension_floor:
            return 0
        fee = min(income, self.pension_ceiling) * self.pension_rate
        hundreds, rest = divmod(fee, _HUNDRED)
        return int(hundreds) * 100 + (100 if rest > 50 else 0)


def tax_year(params: Params, year: int) -> TaxYear:
    """The rules for ``year``; :class:`TaxTableError` names the first parameter the year lacks."""
    on = date(year, 1, 1)

    def get(key: str) -> Any:
        try:
            return params.get(key, on)
        except LookupError:
            raise TaxTableError(f"Parametern {key} saknar värde för {year}.") from None

    pbb = Decimal(get("basbelopp.prisbasbelopp"))
    ibb = Decimal(get("basbelopp.inkomstbasbelopp"))
    tables = get("skattetabell.tabellnummer")
    return TaxYear(
        year=year,
        pbb=pbb,
        ibb=ibb,
        first_table=int(tables["forsta"]),
        last_table=int(tables["sista"]),
        fee_points=Decimal(get("skattetabell.avgifter_procentenheter")),
        older_age=int(get("skattetabell.hogre_alder")),
        default_table=int(get("skattetabell.standardtabell")),
        ga=Bands.from_param(get("skattetabell.grundavdrag.band"), pbb, "skattetabell.grundavdrag.band"),
        ga_older=Bands.from_param(
            get("skattetabell.grundavdrag.forhojt_band"), pbb, "skattetabell.grundavdrag.forhojt_band"
        ),
        state_threshold=Decimal(get("skattetabell.statlig_skatt.skiktgrans")),
        state_rate=Decimal(get("skattetabell.statlig_skatt.procent")) / _HUNDRED,
        pension_rate=Decimal(get("skattetabell.pensionsavgift.procent")) / _HUNDRED,
        pension_ceiling=Decimal(get("skattetabell.pensionsavgift.tak_ibb")) * ibb,
        pension_floor=Decimal(get("skattetabell.pensionsavgift.golv_pbb")) * pbb,
        ps_rate=Decimal(get("skattetabell.public_service.procent")) / _HUNDRED,
        ps_max=int(Decimal(get("skattetabell.public_service.max"))),
        jsa=Bands.from_param(get("skattetabell.jobbskatteavdrag.band"), pbb, "skattetabell.jobbskatteavdrag.band"),
        jsa_older=Bands.from_param(
            get("skattetabell.jobbskatteavdrag.aldre_band"), pbb, "skattetabell.jobbskatteavdrag.aldre_band"
        ),
        sa=Bands.from_param(
            get("skattetabell.sjuk_aktivitetsersattning.band"), pbb, "skattetabell.sjuk_aktivitetsersattning.band"
        ),
        sa_min_rate=Decimal(get("skattetabell.sjuk_aktivitetsersattning.minst_procent")) / _HUNDRED,
        fi_red_low=Decimal(get("skattetabell.forvarvsinkomst_reduktion.nedre_grans")),
        fi_red_high=Decimal(get("skattetabell.forvarvsinkomst_reduktion.ovre_grans")),
        fi_red_rate=Decimal(get("skattetabell.forvarvsinkomst_reduktion.procent")) / _HUNDRED,
    )


# --- the annual computation -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnnualTax:
    """The parts of a final tax, whole kronor (the names of SKV 433's worked examples)."""

    fi: int  # fastställd förvärvsinkomst
    grundavdrag: int
    bfi: int  # beskattningsbar förvärvsinkomst
    kommunal_skatt: int
    avgifter: int  # begravnings- + kyrkoavgift at the table's assumption
    statlig_skatt: int
    pensionsavgift: int
    public_service: int
    reduktion_pensionsavgift: int
    jobbskatteavdrag_beraknat: int  # before the limit
    jobbskatteavdrag: int  # used
    reduktion_sjukersattning: int
    reduktion_forvarvsinkomst: int
    total: int


def _income_parts(column: int, work: int, sa: int, other: int) -> tuple[bool, int, int, int]:
    """(older, income giving pension fee, income giving JSA, SA income) for a column's assumption."""
    total = work + sa + other
    if column == 1:
        return False, total, total, 0
    if column == 2:
        return True, 0, 0, 0
    if column == 3:
        return True, total, total, 0
    if column == 4:
        return False, 0, 0, total
    if column == 5:
        return False, total, 0, 0
    return False, 0, 0, 0  # column 6


def annual_tax(
    rules: TaxYear,
    table: int,
    *,
    older: bool,
    work_income: int = 0,
    sjukersattning: int = 0,
    other_income: int = 0,
    pension_fee_income: int | None = None,
) -> AnnualTax:
    """Final tax on a year's income with the tables' assumptions (KI = table − 1.16, fees 1.16 %).

    Args:
        older: at/above :attr:`TaxYear.older_age` at 1 January (förhöjt GA, JSA for the older).
        work_income: arvode, lön: pensionsavgift and jobbskatteavdrag.
        sjukersattning: sjuk-/aktivitetsersättning: its own skattereduktion, no pensionsavgift.
        other_income: income with neither (pension); ``pension_fee_income`` overrides what the fee is on.

    With both work income and sjukersättning, GA is shared between them in proportion to the incomes for the
    two reductions (an approximation; the tables never mix them).
    """
    if table not in rules.tables():
        raise TaxTableError(
            f"Tabell {table} finns inte för {rules.year} (tabell {rules.first_table}–{rules.last_table})."
        )
    fi = (work_income + sjukersattning + other_income) // 100 * 100
    ga = rules.grundavdrag(fi, older)
    bfi = max(fi - ga, 0)
    dbfi = Decimal(bfi)
    ki = (Decimal(table) - rules.fee_points) / _HUNDRED
    ks = _floor(dbfi * ki)
    fees = _floor(dbfi * rules.fee_points / _HUNDRED)
    state = _floor((dbfi - rules.state_threshold) * rules.state_rate) if dbfi > rules.state_threshold else 0
    fee = rules.pension_fee(work_income if pension_fee_income is None else pension_fee_income)
    ps = min(_floor(dbfi * rules.ps_rate), rules.ps_max)

    # Skattereduktioner in the order of IL 67:2: pensionsavgift (against statlig, then kommunal skatt),
    # then jobbskatteavdrag, sjuk-/aktivitetsersättning, förvärvsinkomst (kommunal skatt only).
    red_fee_state = min(fee, state)
    red_fee_ks = min(fee - red_fee_state, ks)
    left = ks - red_fee_ks

    jsa_full = 0
    if work_income > 0:
        ai = Decimal(work_income // 100 * 100)
        if older:
            jsa_full = max(_floor(rules.jsa_older(ai)), 0)
        else:
            ga_work = Decimal(ga) if sjukersattning <= 0 else Decimal(ga) * Decimal(work_income) / Decimal(fi or 1)
            jsa_full = max(_floor((rules.jsa(ai) - ga_work) * ki), 0)
    jsa = min(jsa_full, left)
    left -= jsa

    sa_red = 0
    if sjukersattning > 0 and not older:
        u = Decimal(sjukersattning // 100 * 100)
        ga_sa = Decimal(ga) if work_income <= 0 else Decimal(ga) * Decimal(sjukersattning) / Decimal(fi or 1)
        sa_full = max(_floor((rules.sa(u) - ga_sa) * ki), _floor(rules.sa_min_rate * u * ki), 0)
        sa_red = min(sa_full, left)
        left -= sa_red

    fi_red = 0
    if dbfi > rules.fi_red_low:
        fi_red = min(_floor((min(dbfi, rules.fi_red_high) - rules.fi_red_low) * rules.fi_red_rate), left)
        left -= fi_red

    total = ks + fees + state + fee + ps - red_fee_state - red_fee_ks - jsa - sa_red - fi_red
    return AnnualTax(
        fi=fi,
        grundavdrag=ga,
        bfi=bfi,
        kommunal_skatt=ks,
        avgifter=fees,
        statlig_skatt=state,
        pensionsavgift=fee,
        public_service=ps,
        reduktion_pensionsavgift=red_fee_state + red_fee_ks,
        jobbskatteavdrag_beraknat=jsa_full,
        jobbskatteavdrag=jsa,
        reduktion_sjukersattning=sa_red,
        reduktion_forvarvsinkomst=fi_red,
        total=total,
    )


def column_tax(rules: TaxYear, table: int, column: int, annual_income: int) -> int:
    """The annual tax a table column assumes for ``annual_income`` kr (kronor)."""
    rules.check_table(table, column)
    older = column in (2, 3)
    if column in (1, 3):
        return annual_tax(rules, table, older=older, work_income=annual_income).total
    if column == 4:
        return annual_tax(rules, table, older=False, sjukersattning=annual_income).total
    if column == 5:
        return annual_tax(rules, table, older=False, other_income=annual_income, pension_fee_income=annual_income).total
    return annual_tax(rules, table, older=older, other_income=annual_income).total


# --- rows and table values ----------------------------------------------------------------------------


def amount_rows() -> list[tuple[int, int]]:
    """The 481 amount rows (from, to) in kronor a month, the same in every table."""
    rows = [(1, 2000)]
    rows += [(lo + 1, lo + 100) for lo in range(2000, 20_000, 100)]
    rows += [(lo + 1, lo + 200) for lo in range(20_000, AMOUNT_ROWS_TOP, 200)]
    return rows


_ROW_TOPS = [hi for _, hi in amount_rows()]


def row_top(monthly_pay_kr: int) -> int:
    """Upper bound of the row (or 200-kr step above 80 000) that holds ``monthly_pay_kr`` (≥ 1)."""
    if monthly_pay_kr <= AMOUNT_ROWS_TOP:
        return _ROW_TOPS[bisect.bisect_left(_ROW_TOPS, monthly_pay_kr)]
    steps = -(-(monthly_pay_kr - AMOUNT_ROWS_TOP) // 200)
    return AMOUNT_ROWS_TOP + 200 * steps


@dataclass(frozen=True, slots=True)
class TableValue:
    """A cell: kronor (``percent`` False) or a per cent of the pay (``percent`` True)."""

    value: int
    percent: bool = False

    def tax_kr(self, monthly_pay_kr: int) -> int:
        """Kronor to withhold on ``monthly_pay_kr`` (a per cent rounds down to whole kronor)."""
        if self.percent:
            return monthly_pay_kr * self.value // 100
        return self.value


def computed_value(rules: TaxYear, table: int, column: int, monthly_pay_kr: int) -> TableValue:
    """The table's cell for a monthly pay in whole kronor, computed from the parameters."""
    rules.check_table(table, column)
    if monthly_pay_kr <= 0:
        return TableValue(0)
    top = row_top(monthly_pay_kr)
    annual = top * 12
    tax = column_tax(rules, table, column, annual)
    if top <= AMOUNT_ROWS_TOP:
        return TableValue(max(tax // 12, 0))
    pct = (Decimal(100 * tax) / Decimal(annual)).to_integral_value(rounding=ROUND_HALF_UP)
    return TableValue(int(pct), percent=True)


def computed_amount_rows(rules: TaxYear, table: int) -> list[tuple[int, int, tuple[int, ...]]]:
    """All amount rows of one table: (from, to, (c1 … c6))."""
    rules.check_table(table, 1)
    out = []
    for lo, hi in amount_rows():
        annual = hi * 12
        out.append((lo, hi, tuple(max(column_tax(rules, table, c, annual) // 12, 0) for c in COLUMNS)))
    return out


def computed_percent_rows(
    rules: TaxYear, table: int, *, up_to: int = 1_700_000
) -> list[tuple[int, int | None, tuple[int, ...]]]:
    """The per-cent rows above 80 000 kr a month, merged like Skatteverket's (equal steps joined); the last is
    open-ended (to = None) from where the values stop changing below ``up_to``."""
    rules.check_table(table, 1)
    rows: list[list[Any]] = []
    for top in range(AMOUNT_ROWS_TOP + 200, up_to + 1, 200):
        vals = tuple(computed_value(rules, table, c, top).value for c in COLUMNS)
        if rows and rows[-1][2] == vals:
            rows[-1][1] = top
        else:
            rows.append([top - 199, top, vals])
    rows[-1][1] = None
    return [(lo, hi, vals) for lo, hi, vals in rows]


# --- Skatteverket's file -------------------------------------------------------------------------------


class OfficialFileError(ValueError):
    """A line of Skatteverket's file that cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"rad {line}: {message}")


@dataclass(frozen=True, slots=True)
class OfficialRow:
    table: int
    percent: bool
    income_from: int
    income_to: int | None
    values: tuple[int, ...]


def parse_official(text: str) -> list[OfficialRow]:
    """Skatteverket's fixed-width monthly file (``30B32   2001   2100  150 …``), parsed by position."""
    rows: list[OfficialRow] = []
    for n, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        if len(line) < 19 or line[:2] != "30" or line[2] not in "B%":
            raise OfficialFileError(n, "inte en rad ur Skatteverkets månadstabell (ska börja med 30B eller 30%)")
        try:
            table = int(line[3:5])
            lo = int(line[5:12])
            hi_text = line[12:19].strip()
            hi = int(hi_text) if hi_text else None
            vals = tuple(int(line[19 + 5 * i : 24 + 5 * i]) for i in range(6))
        except ValueError:
            raise OfficialFileError(n, "ett fält är inte ett heltal på sin plats") from None
        rows.append(OfficialRow(table, line[2] == "%", lo, hi, vals))
    if not rows:
        raise OfficialFileError(1, "filen innehåller inga tabellrader")
    return rows


@dataclass(frozen=True)
class OfficialTables:
    """Skatteverket's tables for one year, looked up by table and monthly pay."""

    year: int
    rows: tuple[OfficialRow, ...]
    _index: dict[int, tuple[list[int], list[OfficialRow]]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_table: dict[int, list[OfficialRow]] = {}
        for r in self.rows:
            by_table.setdefault(r.table, []).append(r)
        for t, rs in by_table.items():
            rs.sort(key=lambda r: r.income_from)
            self._index[t] = ([r.income_from for r in rs], rs)

    def tables(self) -> list[int]:
        return sorted(self._index)

    def value(self, table: int, column: int, monthly_pay_kr: int) -> TableValue | None:
        """The cell for the pay, or None when the file has no such table."""
        if table not in self._index or column not in COLUMNS:
            return None
        if monthly_pay_kr <= 0:
            return TableValue(0)
        starts, rs = self._index[table]
        i = bisect.bisect_right(starts, monthly_pay_kr) - 1
        if i < 0:
            return TableValue(0)
        r = rs[i]
        return TableValue(r.values[column - 1], r.percent)


@dataclass(frozen=True, slots=True)
class Mismatch:
    table: int
    column: int
    income_from: int
    income_to: int | None
    official: int
    computed: int
    percent: bool


def compare(rules: TaxYear, rows: Iterable[OfficialRow], *, percent_rows: bool = False) -> Iterator[Mismatch]:
    """Each cell where the computed table differs from the official rows (amount rows; per-cent rows too when
    ``percent_rows``, checked at every 200-kr step of the row)."""
    for r in rows:
        if r.percent:
            if not percent_rows:
                continue
            hi = r.income_to if r.income_to is not None else r.income_from + 199
            for top in range(row_top(r.income_from), hi + 1, 200):
                for c in COLUMNS:
                    got = computed_value(rules, r.table, c, top).value
                    if got != r.values[c - 1]:
                        yield Mismatch(r.table, c, top - 199, top, r.values[c - 1], got, True)
            continue
        annual = (r.income_to or r.income_from) * 12
        for c in COLUMNS:
            got = max(column_tax(rules, r.table, c, annual) // 12, 0)
            if got != r.values[c - 1]:
                yield Mismatch(r.table, c, r.income_from, r.income_to, r.values[c - 1], got, False)


def guess_year(rows: Sequence[OfficialRow], candidates: Iterable[TaxYear]) -> TaxYear | None:
    """The year whose computed tables match a sample of the file's amount rows best (None: no candidates)."""
    sample = [r for r in rows if not r.percent][::37] or list(rows)[:50]
    best: tuple[int, TaxYear] | None = None
    for rules in candidates:
        tables = set(rules.tables())
        misses = sum(1 if r.table not in tables else sum(1 for _ in compare(rules, [r])) for r in sample)
        if best is None or misses < best[0]:
            best = (misses, rules)
    return best[1] if best else None


# --- who gets which column --------------------------------------------------------------------------


def age_at_new_year(birth_date: date, year: int) -> int:
    """Age "vid årets ingång": completed years on 31 December before ``year`` (in 2026, 66 means born 1959 or
    earlier; someone born 1 January 1960 turns 66 during the year, not at its start)."""
    return year - 1 - birth_date.year


def work_column(rules: TaxYear, birth_date: date | None) -> int:
    """The column for an arvode: 1, or 3 from :attr:`TaxYear.older_age` at 1 January."""
    if birth_date is not None and age_at_new_year(birth_date, rules.year) >= rules.older_age:
        return 3
    return 1
