"""Benchmark: reports and exports for a demo-sized programme year.

Builds a fresh SQLite database with ``--participants`` participants (default 200) and 12 approved monthly runs
(tests/exports/helpers.build_year), then times each report and export. The brief's budget: the programme
report in under 5 s.

    .venv/bin/python benchmarks/reports_bench.py [--participants 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--participants", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from sysselsattning.services import exports as svc
    from sysselsattning.services.context import AppContext
    from sysselsattning.storage.db import open_database
    from tests.exports.helpers import build_year

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        db = open_database(f"sqlite:///{out / 'bench.sqlite'}")
        ctx = AppContext(db=db, username="bench", today=date(2026, 12, 31))
        ctx.act()
        t0 = time.perf_counter()
        build_year(db, participants=args.participants, months=12)
        print(f"data: {args.participants} deltagare, 12 godkända körningar, byggt på {time.perf_counter() - t0:.2f} s")
        jobs = {
            "programrapport PDF": lambda: svc.write_programme_report(ctx, 2026, out / "program.pdf"),
            "programrapport CSV": lambda: svc.write_programme_report(ctx, 2026, out / "program.csv"),
            "inkomstuppgift PDF (helår, alla)": lambda: svc.write_income_report(ctx, out / "inkomst.pdf", year=2026),
            "årsbesked PDF (alla)": lambda: svc.write_annual_statements(ctx, 2026, out / "arsbesked.pdf"),
            "AGI 2026-06 (alla föreningar)": lambda: svc.export_agi(ctx, "2026-06", out / "agi.xml"),
            "pain.001 2026-06": lambda: svc.export_pain001(ctx, "2026-06", out / "bank.xml"),
            "SIE 2026": lambda: svc.export_sie(ctx, 2026, out / "lon.se"),
        }
        worst = 0.0
        for name, job in jobs.items():
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                job()
                times.append(time.perf_counter() - t)
            worst = max(worst, max(times)) if name.startswith("programrapport PDF") else worst
            print(f"{name:36s} median {statistics.median(times) * 1000:7.0f} ms   max {max(times) * 1000:7.0f} ms")
        db.dispose()
    ok = worst < 5.0
    print(f"programrapport PDF värsta: {worst:.2f} s – {'inom' if ok else 'ÖVER'} 5 s-gränsen")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
