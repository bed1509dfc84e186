"""Participant screen: list (masked personnummer), form errors at the field, save, conflict."""

from __future__ import annotations

import pytest

from sysselsattning.ui.widgets import field_error


@pytest.fixture
def page(qtbot, ctx, ui_data):
    from sysselsattning.ui.pages.participants import Page

    p = Page(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    p.changed.connect(p.on_data_changed)  # what the main window's data_changed broadcast does
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.refresh()
    return p


def _save(qtbot, form) -> None:
    from sysselsattning.ui.tasks import active_count

    form.save()
    qtbot.waitUntil(lambda: active_count() == 0 and form.save_button.isEnabled(), timeout=5000)


def test_list_shows_participants_sorted_and_searchable(qtbot, ctx, ui_data, page):
    model = page.model
    assert [model.data(model.index(i, 0)) for i in range(model.rowCount())] == [
        "Andersson, Anna",
        "Aziz, Ali",
        "Kowalska, Łucja",
    ]
    assert model.data(model.index(0, 1)) == "19850412-9803"  # administrator sees the full number
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClicks(page.search, "kowal")
    assert model.rowCount() == 1 and model.data(model.index(0, 0)) == "Kowalska, Łucja"
    assert page.count_label.text() == "1 deltagare"


def test_coordinator_sees_masked_personnummer(qtbot, ctx, ui_data):
    from sysselsattning.ui.pages.participants import Page

    ctx.role = "samordnare"
    p = Page(ctx)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.refresh()
    assert p.model.data(p.model.index(0, 1)) == "19850412-****"


def test_invalid_personnummer_message_at_the_field(qtbot, ctx, ui_data, page):
    form = page.form
    form.new()
    qtbot.keyClicks(form.personnummer, "811228-9873")
    qtbot.keyClicks(form.first_name, "Berit")
    qtbot.keyClicks(form.last_name, "Berg")
    _save(qtbot, form)
    assert field_error(form.personnummer) == "Ogiltigt personnummer: kontrollsiffran stämmer inte."
    assert field_error(form.first_name) == ""
    assert form.message.isVisible() and "inget sparades" in form.message.text()
    from sysselsattning.services import registry

    assert registry.count_participants(ctx) == 3


def test_missing_name_and_bank_details_at_their_fields(qtbot, ctx, ui_data, page):
    form = page.form
    form.new()
    qtbot.keyClicks(form.personnummer, "19850412-9811")
    form.payout_method.setCurrentIndex(form.payout_method.findData("bank"))
    _save(qtbot, form)
    assert field_error(form.first_name) == "Fältet måste fyllas i."
    assert field_error(form.last_name) == "Fältet måste fyllas i."
    assert "Clearing- och kontonummer krävs" in field_error(form.clearing)


def test_new_participant_saved_and_listed(qtbot, ctx, ui_data, page):
    from sysselsattning.domain.personnummer import with_check_digit

    digits = with_check_digit("850101983")  # 10 digits with a valid check digit
    form = page.form
    form.new()
    qtbot.keyClicks(form.personnummer, f"19{digits[:6]}-{digits[6:]}")
    qtbot.keyClicks(form.first_name, "Örjan")
    qtbot.keyClicks(form.last_name, "Åberg")
    qtbot.keyClicks(form.tax_percent, "32,5")
    qtbot.keyClicks(form.cap_decision_from, "2026-01-01")
    qtbot.keyClicks(form.cap_decision_to, "2026-12-31")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        form.save()
    assert not form.message.isVisible(), form.message.text()
    assert form.detail is not None and form.detail.tax_percent_hundredths == 3250
    assert form.info.text() == "Sparat."
    names = [page.model.data(page.model.index(i, 0)) for i in range(page.model.rowCount())]
    assert "Åberg, Örjan" in names
    row = page.view.currentIndex().row()
    assert page.model.data(page.model.index(row, 0)) == "Åberg, Örjan"  # selected after saving


def test_conflict_shows_the_newer_values(qtbot, ctx, ui_data, page):
    from dataclasses import replace

    from sysselsattning.services import registry

    form = page.form
    anna = ui_data.participants[0]
    form.load(registry.get_participant(ctx, anna.id))
    # Someone else changes the phone number meanwhile.
    other = registry.get_participant(ctx, anna.id)
    registry.save_participant(
        ctx, replace(form.current_input(), phone="042-10 20 30"), participant_id=anna.id, version=other.version
    )
    form.city.setText("Landskrona")
    _save(qtbot, form)
    assert "Någon annan har ändrat posten under tiden" in form.message.text()
    assert form.phone.text() == "042-10 20 30"  # the newer values are shown
    assert "ort ”Landskrona” (nu ”Helsingborg”)" in form.message.text()


def test_personnummer_checked_when_leaving_the_field(qtbot, ctx, ui_data, page):
    from PySide6.QtCore import Qt

    form = page.form
    form.new()
    qtbot.keyClicks(form.personnummer, "19850230-1234")
    qtbot.keyClick(form.personnummer, Qt.Key.Key_Return)  # editingFinished, nothing saved
    assert field_error(form.personnummer) == "Ogiltigt personnummer: datumet finns inte."
    form.personnummer.clear()
    qtbot.keyClicks(form.personnummer, "19850412-9803")
    qtbot.keyClick(form.personnummer, Qt.Key.Key_Return)
    assert field_error(form.personnummer) == ""
