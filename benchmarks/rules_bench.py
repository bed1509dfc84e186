"""Benchmark of the rules engine (not a test): one scenario year and a 100-level earnings curve.

Run: ``.venv/bin/python benchmarks/rules_bench.py``. Targets (issue): one year (3 cases × 12 months) < 1 ms;
a 100-level curve < 40 ms. Reports the median of repeated runs, warm (parameters resolved once per year
and cached), and the cold first resolution separately.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sysselsattning.commands._simulation_json import result_to_dict
from sysselsattning.domain.rules import _common
from sysselsattning.domain.rules.scenario import parse_scenario
from sysselsattning.domain.rules.simulation import earnings_curve, simulate
from sysselsattning.paths import resource_path
from sysselsattning.rules import default_parameters


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    params = default_parameters()
    rows = []
    for name in ["design_exempel.json", "fs5_sjukersattning_btp.json", "fs3_ensamstaende_foralder.json"]:
        data = json.loads(resource_path("scenarios", name).read_text(encoding="utf-8"))
        scenario = parse_scenario(data, params)
        _common._CACHE.clear()
        t0 = time.perf_counter()
        simulate(scenario, params)
        cold = (time.perf_counter() - t0) * 1000
        levels = [i * 10_000 for i in range(100)]  # 0 … 990 kr per month
        sim = median_ms(lambda s=scenario: simulate(s, params), 2000)
        full = median_ms(lambda d=data: result_to_dict(simulate(parse_scenario(d, params), params)), 500)
        curve = median_ms(lambda s=scenario, lv=levels: earnings_curve(s, params, lv), 30)
        rows.append((name, cold, sim, full, curve))
    print(f"{'scenario':34} {'cold ms':>8} {'year ms':>8} {'json ms':>8} {'curve100 ms':>12}")
    for name, cold, sim, full, curve in rows:
        print(f"{name:34} {cold:8.3f} {sim:8.3f} {full:8.3f} {curve:12.2f}")
    print(
        "year = simulate() 3 cases × 12 months (warm); json = parse + simulate + §7 dict; "
        "curve100 = earnings_curve() with 100 levels. Targets: year < 1 ms, curve100 < 40 ms."
    )


if __name__ == "__main__":
    main()
