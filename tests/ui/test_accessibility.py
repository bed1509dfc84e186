"""Issue #19: the accessibility check (names, contrast, clipping) and the shared field helpers it relies on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.ui import accessibility as a11y
from sysselsattning.ui.widgets import FieldError, set_field_error, with_error_label


def _kinds(findings, kind):
    return [f for f in findings if f.kind == kind]


def test_the_check_command_finds_nothing_on_any_page_or_dialog():
    """`gui --check-accessibility --format json` in its own process (offscreen, 200 %): every page and the
    main dialogs built, no problem left, exit 0. A control added without a name anywhere makes this fail."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SYSSELSATTNING_LANG="sv")
    env.pop("QT_SCALE_FACTOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "sysselsattning", "gui", "--check-accessibility", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    report = json.loads(proc.stdout)
    pages = {p["page"]: p for p in report["pages"]}
    from sysselsattning.ui.main_window import PAGE_KEYS

    for key in PAGE_KEYS:
        assert key in pages, key
        assert pages[key]["controls"] >= 5, key  # the page was really built, not a placeholder
    assert {"dialog:inloggning", "dialog:forsta-administratoren", "dialog:om"} <= set(pages)
    problems = {k: p["problems"] for k, p in pages.items() if p["problems"]}
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_text_output_and_exit_code_1_when_something_is_found(qtbot, monkeypatch):
    import io

    bad = a11y.PageReport("deltagare", 3, [a11y.Finding("namn", "QLineEdit", "saknar namn för skärmläsare")])
    text = a11y.format_text([bad, a11y.PageReport("tid", 4, [])])
    assert "deltagare: 3 kontroller, 1 problem" in text and "[namn] QLineEdit" in text
    assert "Totalt 1 problem." in text

    monkeypatch.setattr(a11y, "check_application", lambda app, ctx, pages=None: [bad])
    out = io.StringIO()
    assert a11y.run_check("json", out=out) == 1
    assert json.loads(out.getvalue()) == {
        "pages": [
            {
                "page": "deltagare",
                "controls": 3,
                "problems": [{"kind": "namn", "widget": "QLineEdit", "detail": "saknar namn för skärmläsare"}],
            }
        ]
    }


def test_a_new_unnamed_control_is_reported_and_a_form_label_names_its_field(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    form = QFormLayout()
    named = QLineEdit()
    form.addRow("Förnamn:", with_error_label(named))  # the label is buddied to the wrapper …
    bare = QLineEdit()
    bare.setPlaceholderText("Skriv något")  # a placeholder is not a name
    form.addRow(bare)
    combo = QComboBox()
    combo.addItems(["Alla", "Några"])  # nor is the current item
    form.addRow(combo)
    icon = QToolButton()
    icon.setIcon(root.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
    form.addRow(icon)
    table = QTableView()
    table.setAccessibleName("Rader")  # a name but no description
    form.addRow(table)
    root.setLayout(form)
    root.show()

    count, found = a11y.check_names(root)
    assert count == 5
    unnamed = {f.widget.split(" ")[0] for f in found if "saknar namn" in f.detail}
    assert unnamed == {"QLineEdit", "QComboBox", "QToolButton"}
    assert [f.widget.split(" ")[0] for f in found if "saknar beskrivning" in f.detail] == ["QTableView"]
    # … and the field itself is named after the label, which is buddied to the field (Alt+mnemonic works)
    assert named.accessibleName() == "Förnamn"
    assert a11y.accessible_name(named) == "Förnamn"
    label = form.labelForField(named.parentWidget())
    assert isinstance(label, QLabel) and label.buddy() is named

    icon.setAccessibleName("Ta bort")
    icon.setToolTip("Ta bort raden")  # the tooltip is the description
    _count, found = a11y.check_names(root)
    assert not [f for f in found if "QToolButton" in f.widget]


def test_field_errors_become_the_fields_description_and_clear_again(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    edit = QLineEdit()
    edit.setAccessibleDescription("ÅÅÅÅ-MM-DD")
    layout.addWidget(with_error_label(edit))
    set_field_error(edit, "Ogiltigt datum.")
    assert edit.accessibleDescription() == "Ogiltigt datum."
    assert edit.property("invalid") is True
    label = root.findChild(FieldError)
    assert label.text() == "Ogiltigt datum." and not label.isHidden()
    set_field_error(edit, "")
    assert edit.accessibleDescription() == "ÅÅÅÅ-MM-DD"
    assert label.isHidden()


def test_contrast_findings_use_the_widgets_real_colours(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    pale = QLabel("Ljusgrå text")
    pale.setStyleSheet("color: #aaaaaa; background: #ffffff;")
    good = QLabel("Mörk text")
    good.setStyleSheet("color: #333333; background: #ffffff;")
    big = QLabel("Stor rubrik")
    big.setStyleSheet("color: #888888; background: #ffffff; font-size: 20pt;")  # 3.5:1 is enough for large text
    for w in (pale, good, big):
        layout.addWidget(w)
    root.show()
    qtbot.waitExposed(root)
    found = _kinds(a11y.check_contrast(root), "kontrast")
    texts = [f.widget for f in found]
    assert any("Ljusgrå text" in t for t in texts)
    assert not any("Mörk text" in t or "Stor rubrik" in t for t in texts)
    detail = next(f.detail for f in found if "Ljusgrå" in f.widget)
    assert "#aaaaaa på #ffffff = 2.32:1" in detail


def test_clipped_text_is_found(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    root.resize(400, 200)
    label = QLabel("En mycket lång rubrik som inte får plats i sin ruta", root)
    label.setGeometry(10, 10, 80, 20)
    fits = QLabel("Kort", root)
    fits.setGeometry(10, 40, 200, 30)
    root.show()
    qtbot.waitExposed(root)
    found = a11y.check_clipping(root)
    assert [f.widget for f in found if f.kind == "klippt"] == [a11y.describe(label)]


def test_every_input_control_on_a_page_is_counted(qtbot, ctx, ui_data):
    """The check covers at least every input widget on the page (none skipped as "internal")."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox

    from sysselsattning.ui.pages.participants import Page

    page = Page(ctx)
    qtbot.addWidget(page)
    covered = set(map(id, a11y.controls(page)))
    inputs = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView))
        and not a11y._inside(w, (QComboBox, QAbstractSpinBox))
        and not w.objectName().startswith("qt_")
        and type(w).__name__ not in ("QHeaderView", "QTableCornerButton")
        and not isinstance(w.parentWidget(), QLineEdit)
    ]
    assert len(inputs) >= 20
    assert [w for w in inputs if id(w) not in covered] == []


def test_high_contrast_palette_is_followed(monkeypatch, qapp):
    from PySide6.QtGui import QPalette

    from sysselsattning.domain.contrast import contrast_ratio
    from sysselsattning.ui import theme

    monkeypatch.setenv("SYSSELSATTNING_CONTRAST", "high")
    palette = theme.app_palette(QPalette())
    assert palette.color(QPalette.ColorRole.Window).name() == "#000000"
    t = theme.theme_for(palette)
    assert t.high_contrast and t.nav_bg == "#000000" and t.error_bg == "#000000"
    for tone in (t.muted, t.error, t.warning, t.ok, t.accent):
        assert contrast_ratio(tone, t.window) >= 4.5
    monkeypatch.setenv("SYSSELSATTNING_CONTRAST", "normal")
    calm = theme.app_palette(QPalette())
    assert calm.color(QPalette.ColorRole.Window).name() == "#f4f6f8"
    # the calm theme's tones also reach the targets (text 4.5:1, lines and chart series 3:1)
    c = theme.theme_for(calm)
    for tone in (c.muted, c.error, c.warning, c.ok, c.accent):
        assert contrast_ratio(tone, c.window) >= 4.5 and contrast_ratio(tone, c.base) >= 4.5
    for hue in c.case.values():
        assert contrast_ratio(hue, c.base) >= 3.0
    assert contrast_ratio(c.focus, c.window) >= 3.0


@pytest.mark.parametrize("text", ["&Period:", "Förnamn:", "<b>Namn</b>"])
def test_label_text_as_spoken_name(text):
    from sysselsattning.ui.widgets import accessible_label_text

    assert accessible_label_text(text) in ("Period", "Förnamn", "Namn")
