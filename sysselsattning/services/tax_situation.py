"""The participant's tax situation (recorded at registration, changeable from a date) and the tax mode it gives.

The mode follows domain/tax.py (:func:`~sysselsattning.domain.tax.choose_mode`, docs/rules.md); this module
stores the situation, supplies what the mode needs (each association's own table from Settings, the tax-table
source) and puts the reason into words for the coordinator and the slip.

Settings: ``skattetabell.kommuner`` holds one line per municipality, ``Kommun: tabell`` (e.g. ``Malmö: 33``). An
association's table is the one of its municipality (the organisation's *ort*), else
``skattetabell.standardtabell`` of the parameters. It pre-fills the table number on the participant form and is
the table for the förhöjt avdrag (+10 %) when a participant has no tax information.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sysselsattning.domain import tax as taxmod
from sysselsattning.domain.money import MoneyError, parse_decimal, parse_kronor
from sysselsattning.domain.problems import Problem, ValidationFailed
from sysselsattning.i18n import _, format_date, format_money
from sysselsattning.i18n.catalog import N_
from sysselsattning.services.access import require

MUNICIPAL_TABLES_KEY = "skattetabell.kommuner"

OTHER_MAIN_INCOME_TEXT = {
    "sjukersattning": N_("sjukersättning"),
    "aktivitetsersattning": N_("aktivitetsersättning"),
    "pension": N_("pension"),
    "a_kassa": N_("a-kassa"),
    "annan_arbetsgivare": N_("lön från en annan arbetsgivare"),
    "annat": N_("en annan inkomst"),
}


# --- Settings: the municipality tables -------------------------------------------------------------


def parse_municipal_tables(text: str) -> dict[str, int]:
    """``"Malmö: 33\\nLund: 32"`` → {"malmö": 33, "lund": 32}; a bad line raises :class:`ValidationFailed`."""
    out: dict[str, int] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = re.fullmatch(r"(.+?)\s*[:=;\t]\s*(\d{2})", line)
        if not m or not 1 <= int(m.group(2)) <= 99:
            raise ValidationFailed(
                [
                    Problem(
                        MUNICIPAL_TABLES_KEY,
                        "municipal_table_line",
                        message=_('Rad {n}: skriv kommun och tabellnummer, t.ex. "Malmö: 33".').format(n=n),
                    )
                ]
            )
        out[m.group(1).strip().casefold()] = int(m.group(2))
    return out


def municipal_tables(db) -> dict[str, int]:
    from sysselsattning.services.parameters import get_setting

    try:
        return parse_municipal_tables(get_setting(db, MUNICIPAL_TABLES_KEY))
    except ValidationFailed:
        return {}


def set_municipal_tables(ctx, text: str) -> None:
    from sysselsattning.services.parameters import set_setting

    parse_municipal_tables(text)
    set_setting(ctx, MUNICIPAL_TABLES_KEY, text.strip())


def default_table(ctx, year: int) -> int:
    return int(ctx.params().get("skattetabell.standardtabell", date(year, 1, 1)))


def office_tables(ctx, organisation_ids, year: int, *, session=None) -> dict[int, int]:
    """Each association's table: its municipality's from Settings, else the parameters' default table."""
    from sysselsattning.storage import tax_tables as store

    ids = list(organisation_ids)
    if not ids:
        return {}
    tables = municipal_tables(ctx.db)
    fallback = default_table(ctx, year)
    cities = store.organisation_cities(ctx.db, ids, session=session)
    return {oid: tables.get((cities.get(oid) or "").strip().casefold(), fallback) for oid in ids}


# --- the situation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SituationInput:
    """What the participant form (or a CSV row) gives. Text as typed; validated by :func:`validate`."""

    valid_from: date | str
    main_income_here: bool = True
    other_main_income: str = ""
    table: str = ""  # the A-skattsedel's table number
    has_tax_info: bool = True
    short_work: bool = False
    main_payer_organisation_id: int | None = None
    jamkning_kind: str = ""  # "" | percent | amount
    jamkning_value: str = ""  # per cent, or kronor per payment
    jamkning_from: date | str | None = None
    jamkning_to: date | str | None = None
    note: str = ""


