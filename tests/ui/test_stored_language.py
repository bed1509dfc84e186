"""Inställningar → Språk is applied at the next start, unless --lang / SYSSELSATTNING_LANG chose a language."""

from sysselsattning.i18n import _, current_language, set_language
from sysselsattning.services.parameters import set_setting


def test_stored_language_applies_at_start(qapp, ctx, monkeypatch):
    from sysselsattning.ui import app

    set_setting(ctx, "language", "en")
    monkeypatch.delenv("SYSSELSATTNING_LANG", raising=False)
    try:
        app.apply_stored_language(qapp, ctx)
        assert current_language() == "en"
        assert _("Deltagare") == "Participants"
    finally:
        set_language("sv")
        app.install_qt_translations(qapp, "sv")


def test_environment_language_wins(qapp, ctx, monkeypatch):
    from sysselsattning.ui import app

    set_setting(ctx, "language", "en")
    monkeypatch.setenv("SYSSELSATTNING_LANG", "sv")
    app.apply_stored_language(qapp, ctx)
    assert current_language() == "sv"
