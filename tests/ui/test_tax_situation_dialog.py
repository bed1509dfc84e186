"""The tax situation dialog on the participant form: the reason in words while typing, saved from a date."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def form(qtbot, ctx, ui_data):
    from sysselsattning.services import registry
    from sysselsattning.ui.pages.participants import Page

    ctx.today = date(2026, 3, 2)
    p = Page(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.refresh()
    anna = next(x for x in registry.list_participants(ctx) if x.first_name == "Anna")
    p.form.load(registry.get_participant(ctx, anna.id))
    return p.form


def test_reason_in_words_and_saving(qtbot, ctx, form):
    from sysselsattning.services import tax_situation
    from sysselsattning.ui.tasks import active_count
    from sysselsattning.ui.tax_situation_dialog import TaxSituationDialog

    assert form.tax_reason.text().startswith("30 % – skattesituationen är inte registrerad")
    d = TaxSituationDialog(
        ctx,
        form.detail.id,
        birth_date=date(1985, 4, 12),
        organisation_id=form.detail.organisation_id,
        organisations=[],
    )
    qtbot.addWidget(d)
    d.table.setValue(32)
    assert d.reason.text().startswith("Tabell 32, kolumn 1 – arvodet är huvudinkomsten")
    d.main_income.setCurrentIndex(d.main_income.findData("sjukersattning"))
    assert "sjukersättning är det" in d.reason.text()
    d.main_income.setCurrentIndex(0)
    d.jamkning_kind.setCurrentIndex(d.jamkning_kind.findData("percent"))
    d.jamkning_value.setText("12")
    assert d.reason.text().startswith("Jämkningsbeslut: 12 %")
    d.jamkning_value.setText("120")
    d.save()
    qtbot.waitUntil(lambda: active_count() == 0 and d.save_button.isEnabled(), timeout=5000)
    assert "procentsats 0–100" in d.fields["jamkning_value"].parent().findChildren(type(d.reason))[-1].text() or (
        tax_situation.history(ctx, form.detail.id) == []
    )
    d.jamkning_kind.setCurrentIndex(0)
    d.save()
    qtbot.waitUntil(lambda: active_count() == 0, timeout=5000)
    [row] = tax_situation.history(ctx, form.detail.id)
    assert (row.table_no, row.valid_from) == (32, date(2026, 3, 2))
    form._show_tax_reason()
    assert form.tax_reason.text().startswith("Tabell 32, kolumn 1")
    d.grab().save("/tmp/h16_dialog.png")
    form.grab().save("/tmp/h16_form.png")
