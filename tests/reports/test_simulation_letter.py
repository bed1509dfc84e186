"""The client letter: Swedish text and amounts read back with pypdf, a vector chart (no bitmap),
"uppskattning" where bostadstillägg rests on unconfirmed parameters. Uses the real rules engine."""

from __future__ import annotations

import copy
import io
import re
from datetime import date

from pypdf import PdfReader

from sysselsattning.domain.rules.scenario import parse_scenario
from sysselsattning.domain.rules.simulation import SimulationResult, simulate
from sysselsattning.reports.simulation_letter import render
from sysselsattning.rules import default_parameters


def typed_result(data: dict, params) -> SimulationResult:
    """The typed result the letter takes (the GUI and the command line pass the same)."""
    return simulate(parse_scenario(data, params), params)


PARAMS = default_parameters()

FS1 = {
    "year": 2026,
    "income_month_offset": 0,
    "household": {
        "adults": [{"birth_date": "1992-04-12"}],
        "cohabiting": False,
        "children": [],
        "costs": {"housing": "5200.00", "electricity": "300.00", "home_insurance": "150.00", "other": "0.00"},
    },
    "other_income": {"sjukersattning_net": "0.00", "barnbidrag": "0.00", "other_net": "0.00"},
    "forsorjningsstod": {"applies": True, "consecutive_months_before_year": 0},
    "bostadstillagg": {"applies": False, "housing_cost": "6000.00", "other_reducing_income_year": "0.00"},
    "arvode": {
        "monthly_gross": ["0.00", "0.00", "2000.00"] + ["0.00"] * 9,
        "tax": {"mode": "percent", "percent": "30"},
    },
    "policy": {
        "cap": "20000.00",
        "basis": "gross",
        "shields": ["forsorjningsstod", "bostadstillagg"],
        "tax_free": False,
    },
}


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    return " ".join(text.split())  # line breaks of wrapped paragraphs and cells → single spaces


def _letter(scenario=FS1, **kw) -> bytes:
    return render(
        typed_result(scenario, PARAMS),
        scenario,
        client_name="Åsa Öberg",
        caseworker="Lena Lind",
        today=date(2026, 11, 23),
        **kw,
    )


def test_letter_text_in_plain_swedish_with_amounts():
    data = _letter()
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "Vad arbete med arvode betyder för din ekonomi 2026" in text
    assert "Åsa Öberg" in text and "Lena Lind" in text
    assert "9 470,00 kr" in text  # FS-1: försörjningsstöd in March under today's rules
    assert "10 870,00 kr" in text  # with the cap (and without work)
    assert "12 270,00 kr" in text  # money to live on in March with the cap
    assert "mars" in text
    assert "Vad frikortet (taket) betyder för dig" in text
    assert "20 000,00 kr" in text
    assert "Med planen använder du 2 000,00 kr av taket 2026" in text
    assert "Till socialtjänsten" in text and "Till Försäkringskassan" in text
    # no bostadstillägg in this household → no estimate note about it
    assert "uppskattning" not in text.lower()


def test_chart_is_vector_graphics_not_an_image():
    reader = PdfReader(io.BytesIO(_letter()))
    first = reader.pages[0]
    content = first.get_contents().get_data().decode("latin-1")
    # the three case colours stroke paths (RG = stroke colour, m/l = path, S = stroke)
    assert ".752941 .223529 .168627 RG" in content  # current rules #c0392b
    assert ".121569 .466667 .705882 RG" in content  # with cap #1f77b4
    assert re.search(r"\d l\b", content) and re.search(r"\bS\b", content)
    for page in reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            assert ref.get_object().get("/Subtype") != "/Image"


