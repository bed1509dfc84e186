"""Problem codes → Swedish sentences. Each module adds its codes to :data:`MESSAGES`.

Wrap each sentence in ``N_()`` so ``tools/update_translations.sh`` extracts it for the English catalogue;
:func:`problem_text` translates it with ``_()`` when shown.
"""

from __future__ import annotations

from sysselsattning.domain.problems import Problem
from sysselsattning.i18n.catalog import N_, _

MESSAGES: dict[str, str] = {
    "required": N_("Fältet måste fyllas i."),
    "pnr_format": N_("Ogiltigt personnummer: skriv ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."),
    "pnr_date": N_("Ogiltigt personnummer: datumet finns inte."),
    "pnr_checksum": N_("Ogiltigt personnummer: kontrollsiffran stämmer inte."),
    "pnr_duplicate": N_("Det finns redan en deltagare med personnumret {pnr}."),
    "orgnr_invalid": N_("Ogiltigt organisationsnummer."),
    "money_invalid": N_("Ogiltigt belopp: skriv t.ex. 1 234,50."),
    "money_negative": N_("Beloppet får inte vara negativt."),
    "number_invalid": N_("Ogiltigt tal."),
    "date_invalid": N_("Ogiltigt datum: skriv ÅÅÅÅ-MM-DD."),
    "date_future": N_("Datumet {date} ligger i framtiden."),
    "date_range": N_("Slutdatum ligger före startdatum."),
    "hours_range": N_("Timmar måste vara mellan 0 och 24 per dag."),
    "hours_day_total": N_("{name} får högst 24 timmar den {date} (redan {existing} timmar)."),
    "quantity_negative": N_("Antal får inte vara negativt."),
    "rate_missing": N_("Uppgiften {task} saknar arvode för {date}."),
    "period_locked": N_("Perioden för {date} är låst (godkänd lönekörning). Rätta med en ny rad i en öppen period."),
    "clearing_invalid": N_("Ogiltigt clearingnummer."),
    "account_invalid": N_("Ogiltigt kontonummer för clearingnumret."),
    "bank_missing": N_("Clearing- och kontonummer krävs för utbetalning till bank."),
    "percent_range": N_("Skattesatsen måste vara mellan 0 och 100 %."),
    "payout_invalid": N_("Utbetalning ska vara 'kontant' eller 'bank'."),
    "unknown_worksite": N_("Arbetsplatsen {name} finns inte."),
    "unknown_task": N_("Uppgiften {name} finns inte på arbetsplatsen."),
    "unknown_participant": N_("Deltagaren {pnr} finns inte."),
    "wrong_unit_hours": N_("Uppgiften {task} räknas per styck – fyll i antal, inte timmar."),
    "wrong_unit_pieces": N_("Uppgiften {task} räknas per timme – fyll i timmar, inte antal."),
    "conflict": N_("Någon annan har ändrat posten under tiden. De senaste uppgifterna visas – gör om ändringen."),
    "duplicate_name": N_("Namnet {name} finns redan."),
    "name_too_long": N_("Namnet får vara högst {max} tecken."),
    "scenario_invalid": N_("Scenariot är felaktigt."),
    "amount_too_large": N_("Beloppet är orimligt stort (högst {max})."),
    "se_gross_below_net": N_("Sjukersättningen före skatt kan inte vara lägre än efter skatt."),
    # users, login, parameters, retention (services/users.py, auth.py, parameters.py)
    "username_invalid": N_(
        "Användarnamnet får bara innehålla a–z, 0–9, punkt, bindestreck och understreck (2–64 tecken)."
    ),
    "username_taken": N_("Användarnamnet {name} är upptaget."),
    "password_short": N_("Lösenordet måste vara minst {min} tecken."),
    "password_mismatch": N_("Lösenorden är inte lika."),
    "role_invalid": N_("Okänd roll {role}: välj administrator, samordnare, handlaggare eller granskare."),
    "organisation_required": N_("En samordnare måste ha minst en förening."),
    "organisation_unknown": N_("Föreningen finns inte."),
    "organisation_unknown_orgnr": N_("Det finns ingen förening med organisationsnummer {orgnr}."),
    "text_too_long": N_("Texten får vara högst {max} tecken."),
    "parameter_unknown": N_("Parametern {key} finns inte."),
    "parameter_value": N_("Ogiltigt värde för {key}: {expected}."),
    "reason_required": N_("Ange ett skäl till ändringen."),
    "setting_invalid": N_("Ogiltigt värde för inställningen {key}."),
    # registry and time recording (services/registry.py, timesheets.py, csv_io.py)
    "payment_day_range": N_("Utbetalningsdagen måste vara mellan 1 och 28."),
    "unit_invalid": N_("Enheten måste vara timme, styck eller tillfälle."),
    "rate_overlap": N_("Arvodet överlappar ett annat arvode för uppgiften ({other})."),
    "orgnr_duplicate": N_("Det finns redan en förening med organisationsnummer {orgnr}."),
    "quantity_invalid": N_("Ogiltigt antal: skriv t.ex. 7,5."),
    "quantity_missing": N_("Fyll i timmar eller antal."),
    "worksite_inactive": N_("Arbetsplatsen {name} är inaktiv."),
    "participant_inactive": N_("Deltagaren {name} är inaktiv."),
    "not_found": N_("Posten finns inte längre."),
    "correction_not_needed": N_("Posten ligger i en öppen period – ändra den direkt i stället för att rätta."),
    "correction_zero": N_("Rättelsen ändrar ingenting."),
    "csv_header": N_("Rubrikraden saknar kolumnerna: {columns}."),
    "csv_empty": N_("Filen är tom."),
    # pay runs and pay slips (domain/payroll.py, services/payroll.py)
    "period_invalid": N_("Ogiltig period {label}: skriv ÅÅÅÅ-MM (t.ex. 2026-03)."),
    "pay_date_not_bank_day": N_("{date} är ingen bankdag (helg, helgdag, midsommar-, jul- eller nyårsafton)."),
    "pay_date_before_period": N_("Utbetalningsdagen {date} ligger före perioden {label}."),
    "period_needs_organisation": N_(
        "Perioden {label} är en vecko- eller tillfälleskörning och gäller en förening: ange föreningen."
    ),
    "tax_percent": N_("Skatt {percent} %"),
    "tax_fixed": N_("Skatt enligt skattetabellen"),
    "tax_mode_none": N_("Ingen skatt dras (enligt beslut)"),
    "tax_under_year_limit": N_("Ingen skatt – under {limit} i år"),
    "tax_under_payment_limit": N_("Ingen skatt dras: utbetalningen är under {payment_limit}"),
    "tax_no_pay": N_("Ingen skatt: inget att betala ut"),
    "tax_cap_tax_free": N_("Ingen skatt: arvodet ryms under frikortet"),
    "tax_table": N_("Skatt enligt tabell {table}, kolumn {column}"),
    "tax_table_plus10": N_("Skatt enligt tabell {table}, kolumn {column}, + 10 % – skatteuppgift saknas"),
    "tax_side_income": N_("{percent} % – arvodet är inte din huvudinkomst"),
    "tax_other_main_payer": N_("{percent} % – en annan förening betalar din huvudinkomst"),
    "tax_short_work": N_("{percent} % – uppdraget är kortare än en vecka"),
    "tax_jamkning_percent": N_("Skatt enligt ditt jämkningsbeslut: {percent} %"),
    "tax_jamkning_amount": N_("Skatt enligt ditt jämkningsbeslut"),
    "pay_over_cap": N_("{name} går över frikortets tak på {cap} (med {over})."),
    "pay_over_tax_limit": N_(
        "{name} passerar {limit} i år: skatt dras från och med nu och arbetsgivaravgift betalas på hela årets arvode."
    ),
    "tax_main_payer_assumed": N_(
        "{name} får arvode från flera föreningar och ingen huvudbetalare är vald: den här föreningen drar skatt "
        "enligt tabell, de andra 30 %. Välj huvudbetalare under Skattesituation."
    ),
    "pay_negative_net": N_("{name} får ett negativt belopp ({net}) efter rättelser."),
    "pay_estimate": N_("{name}: arbetsgivaravgiften bygger på en obekräftad parameter (uppskattning)."),
}


