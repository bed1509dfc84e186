"""Floors: the least the underlying libraries need for the same work as each user-facing operation.

Each function here does the same work as an app operation *without the app* — the benchmark reports
app time ÷ floor time, a ratio that holds on a noisy machine where absolute times do not.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

BARE_STARTUP = textwrap.dedent(
    """
    import sys
    import PySide6.QtWidgets as W
    import sqlalchemy, sqlalchemy.orm
    import reportlab.pdfgen.canvas
    app = W.QApplication(sys.argv)
    w = W.QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
    w.grab().save(sys.argv[1])
    """
)


def startup_floor(out_png: Path, env: dict) -> float:
    """A bare script importing PySide6, SQLAlchemy and reportlab and showing an empty QMainWindow."""
    script = out_png.with_suffix(".py")
    script.write_text(BARE_STARTUP, encoding="utf-8")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, str(script), str(out_png)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def payroll_floor(engine, start: date, end: date) -> float:
    """The month's entries summed per participant with one SQL GROUP BY through SQLAlchemy Core."""
    from sqlalchemy import func, select

    from sysselsattning.storage.orm import WorkEntry

    t = WorkEntry.__table__
    stmt = (
        select(t.c.participant_id, func.sum(t.c.amount_ore))
        .where(t.c.work_date >= start, t.c.work_date < end)
        .group_by(t.c.participant_id)
    )
    t0 = time.perf_counter()
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    elapsed = time.perf_counter() - t0
    assert rows
    return elapsed


def payslip_floor(pages: list[tuple[list[str], list[tuple[str, ...]]]], out: Path) -> float:
    """reportlab's canvas drawing the same text and table per page, without the app (DejaVu embedded)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from sysselsattning.paths import resource_path

    if "FloorSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("FloorSans", str(resource_path("fonts", "DejaVuSans.ttf"))))
    t0 = time.perf_counter()
    c = canvas.Canvas(str(out), invariant=1, initialFontName="FloorSans")
    for header, rows in pages:
        c.setFont("FloorSans", 12)
        y = 800
        for text in header:
            c.drawString(50, y, text)
            y -= 16
        c.setFont("FloorSans", 10)
        for row in rows:
            x = 50
            for cell in row:
                c.drawString(x, y, cell)
                x += 85
            y -= 14
        c.showPage()
    c.save()
    return time.perf_counter() - t0


def simulation_floor_year(
    monthly_gross: list[int],
    costs: int,
    adult_norm: int,
    common_norm: int,
    child_birth: tuple[int, int],
    child_bands: list[tuple[int, int]],
    other_income: int,
    tax_pct: int,
    cap: int,
    months_before: int,
    offset: int,
) -> int:
    """The year's arithmetic of design.md §4 for the benchmark scenario, as a flat loop over ints:
    riksnorm by the child's age band each month, 3 cases × 12 months, tax rounded down to kronor, cap shielded
    pro rata on gross, counted arvode with the income-month offset, jobbstimulans counter (6 months → 25 %)."""
    year = 2026
    results = 0
    for case in range(3):
        used = 0
        streak = months_before
        active = 0
        counted_prev = 0
        total_gross = sum(monthly_gross) if case else 0
        for m in range(12):
            g = monthly_gross[m] if case else 0
            tax = 0 if total_gross < 100000 else (g * tax_pct // 100) // 100 * 100
            net = g - tax
            age = year - child_birth[0] - (1 if m + 1 < child_birth[1] else 0)
            child = 0
            for upto, amount in child_bands:
                if age <= upto:
                    child = amount
                    break
            need = adult_norm + child + common_norm + costs
            shielded = 0
            if case == 2 and used < cap:
                shielded = min(g, cap - used)
                used += shielded
            counted = net * (g - shielded) // g if g else 0
            if active:
                counted = counted * 3 // 4
            income = other_income + (counted_prev if offset else counted)
            counted_prev = counted
            fs = need - income if need > income else 0
            streak = streak + 1 if fs > 0 else 0
            if streak >= 6 and not active:
                active = 24
            elif active:
                active -= 1
            results += fs + net + other_income
    return results


_FLOOR_GROSS = [0, 120000, 200000, 150000, 0, 300000, 0, 80000, 250000, 200000, 180000, 60000]
_FLOOR_BANDS = [
    (0, 274000),
    (2, 305000),
    (3, 272000),
    (6, 305000),
    (10, 382000),
    (14, 439000),
    (18, 495000),
    (20, 499000),
]


def time_simulation_floor_once() -> int:
    """One floor year (the benchmark times it the same way as the app's year)."""
    return simulation_floor_year(
        _FLOOR_GROSS, 748000, 394000, 141000, (2014, 9), _FLOOR_BANDS, 125000, 30, 2000000, 4, 1
    )


def time_simulation_floor(repeat: int = 2000) -> float:
    t0 = time.perf_counter()
    for _ in range(repeat):
        time_simulation_floor_once()
    return (time.perf_counter() - t0) / repeat


HOURS_VIEW_COLUMNS = 10  # the entry list's columns (date, participant, personnummer, …, comment)


def hours_view_floor(engine, width: int = 1000, height: int = 600) -> float:
    """The least any Qt program needs to show the first screen of the entry list: a ``SELECT … LIMIT 200`` of the
    same joined rows (newest first, the same index) and a bare ``QTableView`` over a minimal
    ``QAbstractTableModel`` holding them (DisplayRole only, ``str()`` of each value), shown and painted."""
    from PySide6.QtCore import QAbstractTableModel, Qt
    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import select

    from sysselsattning.storage.orm import Participant, Task, WorkEntry, Worksite

    display = Qt.ItemDataRole.DisplayRole

    class Minimal(QAbstractTableModel):
        def __init__(self, rows):
            super().__init__()
            self.rows = rows

        def rowCount(self, parent=None):
            return len(self.rows)

        def columnCount(self, parent=None):
            return HOURS_VIEW_COLUMNS

        def data(self, index, role=display):
            if role == display:
                return str(self.rows[index.row()][index.column()])
            return None

    stmt = (
        select(
            WorkEntry.work_date,
            Participant.last_name,
            Participant.personnummer,
            Worksite.name,
            Task.name,
            WorkEntry.hours_hundredths,
            WorkEntry.rate_ore,
            WorkEntry.amount_ore,
            WorkEntry.pay_run_id,
            WorkEntry.comment,
        )
        .join(Participant, Participant.id == WorkEntry.participant_id)
        .join(Worksite, Worksite.id == WorkEntry.worksite_id)
        .join(Task, Task.id == WorkEntry.task_id)
        .order_by(WorkEntry.work_date.desc(), WorkEntry.id.desc())
        .limit(200)
    )
    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    view = QTableView()
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    model = Minimal(rows)
    view.setModel(model)
    view.resize(width, height)
    view.show()
    app.processEvents()
    view.viewport().repaint()
    elapsed = time.perf_counter() - t0
    assert len(rows) == 200
    view.close()
    view.deleteLater()
    app.processEvents()
    return elapsed
