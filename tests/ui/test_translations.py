"""The English catalogue covers the shell's and foundation screens' strings, with the same placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MY_FILES = [
    "sysselsattning/ui/app.py",
    "sysselsattning/ui/main_window.py",
    "sysselsattning/ui/tasks.py",
    "sysselsattning/ui/widgets.py",
    "sysselsattning/ui/models/base.py",
    "sysselsattning/ui/models/entries.py",
    "sysselsattning/ui/models/week.py",
    "sysselsattning/ui/pages/participants.py",
    "sysselsattning/ui/pages/worksites.py",
    "sysselsattning/ui/pages/timesheet/page.py",
    "sysselsattning/ui/pages/timesheet/entries.py",
    "sysselsattning/ui/pages/timesheet/grid.py",
]


def _catalog():
    from babel.messages.pofile import read_po

    with (ROOT / "resources/locale/en/LC_MESSAGES/messages.po").open("rb") as fh:
        return read_po(fh, locale="en")


def test_every_ui_string_has_an_english_translation_with_the_same_placeholders(tmp_path):
    pot = tmp_path / "ui.pot"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(pot),
            *MY_FILES,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        pytest.skip(f"pybabel saknas: {result.stderr[-200:]}")
    from babel.messages.pofile import read_po

    with pot.open("rb") as fh:
        wanted = [m.id for m in read_po(fh) if m.id]
    catalog = _catalog()
    missing, bad = [], []
    for msgid in wanted:
        message = catalog.get(msgid)
        if message is None or not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            missing.append(msgid)
            continue
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if {p for s in ids for p in re.findall(r"\{\w+\}", s)} != {
            p for s in strings for p in re.findall(r"\{\w+\}", s)
        }:
            bad.append(msgid)
    assert not missing, missing
    assert not bad, bad


def test_window_in_english(qtbot, ctx):
    from sysselsattning.i18n import set_language
    from sysselsattning.ui.main_window import MainWindow
    from sysselsattning.ui.tasks import wait_idle

    set_language("en")
    try:
        w = MainWindow(ctx, page="tid")
        qtbot.addWidget(w)
        wait_idle()
        assert [w.navigation.item(i).text() for i in range(3)] == [
            "Participants",
            "Worksites and tasks",
            "Time recording",
        ]
        assert w.page("tid").tabs.tabText(0) == "Weekly report"
    finally:
        set_language("sv")
