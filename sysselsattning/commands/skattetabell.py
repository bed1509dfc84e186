"""``sysselsattning skattetabell --year YYYY --table N [--format text|tsv] [--check FIL.txt]`` and
``sysselsattning import skattetabell FIL.txt [--year YYYY]``.

The table printed is always *computed* from the dated parameters (resources/rules/skattetabell.toml, plus the
administrator's overrides when ``--db`` is given). ``--check`` compares the computation with an official file
(all tables without ``--table``), prints each differing cell and exits 1 if there is any.
"""

from __future__ import annotations

import sys

from sysselsattning.i18n import _
from sysselsattning.i18n.catalog import N_


def _params(args):
    if getattr(args, "db", None):
        from sysselsattning.commands._export_common import open_ctx

        ctx = open_ctx(args)
        try:
            return ctx.params()
        finally:
            ctx.db.dispose()
    from sysselsattning.services.tax_tables import shipped_parameters

    return shipped_parameters()


def _rules(args):
    from sysselsattning.cli import CliError
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.services import tax_tables as svc

    try:
        return svc.rules_for_year(_params(args), args.year)
    except ValidationFailed as exc:
        raise CliError("; ".join(problem_text(p) for p in exc.problems), code=2) from None


def _read_official(path_text: str):
    import gzip
    from pathlib import Path

    from sysselsattning.cli import CliError
    from sysselsattning.domain import tax_tables as tt

    path = Path(path_text)
    if not path.is_file():
        raise CliError(_("Filen finns inte: {name}").format(name=path_text), code=2)
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        return tt.parse_official(data.decode("utf-8", errors="replace"))
    except tt.OfficialFileError as exc:
        raise CliError(f"{path.name}: {exc}", code=2) from None


def _kr(n: int) -> str:
    from sysselsattning.i18n.format import format_decimal

    return format_decimal(n)


