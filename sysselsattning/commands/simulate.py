"""``sysselsattning simulate SCENARIO.json [--format json|text|pdf] [--out FILE]`` (docs/architecture.md §5–§7).

Runs the year simulation on a scenario file without a database. A bad scenario exits 2 with the key named
on stderr and nothing on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sysselsattning.cli import CliError
from sysselsattning.i18n import _
from sysselsattning.i18n.catalog import N_

if TYPE_CHECKING:
    from sysselsattning.domain.rules.warnings import RuleWarning


def register(parsers) -> None:
    p = parsers.add(
        "simulate", run, help=_("simulera ett år: utan arbete, gällande regler och med tak (scenariofil i JSON)")
    )
    p.add_argument("scenario", metavar="SCENARIO.json", help=_("scenariofil (JSON)"))
    p.add_argument("--format", choices=["json", "text", "pdf"], default="json", help=_("utdataformat (standard json)"))
    p.add_argument("--out", metavar="FIL", help=_("skriv till fil i stället för standard ut"))
    p.add_argument("--client", metavar="NAMN", default="", help=_("brevets mottagare (med --format pdf)"))
    p.add_argument("--caseworker", metavar="NAMN", default="", help=_("handläggarens namn (med --format pdf)"))
    p.add_argument("--phone", metavar="NUMMER", default="", help=_("telefonnummer i brevet (med --format pdf)"))
    p.set_defaults(out_suffix=".out")  # --out - (cli.py)


def _load(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CliError(_("Scenariofilen finns inte: {path}").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(_("Kan inte läsa scenariofilen {path}: {detail}").format(path=path, detail=exc)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            _("Scenariofilen {path} är inte giltig JSON (rad {line}, kolumn {col}): {detail}").format(
                path=path, line=exc.lineno, col=exc.colno, detail=exc.msg
            )
        ) from None


def run(args: argparse.Namespace) -> int:
    from sysselsattning.commands._simulation_json import result_to_dict
    from sysselsattning.domain.rules.scenario import ScenarioError, parse_scenario, scenario_to_dict
    from sysselsattning.domain.rules.simulation import simulate
    from sysselsattning.rules.parameters import default_parameters
    from sysselsattning.services.parameters import OverridesUnavailable, parameters_in_force

    data = _load(args.scenario)
    try:
        params = parameters_in_force(getattr(args, "db", None))  # the administrators' overrides, as in the GUI
    except OverridesUnavailable as exc:
        # A simulation needs no database: go on with the rule files, and say that the overrides are missing.
        print(
            _("Obs: administratörens ändrade parametrar kunde inte läsas ({fel}); beräknat med regelfilerna.").format(
                fel=exc
            ),
            file=sys.stderr,
        )
        params = default_parameters()
    try:
        scenario = parse_scenario(data, params)
    except ScenarioError as exc:
        raise CliError(_("Fel i scenariot, nyckel {key}: {message}").format(key=exc.key, message=exc.message)) from None
    typed = simulate(scenario, params)
    result = result_to_dict(typed)  # the §7 JSON: produced here, at the command line, and nowhere else

    if args.format == "json":
        payload = (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif args.format == "text":
        payload = render_text(result, typed.warnings).encode("utf-8")
    else:
        from datetime import date

        from sysselsattning.reports import simulation_letter

        payload = simulation_letter.render(
            typed,
            scenario_to_dict(scenario),
            client_name=args.client,
            caseworker=args.caseworker,
            phone=args.phone,
            today=date.today(),  # the letter's date: the day it is made
        )
    if args.out:
        try:
            Path(args.out).write_bytes(payload)
        except OSError as exc:
            raise CliError(_("Kan inte skriva {path}: {detail}").format(path=args.out, detail=exc), code=1) from None
    else:
        sys.stdout.buffer.write(payload) if hasattr(sys.stdout, "buffer") else sys.stdout.write(payload.decode("utf-8"))
        sys.stdout.flush()
    return 0


CASE_TITLES = {"no_work": N_("Utan arbete"), "current_rules": N_("Gällande regler"), "with_cap": N_("Med tak")}
COLUMNS = (
    ("arvode_gross", N_("Arvode")),
    ("tax", N_("Skatt")),
    ("arvode_net", N_("Netto")),
    ("sjukersattning", N_("SE")),
    ("bostadsbidrag", N_("BB")),
    ("bostadstillagg", N_("BTP")),
    ("sarskilt_bostadstillagg", N_("SBTP")),
    ("forsorjningsstod", N_("Förs.stöd")),
    ("disposable_income", N_("Att leva på")),
)
# (message ids; translated with _() where they are used)


def _kr(text: str) -> str:
    """ "1234.50" → "1 234,50" (Swedish, narrow enough for a terminal table)."""
    from decimal import Decimal

    from sysselsattning.i18n import format_money

    return format_money(int(Decimal(text) * 100), unit=False).replace("\xa0", " ")


def render_text(result: dict[str, Any], warnings: Sequence[RuleWarning] = ()) -> str:
    """A readable Swedish table: one block per case, months as rows, year total last; then the engine's
    ``warnings`` in the current language (the catalogue i18n/warnings.py)."""
    from sysselsattning.i18n import format_month
    from sysselsattning.i18n.warnings import warning_text

    lines = [_("Simulering {year} – belopp i kronor").format(year=result["year"]), ""]
    width = 12
    # bostadsbidrag and särskilt bostadstillägg only when some case pays them (keeps the table narrow)
    optional = {"bostadsbidrag", "sarskilt_bostadstillagg"}
    paid = {
        k
        for k in optional
        for m in result["months"]
        for c in ("no_work", "current_rules", "with_cap")
        if m[c].get(k) not in (None, "0.00")
    }
    columns = [(k, n) for k, n in COLUMNS if k not in optional or k in paid]
    for case in ("no_work", "current_rules", "with_cap"):
        cap = case == "with_cap"
        title = _(CASE_TITLES[case])
        if cap:
            pol = result.get("policy", {})
            title += " " + _("(tak {amount} kr per år)").format(amount=_kr(pol.get("cap", "0")))
        lines.append(title)
        head = f"{_('Månad'):<15}" + "".join(f"{_(name):>{width}}" for _key, name in columns)
        if cap:
            head += f"{_('Kvar av tak'):>{width + 2}}"
        if case != "no_work":
            head += f"{_('Marg.eff.'):>{width - 1}}"
        lines.append(head)
        lines.append("-" * len(head))
        for m in result["months"]:
            row = m[case]
            y, mo = (int(x) for x in m["month"].split("-"))
            from datetime import date

            label = format_month(date(y, mo, 1))
            text = f"{label:<15}" + "".join(f"{_kr(row[k]):>{width}}" for k, _ in columns)
            if cap:
                text += f"{_kr(row['cap_left']):>{width + 2}}"
            if case != "no_work":
                rate = row.get("marginal_rate")
                text += f"{(_pct(rate) if rate is not None else '–'):>{width - 1}}"
            lines.append(text)
        tot = result["year_total"][case]
        text = f"{_('Hela året'):<15}" + "".join(f"{_kr(tot[k]):>{width}}" for k, _ in columns)
        if cap:
            text += f"{_kr(tot['cap_left']):>{width + 2}}"
        if case != "no_work":
            rate = tot.get("marginal_rate")
            text += f"{(_pct(rate) if rate is not None else '–'):>{width - 1}}"
        lines.append("-" * len(head))
        lines.append(text)
        lines.append("")
    gain_cur = result["year_total"]["current_rules"].get("gain_vs_no_work", "0.00")
    gain_cap = result["year_total"]["with_cap"].get("gain_vs_no_work", "0.00")
    lines.append(
        _("Mer att leva på under året jämfört med utan arbete: gällande regler {current} kr, med tak {cap} kr.").format(
            current=_kr(gain_cur), cap=_kr(gain_cap)
        )
    )
    totals = result["year_total"]
    if "bostadsbidrag_settlement" in totals["current_rules"]:
        lines.append(
            _(
                "Bostadsbidrag, avstämning året efter (positivt = tilläggsbidrag, negativt = återbetalning): "
                "gällande regler {current} kr, med tak {cap} kr."
            ).format(
                current=_kr(totals["current_rules"]["bostadsbidrag_settlement"]),
                cap=_kr(totals["with_cap"]["bostadsbidrag_settlement"]),
            )
        )
    if warnings:
        lines.append("")
        lines.append(_("Observera:"))
        lines.extend(f"  • {warning_text(w)}" for w in warnings)
    return "\n".join(lines) + "\n"


def _pct(rate: str) -> str:
    from decimal import Decimal

    value = (Decimal(rate) * 100).quantize(Decimal("1"))
    return f"{value} %"
