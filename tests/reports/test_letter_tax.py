"""The client letter says when the tax refund comes, that it counts as income, and how a jämkning avoids it."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader

from sysselsattning.domain.rules.scenario import parse_scenario
from sysselsattning.domain.rules.simulation import SimulationResult, simulate
from sysselsattning.i18n.messages import tax_refund_sentences
from sysselsattning.paths import resource_path
from sysselsattning.reports.simulation_letter import render
from sysselsattning.rules import default_parameters


def typed_result(data: dict, params) -> SimulationResult:
    """The typed result the letter takes (the GUI and the command line pass the same)."""
    return simulate(parse_scenario(data, params), params)


def _text(name: str) -> str:
    scenario = json.loads(resource_path("scenarios", name).read_text(encoding="utf-8"))
    pdf = render(typed_result(scenario, default_parameters()), scenario)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split()).replace("\xa0", " ")


def test_refund_sentence_and_how_to_apply_for_jamkning():
    text = _text("skatt1_30_procent_aterbaring.json")
    assert "Du får troligen tillbaka cirka 7 200 kr i skatt under 2027." in text
    assert "Socialtjänsten räknar den som inkomst den månad den betalas ut." in text
    assert "e-tjänsten Jämkning på skatteverket.se eller på blankett SKV 4302" in text


def test_a_small_debt_is_not_worth_a_paragraph():
    assert "Skatten året efter" not in _text("skatt2_tabell_32.json")  # −11 kr


def test_sentences_round_and_name_the_direction():
    assert tax_refund_sentences(5_000, 2026) == []
    assert (
        tax_refund_sentences(720_049, 2026)[0]
        .replace("\xa0", " ")
        .startswith("Du får troligen tillbaka cirka 7 200 kr i skatt under 2027.")
    )
    [debt] = tax_refund_sentences(-45_600, 2026)
    assert debt.replace("\xa0", " ").startswith("Du kan få betala cirka 460 kr i skatt under 2027")
