"""Settings → Skatt: the municipality tables are saved (and checked), and each year's table source is shown."""

from __future__ import annotations

from datetime import date


def test_municipal_tables_and_sources(qtbot, ctx):
    from sysselsattning.services import tax_situation
    from sysselsattning.ui.pages.settings import page as settings_page
    from sysselsattning.ui.tasks import active_count

    ctx.today = date(2026, 3, 2)
    p = settings_page.Page(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    p.tabs.setCurrentWidget(p.tax)
    qtbot.waitUntil(lambda: "2026" in p.tax.sources.text(), timeout=5000)
    assert "2026: Skatteverkets tabell" in p.tax.sources.text()
    assert "2027: parametrar saknas ännu" in p.tax.sources.text()
    p.tax.text.setPlainText("Helsingborg: 33\nLund 3x")
    p.tax.save()
    qtbot.waitUntil(lambda: active_count() == 0 and p.tax.status.text() != "", timeout=5000)
    assert "Rad 2" in p.tax.status.text()
    p.tax.text.setPlainText("Helsingborg: 33\nLund: 32")
    p.tax.save()
    qtbot.waitUntil(lambda: p.tax.status.text() == "Sparat.", timeout=5000)
    assert tax_situation.municipal_tables(ctx.db) == {"helsingborg": 33, "lund": 32}
    p.grab().save("/tmp/h16_settings.png")
