"""The engine's warnings are codes with parameters (domain/rules/warnings.py); i18n/warnings.py words them.

The Swedish sentences are the engine's texts from before #13 item 4, word for word: the §7 JSON lists them.
"""

from __future__ import annotations

import re

import pytest

from sysselsattning.domain.rules import bostadsbidrag as bbmod
from sysselsattning.domain.rules import bostadstillagg as btpmod
from sysselsattning.domain.rules import sarskilt_bostadstillagg as sbtpmod
from sysselsattning.domain.rules import simulation
from sysselsattning.domain.rules import sjukersattning as semod
from sysselsattning.domain.rules.advice import REPORTING_WARNINGS
from sysselsattning.domain.rules.warnings import SPECS, RuleWarning, warning
from sysselsattning.i18n import set_language
from sysselsattning.i18n.warnings import short_warning_text, warning_text, warning_text_sv

KEYS = ["basbelopp.prisbasbelopp", "bostadstillagg.avrakning.arbetsinkomst_andel_procent"]

#: The sentences the engine wrote before the codes (copied from domain/rules on main, f-strings filled in).
BEFORE = {
    warning("riksnorm_unconfirmed", keys=KEYS): "Riksnorm: uppskattade belopp (obekräftade parametrar: "
    "basbelopp.prisbasbelopp, bostadstillagg.avrakning.arbetsinkomst_andel_procent).",
    simulation.JOBBSTIMULANS_WARNING: "Försörjningsstöd: jobbstimulansen räknar arvodet som inkomst av anställning "
    "(obekräftat, parameter forsorjningsstod.jobbstimulans.arvode_ar_anstallning).",
    simulation.OFFSET_WARNINGS[1]: "Försörjningsstöd: arvodet räknas månaden efter utbetalningen (kommunal praxis, "
    "obekräftad parameter forsorjningsstod.inkomstmanad_forskjutning).",
    simulation.OFFSET_WARNINGS[0]: "Försörjningsstöd: arvodet räknas samma månad (kommunal praxis, obekräftad "
    "parameter forsorjningsstod.inkomstmanad_forskjutning).",
    semod.REPORT_WARNING: "Sjukersättning: arbetet ska anmälas till Försäkringskassan innan det börjar (SFB 110 kap. "
    "51 §). Försäkringskassan kan dra in ersättningen för samma tid och omfattning eller pröva arbetsförmågan på "
    "nytt (36 kap. 9 och 19 §§) – sjukersättningen i simuleringen är oförändrad.",
    semod.STEGLOS_WARNING: "Sjukersättning (steglös avräkning): ansök hos Försäkringskassan innan arbetet börjar, "
    "varje år. Avräkningen stäms av mot den fastställda pensionsgrundande inkomsten ungefär två år senare.",
    semod.VILANDE_WARNING: "Sjukersättning (vilande): ansök om vilande ersättning hos Försäkringskassan innan "
    "arbetet börjar.",
    semod.VILANDE_TAX_WARNING: "Sjukersättning vid vilande är en uppskattning: det är inte bekräftat om de 25 "
    "procenten beskattas.",
    semod.REVIEW_WARNING: "Sjukersättning: vilandetiden (24 månader) är slut – rätten till sjukersättning omprövas.",
    semod.TAK_WARNING: "Sjukersättning: arbetsinkomsten överstiger 8 prisbasbelopp – ersättningen kan påverkas "
    "ytterligare.",
    warning("btp_unconfirmed", keys=KEYS): "Bostadstillägg: beloppen är en uppskattning – obekräftade parametrar: "
    "basbelopp.prisbasbelopp, bostadstillagg.avrakning.arbetsinkomst_andel_procent.",
    btpmod.BB_DEDUCTION_WARNINGS["hela"]: "Bostadstillägg är en uppskattning: bostadskostnaden minskas med hela det "
    "preliminära bostadsbidraget. Det är inte bekräftat vilken del som ska dras av.",
    btpmod.BB_DEDUCTION_WARNINGS["bostadsdel"]: "Bostadstillägg är en uppskattning: bostadskostnaden minskas med "
    "bostadsdelen av det preliminära bostadsbidraget. Det är inte bekräftat vilken del som ska dras av.",
    btpmod.COUPLE_WARNING: "Bostadstillägg för sambor är en uppskattning: varje makes inkomst räknas som hälften av "
    "parets, men partnerns inkomst och eget avdrag finns inte i beräkningen.",
    btpmod.NO_AGE_WARNING: "Bostadstillägg: födelsedatum saknas – garantinivån från 30 år används (uppskattning).",
    simulation.BTP_REPORT_WARNING: "Bostadstillägg: ändrad inkomst ska anmälas till Försäkringskassan (risk för "
    "återbetalning).",
    sbtpmod.COUPLE_WARNINGS["per_person"]: "Särskilt bostadstillägg för sambor är en uppskattning: golvregeln räknas "
    "per person. Det är inte bekräftat hur regeln gäller för par.",
    sbtpmod.COUPLE_WARNINGS["halvera"]: "Särskilt bostadstillägg för sambor är en uppskattning: golvregeln räknas "
    "före halveringen av parets inkomster. Det är inte bekräftat hur regeln gäller för par.",
    sbtpmod.LEVEL_WARNING: "Särskilt bostadstillägg är en uppskattning: det är inte bekräftat hur Försäkringskassan "
    "avrundar den skäliga levnadsnivån.",
    bbmod.YOUNG_BTP_WARNING: "Bostadsbidrag: unga utan barn får inte bostadsbidrag när de har bostadstillägg (SFB 96 "
    "kap. 11 §) – bostadstillägget är deras bostadsstöd.",
    bbmod.NOT_REPORTED_WARNING: "Bostadsbidrag: arvodet är inte anmält till Försäkringskassan – det preliminära "
    "bidraget räknas utan arvodet och skillnaden krävs tillbaka året efter.",
    simulation.BB_REPORT_WARNING: "Bostadsbidrag: anmäl arvodet till Försäkringskassan när inkomsten ändras – annars "
    "krävs skillnaden tillbaka året efter.",
}


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("sv")


