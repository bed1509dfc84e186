"""Issue #19: the participant's documents in plain Swedish — LIX ≤ 30 on the prose each document prints.

The prose is taken from the document builder (``payslip.prose``, ``simulation_letter.prose``) and checked to be
in the PDF's own text (read back with pypdf), so the measured text is the printed text. Amounts, dates and
numbers are not words; names (people, associations, worksites, tasks) are left out of the count.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from sysselsattning.domain.readability import LIX_EASY, measure
from sysselsattning.reports import payslip
from tests.reports.test_payslip import slip


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def pdf_text(pdf: bytes) -> str:
    return _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def printed_in_order(text: str, printed: str) -> bool:
    """Every word of ``text`` is in the printed text, in order (an amount may stand between two lines of it)."""
    from sysselsattning.domain.readability import words

    want, have = words(text), iter(words(printed))
    return all(any(w == h for h in have) for w in want)


SLIP_NAMES = ["Łukasz Öğrenci", "Frihamnen – Hemlösas hus", "Maria Lind", "Cykelverkstaden", "Kolonilotten"]


def _slips():
    base = slip()
    return {
        "tak": base,
        "tak-beslut": replace(base, cap_decision_from=date(2026, 4, 1), cap_decision_to=date(2026, 9, 30)),
        "taket-nått": replace(base, cap_used_ore=2000000),
        "inget-frikort": replace(slip(cap=False), tax_text="Ingen skatt dras: under 1 000 kr i år"),
        "utkast": replace(base, draft=True, estimate=True, contact_name="Maria Lind", contact_phone="042-10 20 30"),
    }


@pytest.mark.parametrize("variant", list(_slips()))
def test_pay_slip_prose_is_easy_to_read(variant):
    s = _slips()[variant]
    prose = payslip.prose(s)
    printed = pdf_text(payslip.render([s]))
    for text in prose:
        assert printed_in_order(text, printed), text  # measured text = printed text
    m = measure(prose, exclude=SLIP_NAMES)
    assert m.words > 30  # really the slip's prose, not a stub
    assert m.value <= LIX_EASY, (round(m.value, 1), prose)


def test_the_cap_box_alone_is_easy_to_read():
    for s in (slip(), slip(cap=False)):
        t = payslip._texts()
        box = payslip._cap_box(s, t)
        texts = [*box["facts"], *box["rule"], t["tell"]]
        assert measure(texts).value <= LIX_EASY, texts


# ----------------------------------------------------------------------------------------- the letter
def _letter_cases():
    import copy

    from tests.reports.test_simulation_letter import FS1

    no_gain = copy.deepcopy(FS1)
    with_btp = copy.deepcopy(FS1)
    with_btp["bostadstillagg"]["applies"] = True
    with_btp["household"]["adults"][0]["birth_date"] = "1960-05-01"
    with_btp["other_income"]["sjukersattning_net"] = "9000.00"
    offset = copy.deepcopy(FS1)
    offset["income_month_offset"] = 1
    offset["policy"]["tax_free"] = True
    return {"grund": no_gain, "bostadstillagg-sjukersattning": with_btp, "manaden-efter": offset}


@pytest.mark.parametrize("case", list(_letter_cases()))
def test_simulation_letter_prose_is_easy_to_read(case):
    from sysselsattning.domain.rules.scenario import parse_scenario
    from sysselsattning.domain.rules.simulation import simulate
    from sysselsattning.reports import simulation_letter
    from sysselsattning.rules import default_parameters

    scenario = _letter_cases()[case]
    params = default_parameters()
    result = simulate(parse_scenario(scenario, params), params)  # the typed result, as the GUI prints it
    who = {"client_name": "Åsa Öberg", "caseworker": "Lena Lind", "today": date(2026, 3, 2)}
    prose = simulation_letter.prose(result, scenario, **who)
    printed = pdf_text(simulation_letter.render(result, scenario, **who))
    for text in prose:
        assert printed_in_order(text, printed), text
    m = measure(prose, exclude=["Åsa Öberg", "Lena Lind"])
    assert m.words > 150  # the whole letter's prose
    assert m.value <= LIX_EASY, (round(m.value, 1), prose)
