"""How fast the simulator page follows the hours slider (and answers other edits): drive it offscreen.

``measure_slider`` is the ``simulation_page`` metric of ``benchmarks/run.py``: a step of the hours slider (a key
press on the focused slider) → the page recomputes at once (no debounce for the slider) → the results panel
(month table, summary, warning line and both charts) repainted. Its floor is Qt's own cost of the same screen:
the same widgets given the two positions' results already computed (the table's cell texts, the labels' texts,
the charts' series and bars, all captured from the page beforehand) and repainted — everything the page does
beyond that is ours (reading the form, the rules engine, formatting, the curve lookup).

Run standalone for the table per kind of edit as well::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/simulation_page_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FRAME_BUDGET_MS = 1000 / 60  # 16.7 ms: one frame at 60 frames a second


def make_page():
    """The simulator page on a throwaway database, filled with a realistic household, shown at 1280×800."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    tmp = tempfile.mkdtemp(prefix="simbench-")
    os.environ.setdefault("SYSSELSATTNING_HOME", tmp)
    from sysselsattning.services.context import AppContext
    from sysselsattning.storage.db import open_database
    from sysselsattning.ui.pages.simulation import Page
    from sysselsattning.ui.tasks import wait_idle

    db = open_database(f"sqlite:///{tmp}/bench.sqlite")
    ctx = AppContext(db=db, username="bench", today=date(2026, 11, 23))
    page = Page(ctx)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    wait_idle()
    ed = page.editor
    # A realistic household: single parent, one child, jobbstimulans running, 6 h/week at 60 kr/h.
    ed.adult_birth.setText("1988-02-03")
    ed.children_edit.setText("2014-05-01")
    ed.housing.setText("6900")
    ed.electricity.setText("400")
    ed.insurance.setText("180")
    ed.barnbidrag.setText("1250")
    ed.fs_months.setValue(8)
    ed.plan_mode.setCurrentIndex(ed.plan_mode.findData("hours"))
    ed.rate_edit.setText("60")
    ed.hours_slider.setValue(12)
    page.recompute_now()
    assert page.editor.form_error.text() == "", page.editor.form_error.text()
    app.processEvents()
    return app, page, db


class _Snapshot:
    """What the results panel shows for one slider position, captured from the page (the floor's input)."""

    def __init__(self, page):
        m = page.model
        self.model = {k: getattr(m, k) for k in ("_result", "_btp", "_se", "_columns", "_texts", "_colors", "_bold")}
        self.summary = page.summary.text()
        self.warning = (page.warning_label.text(), page.warning_label.toolTip(), page.warning_label.isVisible())
        self.plan = page.editor.plan_amount.text()
        cc, bc = page.charts.curve_chart, page.charts.cap_chart
        self.curve = (list(cc._series), cc._marker_x, cc.accessibleDescription())
        self.bars = (list(bc._labels), list(bc._values), bc._limit, bc.accessibleDescription())

    def apply(self, page) -> None:
        """Put the precomputed state into the same widgets — the least a repaint with new figures needs."""
        m = page.model
        m.beginResetModel()
        for k, v in self.model.items():
            setattr(m, k, v)
        m.endResetModel()
        page.summary.setText(self.summary)
        text, tip, visible = self.warning
        page.warning_label.setText(text)
        page.warning_label.setToolTip(tip)
        page.warning_label.setVisible(visible)
        page.editor.plan_amount.setText(self.plan)
        cc, bc = page.charts.curve_chart, page.charts.cap_chart
        cc._series, cc._marker_x, desc = self.curve
        cc.setAccessibleDescription(desc)
        cc.update()
        bc._labels, bc._values, bc._limit, desc = self.bars
        bc.setAccessibleDescription(desc)
        bc.update()


def measure_slider(rounds: int = 40) -> dict:
    """Pairs of (slider step → recomputed and repainted, precomputed state → repainted), interleaved."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    app, page, db = make_page()
    slider = page.editor.hours_slider
    slider.setFocus()
    panel = page.results_panel
    keys = (Qt.Key.Key_Right, Qt.Key.Key_Left)
    # the two positions the benchmark alternates between, captured after a real recompute each
    snaps = []
    for key in keys:
        QTest.keyClick(slider, key)
        panel.repaint()
        snaps.append(_Snapshot(page))
    computes = []
    app_runs, floor_runs = [], []
    for i in range(rounds + 2):
        t0 = time.perf_counter()
        QTest.keyClick(slider, keys[i % 2])  # → step_plan → recompute_now, synchronously
        panel.repaint()
        t1 = time.perf_counter()
        snaps[(i + 1) % 2].apply(page)  # the other position's figures, already computed
        panel.repaint()
        t2 = time.perf_counter()
        snaps[i % 2].apply(page)  # back to what the slider shows
        if i >= 2:  # two warm-up rounds
            app_runs.append(t1 - t0)
            floor_runs.append(t2 - t1)
            computes.append(page.last_compute_ms / 1000)
    app.processEvents()
    db.dispose()
    page.close()
    return {"app_runs": app_runs, "floor_runs": floor_runs, "compute_runs": computes}


def profile_slider(steps: int = 200, top: int = 30) -> None:
    """cProfile of slider steps (recompute + repaint), sorted by cumulative time (for reading, not a metric)."""
    import cProfile
    import pstats

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    _app, page, db = make_page()
    slider = page.editor.hours_slider
    slider.setFocus()
    prof = cProfile.Profile()
    prof.enable()
    for i in range(steps):
        QTest.keyClick(slider, Qt.Key.Key_Right if i % 2 == 0 else Qt.Key.Key_Left)
        page.results_panel.repaint()
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)
    db.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of slider steps instead")
    args = ap.parse_args()
    if args.profile:
        profile_slider()
        return 0
    r = measure_slider(args.rounds)
    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(
        f"slider step → repainted: {ms(r['app_runs']):.1f} ms median "
        f"({min(r['app_runs']) * 1000:.1f}–{max(r['app_runs']) * 1000:.1f}), of which compute "
        f"{ms(r['compute_runs']):.1f} ms; floor (same widgets, precomputed) {ms(r['floor_runs']):.1f} ms; "
        f"ratio {statistics.median(r['app_runs']) / statistics.median(r['floor_runs']):.2f}; "
        f"frame budget {FRAME_BUDGET_MS:.1f} ms; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