def _date(value, field: str, problems: list[Problem]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(Problem(field, "tax_situation", message=_("Skriv datumet som ÅÅÅÅ-MM-DD.")))
        return None


def validate(data: SituationInput, *, first_table: int = 29, last_table: int = 42) -> dict:
    """Clean values for storage, or :class:`ValidationFailed` naming each bad field in Swedish."""
    problems: list[Problem] = []
    valid_from = _date(data.valid_from, "valid_from", problems)
    if valid_from is None and not problems:
        problems.append(Problem("valid_from", "tax_situation", message=_("Ange från vilket datum uppgifterna gäller.")))
    if data.other_main_income and data.other_main_income not in taxmod.OTHER_MAIN_INCOMES:
        problems.append(Problem("other_main_income", "tax_situation", message=_("Okänd huvudinkomst.")))
    table: int | None = None
    if str(data.table).strip():
        t = str(data.table).strip()
        if not t.isdigit() or not first_table <= int(t) <= last_table:
            problems.append(
                Problem(
                    "table",
                    "tax_situation",
                    message=_("Tabellnumret ska vara ett heltal {a}–{b} (se A-skattsedeln).").format(
                        a=first_table, b=last_table
                    ),
                )
            )
        else:
            table = int(t)
    main_here = bool(data.main_income_here) and not data.other_main_income
    if (
        main_here
        and data.has_tax_info
        and not str(data.table).strip()
        and not data.short_work
        and not data.jamkning_kind
    ):
        problems.append(
            Problem(
                "table",
                "tax_situation",
                message=_("Ange tabellnumret från A-skattsedeln, eller markera att skatteuppgift saknas."),
            )
        )
    pct: int | None = None
    amount: int | None = None
    j_from = _date(data.jamkning_from, "jamkning_from", problems)
    j_to = _date(data.jamkning_to, "jamkning_to", problems)
    if data.jamkning_kind not in ("", "percent", "amount"):
        problems.append(Problem("jamkning_kind", "tax_situation", message=_("Okänt slag av jämkning.")))
    elif data.jamkning_kind:
        try:
            if data.jamkning_kind == "percent":
                value = parse_decimal(data.jamkning_value.replace("%", ""))
                if not Decimal(0) <= value <= Decimal(100) or value.as_tuple().exponent < -2:
                    raise MoneyError(data.jamkning_value)
                pct = int(value * 100)
            else:
                amount = parse_kronor(data.jamkning_value)
                if amount < 0:
                    raise MoneyError(data.jamkning_value)
        except MoneyError:
            problems.append(
                Problem(
                    "jamkning_value",
                    "tax_situation",
                    message=_("Jämkningen ska vara en procentsats 0–100 eller ett belopp i kronor."),
                )
            )
        if j_from and j_to and j_to < j_from:
            problems.append(Problem("jamkning_to", "tax_situation", message=_("Slutdatum före startdatum.")))
    if problems:
        raise ValidationFailed(problems)
    return {
        "valid_from": valid_from,
        "main_income_here": main_here,
        "other_main_income": data.other_main_income,
        "table_no": table,
        "has_tax_info": bool(data.has_tax_info),
        "short_work": bool(data.short_work),
        "main_payer_organisation_id": data.main_payer_organisation_id,
        "jamkning_kind": data.jamkning_kind,
        "jamkning_percent_hundredths": pct,
        "jamkning_amount_ore": amount,
        "jamkning_from": j_from if data.jamkning_kind else None,
        "jamkning_to": j_to if data.jamkning_kind else None,
        "note": data.note.strip()[:500],
    }


def to_domain(row) -> taxmod.TaxSituation:
    return taxmod.TaxSituation(
        valid_from=row.valid_from,
        main_income_here=bool(row.main_income_here),
        other_main_income=row.other_main_income or "",
        table=row.table_no,
        has_tax_info=bool(row.has_tax_info),
        short_work=bool(row.short_work),
        main_payer_organisation_id=row.main_payer_organisation_id,
        jamkning_kind=row.jamkning_kind or "",
        jamkning_percent=(
            Decimal(row.jamkning_percent_hundredths) / 100 if row.jamkning_percent_hundredths is not None else None
        ),
        jamkning_amount_ore=row.jamkning_amount_ore,
        jamkning_from=row.jamkning_from,
        jamkning_to=row.jamkning_to,
    )


def situations_for(
    db, participant_ids: list[int] | None = None, *, session=None
) -> dict[int, tuple[taxmod.TaxSituation, ...]]:
    from sysselsattning.storage import tax_tables as store

    return {
        pid: tuple(to_domain(r) for r in rows)
        for pid, rows in store.situations(db, participant_ids, session=session).items()
    }


def history(ctx, participant_id: int) -> list:
    """The participant's recorded situations, oldest first (storage rows, read-only)."""
    from sysselsattning.storage import tax_tables as store

    require(ctx, "participants.read")
    return store.situations(ctx.db, [participant_id]).get(participant_id, [])


def record(ctx, participant_id: int, data: SituationInput, *, organisation_id: int | None = None) -> int:
    """Record the situation from its date on (replacing one recorded for the same date). One transaction, audited."""
    from sysselsattning.storage import tax_tables as store

    require(ctx, "participants.write", organisation_id=organisation_id)
    clean = validate(data)
    ctx.act()
    return store.save_situation(ctx.db, participant_id, clean.pop("valid_from"), {**clean, "created_by": ctx.username})


def parse_csv_tax(text: str, today: date) -> tuple[str, SituationInput | None]:
    """The CSV column ``skattesats``: a percentage (or empty) stays the participant's own per cent; ``tabell 32``
    records the table from the A-skattsedel (the arvode as huvudinkomst) and ``jämkning 12`` a jämkning decision
    of 12 % for the rest of the year, both from ``today``. Returns (percent text, situation or None)."""
    value = " ".join(text.strip().split())
    m = re.fullmatch(r"(?i)tabell\s*(\d{1,2})", value)
    if m:
        return "", SituationInput(valid_from=today, table=m.group(1))
    m = re.fullmatch(r"(?i)j[äa]mkning\s*([\d.,]+)\s*%?", value)
    if m:
        return "", SituationInput(
            valid_from=today,
            main_income_here=False,
            jamkning_kind="percent",
            jamkning_value=m.group(1),
            jamkning_from=today,
            jamkning_to=date(today.year, 12, 31),
        )
    if value.lower().startswith(("tabell", "jämkning", "jamkning")):
        raise ValidationFailed(
            [
                Problem(
                    "tax_percent",
                    "tax_situation",
                    message=_('skriv "tabell 32", "jämkning 12" eller en procentsats'),
                )
            ]
        )
    return text, None


# --- the mode in words ------------------------------------------------------------------------------


def reason_text(choice: taxmod.ModeChoice, *, org_names: dict[int, str] | None = None) -> str:
    """Why this mode, for the coordinator (participant form, pay-run line)."""
    p = choice.params

    def pct(v) -> str:
        return f"{Decimal(v).normalize():f}".replace(".", ",")

    r = choice.reason
    if r == "jamkning_percent" or r == "jamkning_amount":
        what = (
            _("{percent} %").format(percent=pct(p["percent"]))
            if r == "jamkning_percent"
            else _("{amount} per utbetalning").format(amount=format_money(p.get("amount") or 0))
        )
        span = ""
        if p.get("from") or p.get("to"):
            span = " (" + " – ".join(format_date(d) if d else "" for d in (p.get("from"), p.get("to"))) + ")"
        return _(
            "Jämkningsbeslut: {what}{span}. Ett beslut om jämkning gäller före tabell och 30 % (SFL 11 kap. 16 §)."
        ).format(what=what, span=span)
    if r == "short_work":
        return _("{percent} % – arbetet är tänkt att pågå kortare tid än en vecka (SFL 11 kap. 20 §).").format(
            percent=pct(p["percent"])
        )
    if r == "side_income":
        return _(
            "{percent} % – arvodet är inte huvudinkomsten: {other} är det (SFL 11 kap. 20 §). "
            "Med ett jämkningsbeslut kan avdraget bli lägre."
        ).format(percent=pct(p["percent"]), other=_(OTHER_MAIN_INCOME_TEXT.get(p.get("other", ""), "en annan inkomst")))
    if r == "other_main_payer":
        name = (org_names or {}).get(p.get("main_payer"), _("en annan förening"))
        return _(
            "{percent} % – {name} är huvudbetalare och drar skatt enligt tabell; här är arvodet en sidoinkomst."
        ).format(percent=pct(p["percent"]), name=name)
    if r == "table_plus10":
        return _(
            "Tabell {table}, kolumn {column}, + 10 % – skatteuppgift saknas (SFL 11 kap. 21 §): tabellen för "
            "föreningens kommun. Be deltagaren om A-skattsedeln."
        ).format(table=p["table"], column=p["column"])
    if r == "table":
        text = _("Tabell {table}, kolumn {column} – arvodet är huvudinkomsten (SFL 11 kap. 17 §).").format(
            table=p["table"], column=p["column"]
        )
        if p["column"] == 3:
            text += " " + _("Kolumn 3 eftersom deltagaren hade fyllt 66 år vid årets ingång.")
        if "recorded_year" in p:
            if p.get("january"):
                text += " " + _("I januari får förra årets tabellnummer användas (SFL 11 kap. 16 §).")
            else:
                text += " " + _("Tabellnumret registrerades {year}: kontrollera årets A-skattsedel.").format(
                    year=p["recorded_year"]
                )
        return text
    if r == "legacy_none":
        return _("Ingen skatt dras (äldre inställning på deltagaren).")
    if r == "legacy_fixed":
        return _("Fast belopp per utbetalning (äldre inställning på deltagaren).")
    if r == "legacy_percent":
        return _("{percent} % (egen procentsats på deltagaren).").format(percent=pct(p["percent"]))
    return _("{percent} % – skattesituationen är inte registrerad. Fråga om huvudinkomst och A-skattsedel.").format(
        percent=pct(p.get("percent", 30))
    )


def current_choice(ctx, participant_id: int, on: date, *, organisation_id: int | None = None):
    """(ModeChoice, reason text) for a participant on a date (pay from ``organisation_id``)."""
    from sysselsattning.services import registry

    detail = registry.get_participant(ctx, participant_id)
    from sysselsattning.services.payroll_rows import birth_date_of, tax_setting

    sits = situations_for(ctx.db, [participant_id]).get(participant_id, ())
    org = organisation_id if organisation_id is not None else detail.organisation_id
    legacy = tax_setting(detail.tax_mode, detail.tax_percent_hundredths, detail.tax_fixed_ore)
    office = office_tables(ctx, [org], on.year).get(org) if org is not None else default_table(ctx, on.year)
    choice = taxmod.choose_mode(
        taxmod.situation_on(sits, on),
        legacy,
        organisation_id=org,
        on=on,
        birth_date=birth_date_of(detail.personnummer),
        params=ctx.params(),
        office_table=office,
    )
    from sysselsattning.services.registry import list_organisations

    names = {o.id: o.name for o in list_organisations(ctx)}
    return choice, reason_text(choice, org_names=names)


__all__ = [
    "MUNICIPAL_TABLES_KEY",
    "SituationInput",
    "current_choice",
    "default_table",
    "history",
    "office_tables",
    "parse_municipal_tables",
    "reason_text",
    "record",
    "set_municipal_tables",
    "situations_for",
    "validate",
]