def test_bostadstillagg_marked_as_estimate():
    scenario = copy.deepcopy(FS1)
    scenario["bostadstillagg"] = {"applies": True, "housing_cost": "5200.00", "other_reducing_income_year": "150000.00"}
    scenario["other_income"]["sjukersattning_net"] = "11200.00"
    text = _text(_letter(scenario))
    assert "Bostads- tillägg *" in text  # the column header carries the estimate mark
    assert "4 940,00 kr" in text  # bostadstillägg per month by SFB 102 kap. (RI 0: max on 5 200 minus nothing)
    assert "Sjuk- ersättning" in text and "11 200,00 kr" in text
    assert "uppskattning" in text.lower()
    assert "Försäkringskassan bestämmer själv" in text
    # the duty to report is said in plain words, not as an estimate (rules-depth: the BTP rules are confirmed)
    assert "Sjukersättning: Berätta för Försäkringskassan om arbetet innan du börjar." in text
    assert "Bostadstillägg: Berätta för Försäkringskassan när din inkomst ändras." in text


def test_bostadsbidrag_not_reported_states_the_repayment_next_year():
    """BB-7: arvode 2 000/mån not reported → 3 700/mån paid, 4 800 kr to pay back in 2027, said with its amount."""
    import json

    from sysselsattning.paths import resource_path

    scenario = json.loads(resource_path("scenarios", "bb7_ej_anmalt.json").read_text(encoding="utf-8"))
    pdf = _letter(scenario)
    text = _text(pdf)
    assert "Bostads- bidrag *" in text and "3 700,00 kr" in text
    assert "Året efter, 2027, räknar Försäkringskassan om bidraget. Då ska du betala tillbaka 4 800,00 kr." in text
    assert "Bostadsbidrag: Berätta för Försäkringskassan när din inkomst ändras." in text
    assert "Obs! Året efter, 2027, kan du få betala tillbaka 4 800,00 kr i bostadsbidrag." in text  # on page 1
    import os

    target = os.environ.get("SYSSELSATTNING_SCREENSHOTS")
    if target:
        with open(os.path.join(target, "brev_bb7.pdf"), "wb") as f:
            f.write(pdf)


def test_fonts_embedded_and_output_reproducible():
    a, b = _letter(), _letter()
    assert a == b
    reader = PdfReader(io.BytesIO(a))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {f.get_object()["/BaseFont"] for f in fonts.values()}
    assert any("DejaVuSans" in n for n in names)
    assert any("DejaVuSans-Bold" in n for n in names)  # bold works (font family registered)


def test_income_month_sentence_follows_the_scenarios_own_offset():
    """Issue #14: the letter words the income month from the scenario's offset (0 and 1 both)."""
    same = _text(_letter(FS1))
    assert "samma månad som du får det" in same and "månaden efter att du har fått det" not in same
    later = copy.deepcopy(FS1)
    later["income_month_offset"] = 1
    after = _text(_letter(later))
    assert "månaden efter att du har fått det" in after and "samma månad som du får det" not in after
    default = copy.deepcopy(FS1)
    del default["income_month_offset"]  # design.md §4: the default offset is 1
    assert "månaden efter att du har fått det" in _text(_letter(default))


def test_phone_number_in_the_letter():
    text = _text(_letter(phone="042-10 50 00"))
    assert "Ring din handläggare Lena Lind. Telefon: 042-10 50 00" in text


def test_chart_axis_starts_at_zero():
    from sysselsattning.reports.layout import register_fonts
    from sysselsattning.reports.simulation_letter import _chart

    font, _bold = register_fonts()  # on its own (first test of a worker) the font is not registered yet
    drawing = _chart(typed_result(FS1, PARAMS), 400, 200, font)
    plot = next(c for c in drawing.contents if hasattr(c, "yValueAxis"))
    assert plot.yValueAxis.valueMin == 0


def test_cli_letter_has_client_caseworker_date_and_phone(tmp_path):
    import json

    from sysselsattning.cli import main

    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(FS1), encoding="utf-8")
    out = tmp_path / "brev.pdf"
    code = main(
        [
            "simulate",
            str(scenario),
            "--format",
            "pdf",
            "--client",
            "Åsa Öberg",
            "--caseworker",
            "Lena Lind",
            "--phone",
            "042-10 50 00",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    text = _text(out.read_bytes())
    assert "Till: Åsa Öberg" in text and "Handläggare: Lena Lind" in text and "Datum:" in text
    assert "042-10 50 00" in text
