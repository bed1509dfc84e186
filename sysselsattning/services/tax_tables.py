"""Tax tables as the program uses them: Skatteverket's file where there is one, the computation otherwise.

Source order for a year: an imported file (``sysselsattning import skattetabell FIL.txt``, stored in the
database) → the file shipped in ``resources/skattetabeller/`` → the computation from the dated parameters
(:mod:`sysselsattning.domain.tax_tables`). The basis is shown where it matters: "Skatteverkets tabell" or
"beräknad". The computation also cross-checks every imported file.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sysselsattning.domain import tax_tables as tt
from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.i18n import _
from sysselsattning.services.access import require

BASIS_OFFICIAL = "official"
BASIS_COMPUTED = "computed"


def basis_text(basis: str) -> str:
    return _("Skatteverkets tabell") if basis == BASIS_OFFICIAL else _("beräknad")


def shipped_parameters():
    """The parameter files as shipped (no database, so no administrator overrides)."""
    from sysselsattning.rules import default_parameters

    return default_parameters()


def rules_for_year(params, year: int) -> tt.TaxYear:
    """The year's table rules; :class:`ValidationFailed` (naming the missing parameter) when it has none."""
    try:
        return _rules(params, year)
    except tt.TaxTableError as exc:
        raise ValidationFailed([Problem("year", "tax_year", message=str(exc))]) from None


_RULES: dict[tuple[int, int], tuple[object, tt.TaxYear]] = {}


def _rules(params, year: int) -> tt.TaxYear:
    """Cached per parameter set (by identity; the set is immutable) and year."""
    key = (id(params), year)
    hit = _RULES.get(key)
    if hit is not None and hit[0] is params:
        return hit[1]
    rules = tt.tax_year(params, year)
    if len(_RULES) > 32:
        _RULES.clear()
    _RULES[key] = (params, rules)
    return rules


def _shipped_path(year: int) -> Path:
    from sysselsattning.paths import resource_path

    return resource_path("skattetabeller", f"allmanna-tabeller-manad-{year}.txt.gz")


@lru_cache(maxsize=4)
def shipped_rows(year: int) -> tuple[tt.OfficialRow, ...] | None:
    """The file shipped with the program for ``year`` (gzip, read with the standard library), or None."""
    path = _shipped_path(year)
    if not path.is_file():
        return None
    return tuple(tt.parse_official(gzip.decompress(path.read_bytes()).decode("utf-8")))


@lru_cache(maxsize=4)
def shipped_tables(year: int) -> tt.OfficialTables | None:
    """:func:`shipped_rows` indexed for look-ups (built once per process and year)."""
    rows = shipped_rows(year)
    return tt.OfficialTables(year, rows) if rows is not None else None


#: Imported years already read and indexed, by database, year and the import's identity (its sha256 and time):
#: a pay run then reads one row instead of the year's ~8 000. A new import changes the key.
_imported: dict[tuple[str, int, str, str], tt.OfficialTables] = {}


@dataclass
class TableSource:
    """Looks up table cells for pay runs and the simulator; one instance per use case (caches per year)."""

    params: object
    db: object | None = None
    session: object | None = None  # read inside this session (a pay run's transaction) when given
    _official: dict[int, tt.OfficialTables | None] = field(default_factory=dict)

    def official(self, year: int) -> tt.OfficialTables | None:
        if year not in self._official:
            self._official[year] = self._load(year)
        return self._official[year]

    def _load(self, year: int) -> tt.OfficialTables | None:
        """An imported file for ``year`` wins over the shipped one; None when neither exists."""
        if self.db is not None:
            from sysselsattning.storage import tax_tables as store

            identity = store.year_identity(self.db, year, session=self.session)
            if identity is not None:
                key = (str(getattr(self.db, "url", id(self.db))), year, *identity)
                tables = _imported.get(key)
                if tables is None:
                    rows = store.load_year(self.db, year, session=self.session) or []
                    tables = tt.OfficialTables(year, tuple(rows))
                    if len(_imported) >= 8:
                        _imported.pop(next(iter(_imported)))
                    _imported[key] = tables
                return tables
        return shipped_tables(year)

    def rules(self, year: int) -> tt.TaxYear:
        return rules_for_year(self.params, year)

    def value(self, year: int, table: int, column: int, monthly_pay_kr: int) -> tuple[tt.TableValue, str]:
        """(cell, basis) for a monthly pay in whole kronor."""
        official = self.official(year)
        if official is not None:
            found = official.value(table, column, monthly_pay_kr)
            if found is not None:
                return found, BASIS_OFFICIAL
        rules = self.rules(year)
        try:
            return tt.computed_value(rules, table, column, monthly_pay_kr), BASIS_COMPUTED
        except tt.TaxTableError as exc:
            raise ValidationFailed([Problem("table", "tax_table", message=str(exc))]) from None

    def basis(self, year: int) -> str:
        return BASIS_OFFICIAL if self.official(year) is not None else BASIS_COMPUTED


@dataclass(frozen=True)
class ImportResult:
    year: int
    rows: int
    sha256: str
    mismatches: list[tt.Mismatch]
    replaced: bool
    year_guessed: bool


def _year_from_name(name: str) -> int | None:
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", name)
    return int(m.group(1)) if m else None


def import_file(ctx, path: Path, *, year: int | None = None) -> ImportResult:
    """Import Skatteverket's monthly file for a year (administrator); replaces an earlier import of the year.

    The year: ``year``, else a year in the file name, else the year whose computed tables match the file best.
    Cells that differ from the computation are reported (the file is the authority and is stored anyway).
    """
    require(ctx, "tax_tables.import")
    from sysselsattning.storage import tax_tables as store

    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    try:
        rows = tt.parse_official(text)
    except tt.OfficialFileError as exc:
        raise ValidationFailed([Problem("file", "tax_file_line", message=f"{path.name}: {exc}")]) from None
    params = ctx.params()
    guessed = False
    if year is None:
        year = _year_from_name(path.name)
    if year is None:
        candidates = []
        for y in range(2024, ctx.now_date().year + 3):
            try:
                candidates.append(_rules(params, y))
            except tt.TaxTableError:
                continue
        best = tt.guess_year(rows, candidates)
        if best is None:
            raise ValidationFailed([Problem("year", "tax_year", message=_("Ange året med --year."))])
        year, guessed = best.year, True
    try:
        mismatches = list(tt.compare(_rules(params, year), rows))
    except tt.TaxTableError:
        mismatches = []  # a year without parameters: nothing to compare with
    replaced = year in store.imported_years(ctx.db)
    sha = hashlib.sha256(data).hexdigest()
    ctx.act()
    store.replace_year(
        ctx.db, year, rows, filename=path.name, sha256=sha, mismatches=len(mismatches), username=ctx.username
    )
    return ImportResult(year, len(rows), sha, mismatches, replaced, guessed)
