"""PySide's per-import "uses PySide?" check is answered without reading source files (start-up, #17)."""

from __future__ import annotations

import sys
import types

import PySide6.QtWidgets

import sysselsattning.ui  # noqa: F401  (installs the check)
from sysselsattning.ui import _pyside_imports


def test_the_hook_is_ours_after_importing_the_ui_package():
    feature = sys.modules["PySide6.support.feature"]
    assert feature._mod_uses_pyside is _pyside_imports.uses_pyside


def test_modules_are_told_apart_by_what_they_imported():
    uses = _pyside_imports.uses_pyside
    import sqlalchemy

    from sysselsattning.ui import widgets

    assert uses(widgets) and uses(PySide6.QtWidgets)
    assert not uses(sqlalchemy)
    plain = types.ModuleType("somewhere.plain")
    plain.Path = __import__("pathlib").Path
    assert not uses(plain)
    with_class = types.ModuleType("somewhere.dialog")
    with_class.QDialog = PySide6.QtWidgets.QDialog
    assert uses(with_class)
    with_module = types.ModuleType("somewhere.qt")
    with_module.QtWidgets = PySide6.QtWidgets
    assert uses(with_module)


def test_source_files_are_not_read_for_new_imports(monkeypatch, tmp_path):
    """A module imported now is classified without ``inspect.getsource``."""
    import inspect

    def refuse(_obj):
        raise AssertionError("source read")

    monkeypatch.setattr(inspect, "getsource", refuse)
    (tmp_path / "fresh_module_for_pyside_check.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import fresh_module_for_pyside_check  # noqa: F401

    feature = sys.modules["PySide6.support.feature"]
    assert feature.pyside_feature_dict["fresh_module_for_pyside_check"] == -1
