"""Python's cyclic garbage collector runs on the main thread only.

The collector normally runs whenever enough objects have been allocated — in whichever thread happens to be
allocating. When a background job (:mod:`.tasks`) triggers it, a reference cycle that holds a Qt object
(a closed dialog with its lambdas, a replaced model) is destroyed there, and Qt objects must be destroyed on
the thread they live on: the result is a rare crash in a pooled thread (we saw one, a segfault in libpython on a
``Thread (pooled)``, while the entry list was opened and closed repeatedly). The usual remedy in PySide/PyQt
programs is to switch automatic collection off and collect on the main thread, on a timer, with the same
generation thresholds Python would use. Reference counting still frees everything that is not in a cycle at
once; only cycles wait, at most ``interval_ms``.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadCollector(QObject):
    """Owned by the application; collecting stops (and automatic collection is back) when it is destroyed."""

    def __init__(self, parent: QObject, interval_ms: int = 500):
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)
        if self._was_enabled:
            self.destroyed.connect(_enable)

    def stop(self) -> None:
        """Give collection back to Python (the window has closed) and leave the application."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
        self.setParent(None)

    def collect(self) -> int:
        """Collect the generations Python would have collected by now (the youngest first)."""
        c0, c1, c2 = gc.get_count()
        t0, t1, t2 = self._thresholds
        found = 0
        if c0 > t0:
            found += gc.collect(0)
            if c1 > t1:
                found += gc.collect(1)
                if c2 > t2:
                    found += gc.collect(2)
        return found


def _enable(*_args: object) -> None:
    gc.enable()


def install(app: QObject) -> MainThreadCollector:
    """Once per application."""
    existing = app.findChild(MainThreadCollector)
    if isinstance(existing, MainThreadCollector):
        return existing
    return MainThreadCollector(app)
