"""run_in_background: results and errors on the main thread, progress, cancelling, the acting user."""

from __future__ import annotations

import threading
import time

import pytest

from sysselsattning.ui.tasks import ProgressDialog, active_count, run_in_background, wait_idle


def test_result_arrives_on_the_main_thread(qtbot):
    main = threading.get_ident()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(result):
        seen["done"] = (result, threading.get_ident())

    handle = run_in_background(work, done)
    qtbot.waitUntil(lambda: "done" in seen, timeout=3000)
    assert seen["done"] == (42, main)
    assert seen["worker"] != main
    assert not handle.running and active_count() == 0


def test_error_goes_to_on_error(qtbot):
    errors = []
    run_in_background(lambda: 1 / 0, lambda r: pytest.fail("no result expected"), errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ZeroDivisionError)


def test_progress_and_cancel(qtbot):
    progress = []
    results = []
    started = threading.Event()

    def slow(report):
        for i in range(1000):
            report(i, 1000, f"rad {i}")
            started.set()
            time.sleep(0.002)
        return "klar"

    handle = run_in_background(slow, results.append, lambda e: pytest.fail(str(e)))
    handle.progress.connect(lambda d, t, text: progress.append((d, t, text)))
    assert started.wait(3)
    qtbot.waitUntil(lambda: bool(progress), timeout=3000)
    with qtbot.waitSignal(handle.ended, timeout=3000):
        handle.cancel()
    assert results == []  # cancelled: neither result nor error
    assert progress[0][1] == 1000 and progress[0][2].startswith("rad ")


def _visible_progress_dialogs() -> list[ProgressDialog]:
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()]


def test_progress_dialog_cancel_button(qtbot):
    def slow(report):
        for i in range(10_000):
            report(i, 10_000)
            time.sleep(0.001)

    handle = run_in_background(slow, progress="Skapar lönespecifikationer…")
    qtbot.waitUntil(lambda: bool(_visible_progress_dialogs()), timeout=3000)  # shown after a short delay
    dialog = _visible_progress_dialogs()[0]
    assert dialog._label.text() == "Skapar lönespecifikationer…"
    assert dialog._button.text() == "Avbryt"
    with qtbot.waitSignal(handle.ended, timeout=3000):
        dialog._button.click()
    assert handle.cancel_requested
    qtbot.waitUntil(lambda: not _visible_progress_dialogs(), timeout=3000)


def test_quick_job_shows_no_dialog(qtbot):
    handle = run_in_background(lambda: 1, progress="Sparar…")
    with qtbot.waitSignal(handle.ended, timeout=3000):
        pass
    assert not _visible_progress_dialogs()


def test_acting_user_is_carried_into_the_worker(qtbot):
    from sysselsattning.storage.db import current_user

    current_user.set("kerstin")
    seen = []
    run_in_background(lambda: current_user.get(), seen.append)
    assert wait_idle(3)
    assert seen == ["kerstin"]


def test_writes_run_one_at_a_time_in_order(qtbot):
    order = []
    lock = threading.Lock()
    running = [0]
    overlap = [False]

    def make(i):
        def work():
            with lock:
                running[0] += 1
                overlap[0] |= running[0] > 1
            time.sleep(0.01)
            with lock:
                running[0] -= 1
            return i

        return work

    for i in range(5):
        run_in_background(make(i), order.append, write=True)
    assert wait_idle(5)
    assert order == [0, 1, 2, 3, 4] and not overlap[0]


def test_start_later_counts_as_active_until_it_starts(qtbot):
    from PySide6.QtCore import QObject

    from sysselsattning.ui.tasks import start_later

    owner = QObject()
    started = []
    start_later(30, owner, lambda: started.append(run_in_background(lambda: 7, started.append)))
    assert active_count() == 1 and not started  # not yet started, but wait_idle waits for it
    assert wait_idle(5)
    assert len(started) == 2 and started[1] == 7 and active_count() == 0


def test_start_later_is_dropped_when_its_owner_goes(qtbot):
    from PySide6.QtCore import QObject

    from sysselsattning.ui.tasks import start_later

    owner = QObject()
    started = []
    start_later(30, owner, lambda: started.append(1))
    assert active_count() == 1
    owner.deleteLater()
    qtbot.wait(80)
    assert active_count() == 0 and started == []
    assert wait_idle(1)


def test_wait_idle_gives_up_at_its_deadline_and_then_sees_the_result(qtbot):
    """wait_idle sleeps in Qt's event loop (woken by the result or its own timer), never past its deadline."""
    import threading

    release = threading.Event()
    got = []
    run_in_background(lambda: release.wait(5) and "klar", got.append)
    assert wait_idle(0.1) is False and got == []  # still running: the deadline ends the wait
    release.set()
    assert wait_idle(5) is True and got == ["klar"]
