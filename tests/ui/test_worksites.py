"""Worksites and tasks: the tree, forms with errors at the fields, the rate history."""

from __future__ import annotations

import pytest

from sysselsattning.ui.widgets import field_error


@pytest.fixture
def page(qtbot, ctx, ui_data):
    from sysselsattning.ui.pages.worksites import Page

    p = Page(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    p.changed.connect(p.on_data_changed)  # as the main window's broadcast does
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.refresh()
    return p


def _tree_texts(page) -> list[str]:
    out = []
    root = page.tree.invisibleRootItem()
    stack = [(root.child(i), 0) for i in reversed(range(root.childCount()))]
    while stack:
        item, depth = stack.pop()
        out.append("  " * depth + item.text(0) + (f" | {item.text(1)}" if item.text(1) else ""))
        stack.extend((item.child(i), depth + 1) for i in reversed(range(item.childCount())))
    return out


def test_tree_shows_associations_worksites_tasks_and_todays_rate(page):
    assert _tree_texts(page) == [
        "Hela människan (Ria)",
        "  Cykelverkstaden",
        "    Cykelreparation | 20,00\xa0kr per styck",
        "    Verkstadspass | 50,00\xa0kr per timme",
        "  Kolonilotten",
        "    Trädgårdsarbete | 45,00\xa0kr per timme",
    ]


def test_add_rate_updates_history_and_tree(qtbot, ctx, ui_data, page):
    page.select("task", ui_data.task_id)
    form = page.task_form
    assert page.forms.currentWidget() is form
    assert form.rate_model.rowCount() == 1
    qtbot.keyClicks(form.rate_from, "2026-11-01")
    qtbot.keyClicks(form.rate_amount, "55,50")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        form.add_rate_button.click()
    form = page.task_form
    assert form.rate_model.rowCount() == 2
    assert form.rate_model.data(form.rate_model.index(1, 2)) == "55,50\xa0kr"
    assert form.rate_model.data(form.rate_model.index(0, 1)) == "2026-10-31"  # the open rate was closed
    assert "    Verkstadspass | 55,50\xa0kr per timme" in _tree_texts(page)


def test_rate_errors_at_the_fields(qtbot, ctx, ui_data, page):
    page.select("task", ui_data.task_id)
    form = page.task_form
    qtbot.keyClicks(form.rate_from, "2026-13-01")
    form.add_rate_button.click()
    assert field_error(form.rate_from) == "Ogiltigt datum: skriv ÅÅÅÅ-MM-DD."
    assert field_error(form.rate_amount) == "Fältet måste fyllas i."
    form.rate_from.clear()
    qtbot.keyClicks(form.rate_from, "2026-12-01")
    qtbot.keyClicks(form.rate_amount, "-5")
    form.add_rate_button.click()
    qtbot.waitUntil(lambda: field_error(form.rate_amount) != "", timeout=5000)
    assert field_error(form.rate_amount) == "Beloppet får inte vara negativt."
    assert field_error(form.rate_from) == ""


def test_new_association_with_bad_orgnr_then_worksite(qtbot, ctx, ui_data, page):
    page.new_org.click()
    form = page.org_form
    qtbot.keyClicks(form.name, "Verdandi Helsingborg")
    qtbot.keyClicks(form.orgnr, "802000-0000")
    form.save_button.click()
    qtbot.waitUntil(lambda: field_error(form.orgnr) != "", timeout=5000)
    assert field_error(form.orgnr).startswith("Ogiltigt organisationsnummer")
    from tests.ui.conftest import orgnr

    form.orgnr.setText(orgnr("802003451"))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        form.save_button.click()
    assert "Verdandi Helsingborg" in _tree_texts(page)
    # A worksite under the selected association.
    page.new_worksite.click()
    ws_form = page.worksite_form
    assert ws_form.organisation_id.currentText() == "Verdandi Helsingborg"
    qtbot.keyClicks(ws_form.name, "Matkassen")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        ws_form.save_button.click()
    assert "  Matkassen" in _tree_texts(page)
    from sysselsattning.services import registry

    assert [w.name for w in registry.list_worksites(ctx) if w.organisation_name == "Verdandi Helsingborg"] == [
        "Matkassen"
    ]