def _check(args, rules) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.domain import tax_tables as tt

    rows = _read_official(args.check)
    if args.table is not None:
        rows = [r for r in rows if r.table == args.table]
        if not rows:
            raise CliError(_("Tabell {n} finns inte i filen.").format(n=args.table), code=2)
    unknown = sorted({r.table for r in rows} - set(rules.tables()))
    if unknown:
        raise CliError(
            _("Filen har tabell {tables} som parametrarna för {year} inte har.").format(
                tables=", ".join(map(str, unknown)), year=rules.year
            ),
            code=2,
        )
    cells = sum(6 for r in rows if not r.percent)
    if args.procent:
        cells += sum(
            6 * (((r.income_to or r.income_from + 199) - tt.row_top(r.income_from)) // 200 + 1)
            for r in rows
            if r.percent
        )
    misses = 0
    for m in tt.compare(rules, rows, percent_rows=args.procent):
        misses += 1
        to = _kr(m.income_to) if m.income_to is not None else "–"
        unit = " %" if m.percent else " kr"
        print(
            _("tabell {t} kolumn {c}, {lo}–{hi} kr: Skatteverket {off}{u}, beräknat {got}{u}").format(
                t=m.table, c=m.column, lo=_kr(m.income_from), hi=to, off=_kr(m.official), got=_kr(m.computed), u=unit
            )
        )
    print(
        _("{cells} celler jämförda med {file} ({year}): {n} avvikelser.").format(
            cells=_kr(cells), file=args.check, year=rules.year, n=_kr(misses)
        ),
        file=sys.stderr if misses else sys.stdout,
    )
    return 1 if misses else 0


_COLUMN_TEXT = (
    N_("kolumn 1: lön och arvode, under {age} år vid årets ingång"),
    N_("kolumn 2: pension, {age} år eller äldre"),
    N_("kolumn 3: lön och arvode, {age} år eller äldre"),
    N_("kolumn 4: sjuk- eller aktivitetsersättning"),
    N_("kolumn 5: annan pensionsgrundande ersättning (t.ex. a-kassa)"),
    N_("kolumn 6: pension, under {age} år"),
)


def _print_text(rules, table: int) -> None:
    from sysselsattning.domain import tax_tables as tt

    print(
        _("Skattetabell {table} för {year}, månadslön – beräknad från parametrarna").format(
            table=table, year=rules.year
        )
    )
    for line in _COLUMN_TEXT:
        print("  " + _(line).format(age=rules.older_age))
    print()
    head = [_("Lön fr.o.m."), _("t.o.m."), *(_("Kol {n}").format(n=c) for c in tt.COLUMNS)]
    print("".join(f"{h:>12}" for h in head))
    for lo, hi, vals in tt.computed_amount_rows(rules, table):
        print("".join(f"{_kr(v):>12}" for v in (lo, hi, *vals)))
    print()
    print(_("Över {top} kr i månaden: procent av lönen").format(top=_kr(tt.AMOUNT_ROWS_TOP)))
    for lo, hi, vals in tt.computed_percent_rows(rules, table):
        cells = [_kr(lo), _kr(hi) if hi is not None else "", *(f"{v} %" for v in vals)]
        print("".join(f"{c:>12}" for c in cells))


def _run(args) -> int:
    from sysselsattning.cli import CliError
    from sysselsattning.domain import tax_tables as tt

    rules = _rules(args)
    if args.table is not None and args.table not in rules.tables():
        raise CliError(
            _("--table: tabell {n} finns inte för {year} (tabell {a}–{b}).").format(
                n=args.table, year=rules.year, a=rules.first_table, b=rules.last_table
            ),
            code=2,
        )
    if args.check:
        return _check(args, rules)
    if args.table is None:
        raise CliError(_("Ange --table N, eller --check FIL för att jämföra alla tabeller."), code=2)
    if args.format == "tsv":
        out = sys.stdout
        for lo, hi, vals in tt.computed_amount_rows(rules, args.table):
            out.write("\t".join(str(v) for v in (lo, hi, *vals)) + "\n")
        return 0
    _print_text(rules, args.table)
    return 0


def _import(args) -> int:
    from pathlib import Path

    from sysselsattning.cli import CliError
    from sysselsattning.commands._export_common import open_ctx
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.i18n.messages import problem_text
    from sysselsattning.services import tax_tables as svc
    from sysselsattning.services.access import AccessDenied

    path = Path(args.file)
    if not path.is_file():
        raise CliError(_("Filen finns inte: {name}").format(name=args.file), code=2)
    ctx = open_ctx(args)
    try:
        try:
            result = svc.import_file(ctx, path, year=args.year)
        except ValidationFailed as exc:
            raise CliError("; ".join(problem_text(p) for p in exc.problems), code=2) from None
        except AccessDenied as exc:
            raise CliError(str(exc), code=1) from None
        print(
            _("{file}: Skatteverkets skattetabeller för {year} importerade ({rows} rader).").format(
                file=path.name, year=result.year, rows=_kr(result.rows)
            )
        )
        if result.year_guessed:
            print(_("Året {year} valdes efter vilka beräknade tabeller filen stämmer med.").format(year=result.year))
        if result.replaced:
            print(_("Den tidigare importerade filen för {year} ersattes.").format(year=result.year))
        if result.mismatches:
            print(
                _(
                    "Varning: {n} belopp skiljer sig från de beräknade tabellerna; Skatteverkets fil används. "
                    "Kontrollera årets parametrar (sysselsattning skattetabell --year {year} --check FIL)."
                ).format(n=_kr(len(result.mismatches)), year=result.year),
                file=sys.stderr,
            )
        return 0
    finally:
        ctx.db.dispose()


def register(parsers) -> None:
    p = parsers.add(
        "skattetabell",
        _run,
        help=_("visa en beräknad skattetabell (månadslön) eller jämför med Skatteverkets fil"),
    )
    p.add_argument("--year", type=int, required=True, metavar="ÅÅÅÅ", help=_("inkomstår"))
    p.add_argument("--table", type=int, metavar="N", help=_("tabellnummer (29–42); utan: alla tabeller vid --check"))
    p.add_argument("--format", choices=["text", "tsv"], default="text", help=_("utdataformat (standard: text)"))
    p.add_argument("--check", metavar="FIL.txt", help=_("jämför med Skatteverkets fil; avvikelser ger slutkod 1"))
    p.add_argument(
        "--procent",
        action="store_true",
        help=_("jämför även procentraderna över 80 000 kr (9 kända avrundningsfall i 2026 års fil)"),
    )
    p = parsers.add(
        "skattetabell",
        _import,
        under="importing",
        help=_(
            "importera Skatteverkets skattetabeller (månadslön) för ett år; används sedan i stället för beräkningen"
        ),
    )
    p.add_argument("file", metavar="FIL.txt")
    p.add_argument("--year", type=int, metavar="ÅÅÅÅ", help=_("inkomstår (annars ur filnamnet eller innehållet)"))
