"""The simulation engine's warnings: code → sentence, the one catalogue of their texts.

The domain raises :class:`~sysselsattning.domain.rules.warnings.RuleWarning` values (a code and parameters);
this module says how each reads. The sentences are Swedish message ids marked with ``N_()`` so that
``tools/update_translations.sh`` extracts them and ``messages.po`` gives the English; the parameters are put in
after translation, so a sentence that names parameters is translated too.

- :func:`warning_text` — the sentence in the current language (the letter, the page's tooltip, ``simulate
  --format text``).
- :func:`warning_text_sv` — the Swedish sentence whatever the language: the §7 JSON keeps these, word for word.
- :func:`short_warning_text` — the simulator page's short form (without lists of parameter names).

To add a warning: its code in ``domain/rules/warnings.SPECS``, its sentence in :data:`WARNING_TEXTS` (and a
short form in :data:`SHORT_TEXTS` when the sentence names parameters), then ``tools/update_translations.sh`` and
the English in ``messages.po``.
"""

from __future__ import annotations

from typing import Any

from sysselsattning.domain.rules.warnings import RuleWarning
from sysselsattning.i18n.catalog import N_, _

#: Every code's sentence (Swedish message id). ``{keys}``: the unconfirmed parameters' names, comma-separated.
WARNING_TEXTS: dict[str, str] = {
    # riksnorm and försörjningsstöd
    "riksnorm_unconfirmed": N_("Riksnorm: uppskattade belopp (obekräftade parametrar: {keys})."),
    "fs_jobbstimulans_unconfirmed": N_(
        "Försörjningsstöd: jobbstimulansen räknar arvodet som inkomst av anställning (obekräftat, parameter "
        "forsorjningsstod.jobbstimulans.arvode_ar_anstallning)."
    ),
    "fs_income_next_month_unconfirmed": N_(
        "Försörjningsstöd: arvodet räknas månaden efter utbetalningen (kommunal praxis, obekräftad parameter "
        "forsorjningsstod.inkomstmanad_forskjutning)."
    ),
    "fs_income_same_month_unconfirmed": N_(
        "Försörjningsstöd: arvodet räknas samma månad (kommunal praxis, obekräftad parameter "
        "forsorjningsstod.inkomstmanad_forskjutning)."
    ),
    # sjukersättning
    "se_report_work": N_(
        "Sjukersättning: arbetet ska anmälas till Försäkringskassan innan det börjar (SFB 110 kap. 51 §). "
        "Försäkringskassan kan dra in ersättningen för samma tid och omfattning eller pröva arbetsförmågan på "
        "nytt (36 kap. 9 och 19 §§) – sjukersättningen i simuleringen är oförändrad."
    ),
    "se_steglos_apply": N_(
        "Sjukersättning (steglös avräkning): ansök hos Försäkringskassan innan arbetet börjar, varje år. "
        "Avräkningen stäms av mot den fastställda pensionsgrundande inkomsten ungefär två år senare."
    ),
    "se_vilande_apply": N_(
        "Sjukersättning (vilande): ansök om vilande ersättning hos Försäkringskassan innan arbetet börjar."
    ),
    "se_vilande_tax_unconfirmed": N_(
        "Sjukersättning vid vilande är en uppskattning: det är inte bekräftat om de 25 procenten beskattas."
    ),
    "se_vilande_review": N_("Sjukersättning: vilandetiden (24 månader) är slut – rätten till sjukersättning omprövas."),
    "se_over_ceiling": N_(
        "Sjukersättning: arbetsinkomsten överstiger 8 prisbasbelopp – ersättningen kan påverkas ytterligare."
    ),
    # bostadstillägg
    "btp_unconfirmed": N_("Bostadstillägg: beloppen är en uppskattning – obekräftade parametrar: {keys}."),
    "btp_bb_deduction_whole": N_(
        "Bostadstillägg är en uppskattning: bostadskostnaden minskas med hela det preliminära "
        "bostadsbidraget. Det är inte bekräftat vilken del som ska dras av."
    ),
    "btp_bb_deduction_housing_part": N_(
        "Bostadstillägg är en uppskattning: bostadskostnaden minskas med bostadsdelen av det preliminära "
        "bostadsbidraget. Det är inte bekräftat vilken del som ska dras av."
    ),
    "btp_couple": N_(
        "Bostadstillägg för sambor är en uppskattning: varje makes inkomst räknas som hälften av parets, men "
        "partnerns inkomst och eget avdrag finns inte i beräkningen."
    ),
    "btp_no_birth_date": N_("Bostadstillägg: födelsedatum saknas – garantinivån från 30 år används (uppskattning)."),
    "btp_report_income": N_(
        "Bostadstillägg: ändrad inkomst ska anmälas till Försäkringskassan (risk för återbetalning)."
    ),
    # särskilt bostadstillägg
    "sbtp_couple_per_person": N_(
        "Särskilt bostadstillägg för sambor är en uppskattning: golvregeln räknas per person. Det är inte "
        "bekräftat hur regeln gäller för par."
    ),
    "sbtp_couple_halved": N_(
        "Särskilt bostadstillägg för sambor är en uppskattning: golvregeln räknas före halveringen av parets "
        "inkomster. Det är inte bekräftat hur regeln gäller för par."
    ),
    "sbtp_level_rounding": N_(
        "Särskilt bostadstillägg är en uppskattning: det är inte bekräftat hur Försäkringskassan avrundar den "
        "skäliga levnadsnivån."
    ),
    # bostadsbidrag
    "bb_young_with_btp": N_(
        "Bostadsbidrag: unga utan barn får inte bostadsbidrag när de har bostadstillägg (SFB 96 kap. 11 §) – "
        "bostadstillägget är deras bostadsstöd."
    ),
    "bb_not_reported": N_(
        "Bostadsbidrag: arvodet är inte anmält till Försäkringskassan – det preliminära bidraget räknas utan "
        "arvodet och skillnaden krävs tillbaka året efter."
    ),
    "bb_report_income": N_(
        "Bostadsbidrag: anmäl arvodet till Försäkringskassan när inkomsten ändras – annars krävs skillnaden "
        "tillbaka året efter."
    ),
}

#: The simulator page's short forms where the sentence names parameters (they stay in the tooltip and on the
#: settings page); every other code's short form is its sentence.
SHORT_TEXTS: dict[str, str] = {
    "riksnorm_unconfirmed": N_("Riksnorm: uppskattade belopp (obekräftat)."),
    "fs_jobbstimulans_unconfirmed": N_(
        "Försörjningsstöd: jobbstimulansen räknar arvodet som inkomst av anställning (obekräftat)."
    ),
    "btp_unconfirmed": N_("Bostadstillägg: beloppen är en uppskattning."),
}


def _shown(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _render(template: str, w: RuleWarning) -> str:
    return template.format(**{k: _shown(v) for k, v in w.params})


def warning_text(w: RuleWarning) -> str:
    """The warning's sentence in the current language, its parameters filled in."""
    return _render(_(WARNING_TEXTS[w.code]), w)


def warning_text_sv(w: RuleWarning) -> str:
    """The warning's Swedish sentence whatever the language (the §7 JSON)."""
    return _render(WARNING_TEXTS[w.code], w)


def short_warning_text(w: RuleWarning) -> str:
    """The simulator page's short form in the current language."""
    return _render(_(SHORT_TEXTS.get(w.code, WARNING_TEXTS[w.code])), w)
