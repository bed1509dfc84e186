"""The simulator page says when the tax refund comes and how a jämkning avoids it; the table mode round-trips."""

from __future__ import annotations

import json

import pytest

from sysselsattning.paths import resource_path
from sysselsattning.ui.pages.simulation import Page
from sysselsattning.ui.tasks import wait_idle


@pytest.fixture
def page(qtbot, ctx):
    p = Page(ctx)
    qtbot.addWidget(p)
    p.resize(1080, 800)
    p.show()
    p.refresh()
    assert wait_idle()
    return p


def _load(qtbot, page, name: str) -> None:
    scenario = json.loads(resource_path("scenarios", name).read_text(encoding="utf-8"))
    with qtbot.waitSignal(page.results_updated, timeout=5000):
        page.set_scenario(scenario)


def test_refund_sentence_and_jamkning_advice(qtbot, page):
    _load(qtbot, page, "skatt1_30_procent_aterbaring.json")
    qtbot.waitUntil(lambda: "tillbaka" in page.summary.text(), timeout=5000)
    text = page.summary.text().replace("\xa0", " ")
    assert "Du får troligen tillbaka cirka 7 200 kr i skatt under 2027." in text
    assert "Socialtjänsten räknar den som inkomst den månad den betalas ut." in text
    assert "jämkning" in text and "SKV 4302" in text


def test_table_mode_round_trips_through_the_form(qtbot, page):
    _load(qtbot, page, "skatt2_tabell_32.json")
    assert page.editor.tax_mode.currentData() == "table" and page.editor.tax_table.value() == 32
    qtbot.waitUntil(lambda: page._result is not None, timeout=5000)
    assert page._result.current_rules.tax_refund == -1100  # the typed result: öre
    assert page._result.current_rules.tax[0] == 22700
