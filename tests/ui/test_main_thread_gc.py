"""Cyclic garbage is collected on the main thread, by the application's timer (ui.main_thread_gc)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from sysselsattning.ui.main_thread_gc import MainThreadCollector, install


class _Cycle:
    def __init__(self, log: list[str]):
        self.me = self
        self.log = log

    def __del__(self):
        self.log.append(threading.current_thread().name)


def test_cycles_are_freed_on_the_main_thread_only(qtbot):
    owner = QObject()
    was = gc.isenabled()
    collector = MainThreadCollector(owner, interval_ms=20)
    try:
        assert not gc.isenabled()
        log: list[str] = []

        def worker():
            for _ in range(20_000):  # enough allocations that automatic collection would have run here
                _Cycle(log)

        t = threading.Thread(target=worker, name="arbetare")
        t.start()
        t.join()
        assert log == []  # nothing collected in the worker
        qtbot.waitUntil(lambda: len(log) == 20_000, timeout=5000)
        assert set(log) == {threading.main_thread().name}
    finally:
        owner.deleteLater()
        qtbot.wait(10)
    assert gc.isenabled() == was
    del collector


def test_install_is_once_per_application(qtbot):
    owner = QObject()
    try:
        assert install(owner) is install(owner)
    finally:
        owner.deleteLater()
        qtbot.wait(10)
    assert gc.isenabled()


def test_the_window_gives_collection_back_when_it_closes(sqlite_url, tmp_path, qtbot):
    from sysselsattning.ui import app

    assert gc.isenabled()
    assert app.start(sqlite_url, page="deltagare", screenshot=str(tmp_path / "s.png")) == 0
    assert gc.isenabled()
    assert app.start(sqlite_url, page="deltagare", screenshot=str(tmp_path / "t.png")) == 0
    assert gc.isenabled()
