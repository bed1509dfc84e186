"""A cheaper answer to PySide6's "does this module use PySide?" question, asked after every import.

Importing ``PySide6.QtCore`` replaces Python's ``__import__`` so that ``from __feature__ import snake_case``
can work. As a side effect, every module imported afterwards is checked by reading its whole source file
(``inspect.getsource``) and searching it for the word "PySide6": about 300 files — SQLAlchemy, our own
layers — at every start, 60–100 ms of the program's start-up (cProfile: ``shibokensupport/feature.py``
``_mod_uses_pyside`` → ``inspect.findsource`` → ``linecache``).

The answer only matters to modules that select a ``__feature__``; this program selects none. It is still
given correctly enough without reading files: a module uses PySide when it is part of PySide/shiboken or of
our ``ui`` package, or when one of its globals is a PySide module, class or function. If a PySide release
renames the hook, nothing is patched and PySide keeps its own check.
"""

from __future__ import annotations

import sys
from types import ModuleType

_PREFIXES = ("PySide6", "shiboken6")


def uses_pyside(module: ModuleType) -> bool:
    name = getattr(module, "__name__", "") or ""
    if name.startswith((*_PREFIXES, "sysselsattning.ui")):
        return True
    try:
        values = list(vars(module).values())
    except TypeError:
        return False
    for value in values:  # the modules and classes it imported (functions and constants are not looked at)
        if isinstance(value, ModuleType):
            owner = value.__name__
        elif isinstance(value, type):
            owner = value.__module__
        else:
            continue
        if isinstance(owner, str) and owner.startswith(_PREFIXES):
            return True
    return False


def install() -> bool:
    """Replace PySide's source-reading check (once PySide6.QtCore is imported); True when it was replaced."""
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside
    return True
