"""Measure the pay run and the pay slips (not a timed test; prints numbers).

1. A month's run for 1 000 participants with 20 000 work entries: ``compute_run`` (entries summed in SQL, pay
   computed, 1 000 lines written, one transaction) and ``approve_run`` (basis compared with the draft's, lines
   reused; the automatic backup timed separately) on a fresh SQLite file (``--db`` for another URL).
2. 1 000 pay slips into one PDF with ``reports.payslip.render`` versus a *bare* reportlab canvas that draws
   exactly the same text, lines and boxes (the drawing calls of our renderer are recorded once and replayed on
   a plain canvas, without any of our logic or formatting) → pages/s of each and the ratio.

Run::

    .venv/bin/python benchmarks/payroll_bench.py [--participants 1000] [--entries 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def seed(db, participants: int, entries: int, rng: random.Random) -> None:
    from sysselsattning.domain.personnummer import with_check_digit
    from sysselsattning.storage.orm import Organisation, Participant, Task, TaskRate, WorkEntry, Worksite

    with db.unit_of_work() as s:
        orgs = [Organisation(name=f"Förening {i}", orgnr=f"80200{i}-000{i}") for i in range(5)]
        s.add_all(orgs)
        s.flush()
        tasks: list[tuple[int, int, str, int]] = []
        for o in orgs:
            ws = Worksite(organisation_id=o.id, name=f"Arbetsplats {o.id}")
            s.add(ws)
            s.flush()
            for j, unit in enumerate(("hour", "piece", "hour")):
                t = Task(worksite_id=ws.id, name=f"Uppgift {o.id}-{j}", unit=unit)
                s.add(t)
                s.flush()
                rate = rng.choice([8000, 10000, 12000])
                s.add(TaskRate(task_id=t.id, valid_from=date(2024, 1, 1), rate_ore=rate))
                tasks.append((ws.id, t.id, unit, rate))
    pt = Participant.__table__
    rows = []
    for i in range(participants):
        yymmdd = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        rows.append(
            {
                "personnummer": "19" + with_check_digit(yymmdd + f"{i % 1000:03d}"),
                "first_name": f"Förnamn{i}",
                "last_name": f"Efternamn{i}",
                "payout_method": rng.choice(["cash", "bank"]),
                "clearing": "8327",
                "account": f"{rng.randint(10**8, 10**9 - 1)}",
                "tax_mode": "default",
                "cap_decision_from": date(2026, 1, 1) if i % 3 == 0 else None,
                "version": 1,
                "household_json": "",
                "address": "Storgatan 1",
                "postal_code": "252 21",
                "city": "Helsingborg",
                "phone": "",
                "active": True,
                "created_at": None,
            }
        )
    with db.unit_of_work() as s:
        seen: set[str] = set()
        unique = []
        for r in rows:
            if r["personnummer"] not in seen:
                seen.add(r["personnummer"])
                r.pop("created_at")
                unique.append(r)
        s.execute(pt.insert(), unique)
    with db.read() as s:
        pids = [r[0] for r in s.execute(pt.select().with_only_columns(pt.c.id))]
    we = WorkEntry.__table__
    erows = []
    for k in range(entries):
        pid_index = k % len(pids)
        # each participant works for one association (as in the programme), on its three tasks
        ws_id, task_id, unit, rate = tasks[(pid_index % 5) * 3 + rng.randrange(3)]
        qty = rng.choice([100, 150, 200, 300, 400])
        erows.append(
            {
                "participant_id": pids[pid_index],
                "worksite_id": ws_id,
                "task_id": task_id,
                "work_date": date(2026, 3, rng.randint(1, 31)),
                "hours_hundredths": qty if unit == "hour" else None,
                "quantity_hundredths": qty if unit != "hour" else None,
                "rate_ore": rate,
                "amount_ore": rate * qty // 100,
                "comment": "",
                "created_by": "bench",
                "version": 1,
            }
        )
    with db.unit_of_work() as s:
        s.execute(we.insert(), erows)


class _Recorder:
    """Wraps a canvas: records every drawing call (to replay on a bare canvas) and forwards it."""

    METHODS = (
        "setFont",
        "setFillColorRGB",
        "setStrokeColorRGB",
        "setLineWidth",
        "drawString",
        "drawRightString",
        "drawCentredString",
        "line",
        "rect",
        "roundRect",
        "showPage",
        "saveState",
        "restoreState",
        "translate",
        "rotate",
    )

    def __init__(self, canvas, ops: list):
        self._c = canvas
        self._ops = ops

    def __getattr__(self, name):
        attr = getattr(self._c, name)
        if name in self.METHODS:

            def rec(*args, **kw):
                self._ops.append((name, args, kw))
                return attr(*args, **kw)

            return rec
        return attr


def bench_slips(slips, repeat: int) -> dict[str, float]:
    from pypdf import PdfReader

    from sysselsattning.reports import layout, payslip

    payslip.render(slips[:5])  # warm-up: font registration
    ops: list = []
    original = layout.new_canvas

    def recording_canvas(buf, title, **kw):
        return _Recorder(original(buf, title, **kw), ops)

    layout.new_canvas = recording_canvas
    try:
        pdf = payslip.render(slips)
    finally:
        layout.new_canvas = original
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    def bare_render() -> bytes:
        buf = io.BytesIO()
        c = layout.new_canvas(buf, "bare")
        methods = {name: getattr(c, name) for name in _Recorder.METHODS}
        for name, args, kw in ops:
            methods[name](*args, **kw)
        c.save()
        return buf.getvalue()

    ours, bare = [], []
    for _ in range(repeat):  # interleaved, so both see the same machine state
        t0 = time.perf_counter()
        pdf = payslip.render(slips)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        bare_render()
        bare.append(time.perf_counter() - t0)
    o, b = statistics.median(ours), statistics.median(bare)
    return {
        "pages": pages,
        "ours_s": o,
        "bare_s": b,
        "ours_pps": pages / o,
        "bare_pps": pages / b,
        "ratio": (pages / o) / (pages / b),
        "pdf_bytes": len(pdf),
        "ops": len(ops),
        "ours_runs": ours,
        "bare_runs": bare,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--participants", type=int, default=1000)
    ap.add_argument("--entries", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = ap.parse_args()

    from sysselsattning.services import payroll
    from sysselsattning.services.context import AppContext
    from sysselsattning.storage.db import open_database

    tmp = tempfile.TemporaryDirectory()
    # the approval's automatic backup goes to the data folder: keep it in the temporary one
    os.environ["SYSSELSATTNING_HOME"] = str(Path(tmp.name) / "home")
    url = args.db or f"sqlite:///{Path(tmp.name) / 'bench.sqlite'}"
    db = open_database(url)
    ctx = AppContext(db=db, username="bench", today=date(2026, 11, 23))
    ctx.act()
    rng = random.Random(42)
    t0 = time.perf_counter()
    seed(db, args.participants, args.entries, rng)
    print(
        f"seed: {args.participants} participants, {args.entries} entries in {time.perf_counter() - t0:.2f} s ({db.engine.dialect.name})"
    )

    times = []
    run = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        run = payroll.compute_run(ctx, "2026-03")
        times.append(time.perf_counter() - t0)
    assert run is not None
    print(
        f"compute_run 2026-03: median {statistics.median(times):.3f} s (runs: {', '.join(f'{t:.3f}' for t in times)}); "
        f"{run.participants} participants, {run.lines} lines, gross {run.gross_ore / 100:.2f} kr"
    )
    t0 = time.perf_counter()
    payroll.approve_run(ctx, "2026-03", backup=False, confirm_past_pay_date=True)
    t_approve = time.perf_counter() - t0
    from sysselsattning.storage import backup

    t0 = time.perf_counter()
    backup.backup_now(db, "godkannande")
    print(
        f"approve_run (basis re-read and compared, computed lines reused, slip numbers, link {args.entries} entries): "
        f"{t_approve:.3f} s; + automatic backup {time.perf_counter() - t0:.3f} s"
    )
    t0 = time.perf_counter()
    slips = payroll.slip_data(ctx, "2026-03")
    print(f"slip_data: {len(slips)} slips in {time.perf_counter() - t0:.3f} s")
    r = bench_slips(slips, args.repeat)
    print(
        f"slips PDF: {r['pages']} pages, ours {r['ours_s']:.2f} s = {r['ours_pps']:.0f} pages/s; "
        f"bare canvas (same {r['ops']} drawing calls) {r['bare_s']:.2f} s = {r['bare_pps']:.0f} pages/s; "
        f"ratio {r['ratio'] * 100:.0f} %; {r['pdf_bytes'] / 1e6:.1f} MB"
    )
    print(
        "  runs ours: "
        + ", ".join(f"{t:.2f}" for t in r["ours_runs"])
        + " s; bare: "
        + ", ".join(f"{t:.2f}" for t in r["bare_runs"])
        + " s"
    )
    db.dispose()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
