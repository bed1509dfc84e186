"""Per-step wall-clock profile of the program's start (not a benchmark: one run, for reading).

Runs ``sysselsattning --db URL gui --page P --screenshot X.png`` in this process and prints when each step
ended (wall clock, and the process's CPU time of the step, which a busy machine disturbs less):
interpreter + imports, QApplication, database opened (schema check, rules files), main window built, the page's
data loaded and the window grabbed. Also lists which heavy packages were imported at all.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/profile_startup.py --db sqlite:///x.sqlite [--page deltagare]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
C0 = time.process_time()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

STEPS: list[tuple[str, float, float]] = []


def mark(name: str) -> None:
    STEPS.append((name, time.perf_counter(), time.process_time()))


def wrap(owner, attr: str, label: str) -> None:
    fn = getattr(owner, attr)

    def timed(*a, **k):
        try:
            return fn(*a, **k)
        finally:
            STEPS.append((label, time.perf_counter(), time.process_time()))

    setattr(owner, attr, timed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--page", default="deltagare")
    args = ap.parse_args()
    mark("python started, profiler imported")
    from sysselsattning import cli

    mark("import sysselsattning.cli")
    from sysselsattning.ui import app as uiapp

    mark("import sysselsattning.ui.app (PySide6)")
    wrap(uiapp, "create_application", "QApplication created (style, palette, translations)")
    wrap(uiapp, "open_context", "database opened (SQLAlchemy, schema check, rules files)")
    import sysselsattning.ui.main_window as mw

    mark("import sysselsattning.ui.main_window")
    wrap(mw.MainWindow, "__init__", "main window built (first page)")
    wrap(mw.MainWindow, "save_screenshot", "page data loaded, painted and grabbed")
    out = Path(tempfile.mkdtemp(prefix="startup-profile-")) / "s.png"
    with contextlib.suppress(SystemExit):
        cli.main(["--db", args.db, "gui", "--page", args.page, "--screenshot", str(out)])
    mark("done")
    prev, prev_cpu = T0, C0
    print(f"{'step':62} {'ends at':>9} {'wall':>8} {'CPU':>8}")
    for name, t, c in STEPS:
        print(f"{name:62} {1000 * (t - T0):7.1f}ms {1000 * (t - prev):6.1f}ms {1000 * (c - prev_cpu):6.1f}ms")
        prev, prev_cpu = t, c
    heavy = (
        "reportlab",
        "alembic",
        "sqlalchemy.orm",
        "sysselsattning.storage.orm",
        "sysselsattning.reports",
        "sysselsattning.exports",
        "babel",
        "PySide6.QtCharts",
    )
    loaded = {h: any(m == h or m.startswith(h + ".") for m in sys.modules) for h in heavy}
    print("imported at start: " + ", ".join(f"{h} {'JA' if v else 'nej'}" for h, v in loaded.items()))
    pages = sorted(m for m in sys.modules if m.startswith("sysselsattning.ui.pages."))
    print("page modules imported: " + (", ".join(pages) or "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
