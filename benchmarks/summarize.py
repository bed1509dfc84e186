"""Combine whole runs of ``benchmarks/run.py --format json`` into one table (the README's figures).

    .venv/bin/python benchmarks/summarize.py run1.json run2.json run3.json [--markdown]

For each metric: the median over the runs of each run's median (value, floor, ratio), the ratios of the
single runs, the spread of the ratio over all rounds of all runs (min–max of the per-round ratios), and the
target. A run is "met" for a metric when its ratio is within the target.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

LABELS = {
    "startup": "start till användbart fönster",
    "payroll_run": "lönekörning, 1 000 deltagare",
    "payslips": "lönebesked, per sida",
    "simulation_year": "ett scenarioår (3 fall × 12 mån)",
    "earnings_curve": "kurva med 100 arvodesnivåer",
    "simulation_page": "ett steg med timreglaget → omritat",
    "simulation_year_vs_openfisca": "scenarioår mot OpenFisca",
    "earnings_curve_vs_openfisca": "100 nivåer mot OpenFisca",
    "week_grid": "veckorapport (mest belagda veckan)",
    "hours_view": "tidradslistan, första skärmen",
    "peak_memory": "minnestopp",
}


def fmt(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    ms = value * 1000
    suffix = " ms/sida" if unit == "s/page" else " ms"
    return f"{ms:.3f}{suffix}" if ms < 1 else f"{ms:.2f}{suffix}" if ms < 100 else f"{ms:.0f}{suffix}"


def combine(reports: list[dict]) -> list[dict]:
    names = [m["name"] for m in reports[0]["metrics"]]
    out = []
    for name in names:
        ms = [next((m for m in r["metrics"] if m["name"] == name), None) for r in reports]
        ms = [m for m in ms if m is not None]
        row = {
            "name": name,
            "unit": ms[0]["unit"],
            "value": statistics.median(m["value"] for m in ms),
            "target": ms[0]["target_ratio"],
            "runs": len(ms),
        }
        if ms[0].get("ratio") is not None:
            row["floor"] = statistics.median(m["floor"] for m in ms)
            row["ratio"] = statistics.median(m["ratio"] for m in ms)
            row["run_ratios"] = [m["ratio"] for m in ms]
            spreads = [m.get("ratio_spread") or [m["ratio"], m["ratio"]] for m in ms]
            row["round_ratio_spread"] = [min(s[0] for s in spreads), max(s[1] for s in spreads)]
            row["met_runs"] = sum(1 for m in ms if row["target"] is not None and m["ratio"] <= row["target"])
        else:
            row["run_values"] = [m["value"] for m in ms]
            target_mb = ms[0].get("target_mb")
            row["target"] = target_mb
            row["met_runs"] = sum(1 for m in ms if target_mb is not None and m["value"] < target_mb)
        if name == "simulation_page":
            row["frame_budget_ms"] = ms[0].get("frame_budget_s", 0) * 1000
        out.append(row)
    return out


def markdown(rows: list[dict]) -> str:
    lines = [
        "| mått | vad | program | golv | kvot (median av 3) | kvot per körning | spridning (alla varv) | mål |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "ratio" in r:
            target = f"≤ {r['target']}" if r["target"] is not None else "–"
            per_run = " / ".join(f"{x:.2f}" for x in r["run_ratios"])
            lo, hi = r["round_ratio_spread"]
            lines.append(
                f"| `{r['name']}` | {LABELS.get(r['name'], '')} | {fmt(r['value'], r['unit'])} | "
                f"{fmt(r['floor'], r['unit'])} | {r['ratio']:.2f} | {per_run} | {lo:.2f}–{hi:.2f} | {target} |"
            )
        else:
            per_run = " / ".join(fmt(x, r["unit"]) for x in r["run_values"])
            target = f"< {r['target']} MB" if r["target"] else "–"
            lines.append(
                f"| `{r['name']}` | {LABELS.get(r['name'], '')} | {fmt(r['value'], r['unit'])} | – | – | {per_run} | – "
                f"| {target} |"
            )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in args.files]
    rows = combine(reports)
    if args.markdown:
        print(markdown(rows))
    else:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