def problem_text(problem: Problem) -> str:
    if problem.message:
        return problem.message
    template = MESSAGES.get(problem.code, problem.code)
    try:
        return _(template).format(**problem.params)
    except (KeyError, IndexError):
        return _(template)


def tax_refund_sentences(refund_ore: int, year: int) -> list[str]:
    """What a year's tax settlement means for the participant, in plain words (the simulator page and the letter).

    ``refund_ore`` is withheld − final tax (positive = money back the year after). Under 100 kr nothing is said.
    The amount is "cirka": rounded to 100 kr (10 kr under 1 000 kr).
    """
    from sysselsattning.i18n.format import format_money

    size = abs(refund_ore)
    if size < 10_000:
        return []
    step = 10_000 if size >= 100_000 else 1_000
    rounded = (size + step // 2) // step * step
    amount = format_money(rounded, decimals=False)
    if refund_ore > 0:
        return [
            _(
                "Du får troligen tillbaka cirka {amount} i skatt under {next}. "
                "Socialtjänsten räknar den som inkomst den månad den betalas ut."
            ).format(amount=amount, next=year + 1),
            _(
                "Det går att undvika. Med ett beslut om jämkning från Skatteverket dras rätt skatt från början. "
                "Ansök i e-tjänsten Jämkning på skatteverket.se eller på blankett SKV 4302. "
                "Lämna sedan beslutet till föreningen."
            ),
        ]
    return [
        _("Du kan få betala cirka {amount} i skatt under {next}, eftersom för lite skatt dras under året.").format(
            amount=amount, next=year + 1
        )
    ]
