"""The PySide6 desktop program (the only package that imports Qt).

- :mod:`.app` — QApplication setup, error hook, composition (:func:`.app.start`);
- :mod:`.main_window` — navigation and pages (:mod:`.pages` documents the page convention);
- :mod:`.tasks` — :func:`~.tasks.run_in_background`, the one way to run work off the UI thread;
- :mod:`.widgets` — Swedish input fields, error labels at fields, search box;
- :mod:`.models` — Qt table models over row dataclasses.
"""

import PySide6.QtCore  # noqa: F401  (installs PySide's import hook, which the next line makes cheaper)

from sysselsattning.ui import _pyside_imports

_pyside_imports.install()