def test_every_code_is_covered_here():
    assert {w.code for w in BEFORE} == set(SPECS)


@pytest.mark.parametrize("w", list(BEFORE), ids=[w.code for w in BEFORE])
def test_swedish_sentence_is_the_engines_text_before_the_codes(w):
    assert warning_text_sv(w) == BEFORE[w]
    assert warning_text(w) == BEFORE[w]  # Swedish is the default language


@pytest.mark.parametrize("w", list(BEFORE), ids=[w.code for w in BEFORE])
def test_short_form_is_what_the_page_showed(w):
    """The page used to shorten the sentence with two regular expressions; the catalogue now says the short form."""
    old = re.sub(r"\s*[–-]\s*obekräftade parametrar:.*$", ".", BEFORE[w])
    old = re.sub(r"\s*\(obekräfta[^)]*\)", " (obekräftat)", old).strip()
    assert short_warning_text(w) == old


def test_parameters_are_put_in_after_translation(english):
    w = warning("riksnorm_unconfirmed", keys=["a.b", "c.d"])
    assert (
        warning_text(w) == "Riksnorm (national standard amount): estimated amounts (unconfirmed parameters: a.b, c.d)."
    )
    assert warning_text_sv(w) == "Riksnorm: uppskattade belopp (obekräftade parametrar: a.b, c.d)."
    b = warning("btp_unconfirmed", keys=["x"])
    assert warning_text(b) == "Housing supplement: the amounts are an estimate – unconfirmed parameters: x."
    assert short_warning_text(b) == "Housing supplement: the amounts are an estimate."


def test_every_code_reads_in_english(english):
    for w, swedish in BEFORE.items():
        assert warning_text(w) != swedish, w.code
        assert warning_text_sv(w) == swedish, w.code


def test_attributes_replace_the_text_matches():
    # the reporting duties: the six sentences advice.py matched by text before
    assert {w.code for w in BEFORE if BEFORE[w] in _OLD_REPORTING} == set(REPORTING_WARNINGS)
    assert all(SPECS[c].reporting_duty for c in REPORTING_WARNINGS)
    # the page and the letter dropped warnings starting "Bostadstillägg" when the household has none
    assert {w.code for w in BEFORE if BEFORE[w].startswith("Bostadstillägg")} == {
        c for c, s in SPECS.items() if s.area == "bostadstillagg"
    }
    # the engine's estimate flag looked for "uppskattning" (the riksnorm note counted through _prepare)
    assert {w.code for w in BEFORE if "uppskattning" in BEFORE[w]} | {"riksnorm_unconfirmed"} == {
        c for c, s in SPECS.items() if s.estimate
    }


_OLD_REPORTING = {
    BEFORE[simulation.BTP_REPORT_WARNING],
    BEFORE[simulation.BB_REPORT_WARNING],
    BEFORE[bbmod.NOT_REPORTED_WARNING],
    BEFORE[semod.REPORT_WARNING],
    BEFORE[semod.STEGLOS_WARNING],
    BEFORE[semod.VILANDE_WARNING],
}


def test_a_warning_is_a_hashable_value():
    w = warning("btp_unconfirmed", keys=["a", "b"])
    assert w.params == (("keys", ("a", "b")),) and w.values() == {"keys": ("a", "b")}
    assert (
        w == warning("btp_unconfirmed", keys=["a", "b"]) and len({w, warning("btp_unconfirmed", keys=["a", "b"])}) == 1
    )
    assert w.area == "bostadstillagg" and w.estimate and not w.reporting_duty
    with pytest.raises(ValueError):
        RuleWarning("no_such_code")
