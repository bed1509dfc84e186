"""Problem codes → Swedish sentences. Each module adds its codes to :data:`MESSAGES`."""

from __future__ import annotations

from sysselsattning.domain.problems import Problem
from sysselsattning.i18n.catalog import _

MESSAGES: dict[str, str] = {
    "required": "Fältet måste fyllas i.",
    "pnr_format": "Ogiltigt personnummer: skriv ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN.",
    "pnr_date": "Ogiltigt personnummer: datumet finns inte.",
    "pnr_checksum": "Ogiltigt personnummer: kontrollsiffran stämmer inte.",
    "pnr_duplicate": "Det finns redan en deltagare med personnumret {pnr}.",
    "orgnr_invalid": "Ogiltigt organisationsnummer.",
    "money_invalid": "Ogiltigt belopp: skriv t.ex. 1 234,50.",
    "money_negative": "Beloppet får inte vara negativt.",
    "number_invalid": "Ogiltigt tal.",
    "date_invalid": "Ogiltigt datum: skriv ÅÅÅÅ-MM-DD.",
    "date_future": "Datumet {date} ligger i framtiden.",
    "date_range": "Slutdatum ligger före startdatum.",
    "hours_range": "Timmar måste vara mellan 0 och 24 per dag.",
    "hours_day_total": "{name} får högst 24 timmar den {date} (redan {existing} timmar).",
    "quantity_negative": "Antal får inte vara negativt.",
    "rate_missing": "Uppgiften {task} saknar arvode för {date}.",
    "period_locked": "Perioden för {date} är låst (godkänd lönekörning). Rätta med en ny rad i en öppen period.",
    "clearing_invalid": "Ogiltigt clearingnummer.",
    "account_invalid": "Ogiltigt kontonummer för clearingnumret.",
    "bank_missing": "Clearing- och kontonummer krävs för utbetalning till bank.",
    "percent_range": "Skattesatsen måste vara mellan 0 och 100 %.",
    "payout_invalid": "Utbetalning ska vara 'kontant' eller 'bank'.",
    "unknown_worksite": "Arbetsplatsen {name} finns inte.",
    "unknown_task": "Uppgiften {name} finns inte på arbetsplatsen.",
    "unknown_participant": "Deltagaren {pnr} finns inte.",
    "wrong_unit_hours": "Uppgiften {task} räknas per styck – fyll i antal, inte timmar.",
    "wrong_unit_pieces": "Uppgiften {task} räknas per timme – fyll i timmar, inte antal.",
    "conflict": "Någon annan har ändrat posten under tiden. De senaste uppgifterna visas – gör om ändringen.",
    "duplicate_name": "Namnet {name} finns redan.",
    "name_too_long": "Namnet får vara högst {max} tecken.",
    "scenario_invalid": "Scenariot är felaktigt.",
    "amount_too_large": "Beloppet är orimligt stort (högst {max}).",
    # users, login, parameters, retention (services/users.py, auth.py, parameters.py)
    "username_invalid": "Användarnamnet får bara innehålla a–z, 0–9, punkt, bindestreck och understreck (2–64 tecken).",
    "username_taken": "Användarnamnet {name} är upptaget.",
    "password_short": "Lösenordet måste vara minst {min} tecken.",
    "password_mismatch": "Lösenorden är inte lika.",
    "role_invalid": "Okänd roll {role}: välj administrator, samordnare, handlaggare eller granskare.",
    "organisation_required": "En samordnare måste ha minst en förening.",
    "organisation_unknown": "Föreningen finns inte.",
    "organisation_unknown_orgnr": "Det finns ingen förening med organisationsnummer {orgnr}.",
    "text_too_long": "Texten får vara högst {max} tecken.",
    "parameter_unknown": "Parametern {key} finns inte.",
    "parameter_value": "Ogiltigt värde för {key}: {expected}.",
    "reason_required": "Ange ett skäl till ändringen.",
    "setting_invalid": "Ogiltigt värde för inställningen {key}.",
    # registry and time recording (services/registry.py, timesheets.py, csv_io.py)
    "payment_day_range": "Utbetalningsdagen måste vara mellan 1 och 28.",
    "unit_invalid": "Enheten måste vara timme, styck eller tillfälle.",
    "rate_overlap": "Arvodet överlappar ett annat arvode för uppgiften ({other}).",
    "orgnr_duplicate": "Det finns redan en förening med organisationsnummer {orgnr}.",
    "quantity_invalid": "Ogiltigt antal: skriv t.ex. 7,5.",
    "quantity_missing": "Fyll i timmar eller antal.",
    "worksite_inactive": "Arbetsplatsen {name} är inaktiv.",
    "participant_inactive": "Deltagaren {name} är inaktiv.",
    "not_found": "Posten finns inte längre.",
    "correction_not_needed": "Posten ligger i en öppen period – ändra den direkt i stället för att rätta.",
    "correction_zero": "Rättelsen ändrar ingenting.",
    "csv_header": "Rubrikraden saknar kolumnerna: {columns}.",
    "csv_empty": "Filen är tom.",
    # pay runs and pay slips (domain/payroll.py, services/payroll.py)
    "period_invalid": "Ogiltig period {label}: skriv ÅÅÅÅ-MM (t.ex. 2026-03).",
    "period_needs_organisation": "Perioden {label} är en vecko- eller tillfälleskörning och gäller en förening: ange föreningen.",
    "tax_percent": "Skatt {percent} %",
    "tax_fixed": "Skatt enligt skattetabellen",
    "tax_mode_none": "Ingen skatt dras (enligt beslut)",
    "tax_under_year_limit": "Ingen skatt dras: under {limit} i år",
    "tax_under_payment_limit": "Ingen skatt dras: utbetalningen är under {payment_limit}",
    "tax_no_pay": "Ingen skatt: inget att betala ut",
    "tax_cap_tax_free": "Ingen skatt: arvodet ryms under frikortet",
    "pay_over_cap": "{name} går över frikortets tak på {cap} (med {over}).",
    "pay_over_tax_limit": "{name} passerar {limit} i år: skatt dras från och med nu och arbetsgivaravgift betalas på hela årets arvode.",
    "pay_negative_net": "{name} får ett negativt belopp ({net}) efter rättelser.",
    "pay_estimate": "{name}: arbetsgivaravgiften bygger på en obekräftad parameter (uppskattning).",
}


def problem_text(problem: Problem) -> str:
    if problem.message:
        return problem.message
    template = MESSAGES.get(problem.code, problem.code)
    try:
        return _(template).format(**problem.params)
    except (KeyError, IndexError):
        return _(template)
